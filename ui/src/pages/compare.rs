//! The Compare screen: an export folder against the live tenant it came from, per object
//! added, removed or changed, field by field with JSON Pointers, as `gatehouse diff` prints
//! it. Volatile and redacted fields are never drift; only the types the export covers count.

use std::collections::BTreeSet;

use gatehouse_wire::{catalog, ApiError, Change, Comparison, FieldError, ObjectDifference};
use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::{chosen_connection, display_value, ConnectionSelect, ErrorPanel};
use crate::pages::restore_panel::{Picked, RestorePanel};
use crate::state::{ExportSetup, Ready, Session, Toasts};

/// What the two sides are called: the export and the tenant, or two exports.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Sides {
    before: &'static str,
    after: &'static str,
    /// The after side is the live tenant: differences can be restored.
    live: bool,
}

const WITH_THE_TENANT: Sides = Sides {
    before: "the export",
    after: "the tenant",
    live: true,
};
const WITH_ANOTHER_EXPORT: Sides = Sides {
    before: "the first export",
    after: "the second export",
    live: false,
};

fn change_label(change: Change, sides: Sides) -> String {
    match change {
        Change::Added => format!("Only in {}", sides.after),
        Change::Removed => format!("Only in {}", sides.before),
        Change::Changed => "Changed".to_owned(),
    }
}

fn shown(value: &Option<Value>) -> String {
    value
        .as_ref()
        .map_or_else(|| "(none)".to_owned(), display_value)
}

#[component]
pub fn ComparePage() -> impl IntoView {
    expect_context::<Ready>().mark();
    let session = expect_context::<Session>();
    let setup = expect_context::<ExportSetup>();
    // The folder last exported to is the one most often compared, and the connection it
    // was exported from; the active one until another is picked.
    let folder = RwSignal::new(setup.destination.get_untracked());
    let connection = RwSignal::new(setup.connection.get_untracked());
    let other = RwSignal::new(String::new());
    let sides = RwSignal::new(WITH_THE_TENANT);
    let field_error = RwSignal::new(None::<FieldError>);
    let error = RwSignal::new(None::<ApiError>);
    // A folder that cannot be used is said at its box; anything else in the error panel.
    let show_failure = move |failure: ApiError| match failure.details.field_errors.first() {
        Some(field) => field_error.set(Some(field.clone())),
        None => error.set(Some(failure)),
    };
    let error_at = move |field: &'static str, id: &'static str| {
        move || {
            field_error
                .get()
                .filter(|error| error.field == field)
                .map(|error| view! { <p class="field-error" id=id>{error.message}</p> })
        }
    };
    let picked: Picked = RwSignal::new(BTreeSet::new());
    let compare = Action::new_local(move |_: &()| {
        picked.set(BTreeSet::new());
        let connection =
            chosen_connection(session, connection.get_untracked()).map(|view| view.profile.id);
        let (typed, other, against) = (
            folder.get_untracked(),
            other.get_untracked(),
            sides.get_untracked(),
        );
        async move {
            field_error.set(None);
            error.set(None);
            let compared = if against.live {
                api::compare_with_live(connection.as_deref()?, &typed).await
            } else {
                api::compare_exports(&typed, &other).await
            };
            match compared {
                // The restore acts on the tenant compared, whatever is active by then.
                Ok(comparison) => Some((comparison, against, connection)),
                Err(failure) => {
                    show_failure(failure);
                    None
                }
            }
        }
    });
    let toasts = expect_context::<Toasts>();
    let rehearse = Action::new_local(move |_: &()| {
        let typed = folder.get_untracked();
        async move {
            field_error.set(None);
            error.set(None);
            match api::open_export_as_sandbox(&typed).await {
                Ok(opened) => {
                    // What comes next is a compare or a plan there.
                    connection.set(Some(opened.profile.id.clone()));
                    toasts.show(format!(
                        "{} is the active connection: a sandbox holding this export",
                        opened.profile.name
                    ));
                    session.reload();
                }
                Err(failure) => show_failure(failure),
            }
        }
    });
    view! {
        <section class="compare-page">
            <h1>"Compare"</h1>
            <p class="muted">
                "An export against what a connection's tenant holds now, or against another export. Only the types both cover are compared; fields the vendor changes by itself and secrets never count as drift."
            </p>
            <form class="compare-form" on:submit=|event| event.prevent_default() autocomplete="off">
                <div class="field">
                    <label for="compare-folder">"Export folder"</label>
                    <input
                        id="compare-folder"
                        class="mono"
                        placeholder="/home/you/gatehouse-export  or  ~/gatehouse-export"
                        prop:value=move || folder.get()
                        on:input=move |event| folder.set(event_target_value(&event))
                    />
                    {error_at("export", "error-compare-folder")}
                </div>
                <div class="field">
                    <label for="compare-against">"Against"</label>
                    <select
                        id="compare-against"
                        on:change=move |event| sides.set(if event_target_value(&event) == "export" { WITH_ANOTHER_EXPORT } else { WITH_THE_TENANT })
                    >
                        <option value="tenant" selected=move || sides.get().live>"A connection's tenant"</option>
                        <option value="export" selected=move || !sides.get().live>"Another export"</option>
                    </select>
                </div>
                <Show when=move || sides.get().live>
                    <div class="field">
                        <label for="compare-connection">"Connection"</label>
                        <ConnectionSelect id="compare-connection" chosen=connection />
                    </div>
                </Show>
                <Show when=move || !sides.get().live>
                    <div class="field">
                        <label for="compare-other-folder">"Second export folder"</label>
                        <input
                            id="compare-other-folder"
                            class="mono"
                            placeholder="/home/you/gatehouse-export-later"
                            prop:value=move || other.get()
                            on:input=move |event| other.set(event_target_value(&event))
                        />
                        {error_at("other", "error-compare-other-folder")}
                    </div>
                </Show>
                <div class="actions">
                    <button id="start-compare" class="primary" disabled=move || compare.pending().get() on:click=move |_| { compare.dispatch(()); }>
                        "Compare"
                    </button>
                    <button id="open-as-sandbox" class="secondary" type="button" disabled=move || rehearse.pending().get() on:click=move |_| { rehearse.dispatch(()); }
                        title="Start a sandbox holding this export, behind a connection of its own, to rehearse a restore there first">
                        "Open as sandbox"
                    </button>
                </div>
            </form>
            <ErrorPanel error />
            {move || compare.value().get().flatten().map(|(comparison, sides, _)| view! { <Differences comparison sides picked /> })}
            {move || compare.value().get().flatten().and_then(|(comparison, sides, connection)| {
                let connection = connection.filter(|_| sides.live && comparison.has_drift())?;
                Some(view! { <RestorePanel connection folder picked /> })
            })}
        </section>
    }
}

