//! Asks before a delete. An object others cannot outlive (a server: its clients, scopes, ...;
//! a service: its APIs) takes those with it, as does one that owns another (a gateway: its
//! client): the dialog names them, from the catalogue's `parent`, `belongs_to` and `owns`
//! relations, counts those listed within it, and asks for the object's name to be typed
//! before the delete can be confirmed.

use gatehouse_wire::{registry, ResourceDescription};
use leptos::prelude::*;

use crate::api::{self, Target};
use crate::components::{in_sentence, Modal};

#[component]
pub fn DeleteDialog(
    description: &'static ResourceDescription,
    /// The object's id: what goes with it is listed within it.
    id: Option<String>,
    /// The object's name, as the administrator must type it when others depend on it.
    #[prop(into)]
    name: String,
    /// The objects it owns, each with its resource (a gateway's client).
    owned: Vec<(&'static ResourceDescription, String)>,
    #[prop(into)] pending: Signal<bool>,
    on_cancel: Callback<()>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dependants: Vec<&'static ResourceDescription> =
        registry::dependents(description.collection())
            .map(|(dependent, _)| dependent)
            .collect();
    let asks_for_name = !dependants.is_empty() || !owned.is_empty();
    let typed = RwSignal::new(String::new());
    let expected = name.clone();
    let name_matches = move || !asks_for_name || typed.with(|typed| typed.trim() == expected);
    let counts = id.filter(|_| asks_for_name).map(|id| {
        dependants
            .iter()
            .map(|dependent| {
                let listed_within = dependent
                    .parent
                    .is_some_and(|parent| parent.resource == description.key)
                    && dependent.can(gatehouse_wire::Verb::List);
                if listed_within {
                    view! { <DependantCount child=*dependent scope=id.clone() /> }.into_any()
                } else {
                    // Not listed within this object (a service's APIs): named, not counted.
                    view! {
                        <li data-resource=dependent.key>{format!("{}: all of its own", dependent.title)}</li>
                    }
                    .into_any()
                }
            })
            .collect_view()
    });
    let owned = owned
        .into_iter()
        .map(|(resource, id)| {
            view! {
                <li data-owned=resource.key>{format!("Its {} {id}", resource.singular.to_lowercase())}</li>
            }
        })
        .collect_view();

    view! {
        <Modal
            id="confirm-delete-dialog"
            title=format!("Delete {}?", in_sentence(description.singular))
            on_escape=move || on_cancel.run(())
        >
            <p>{format!("“{name}” will be deleted from the tenant. This cannot be undone.")}</p>
            {asks_for_name.then(|| view! {
                <p>"Deleted with it:"</p>
                <ul id="delete-dependants" class="dependants">{counts}{owned}</ul>
                <label for="confirm-delete-name">
                    {format!("Type “{name}” to confirm")}
                </label>
                <input
                    id="confirm-delete-name"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || typed.get()
                    on:input=move |event| typed.set(event_target_value(&event))
                />
            })}
            <div class="actions">
                <button id="cancel-delete" class="secondary" autofocus on:click=move |_| on_cancel.run(())>
                    "Keep it"
                </button>
                <button
                    id="confirm-delete"
                    class="danger"
                    disabled=move || pending.get() || !name_matches()
                    on:click=move |_| on_confirm.run(())
                >
                    "Delete"
                </button>
            </div>
        </Modal>
    }
}

/// "Clients: 3", counted within the object about to be deleted.
#[component]
fn DependantCount(child: &'static ResourceDescription, scope: String) -> impl IntoView {
    let target = Target {
        key: child.key,
        scope: Some(scope),
    };
    let count = LocalResource::new(move || {
        let target = target.clone();
        async move {
            api::resource_list(&target, &[])
                .await
                .map(|items| items.len())
        }
    });
    let title = child.title;
    view! {
        <li data-resource=child.key>
            {move || match count.get() {
                None => format!("{title}: counting…"),
                Some(Ok(count)) => format!("{title}: {count}"),
                Some(Err(error)) => format!("{title}: could not be counted ({})", error.message),
            }}
        </li>
    }
}
