//! What every page shares, each concern in its own small context.

mod export;
mod guard;
mod new_secret;
mod session;
mod theme;
mod toast;

pub use export::ExportSetup;
pub use guard::UnsavedGuard;
pub use new_secret::{NewSecret, NewSecretHost};
pub use session::{in_sidebar, Session};
pub use theme::{apply_stored as apply_stored_theme, ThemeToggle};
pub use toast::{Toaster, Toasts};

use leptos::prelude::*;

/// Set once the first page has its data: `data-ready` on `<main>`, for tests and benchmarks.
/// Until then the app is built hidden behind index.html's start-up frame, and shown with its
/// data in one drawing; `give_up_waiting` shows it anyway if the first page is slow or never
/// comes (a failed load of the connections, say).
#[derive(Clone, Copy)]
pub struct Ready {
    ready: RwSignal<bool>,
    waited_enough: RwSignal<bool>,
}

/// How long the app stays hidden at most while its first page waits for data.
const LONGEST_HIDDEN: std::time::Duration = std::time::Duration::from_millis(800);

impl Ready {
    pub fn new() -> Self {
        let waited_enough = RwSignal::new(false);
        set_timeout(move || waited_enough.set(true), LONGEST_HIDDEN);
        Self {
            ready: RwSignal::new(false),
            waited_enough,
        }
    }

    pub fn mark(&self) {
        if !self.ready.get_untracked() {
            crate::marks::started();
            self.ready.set(true);
        }
    }

    /// Shows the app now, ready or not.
    pub fn give_up_waiting(&self) {
        self.waited_enough.set(true);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    /// Whether the app is on screen (and the start-up frame gone).
    pub fn shown(&self) -> bool {
        self.ready.get() || self.waited_enough.get()
    }
}
