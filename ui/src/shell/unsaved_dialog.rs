//! The question asked before unsaved edits are left behind.

use leptos::prelude::*;

use crate::components::Modal;
use crate::state::UnsavedGuard;

#[component]
pub fn UnsavedDialog() -> impl IntoView {
    let guard = expect_context::<UnsavedGuard>();
    view! {
        <Show when=move || guard.asking()>
            <Modal id="unsaved-dialog" title="Discard unsaved changes?" on_escape=move || guard.stay()>
                <p>"This form has changes that were not saved. Leaving now loses them."</p>
                <div class="actions">
                    <button id="stay-on-page" class="primary" autofocus on:click=move |_| guard.stay()>
                        "Stay on this page"
                    </button>
                    <button id="discard-changes" class="danger-outline" on:click=move |_| guard.discard()>
                        "Discard changes"
                    </button>
                </div>
            </Modal>
        </Show>
    }
}
