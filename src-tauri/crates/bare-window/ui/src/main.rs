//! One line in a `<main>` marked ready at once: the first screen of the bare window.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    leptos::mount::mount_to_body(|| {
        view! {
            <main data-ready="true">
                <p>"Bare window"</p>
            </main>
        }
    });
}

// Native targets only type-check the workspace; the UI itself exists in the webview alone.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
