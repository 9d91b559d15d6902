//! Short confirmations ("Saved."), shown for a few seconds without blocking anything.

use std::time::Duration;

use leptos::prelude::*;

const SHOWN_FOR: Duration = Duration::from_secs(4);

#[derive(Clone, Copy)]
pub struct Toasts {
    /// The message on screen, numbered so an older timer never hides a newer message.
    current: RwSignal<Option<(u32, String)>>,
}

impl Toasts {
    pub fn new() -> Self {
        Self {
            current: RwSignal::new(None),
        }
    }

    pub fn show(&self, message: impl Into<String>) {
        let number = self
            .current
            .with_untracked(|current| current.as_ref().map_or(0, |(number, _)| number + 1));
        self.current.set(Some((number, message.into())));
        let current = self.current;
        set_timeout(
            move || {
                if current.with_untracked(|shown| shown.as_ref().map(|(n, _)| *n)) == Some(number) {
                    current.set(None);
                }
            },
            SHOWN_FOR,
        );
    }
}

#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toasts" aria-live="polite">
            {move || {
                toasts
                    .current
                    .get()
                    .map(|(_, message)| {
                        view! {
                            <div id="status-message" class="toast" role="status">
                                {message}
                            </div>
                        }
                    })
            }}
        </div>
    }
}
