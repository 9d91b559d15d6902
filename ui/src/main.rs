//! Gatehouse's front end: Leptos, client-side rendered, talking to the shell through Tauri
//! commands only.

mod actions;
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
    leptos::mount::mount_to_body(app::App);
    marks::mark("mounted");
}
