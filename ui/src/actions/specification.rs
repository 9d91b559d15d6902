//! A service's OpenAPI specification: the APIs it created (`listAPIsByService`), a new one
//! imported from a file picked in the system's dialog, from pasted text or from a URL
//! (`importSpecificationFromFile`, `...FromText`, `...FromURL`; an import replaces the
//! service's APIs), and its removal with those APIs (`removeSpecification`).

use gatehouse_wire::catalog::{APIS, SERVICES};
use gatehouse_wire::{registry, ActionBody, ApiError, FilePurpose};
use leptos::prelude::*;
use serde_json::Value;

use crate::api::{self, Target};
use crate::components::ErrorPanel;
use crate::shell::NavLink;
use crate::state::Toasts;

#[component]
pub fn Specification(target: Target, id: String) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let (target, id) = (StoredValue::new(target), StoredValue::new(id));
    let version = RwSignal::new(0_u32);
    let error = RwSignal::new(None::<ApiError>);
    let apis = LocalResource::new(move || {
        version.track();
        let (target, id) = (target.get_value(), id.get_value());
        async move {
            let answer = api::resource_action(&target, &id, "listAPIsByService", None).await?;
            Ok::<_, ApiError>(answer["apis"].as_array().cloned().unwrap_or_default())
        }
    });
    let run = Action::new_local(
        move |(operation, body): &(&'static str, Option<ActionBody>)| {
            let (operation, body) = (*operation, body.clone());
            let (target, id) = (target.get_value(), id.get_value());
            async move {
                match api::resource_action(&target, &id, operation, body).await {
                    Ok(answer) => {
                        error.set(None);
                        toasts.show(summary(&answer));
                        version.update(|version| *version += 1);
                    }
                    Err(failure) => error.set(Some(failure)),
                }
            }
        },
    );
    // The system's open dialog, then the import of the file picked (nothing when cancelled).
    let choosing = Action::new_local(move |_: &()| {
        let (target, id) = (target.get_value(), id.get_value());
        async move {
            let imported = match api::choose_file(FilePurpose::Open, None).await {
                Ok(Some(file)) => {
                    api::resource_action_from_file(
                        &target,
                        &id,
                        "importSpecificationFromFile",
                        &file.grant,
                    )
                    .await
                }
                Ok(None) => return,
                Err(failure) => Err(failure),
            };
            match imported {
                Ok(answer) => {
                    error.set(None);
                    toasts.show(summary(&answer));
                    version.update(|version| *version += 1);
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let text = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let removing = RwSignal::new(false);

    view! {
        <section id="action-specification" class="action-panel">
            <h2>"Specification and APIs"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match apis.await {
                        Ok(apis) => view! { <ServiceApis apis /> }.into_any(),
                        Err(failure) => {
                            error.set(Some(failure));
                            ().into_any()
                        }
                    }
                })}
            </Suspense>
            <ErrorPanel error />
            {owner_field().map(|field| view! {
                <div class="toolbar">
                    <NavLink
                        id="new-api"
                        class="button secondary"
                        href=format!("{}/new?{field}={}", registry::list_route(APIS.key), id.get_value())
                    >
                        "New API"
                    </NavLink>
                </div>
            })}
            <p class="muted">"An import replaces this service's APIs with those the specification describes."</p>
            <div class="import-row">
                <span class="label">"Import a specification file"</span>
                <button
                    id="import-specification-file"
                    disabled=move || run.pending().get() || choosing.pending().get()
                    on:click=move |_| {
                        choosing.dispatch(());
                    }
                >
                    "Choose a file and import…"
                </button>
            </div>
            <div class="import-row">
                <label for="specification-text">"Paste an OpenAPI specification (YAML or JSON)"</label>
                <textarea
                    id="specification-text"
                    class="mono"
                    rows="6"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event))
                ></textarea>
                <button
                    id="import-specification-text"
                    disabled=move || run.pending().get() || text.with(|text| text.trim().is_empty())
                    on:click=move |_| {
                        let body = ActionBody::Text(text.get_untracked());
                        run.dispatch(("importSpecificationFromText", Some(body)));
                    }
                >
                    "Import the text"
                </button>
            </div>
            <div class="import-row">
                <label for="specification-url">"Or import it from a URL"</label>
                <input
                    id="specification-url"
                    type="url"
                    spellcheck="false"
                    placeholder="https://api.acme.example/openapi.yaml"
                    prop:value=move || url.get()
                    on:input=move |event| url.set(event_target_value(&event))
                />
                <button
                    id="import-specification-url"
                    disabled=move || run.pending().get() || url.with(|url| url.trim().is_empty())
                    on:click=move |_| {
                        let body = ActionBody::FormField {
                            field: "url".to_owned(),
                            value: url.get_untracked().trim().to_owned(),
                        };
                        run.dispatch(("importSpecificationFromURL", Some(body)));
                    }
                >
                    "Import from the URL"
                </button>
            </div>
            <Show
                when=move || removing.get()
                fallback=move || view! {
                    <button id="remove-specification" class="danger-outline" on:click=move |_| removing.set(true)>
                        "Remove the specification"
                    </button>
                }
            >
                <div class="warning confirm-stored" role="alert">
                    <p>"Remove the specification? The APIs it created are deleted with it."</p>
                    <div class="actions">
                        <button
                            id="confirm-remove-specification"
                            class="danger"
                            on:click=move |_| {
                                removing.set(false);
                                run.dispatch(("removeSpecification", None));
                            }
                        >
                            "Remove it"
                        </button>
                        <button id="keep-specification" on:click=move |_| removing.set(false)>"Keep it"</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// The service's APIs: method and path, and the policy guarding each.
#[component]
fn ServiceApis(apis: Vec<Value>) -> impl IntoView {
    if apis.is_empty() {
        return view! { <p id="service-apis" class="muted">"No APIs: nothing imported yet."</p> }
            .into_any();
    }
    let rows = apis
        .into_iter()
        .map(|api| {
            let text = |field: &str| api[field].as_str().unwrap_or("—").to_owned();
            view! {
                <tr class="api-row">
                    <td class="mono">{text("method")}</td>
                    <td class="mono"><ApiLink api=api.clone() /></td>
                    <td>{text("policy_id")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="service-apis" class="simple-table">
            <thead><tr><th>"Method"</th><th>"Path"</th><th>"Policy"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// What an import or a removal did, in one line.
fn summary(answer: &Value) -> String {
    let count = |field: &str| answer[field].as_array().map_or(0, Vec::len);
    match (count("created_apis"), count("removed_apis")) {
        (0, removed) => format!("Removed {removed} API(s)"),
        (created, removed) => format!("Imported: {created} API(s) created, {removed} removed"),
    }
}

/// The property of an API that names its service, as the catalogue says.
fn owner_field() -> Option<&'static str> {
    APIS.belongs_to
        .iter()
        .find(|owner| owner.resource == SERVICES.key)
        .map(|owner| owner.field)
}

/// An API's path, linking to its own page (its policy, its data classifications, its delete).
#[component]
pub fn ApiLink(api: Value) -> impl IntoView {
    let path = api["path"].as_str().unwrap_or("—").to_owned();
    match APIS.id_of(&api) {
        Some(id) => view! {
            <NavLink class="api-link mono" href=registry::object_route(APIS.key, id)>{path}</NavLink>
        }
        .into_any(),
        None => path.into_any(),
    }
}
