//! The editor's writes, as actions: preview (nothing sent), confirm (create or save), delete.
//! Each settles the editor's phase itself, so a failed write keeps the edits on screen.

use gatehouse_wire::{registry, ApiError, Conflict, Created, ErrorKind, SaveOutcome};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;

use super::{Editing, Phase};
use crate::api;
use crate::state::{NewSecret, Toasts};

#[derive(Clone, Copy)]
pub struct Writes {
    pub preview: Action<(), ()>,
    pub confirm: Action<(), ()>,
    pub delete: Action<(), ()>,
    editing: Editing,
    toasts: Toasts,
}

impl Editing {
    /// Shows why a write failed. A rate limit keeps the review, to be confirmed again once the
    /// countdown ends; anything else returns to the form with the edits intact.
    fn failed(&self, failure: ApiError) {
        if failure.kind != ErrorKind::RateLimited {
            self.form
                .server_errors
                .set(failure.details.field_errors.clone());
            self.phase.set(Phase::Edit);
        }
        self.error.set(Some(failure));
    }

    fn reload(&self) {
        self.version.update(|version| *version += 1);
    }
}

impl Writes {
    pub fn new(editing: Editing) -> Self {
        let toasts = expect_context::<Toasts>();
        let new_secret = expect_context::<NewSecret>();
        let navigate = use_navigate();
        let description = editing.description;

        let preview = Action::new_local(move |_: &()| {
            let (target, id) = (editing.target.get_value(), editing.id.get_value());
            let (original, edited) = (editing.original.get_untracked(), editing.form.edited());
            async move {
                match api::resource_preview(&target, id.as_deref(), original.as_ref(), &edited)
                    .await
                {
                    Ok(review) => {
                        editing.error.set(None);
                        editing.phase.set(Phase::Review(review));
                    }
                    Err(failure) => editing.failed(failure),
                }
            }
        });

        let after_create = navigate.clone();
        let confirm = Action::new_local(move |_: &()| {
            let (target, id) = (editing.target.get_value(), editing.id.get_value());
            let (original, edited) = (editing.original.get_untracked(), editing.form.edited());
            let navigate = after_create.clone();
            async move {
                let Some(original) = original else {
                    match api::resource_create(&target, &edited).await {
                        // The secret goes straight to the dialog's signal, nowhere else.
                        Ok(Created { object, secret }) => {
                            editing.error.set(None);
                            toasts.show(format!("Created {}", description.name_of(&object)));
                            if let Some(secret) = secret {
                                editing.created.set(true);
                                new_secret.show(description, target, object, secret);
                            } else if description.is_singleton() {
                                editing.reload();
                            } else {
                                let id = description.id_of(&object).unwrap_or_default();
                                navigate(&target.object_route(id), Default::default());
                            }
                        }
                        Err(failure) => editing.failed(failure),
                    }
                    return;
                };
                match api::resource_save(&target, id.as_deref(), &original, &edited).await {
                    Ok(SaveOutcome::Saved { object }) => {
                        editing.error.set(None);
                        toasts.show(format!("Saved {}", description.name_of(&object)));
                        editing.reload();
                    }
                    Ok(SaveOutcome::Conflict(conflict)) => {
                        editing.error.set(None);
                        editing.phase.set(Phase::Conflict(conflict));
                    }
                    Err(failure) => editing.failed(failure),
                }
            }
        });

        let delete = Action::new_local(move |_: &()| {
            let (target, id) = (editing.target.get_value(), editing.id.get_value());
            let name = editing.name();
            // Back to what it belonged to (an API's service), else to its list.
            let back = editing
                .original
                .get_untracked()
                .and_then(|object| registry::owner_page(description, &object))
                .map(|(_, route)| route);
            let navigate = navigate.clone();
            async move {
                let Some(id) = id else { return };
                match api::resource_delete(&target, &id).await {
                    Ok(()) => {
                        toasts.show(format!("Deleted {name}"));
                        navigate(
                            &back.unwrap_or_else(|| target.list_route()),
                            Default::default(),
                        );
                    }
                    Err(failure) => editing.error.set(Some(failure)),
                }
            }
        });

        Self {
            preview,
            confirm,
            delete,
            editing,
            toasts,
        }
    }

    /// Replays my changes onto the server's version, back in the form: saving from there
    /// reviews again before anything is sent.
    pub fn rebase(&self, conflict: &Conflict) {
        let Value::Object(rebased) = conflict.rebased() else {
            return;
        };
        self.editing.original.set(Some(conflict.server.clone()));
        self.editing.form.reset(rebased);
        self.editing.error.set(None);
        self.editing.phase.set(Phase::Edit);
        self.toasts
            .show("Your changes now sit on the server's version: review them and save again");
    }
}
