//! Light, dark, or whatever the system prefers (the default). An override is remembered in
//! localStorage. The palette in use is always written as `data-theme` on `<html>` (the system's
//! preference resolved, and followed when it changes), so the stylesheet has one dark palette.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Also read by index.html, which sets the palette before the first drawing.
const STORAGE_KEY: &str = "gatehouse.theme";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    fn value(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|theme| theme.value() == value)
            .unwrap_or(Theme::System)
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored() -> Theme {
    storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .map_or(Theme::System, |value| Theme::parse(&value))
}

const PREFERS_DARK: &str = "(prefers-color-scheme: dark)";

fn system_prefers_dark() -> bool {
    window()
        .match_media(PREFERS_DARK)
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn apply(theme: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    let palette = match theme {
        Theme::System if system_prefers_dark() => Theme::Dark,
        Theme::System => Theme::Light,
        chosen => chosen,
    };
    let _applied = root.set_attribute("data-theme", palette.value());
}

fn remember(theme: Theme) {
    if let Some(storage) = storage() {
        let _stored = match theme {
            Theme::System => storage.remove_item(STORAGE_KEY),
            chosen => storage.set_item(STORAGE_KEY, chosen.value()),
        };
    }
}

/// Applies the remembered choice before the first paint, and follows the system's preference
/// while no override is chosen.
pub fn apply_stored() {
    apply(stored());
    if let Ok(Some(query)) = window().match_media(PREFERS_DARK) {
        let follow = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| apply(stored()));
        let _listening =
            query.add_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
        // Listens for the app's whole life.
        follow.forget();
    }
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(stored());
    let choose = move |event: leptos::ev::Event| {
        let chosen = Theme::parse(&event_target_value(&event));
        theme.set(chosen);
        remember(chosen);
        apply(chosen);
    };
    view! {
        <label class="theme-control">
            <span class="visually-hidden">"Theme"</span>
            <select id="theme-toggle" title="Theme" on:change=choose>
                {Theme::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.value() selected=move || theme.get() == option>
                                {option.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
