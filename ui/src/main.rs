//! Gatehouse's front end: Leptos, client-side rendered, talking to the shell through Tauri
//! commands only.

mod api;
mod app;
mod components;
mod editor;
mod marks;
mod pages;
mod shell;
mod state;

fn main() {
    marks::mark("wasm-started");
    console_error_panic_hook::set_once();
    // index.html's frame, drawn while this module loaded: the app's own frame replaces it in
    // the same turn, so the window always shows one of them.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
    marks::mark("mounted");
}
