//! What every page shares, each concern in its own small context.

mod guard;
mod session;
mod theme;
mod toast;

pub use guard::UnsavedGuard;
pub use session::{on_screen, Session};
pub use theme::{apply_stored as apply_stored_theme, ThemeToggle};
pub use toast::{Toaster, Toasts};

use leptos::prelude::*;

/// Set once the first page has its data: `data-ready` on `<main>`, for tests and benchmarks.
#[derive(Clone, Copy)]
pub struct Ready(RwSignal<bool>);

impl Ready {
    pub fn new() -> Self {
        Self(RwSignal::new(false))
    }

    pub fn mark(&self) {
        if !self.0.get_untracked() {
            crate::marks::started();
            self.0.set(true);
        }
    }

    pub fn is_ready(&self) -> bool {
        self.0.get()
    }
}
