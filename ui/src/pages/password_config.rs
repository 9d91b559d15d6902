//! SailPoint's password org config: load, edit in a description-driven form, review the exact
//! changes, and only then send.

use gatehouse_wire::{ApiError, ChangePreview, ErrorKind, PasswordOrgConfig, PASSWORD_ORG_CONFIG};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

use crate::api;
use crate::app::AppState;
use crate::components::{display_value, ErrorPanel, FormState, ResourceForm};

#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    /// The tenant has no config yet.
    Missing,
    /// Loading failed; the error panel says why. Never mistaken for an empty tenant.
    Failed,
    Editing,
    Reviewing(ChangePreview),
}

fn to_object(config: Option<&PasswordOrgConfig>) -> Map<String, Value> {
    match config.map(serde_json::to_value) {
        Some(Ok(Value::Object(object))) => object,
        _ => Map::new(),
    }
}

#[component]
pub fn PasswordConfigPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let phase = RwSignal::new(Phase::Loading);
    let original = RwSignal::new(None::<PasswordOrgConfig>);
    let form = FormState::new(&PASSWORD_ORG_CONFIG);
    let error = RwSignal::new(None::<ApiError>);
    let status = RwSignal::new(None::<String>);
    let retry_wait = RwSignal::new(0_u64);
    let busy = RwSignal::new(false);

    let load = move || {
        phase.set(Phase::Loading);
        status.set(None);
        spawn_local(async move {
            match api::get_password_org_config().await {
                Ok(Some(config)) => {
                    form.fill(&to_object(Some(&config)));
                    original.set(Some(config));
                    error.set(None);
                    phase.set(Phase::Editing);
                }
                Ok(None) => {
                    original.set(None);
                    error.set(None);
                    phase.set(Phase::Missing);
                }
                Err(failure) => {
                    error.set(Some(failure));
                    phase.set(Phase::Failed);
                }
            }
        });
    };
    // Load now, and again whenever the active connection changes.
    Effect::new(move |_| {
        state.connection_epoch.track();
        load();
    });

    let edited = move || -> Option<PasswordOrgConfig> {
        let object = form.apply_to(&to_object(original.get_untracked().as_ref()));
        serde_json::from_value(Value::Object(object)).ok()
    };
    let review = move |_| {
        let Some(edited) = edited() else { return };
        status.set(None);
        spawn_local(async move {
            let current = original.get_untracked();
            match api::preview_password_org_config(current.as_ref(), &edited).await {
                Ok(preview) => {
                    error.set(None);
                    phase.set(Phase::Reviewing(preview));
                }
                Err(failure) => {
                    form.server_errors.set(failure.details.field_errors.clone());
                    error.set(Some(failure));
                }
            }
        });
    };
    let confirm = move |_| {
        let Some(edited) = edited() else { return };
        busy.set(true);
        spawn_local(async move {
            let current = original.get_untracked();
            let created = current.is_none();
            match api::save_password_org_config(current.as_ref(), &edited).await {
                Ok(saved) => {
                    form.fill(&to_object(Some(&saved)));
                    original.set(Some(saved));
                    error.set(None);
                    status.set(Some(if created { "Created." } else { "Saved." }.to_owned()));
                    phase.set(Phase::Editing);
                }
                Err(failure) => {
                    // A rate-limited save stays in review, to be confirmed again when allowed.
                    if failure.kind != ErrorKind::RateLimited {
                        form.server_errors.set(failure.details.field_errors.clone());
                        phase.set(Phase::Editing);
                    }
                    error.set(Some(failure));
                }
            }
            busy.set(false);
        });
    };
    // Held while a save is in flight or a rate limit has not run out yet.
    let confirm_blocked = move || busy.get() || retry_wait.get() != 0;
    let start_create = move |_| {
        form.fill(&PASSWORD_ORG_CONFIG.defaults());
        status.set(None);
        phase.set(Phase::Editing);
    };

    view! {
        <section id="page-password-org-config" class="page">
            <header class="page-header">
                <h1>"Password org config"</h1>
                <p class="subtitle">
                    "SailPoint · " <code>"/beta/password-org-config"</code>
                    " · custom reset instructions and digit tokens for password resets"
                </p>
            </header>
            <ErrorPanel error retry_wait />
            {move || status.get().map(|message| view! {
                <p id="status-message" class="status" role="status">{message}</p>
            })}
            {move || match phase.get() {
                Phase::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Phase::Failed => view! {
                    <div class="empty">
                        <p>"The password org config could not be loaded."</p>
                        <button
                            id="retry-load"
                            class="primary"
                            disabled=move || retry_wait.get() != 0
                            on:click=move |_| load()
                        >
                            "Try again"
                        </button>
                    </div>
                }
                .into_any(),
                Phase::Missing => view! {
                    <div class="empty">
                        <p>"This tenant has no password org config yet. Creating one starts from the vendor's defaults; review them before saving."</p>
                        <button id="create-button" class="primary" on:click=start_create>
                            "Create configuration"
                        </button>
                    </div>
                }
                .into_any(),
                Phase::Editing => view! {
                    <form class="resource-form" on:submit=|event| event.prevent_default()>
                        <ResourceForm form />
                        <div class="actions">
                            <button
                                id="save-button"
                                class="primary"
                                type="button"
                                disabled=move || !form.is_valid()
                                on:click=review
                            >
                                {move || if original.get().is_some() { "Review changes" } else { "Review new configuration" }}
                            </button>
                            <button type="button" class="secondary" on:click=move |_| load()>
                                "Reload"
                            </button>
                        </div>
                    </form>
                }
                .into_any(),
                Phase::Reviewing(preview) => {
                    let nothing_changed = preview.is_empty();
                    view! {
                        <div id="change-preview" class="review">
                            <h2>
                                {if original.get_untracked().is_some() { "What this save changes" } else { "What will be created" }}
                            </h2>
                            {if nothing_changed {
                                view! { <p class="muted">"Nothing changed: there is nothing to send."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="changes">
                                        <thead><tr><th>"Field"</th><th>"Now"</th><th></th><th>"After saving"</th></tr></thead>
                                        <tbody>
                                            {preview.changes.into_iter().map(|change| view! {
                                                <tr class="change-row">
                                                    <td>{change.label}</td>
                                                    <td class="old">{display_value(&change.old)}</td>
                                                    <td class="arrow">"→"</td>
                                                    <td class="new">{display_value(&change.new)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <div class="actions">
                                {(!nothing_changed).then(|| view! {
                                    <button
                                        id="confirm-save"
                                        class="primary"
                                        disabled=confirm_blocked
                                        on:click=confirm
                                    >
                                        "Confirm and send"
                                    </button>
                                })}
                                <button id="cancel-save" class="secondary" on:click=move |_| phase.set(Phase::Editing)>
                                    "Back to editing"
                                </button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
