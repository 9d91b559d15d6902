//! The saved connections' file cannot be read: what that means, that nothing was changed,
//! that the built-in sandbox still works, and a way out that deletes nothing.

use gatehouse_wire::{ApiError, ProfileFileProblem};
use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorPanel, Modal};
use crate::state::{Session, Toasts};

/// Shown above every page while the file cannot be used.
#[component]
pub fn ProfileFileBanner() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        session
            .file_problem()
            .map(|problem| view! { <Banner problem /> })
    }
}

#[component]
fn Banner(problem: ProfileFileProblem) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let move_aside = Action::new_local(move |_: &()| async move {
        match api::move_profile_file_aside().await {
            Ok(moved) => {
                confirming.set(false);
                toasts.show(format!("The old connections file is now {moved}"));
                session.reload();
            }
            Err(failure) => {
                confirming.set(false);
                error.set(Some(failure));
            }
        }
    });
    let path = StoredValue::new(problem.path.clone());
    view! {
        <section id="profile-file-problem" class="warning file-problem" role="alert">
            <h2>"Saved connections could not be read"</h2>
            <p>
                "The connections file " <code class="file-path">{problem.path}</code>
                " could not be read: " <span class="file-reason">{problem.message}</span>
            </p>
            <p>
                "Nothing was changed: Gatehouse leaves the file exactly as it is and does not write over it. "
                "The built-in sandbox connections still work; saving connections waits until the file is moved aside."
            </p>
            <ErrorPanel error />
            <button id="move-file-aside" class="primary" on:click=move |_| confirming.set(true)>
                "Move it aside…"
            </button>
        </section>
        <Show when=move || confirming.get()>
            <Modal
                id="move-aside-dialog"
                title="Move the connections file aside?"
                on_escape=move || confirming.set(false)
            >
                <p>
                    "Gatehouse renames " <code>{path.get_value()}</code>
                    " to profiles.json.corrupt-<date and time> in the same folder, and starts again with no saved connections."
                </p>
                <p>
                    "Nothing is deleted: the old file can be repaired and put back. "
                    "The client secrets of the connections in it stay in the system keychain."
                </p>
                <div class="actions">
                    <button
                        id="confirm-move-aside"
                        class="primary"
                        disabled=move || move_aside.pending().get()
                        on:click=move |_| {
                            move_aside.dispatch(());
                        }
                    >
                        "Move it aside"
                    </button>
                    <button id="cancel-move-aside" class="secondary" autofocus on:click=move |_| confirming.set(false)>
                        "Cancel"
                    </button>
                </div>
            </Modal>
        </Show>
    }
}
