//! No lost work: leaving a form with unsaved edits (another page, another connection, closing
//! the window) asks first.

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

type Leave = Box<dyn FnOnce()>;

#[derive(Clone, Copy)]
pub struct UnsavedGuard {
    /// Whether the form on screen has edits; the editor registers it while it is mounted.
    dirty: RwSignal<Option<Signal<bool>>>,
    /// What to do once the user agrees to discard the edits; `Some` while the dialog is open.
    pending: StoredValue<Option<Leave>, LocalStorage>,
    asking: RwSignal<bool>,
}

impl UnsavedGuard {
    pub fn new() -> Self {
        Self {
            dirty: RwSignal::new(None),
            pending: StoredValue::new_local(None),
            asking: RwSignal::new(false),
        }
    }

    /// Registers the editor's "has unsaved edits" until the calling component unmounts.
    pub fn watch(&self, dirty: Signal<bool>) {
        self.dirty.set(Some(dirty));
        let registered = self.dirty;
        // Only our own: the next page's editor may have registered already.
        on_cleanup(move || {
            if registered.get_untracked() == Some(dirty) {
                registered.set(None);
            }
        });
    }

    pub fn is_dirty(&self) -> bool {
        // `try_get`: the editor's signal may already be gone while the page is torn down.
        self.dirty
            .get_untracked()
            .and_then(|dirty| dirty.try_get_untracked())
            .unwrap_or(false)
    }

    pub fn asking(&self) -> bool {
        self.asking.get()
    }

    /// Runs `leave` now, or after the user agreed to discard the unsaved edits.
    pub fn leave(&self, leave: impl FnOnce() + 'static) {
        if self.is_dirty() {
            self.pending.set_value(Some(Box::new(leave)));
            self.asking.set(true);
        } else {
            leave();
        }
    }

    pub fn discard(&self) {
        self.asking.set(false);
        self.dirty.set(None);
        if let Some(leave) = self.pending.try_update_value(Option::take).flatten() {
            leave();
        }
    }

    pub fn stay(&self) {
        self.asking.set(false);
        self.pending.set_value(None);
    }

    /// For an in-app link: the router follows it unless there are edits to ask about first.
    pub fn on_link_click(self, href: String) -> impl Fn(MouseEvent) + Clone + 'static {
        let navigate = leptos_router::hooks::use_navigate();
        move |event: MouseEvent| {
            if self.is_dirty() {
                event.prevent_default();
                let (navigate, href) = (navigate.clone(), href.clone());
                self.leave(move || navigate(&href, Default::default()));
            }
        }
    }

    /// Asks before the window closes with unsaved edits. Outside Tauri (a plain browser during
    /// development) there is no window API and nothing to hook.
    pub fn guard_window_close(self) {
        let Ok(window) = current_window() else {
            return;
        };
        let handler = Closure::<dyn FnMut(CloseRequested)>::new(move |event: CloseRequested| {
            if self.is_dirty() {
                event.prevent_default();
                self.leave(|| {
                    if let Ok(window) = current_window() {
                        let _closing = window.destroy();
                    }
                });
            }
        });
        let _listening = window.on_close_requested(&handler);
        // The listener lives as long as the window, so its closure must too.
        handler.forget();
    }
}

#[wasm_bindgen]
extern "C" {
    type TauriWindow;
    type CloseRequested;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "window"], js_name = getCurrentWindow, catch)]
    fn current_window() -> Result<TauriWindow, JsValue>;

    #[wasm_bindgen(method, js_name = onCloseRequested)]
    fn on_close_requested(
        this: &TauriWindow,
        handler: &Closure<dyn FnMut(CloseRequested)>,
    ) -> js_sys::Promise;

    #[wasm_bindgen(method)]
    fn destroy(this: &TauriWindow) -> js_sys::Promise;

    #[wasm_bindgen(method, js_name = preventDefault)]
    fn prevent_default(this: &CloseRequested);
}
