//! A create's one-time secret, held at the app's level: its dialog appears wherever the
//! administrator is when the vendor's answer arrives, even on another page than the form that
//! sent the create (that form, and its signals, may be gone by then).

use gatehouse_wire::{catalog, OneTimeSecret, ResourceDescription, RestoredSecret};
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
    /// Closing the dialog leads to the object's page: after a create from its form, not after a
    /// restore, whose report (steps refused or failed, "Apply what is left") must stay in view.
    open_after: bool,
}

#[derive(Clone, Copy)]
pub struct NewSecret {
    created: RwSignal<Option<Created>>,
    /// The one signal that holds the secret; emptied when the dialog closes.
    secret: RwSignal<Option<OneTimeSecret>>,
    /// Secrets still to show, one dialog after the other (a restore re-creating several).
    queued: RwSignal<Vec<(Created, OneTimeSecret)>>,
}

impl NewSecret {
    pub fn new() -> Self {
        Self {
            created: RwSignal::new(None),
            secret: RwSignal::new(None),
            queued: RwSignal::new(Vec::new()),
        }
    }

    /// Shows the secrets a restore gave re-created objects, one dialog after the other.
    pub fn show_restored(&self, restored: Vec<RestoredSecret>) {
        let mut queue: Vec<_> = restored
            .into_iter()
            .filter_map(|restored| {
                let description = catalog::resource(&restored.resource)?;
                let created = Created {
                    description,
                    target: Target {
                        key: description.key,
                        scope: restored.scope,
                    },
                    object: restored.object,
                    open_after: false,
                };
                Some((created, restored.secret))
            })
            .collect();
        // Shown from the end: the first comes first.
        queue.reverse();
        if let Some((created, secret)) = queue.pop() {
            self.queued.set(queue);
            self.secret.set(Some(secret));
            self.created.set(Some(created));
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
            open_after: true,
        }));
    }
}

/// Where the dialog of a new secret appears; closing it after a create leads to the new
/// object's page.
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
                open_after,
            } = created;
            let id = description.id_of(&object).unwrap_or_default().to_owned();
            let navigate = navigate.clone();
            let on_closed = Callback::new(move |()| {
                new_secret.created.set(None);
                if let Some((next, secret)) = new_secret.queued.try_update(Vec::pop).flatten() {
                    new_secret.secret.set(Some(secret));
                    new_secret.created.set(Some(next));
                } else if open_after && !id.is_empty() {
                    navigate(&target.object_route(&id), Default::default());
                }
            });
            view! { <SecretDialog description object secret=new_secret.secret on_closed /> }
        })
    }
}
