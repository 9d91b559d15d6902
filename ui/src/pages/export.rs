//! The Export screen: a connection's configuration written to files to keep in git, as the
//! headless `gatehouse export` writes them. The set-up and a running export live in
//! [`ExportSetup`], so leaving the page loses neither.

use gatehouse_wire::{
    catalog, registry, ApiError, ErrorKind, ExportFormat, ExportLayout, ExportSummary,
    ResourceDescription, Vendor,
};
use leptos::prelude::*;

use crate::api;
use crate::components::{chosen_connection, ConnectionSelect, ErrorPanel};
use crate::state::{ExportSetup, Ready, Session};

/// A type as the screen names it; a child type says where its objects live.
fn type_label(description: &ResourceDescription) -> String {
    match description
        .parent
        .and_then(|parent| catalog::resource(parent.resource))
    {
        Some(parent) => format!(
            "{} (of each {})",
            description.title,
            parent.singular.to_lowercase()
        ),
        None => description.title.to_owned(),
    }
}

/// The title of the type `key`; the files' line while they are written.
fn title_of(key: &str) -> String {
    match catalog::resource(key) {
        Some(description) => type_label(description),
        None if key == "files" => "Files written".to_owned(),
        None => key.to_owned(),
    }
}

#[component]
pub fn ExportPage() -> impl IntoView {
    expect_context::<Ready>().mark();
    let session = expect_context::<Session>();
    let setup = expect_context::<ExportSetup>();
    let chosen = move || chosen_connection(session, setup.connection.get());
    let vendor = move || chosen().map(|view| view.profile.vendor);
    let field_error = RwSignal::new(None::<String>);
    let choose_error = RwSignal::new(None::<ApiError>);
    let choose = Action::new_local(move |_: &()| async move {
        match api::choose_export_folder(&setup.destination.get_untracked()).await {
            Ok(Some(path)) => setup.destination.set(path),
            Ok(None) => {}
            Err(failure) => choose_error.set(Some(failure)),
        }
    });
    let start = move |_| {
        let Some(view) = chosen() else { return };
        field_error.set(None);
        setup
            .run
            .dispatch(setup.request(view.profile.id, view.profile.vendor));
    };
    let running = setup.run.pending();
    let outcome = setup.run.value();
    Effect::new(move |_| {
        if let Some(Err(failure)) = outcome.get() {
            field_error.set(
                failure
                    .details
                    .field_errors
                    .iter()
                    .find(|error| error.field == "destination")
                    .map(|error| error.message.clone()),
            );
        }
    });
    let run_error = Signal::derive(move || match outcome.get() {
        Some(Err(failure))
            if failure.kind != ErrorKind::Cancelled && failure.details.field_errors.is_empty() =>
        {
            Some(failure)
        }
        _ => None,
    });

    view! {
        <section class="export-page">
            <h1>"Export configuration"</h1>
            <p class="muted">
                "Every object of the chosen types, written as files to keep in git: keys sorted, the same bytes for an unchanged tenant, secrets replaced by placeholders that say which secret they stand for."
            </p>
            <form class="export-form" on:submit=|event| event.prevent_default() autocomplete="off">
                <div class="field">
                    <label for="export-connection">"Connection"</label>
                    <ConnectionSelect
                        id="export-connection"
                        chosen=setup.connection
                        on_change=Callback::new(move |()| setup.left_out.set(Default::default()))
                    />
                </div>
                <div class="field">
                    <span class="group-label" id="export-types-label">"Types"</span>
                    <div class="export-types" role="group" aria-labelledby="export-types-label">
                        {move || vendor().map(|vendor| type_choices(setup, vendor))}
                    </div>
                </div>
                <Show when=move || vendor() == Some(Vendor::SailPoint)>
                    <div class="field">
                        <label for="export-auth-users">"Auth users of"</label>
                        <input
                            id="export-auth-users"
                            placeholder="Identity ids, separated by commas"
                            prop:value=move || setup.auth_user_ids.get()
                            on:input=move |event| setup.auth_user_ids.set(event_target_value(&event))
                        />
                        <p class="help">"SailPoint lists no auth users: the export reads those of the identities named here."</p>
                    </div>
                </Show>
                <div class="field">
                    <label for="export-format">"Format"</label>
                    <select
                        id="export-format"
                        on:change=move |event| setup.format.set(if event_target_value(&event) == "yaml" { ExportFormat::Yaml } else { ExportFormat::Json })
                    >
                        <option value="json" selected=move || setup.format.get() == ExportFormat::Json>"JSON"</option>
                        <option value="yaml" selected=move || setup.format.get() == ExportFormat::Yaml>"YAML"</option>
                    </select>
                </div>
                <div class="field">
                    <label for="export-layout">"Layout"</label>
                    <select
                        id="export-layout"
                        on:change=move |event| setup.layout.set(if event_target_value(&event) == "file" { ExportLayout::File } else { ExportLayout::Folder })
                    >
                        <option value="folder" selected=move || setup.layout.get() == ExportLayout::Folder>"A folder per type, a file per object"</option>
                        <option value="file" selected=move || setup.layout.get() == ExportLayout::File>"One file"</option>
                    </select>
                </div>
                <div class="field">
                    <span class="group-label">"Options"</span>
                    <div class="stack">
                    <span class="choice-label">
                        <input
                            id="export-include-volatile"
                            type="checkbox"
                            prop:checked=move || setup.include_volatile.get()
                            on:change=move |event| setup.include_volatile.set(event_target_checked(&event))
                        />
                        "Keep fields the vendor changes by itself (last used, timestamps): every export then differs"
                    </span>
                    <span class="choice-label">
                        <input
                            id="export-include-secrets"
                            type="checkbox"
                            prop:checked=move || setup.include_secrets.get()
                            on:change=move |event| setup.include_secrets.set(event_target_checked(&event))
                        />
                        "Write secrets as they are"
                    </span>
                    </div>
                    <Show when=move || setup.include_secrets.get()>
                        <p id="export-secrets-warning" class="warning" role="alert">
                            "Client secrets will be written into the files as they are: anyone who can read the folder, or the git repository it goes to, can use them. The manifest records it."
                        </p>
                    </Show>
                </div>
                <div class="field">
                    <label for="export-destination">"Folder"</label>
                    <div class="inline-controls">
                        <input
                            id="export-destination"
                            class="mono"
                            placeholder="/home/you/gatehouse-export  or  ~/gatehouse-export"
                            prop:value=move || setup.destination.get()
                            on:input=move |event| setup.destination.set(event_target_value(&event))
                        />
                        <button id="choose-export-folder" class="secondary" type="button" disabled=move || choose.pending().get() on:click=move |_| { choose.dispatch(()); }>
                            "Choose…"
                        </button>
                    </div>
                    <p class="help">"The folder's previous export is replaced only once every file of the new one is written."</p>
                    {move || field_error.get().map(|message| view! { <p class="field-error" id="error-export-destination">{message}</p> })}
                </div>
                <ErrorPanel error=choose_error />
                <div class="actions">
                    <button id="start-export" class="primary" disabled=move || running.get() || chosen().is_none() on:click=start>
                        "Export"
                    </button>
                    <Show when=move || running.get()>
                        <button id="cancel-export" class="secondary" type="button" on:click=move |_| { leptos::task::spawn_local(async { let _ = api::cancel_export().await; }); }>
                            "Cancel"
                        </button>
                    </Show>
                </div>
            </form>
            <ExportProgressList />
            <ErrorPanel error=run_error />
            {move || match outcome.get() {
                Some(Ok(summary)) if !running.get() => Some(view! { <ExportResult summary /> }.into_any()),
                Some(Err(failure)) if failure.kind == ErrorKind::Cancelled && !running.get() => Some(view! {
                    <p id="export-cancelled" class="notice" role="status">"Cancelled. The folder's previous export, if any, is as it was."</p>
                }.into_any()),
                _ => None,
            }}
        </section>
    }
}

