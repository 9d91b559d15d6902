//! A create's one-time secret, held at the app's level: its dialog appears wherever the
//! administrator is when the vendor's answer arrives, even on another page than the form that
//! sent the create (that form, and its signals, may be gone by then).

use gatehouse_wire::{OneTimeSecret, ResourceDescription};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;

use crate::api::Target;
use crate::components::SecretDialog;

/// The new object whose secret is on screen, and where it lives.
#[derive(Clone)]
struct Created {
    description: &'static ResourceDescription,
    target: Target,
    object: Value,
}

#[derive(Clone, Copy)]
pub struct NewSecret {
    created: RwSignal<Option<Created>>,
    /// The one signal that holds the secret; emptied when the dialog closes.
    secret: RwSignal<Option<OneTimeSecret>>,
}

impl NewSecret {
    pub fn new() -> Self {
        Self {
            created: RwSignal::new(None),
            secret: RwSignal::new(None),
        }
    }

    /// Shows `secret`, the one-time secret of `object` just created at `target`.
    pub fn show(
        &self,
        description: &'static ResourceDescription,
        target: Target,
        object: Value,
        secret: OneTimeSecret,
    ) {
        self.secret.set(Some(secret));
        self.created.set(Some(Created {
            description,
            target,
            object,
        }));
    }
}

/// Where the dialog of a new secret appears; closing it leads to the new object's page.
#[component]
pub fn NewSecretHost() -> impl IntoView {
    let new_secret = expect_context::<NewSecret>();
    let navigate = use_navigate();
    move || {
        new_secret.created.get().map(|created| {
            let Created {
                description,
                target,
                object,
            } = created;
            let id = description.id_of(&object).unwrap_or_default().to_owned();
            let navigate = navigate.clone();
            let on_closed = Callback::new(move |()| {
                new_secret.created.set(None);
                if !id.is_empty() {
                    navigate(&target.object_route(&id), Default::default());
                }
            });
            view! { <SecretDialog description object secret=new_secret.secret on_closed /> }
        })
    }
}
