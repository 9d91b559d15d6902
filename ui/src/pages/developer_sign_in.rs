//! The developer portal's pages act as a developer, who signs in in the system browser (the
//! authorization-code flow with PKCE, back through a loopback redirect): who is signed in,
//! and signing in or out, above those pages.

use gatehouse_wire::{ApiError, DeveloperIdentity};
use leptos::prelude::*;

use crate::api;
use crate::components::ErrorPanel;
use crate::state::{Session, Toasts};

#[component]
pub fn DeveloperSignIn(
    /// The page's data version: a sign-in or out loads the page again.
    version: RwSignal<u32>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let error = RwSignal::new(None::<ApiError>);
    let signed_in = LocalResource::new(move || {
        session.active_id();
        version.track();
        api::developer_signed_in()
    });
    let sign_in = Action::new_local(move |_: &()| async move {
        match api::developer_sign_in().await {
            Ok(identity) => {
                error.set(None);
                toasts.show(format!(
                    "Signed in to the developer portal of {}",
                    identity.connection_name
                ));
                version.update(|version| *version += 1);
            }
            Err(failure) => error.set(Some(failure)),
        }
    });
    let sign_out = Action::new_local(move |_: &()| async move {
        match api::developer_sign_out().await {
            Ok(()) => {
                error.set(None);
                version.update(|version| *version += 1);
            }
            Err(failure) => error.set(Some(failure)),
        }
    });
    let status = move |identity: Option<DeveloperIdentity>| {
        match identity {
        Some(identity) => view! {
            <p id="developer-identity">
                {format!("Signed in as a developer of {}", identity.connection_name)}
                {identity.remembered.then_some(" (remembered in the system keychain)")}
            </p>
            <button id="developer-sign-out" class="secondary" on:click=move |_| { sign_out.dispatch(()); }>
                "Sign out"
            </button>
        }
        .into_any(),
        None => view! {
            <p id="developer-identity">"Not signed in. The developer portal shows what the signed-in developer may see."</p>
            <button
                id="developer-sign-in"
                class="primary"
                disabled=move || sign_in.pending().get()
                on:click=move |_| { sign_in.dispatch(()); }
            >
                {move || if sign_in.pending().get() { "Waiting for the browser…" } else { "Sign in as a developer…" }}
            </button>
        }
        .into_any(),
    }
    };
    view! {
        <div id="developer-sign-in-bar" class="toolbar developer-bar">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match signed_in.await {
                        Ok(identity) => status(identity),
                        Err(failure) => {
                            error.set(Some(failure));
                            ().into_any()
                        }
                    }
                })}
            </Transition>
        </div>
        <ErrorPanel error />
    }
}
