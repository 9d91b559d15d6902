//! The one edit component for every resource: edit → review → confirm → result, with the
//! conflict and one-time-secret detours. What differs per resource comes from its description.

mod fields;
mod form;
mod writes;

use gatehouse_wire::{
    diff::changed_fields, registry, ApiError, Conflict, ResourceDescription, Review, Verb,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde_json::Value;

use crate::api::Target;
use crate::components::{in_sentence, ConflictPanel, DeleteDialog, ErrorPanel, ReviewPanel};
use crate::state::UnsavedGuard;
use fields::ResourceForm;
use form::FormState;

#[derive(Clone)]
enum Phase {
    Edit,
    /// Previewed; nothing is sent until confirmed.
    Review(Review),
    /// The server's version moved on; nothing was sent.
    Conflict(Conflict),
}

/// Everything the editor's parts share; `Copy`, like the signals it holds.
#[derive(Clone, Copy)]
struct Editing {
    description: &'static ResourceDescription,
    target: StoredValue<Target>,
    /// The object's id; `None` for a singleton or before a create.
    id: StoredValue<Option<String>>,
    /// The object as it was opened (or the server's, after a rebase); `None` for a create.
    original: RwSignal<Option<Value>>,
    form: FormState,
    phase: RwSignal<Phase>,
    error: RwSignal<Option<ApiError>>,
    retry_wait: RwSignal<u64>,
    /// Bumped after a write: the page loads the object again.
    version: RwSignal<u32>,
    /// The create answered with a one-time secret, now in the app's dialog: the form has
    /// nothing left to lose, and the dialog leads to the new object.
    created: RwSignal<bool>,
}

impl Editing {
    fn name(&self) -> String {
        self.original.with(|original| match original {
            Some(object) => self.description.name_of(object),
            None => self.description.singular.to_owned(),
        })
    }

    /// The objects the one opened owns (a gateway's client), which a delete takes with it.
    fn owned(&self) -> Vec<(&'static ResourceDescription, String)> {
        self.original.with(|original| {
            original
                .as_ref()
                .and_then(Value::as_object)
                .map(|object| {
                    registry::owned(self.description, object)
                        .map(|(resource, id)| (resource, id.to_owned()))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Whether the form holds edits that leaving would lose.
    fn is_dirty(&self) -> bool {
        if self.created.get() {
            return false;
        }
        let edited = self.form.edited();
        let start = self.original.get().unwrap_or_else(|| self.form.base());
        !changed_fields(&start, &edited).is_empty()
    }
}

#[component]
pub fn Editor(
    description: &'static ResourceDescription,
    target: Target,
    id: Option<String>,
    /// The object as loaded; `None` to create one, starting from the description's defaults.
    loaded: Option<Value>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let creating = loaded.is_none();
    let base = match &loaded {
        Some(Value::Object(object)) => object.clone(),
        _ => {
            let mut defaults = description.defaults();
            // A child created within its parent's object belongs to that parent.
            if let (Some(parent), Some(scope)) = (description.parent, &target.scope) {
                defaults.insert(parent.field.to_owned(), Value::String(scope.clone()));
            }
            // One created from its owner's page (an API, from its service's) belongs to that
            // owner: the address names it (`?service_id=...`).
            let query = use_query_map().get_untracked();
            for owner in description.belongs_to {
                if let Some(id) = query.get(owner.field) {
                    defaults.insert(owner.field.to_owned(), Value::String(id));
                }
            }
            defaults
        }
    };
    let editing = Editing {
        description,
        target: StoredValue::new(target),
        id: StoredValue::new(id),
        original: RwSignal::new(loaded),
        form: FormState::new(description, creating, base),
        phase: RwSignal::new(Phase::Edit),
        error: RwSignal::new(None),
        retry_wait: RwSignal::new(0),
        version,
        created: RwSignal::new(false),
    };
    let guard = expect_context::<UnsavedGuard>();
    guard.watch(Signal::derive(move || editing.is_dirty()));
    let writes = writes::Writes::new(editing);
    let deleting = RwSignal::new(false);
    let (form, phase, retry_wait) = (editing.form, editing.phase, editing.retry_wait);

    let save_label = if creating {
        format!("Review new {}", in_sentence(description.singular))
    } else {
        "Review changes".to_owned()
    };
    let savable = if creating {
        description.can(Verb::Create)
    } else {
        description.can(Verb::Update)
    };
    let can_delete = !creating && description.can(Verb::Delete) && !description.is_singleton();
    let reload = move |_| guard.leave(move || version.update(|version| *version += 1));
    let review = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if form.is_valid() {
            writes.preview.dispatch(());
        }
    };

    view! {
        <div class="editor">
            <div class="editor-tools">
                {(!creating).then(|| view! {
                    <button id="reload-button" class="secondary" on:click=reload>"Reload"</button>
                })}
                {can_delete.then(|| view! {
                    <button id="delete-button" class="danger-outline" on:click=move |_| deleting.set(true)>
                        "Delete"
                    </button>
                })}
            </div>
            <ErrorPanel error=editing.error retry_wait />
            {move || match phase.get() {
                Phase::Edit => view! {
                    <form id="resource-form" class="resource-form" novalidate on:submit=review>
                        <ResourceForm form />
                        // A resource the vendor never updates (a ledger event) is only shown.
                        {savable.then(|| view! {
                            <div class="actions">
                                <button
                                    id="save-button"
                                    class="primary"
                                    type="submit"
                                    disabled=move || {
                                        !form.is_valid() || writes.preview.pending().get() || retry_wait.get() != 0
                                    }
                                >
                                    {save_label.clone()}
                                </button>
                            </div>
                        })}
                    </form>
                }
                .into_any(),
                Phase::Review(review) => view! {
                    <ReviewPanel
                        review
                        confirm_blocked=Signal::derive(move || {
                            writes.confirm.pending().get() || retry_wait.get() != 0
                        })
                        on_confirm=move || {
                            writes.confirm.dispatch(());
                        }
                        on_cancel=move || phase.set(Phase::Edit)
                    />
                }
                .into_any(),
                Phase::Conflict(conflict) => {
                    let rebased = conflict.clone();
                    view! {
                        <ConflictPanel
                            conflict
                            on_rebase=move || writes.rebase(&rebased)
                            on_cancel=move || phase.set(Phase::Edit)
                        />
                    }
                    .into_any()
                }
            }}
            <Show when=move || deleting.get()>
                <DeleteDialog
                    description
                    id=editing.id.get_value()
                    name=editing.name()
                    owned=editing.owned()
                    pending=writes.delete.pending()
                    on_cancel=Callback::new(move |()| deleting.set(false))
                    on_confirm=Callback::new(move |()| {
                        deleting.set(false);
                        writes.delete.dispatch(());
                    })
                />
            </Show>
        </div>
    }
}
