//! The SailPoint CLI's environments (`sail`, `~/.sailpoint/config.yaml`) offered as
//! connections: each imported with the secret `sail` kept in the keychain, or one typed here;
//! where the keychain cannot be used, kept for this session only once the administrator says
//! so.

use gatehouse_wire::{ApiError, ErrorKind, SailEnvironment, SecretStorage};
use leptos::prelude::*;

use crate::api;
use crate::components::ErrorPanel;
use crate::state::{Session, Toasts};

#[component]
pub fn SailImport() -> impl IntoView {
    let session = expect_context::<Session>();
    let environments = LocalResource::new(move || {
        session.profiles();
        api::sail_cli_environments()
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match environments.await {
                    Ok(found) if found.is_empty() => ().into_any(),
                    Ok(found) => view! {
                        <section id="sail-import" class="action-panel">
                            <h2>"From the SailPoint CLI"</h2>
                            <p class="muted">"The environments sail is configured with on this machine."</p>
                            <ul class="sail-environments">
                                {found.into_iter().map(|environment| view! { <SailEnvironmentRow environment /> }).collect_view()}
                            </ul>
                        </section>
                    }
                    .into_any(),
                    Err(failure) => view! { <ErrorPanel error=Signal::stored(Some(failure)) /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SailEnvironmentRow(environment: SailEnvironment) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let name = StoredValue::new(environment.name.clone());
    let secret = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let keychain_unavailable = RwSignal::new(false);
    let import = Action::new_local(move |storage: &SecretStorage| {
        let storage = *storage;
        let typed = secret.get_untracked();
        async move {
            let typed = Some(typed.trim()).filter(|typed| !typed.is_empty());
            match api::import_sail_environment(&name.get_value(), typed, storage).await {
                Ok(saved) => {
                    error.set(None);
                    keychain_unavailable.set(false);
                    toasts.show(format!("Imported {}", saved.profile.name));
                    session.reload();
                }
                Err(failure) => {
                    keychain_unavailable.set(failure.kind == ErrorKind::KeychainUnavailable);
                    error.set(Some(failure));
                }
            }
        }
    });
    let secret_id = format!("sail-secret-{}", environment.name);
    view! {
        <li class="sail-environment" data-environment=environment.name.clone()>
            <p>
                <strong>{environment.name.clone()}</strong>
                " · "
                <span class="mono">{environment.base_url.clone()}</span>
                " · client "
                <span class="mono">{environment.client_id.clone().unwrap_or_else(|| "—".to_owned())}</span>
            </p>
            {if environment.secret_in_keychain {
                view! { <p class="muted">"Its secret is taken from the keychain entry sail keeps."</p> }.into_any()
            } else {
                view! {
                    <label for=secret_id.clone()>"Client secret (sail keeps none in the keychain)"</label>
                    <input
                        id=secret_id.clone()
                        class="sail-secret"
                        type="password"
                        autocomplete="off"
                        prop:value=move || secret.get()
                        on:input=move |event| secret.set(event_target_value(&event))
                    />
                }
                .into_any()
            }}
            <div class="actions">
                <button
                    class="import-sail primary"
                    disabled=move || import.pending().get()
                    on:click=move |_| { import.dispatch(SecretStorage::Keychain); }
                >
                    "Import as a connection"
                </button>
                <Show when=move || keychain_unavailable.get()>
                    <button
                        class="import-sail-session secondary"
                        on:click=move |_| { import.dispatch(SecretStorage::SessionOnly); }
                    >
                        "Keep the secret for this session only"
                    </button>
                </Show>
            </div>
            <ErrorPanel error />
        </li>
    }
}
