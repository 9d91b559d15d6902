//! A modal dialog: focus moves into it when it opens, Esc does what its cancel button does.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What takes the focus when a dialog opens: the element marked `autofocus`, else the first
/// control.
const FIRST_FOCUS: &str = "[autofocus], input, select, textarea, button";

#[component]
pub fn Modal(
    /// The dialog's element id; its title gets `{id}-title`.
    id: &'static str,
    #[prop(into)] title: String,
    /// Esc: the same as the dialog's cancel button.
    on_escape: impl Fn() + 'static,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let target = panel
                .query_selector(FIRST_FOCUS)
                .ok()
                .flatten()
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
            let _focused = match target {
                Some(control) => control.focus(),
                None => panel.focus(),
            };
        }
    });
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <div class="modal-backdrop">
            <div
                id=id
                class="modal"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                tabindex="-1"
                node_ref=panel
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        event.stop_propagation();
                        on_escape();
                    }
                }
            >
                <h2 id=title_id>{title}</h2>
                {children()}
            </div>
        </div>
    }
}
