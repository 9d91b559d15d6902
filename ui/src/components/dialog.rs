//! A modal dialog: focus moves into it when it opens, Esc does what its cancel button does.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What Tab moves between inside a dialog.
const FOCUSABLE: &str = "input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href]";

/// Tab from the last control goes to the first, Shift+Tab from the first to the last: the
/// page behind a modal dialog is out of reach.
fn keep_focus_inside(panel: &NodeRef<html::Div>, event: &web_sys::KeyboardEvent) {
    let Some(panel) = panel.get_untracked() else {
        return;
    };
    let Ok(controls) = panel.query_selector_all(FOCUSABLE) else {
        return;
    };
    let control = |index: u32| {
        controls
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (control(0), control(controls.length().saturating_sub(1)))
    else {
        return;
    };
    let active = document().active_element();
    let (leaving, wrap_to) = if event.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if active.as_ref() == Some(leaving.as_ref()) {
        event.prevent_default();
        let _focused = wrap_to.focus();
    }
}

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
                on:keydown=move |event| match event.key().as_str() {
                    "Escape" => {
                        event.stop_propagation();
                        on_escape();
                    }
                    "Tab" => keep_focus_inside(&panel, &event),
                    _ => {}
                }
            >
                <h2 id=title_id>{title}</h2>
                {children()}
            </div>
        </div>
    }
}