/// A checkbox per type the vendor's export can hold, ticked unless left out.
fn type_choices(setup: ExportSetup, vendor: Vendor) -> impl IntoView {
    registry::exported_types(vendor)
        .map(|description| {
            let key = description.key;
            view! {
                <span class="choice-label">
                    <input
                        type="checkbox"
                        class="export-type"
                        data-type=key
                        prop:checked=move || setup.left_out.with(|left_out| !left_out.contains(key))
                        on:change=move |event| {
                            let ticked = event_target_checked(&event);
                            setup.left_out.update(|left_out| {
                                if ticked {
                                    left_out.remove(key);
                                } else {
                                    left_out.insert(key);
                                }
                            });
                        }
                    />
                    {type_label(description)}
                </span>
            }
        })
        .collect_view()
}

#[component]
fn ExportProgressList() -> impl IntoView {
    let setup = expect_context::<ExportSetup>();
    move || {
        let lines = setup.progress.get();
        (!lines.is_empty()).then(|| {
            view! {
                <ul id="export-progress" class="export-progress" aria-label="Progress">
                    {lines
                        .into_iter()
                        .map(|line| view! {
                            <li data-type=line.resource.clone()>
                                {format!("{}: {}/{}", title_of(&line.resource), line.done, line.total)}
                            </li>
                        })
                        .collect_view()}
                </ul>
            }
        })
    }
}

#[component]
fn ExportResult(summary: ExportSummary) -> impl IntoView {
    let objects: usize = summary.counts.values().sum();
    let secrets = if summary.secrets_included {
        "Secrets were written as they are.".to_owned()
    } else {
        format!("{} secrets replaced by placeholders.", summary.redacted)
    };
    view! {
        <section id="export-result" class="action-panel" data-complete=summary.complete.to_string()>
            <h2>{if summary.complete { "Exported" } else { "Exported, but not completely" }}</h2>
            <p>
                {format!("{objects} objects in {} files to ", summary.files)}
                <span class="mono" id="export-written-to">{summary.destination.clone()}</span>
                ". " {secrets}
            </p>
            <ul class="export-counts">
                {summary.counts.iter().map(|(key, count)| view! { <li data-type=key.clone()>{format!("{}: {count}", title_of(key))}</li> }).collect_view()}
            </ul>
            {(!summary.failures.is_empty()).then(|| view! {
                <p class="warning">"Not read completely (the manifest says so, and compare and restore leave these types alone):"</p>
                <ul class="export-failures">
                    {summary.failures.iter().map(|failure| view! { <li>{format!("{}: {}", title_of(&failure.resource), failure.message)}</li> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
