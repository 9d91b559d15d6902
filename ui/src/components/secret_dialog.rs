//! A credential the vendor shows once (a new OAuth client's or token's secret). It lives in
//! the shell's memory under a handle; the page holds it only in the one signal it is given,
//! and only until the dialog closes.

use gatehouse_wire::{ApiError, ConnectionReport, ErrorKind, OneTimeSecret, ResourceDescription};
use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::{ErrorPanel, Modal};
use crate::state::{Session, Toasts};

#[component]
pub fn SecretDialog(
    description: &'static ResourceDescription,
    /// The new object, without its secret.
    object: Value,
    /// The only place the secret is held; set to `None` when the dialog closes.
    secret: RwSignal<Option<OneTimeSecret>>,
    /// After the secret is forgotten: where to go next.
    on_closed: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let handle = move || secret.with_untracked(|secret| secret.as_ref().map(|s| s.handle.clone()));
    let label = secret.with_untracked(|secret| secret.as_ref().map(|s| s.label.clone()));
    let label = label.unwrap_or_else(|| "Secret".to_owned());
    let id = description.id_of(&object).unwrap_or_default().to_owned();
    let revealed = RwSignal::new(false);
    let asking_stored = RwSignal::new(false);
    let naming = RwSignal::new(false);
    let name = RwSignal::new(format!("{} (new client)", description.name_of(&object)));
    let keychain_unavailable = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let credential = secret.with_untracked(|secret| secret.as_ref().is_some_and(|s| s.credential));
    let connection = secret.with_untracked(|secret| secret.as_ref().is_some_and(|s| s.connection));

    let copy = Action::new_local(move |handle: &String| {
        let handle = handle.clone();
        async move {
            let copied = api::copy_secret(&handle).await;
            error.set(copied.clone().err());
            copied.ok()
        }
    });
    let test = Action::new_local(move |handle: &String| {
        let handle = handle.clone();
        async move { api::test_secret(&handle).await }
    });
    let save = Action::new_local(move |session_only: &bool| {
        let (session_only, name) = (*session_only, name.get_untracked());
        let handle = handle();
        async move {
            let Some(handle) = handle else { return };
            match api::save_secret_as_connection(&handle, &name, session_only).await {
                Ok(saved) => {
                    keychain_unavailable.set(false);
                    naming.set(false);
                    error.set(None);
                    session.reload();
                    toasts.show(format!("Saved as the connection “{}”", saved.profile.name));
                }
                Err(failure) if failure.kind == ErrorKind::KeychainUnavailable => {
                    keychain_unavailable.set(true);
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let close = move || {
        let forgotten = handle();
        // Dropped from the page first; the shell forgets it in its own time.
        secret.set(None);
        if let Some(handle) = forgotten {
            // Not tied to this dialog, which is gone by the time the answer comes.
            leptos::task::spawn_local(async move {
                let _forgotten = api::forget_secret(&handle).await;
            });
        }
        on_closed.run(());
    };
    let secret_value = move || secret.with(|secret| secret.as_ref().map(|s| s.value.clone()));

    view! {
        <Modal
            id="secret-dialog"
            title=format!("{} created", description.singular)
            on_escape=move || asking_stored.set(true)
        >
            <p>"Id: " <code id="secret-object-id">{id}</code></p>
            <p class="warning">
                {format!("This {} is shown only now and will not be shown again. ", label.to_lowercase())}
                "Store it somewhere safe before closing."
            </p>
            <div class="secret-row">
                <label for="secret-value">{label.clone()}</label>
                <input
                    id="secret-value"
                    class="mono"
                    readonly
                    autocomplete="off"
                    spellcheck="false"
                    type=move || if revealed.get() { "text" } else { "password" }
                    prop:value=move || secret_value().unwrap_or_default()
                />
                <button id="reveal-secret" on:click=move |_| revealed.update(|shown| *shown = !*shown)>
                    {move || if revealed.get() { "Hide" } else { "Show" }}
                </button>
                <button
                    id="copy-secret"
                    class="primary"
                    autofocus
                    on:click=move |_| {
                        if let Some(handle) = handle() {
                            copy.dispatch(handle);
                        }
                    }
                >
                    "Copy"
                </button>
            </div>
            <p id="copy-note" class="muted copy-note" role="status">
                {move || match copy.value().get().flatten() {
                    Some(copied) => format!(
                        "Copied. Gatehouse clears it from the clipboard in {} s.",
                        copied.clear_after_seconds
                    ),
                    None => "Copying puts it on the clipboard for a short while; Gatehouse clears it then."
                        .to_owned(),
                }}
            </p>
            <ErrorPanel error />
            <Show when=move || credential>
            <div class="secret-tools">
                <button
                    id="test-secret"
                    disabled=move || test.pending().get()
                    on:click=move |_| {
                        if let Some(handle) = handle() {
                            test.dispatch(handle);
                        }
                    }
                >
                    "Test it"
                </button>
                <Show when=move || connection>
                    <button id="save-as-connection" on:click=move |_| naming.set(true)>
                        "Save as a connection"
                    </button>
                </Show>
            </div>
            </Show>
            {move || test.value().get().map(|result| view! { <TestResult result /> })}
            <Show when=move || naming.get()>
                <form class="inline-form" on:submit=move |event| {
                    event.prevent_default();
                    save.dispatch(false);
                }>
                    <label for="secret-connection-name">"Connection name"</label>
                    <input
                        id="secret-connection-name"
                        prop:value=move || name.get()
                        on:input=move |event| name.set(event_target_value(&event))
                    />
                    <button id="confirm-save-connection" type="submit" class="primary" disabled=move || save.pending().get()>
                        "Save to the keychain"
                    </button>
                </form>
                <Show when=move || keychain_unavailable.get()>
                    <div class="warning" role="alert">
                        <p>"No system keychain is available. Gatehouse can keep this connection for this run only."</p>
                        <button id="save-connection-session-only" on:click=move |_| {
                            save.dispatch(true);
                        }>
                            "Keep for this session only"
                        </button>
                    </div>
                </Show>
            </Show>
            <Show
                when=move || asking_stored.get()
                fallback=move || view! {
                    <div class="actions">
                        <button id="close-secret-dialog" on:click=move |_| asking_stored.set(true)>"Close"</button>
                    </div>
                }
            >
                <div class="warning confirm-stored" role="alert">
                    <p>"Have you stored the secret? Once closed, it cannot be shown again."</p>
                    <div class="actions">
                        <button id="confirm-secret-stored" class="danger" on:click=move |_| close()>
                            "I have stored it"
                        </button>
                        <button id="keep-secret-open" on:click=move |_| asking_stored.set(false)>"Not yet"</button>
                    </div>
                </div>
            </Show>
        </Modal>
    }
}

#[component]
fn TestResult(result: Result<ConnectionReport, ApiError>) -> impl IntoView {
    let text = match result {
        Ok(report) => format!(
            "It works: {} gave a token with {} scope(s), valid for {} s.",
            report.token_url,
            report.scopes.len(),
            report.expires_in_seconds
        ),
        Err(failure) => format!("It did not work: {}", failure.message),
    };
    view! { <p id="secret-test-result" class="report-line" role="status">{text}</p> }
}
