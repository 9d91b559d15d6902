//! The Tauri shell: the window, its permissions and state, and thin commands that forward to
//! `gatehouse-core`.

mod commands;
mod display;
pub mod headless;
mod ipc;
mod navigation;
pub mod web_engine;

pub use display::{require_display, NoDisplay};

use gatehouse_core::{AppConfig, Gatehouse};

// A release build must serve the UI embedded in the binary: without `custom-protocol` it
// would load whatever answers on the dev server's port.
#[cfg(all(not(debug_assertions), not(feature = "custom-protocol")))]
compile_error!(
    "release builds of gatehouse need `--features custom-protocol`: without it the window loads the UI from the dev server"
);

/// Builds the app state from `config` (read with [`AppConfig::from_environment`] before any
/// thread started) and runs the window until it closes. Call [`require_display`] first, on
/// the same thread.
pub fn run(config: AppConfig) -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let app = Gatehouse::new(config)?;
    tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        // Used from Rust only (`commands::files`): the window has no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation::guard())
        .manage(app)
        // The first page's connection and token are readied while the window is being created.
        .setup(|app| {
            use tauri::Manager as _;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { handle.state::<Gatehouse>().warm_up().await });
            Ok(())
        })
        .invoke_handler(ipc::handler())
        .run(tauri::generate_context!())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use tauri_utils::acl::{capability::Capability, manifest::Manifest, resolved::Resolved};
    use tauri_utils::platform::Target;

    use gatehouse_wire::commands::COMMAND_NAMES;

    /// What the window may invoke, resolved from the permissions and capabilities the build
    /// embedded, as the app resolves them at start-up.
    fn allowed_commands() -> BTreeSet<String> {
        let manifests: BTreeMap<String, Manifest> = serde_json::from_str(include_str!(concat!(
            env!("OUT_DIR"),
            "/acl-manifests.json"
        )))
        .unwrap();
        let capabilities: BTreeMap<String, Capability> =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/capabilities.json")))
                .unwrap();
        Resolved::resolve(&manifests, capabilities, Target::current())
            .expect("the capability resolves")
            .allowed_commands
            .into_keys()
            .collect()
    }

    #[test]
    fn the_window_may_invoke_exactly_the_app_commands_and_what_its_close_guard_needs() {
        let close_guard = ["plugin:event|listen", "plugin:window|destroy"];
        let expected: BTreeSet<String> = COMMAND_NAMES
            .iter()
            .chain(&close_guard)
            .map(|command| command.to_string())
            .collect();
        assert_eq!(allowed_commands(), expected);
    }
}