#[component]
fn Differences(comparison: Comparison, sides: Sides, picked: Picked) -> impl IntoView {
    let types = comparison.types.len();
    if comparison.differences.is_empty() {
        return view! {
            <p id="compare-result" class="notice" data-drift="false" role="status">
                {format!("No drift: {} holds what {} holds, over {types} types.", sides.after, sides.before)}
            </p>
        }
        .into_any();
    }
    view! {
        <section id="compare-result" class="review" data-drift="true">
            <h2>{match comparison.differences.len() {
                1 => format!("1 object differs, over {types} types"),
                many => format!("{many} objects differ, over {types} types"),
            }}</h2>
            {comparison.differences.into_iter().map(|difference| view! { <DifferenceRow difference sides picked /> }).collect_view()}
        </section>
    }
    .into_any()
}

/// What ticking a difference asks the restore to do.
fn pick_label(change: Change) -> &'static str {
    match change {
        Change::Added => "Delete from the tenant",
        Change::Removed => "Re-create",
        Change::Changed => "Restore",
    }
}

#[component]
fn DifferenceRow(difference: ObjectDifference, sides: Sides, picked: Picked) -> impl IntoView {
    let key = (
        difference.resource.clone(),
        difference.id.clone(),
        difference.change,
    );
    let checked = {
        let key = key.clone();
        move || picked.with(|picked| picked.contains(&key))
    };
    let type_title = catalog::resource(&difference.resource)
        .map_or(difference.resource.as_str(), |description| {
            description.title
        })
        .to_owned();
    view! {
        <article class="difference" data-type=difference.resource.clone() data-id=difference.id.clone() data-change=format!("{:?}", difference.change).to_lowercase()>
            <h3>
                <span class="badge">{change_label(difference.change, sides)}</span>
                " " {type_title} " · " {difference.name.clone()}
                " " <span class="mono muted">{difference.id.clone()}</span>
                {sides.live.then(|| view! {
                    <span class="choice-label pick">
                    <input
                        type="checkbox"
                        class="pick-difference"
                        prop:checked=checked
                        on:change=move |event| {
                            let ticked = event_target_checked(&event);
                            let key = key.clone();
                            picked.update(|picked| {
                                if ticked {
                                    picked.insert(key);
                                } else {
                                    picked.remove(&key);
                                }
                            });
                        }
                    />
                    {pick_label(difference.change)}
                </span>
                })}
            </h3>
            {(!difference.fields.is_empty()).then(|| view! {
                <table class="changes">
                    <thead>
                        <tr>
                            <th>"Field"</th>
                            <th>{format!("In {}", sides.before)}</th>
                            <th></th>
                            <th>{format!("In {}", sides.after)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {difference.fields.iter().map(|field| view! {
                            <tr class="change-row" data-pointer=field.pointer.clone()>
                                <td class="mono">{field.pointer.clone()}</td>
                                <td class="old">{shown(&field.before)}</td>
                                <td class="arrow" aria-label="becomes">"→"</td>
                                <td class="new">{shown(&field.after)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </article>
    }
}
