//! Checks for a usable display before Tauri starts: Tauri panics with a backtrace when GTK
//! cannot open one, where a person needs one line saying what is missing.

/// Why the window cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum NoDisplay {
    #[error("Gatehouse needs a graphical display: neither DISPLAY nor WAYLAND_DISPLAY is set")]
    Unset,
    #[error("Gatehouse needs a graphical display: none could be opened at {0}")]
    Unusable(String),
}

/// Opens the display the window will use, or says why there is none. Call it on the thread
/// that runs the window (the main thread): GTK stays bound to the thread that initialised it.
#[cfg(any(
    target_os = "linux",
    target_os = "dragonfly",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
))]
pub fn require_display() -> Result<(), NoDisplay> {
    let variable = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|value| !value.is_empty())
            .map(|value| format!("{name}={value}"))
    };
    let named: Vec<String> = ["WAYLAND_DISPLAY", "DISPLAY"]
        .into_iter()
        .filter_map(variable)
        .collect();
    if named.is_empty() {
        return Err(NoDisplay::Unset);
    }
    // Tauri initialises GTK again later; a second call returns at once.
    gtk::init().map_err(|_| NoDisplay::Unusable(named.join(" or ")))
}

/// Elsewhere the window system is always there.
#[cfg(not(any(
    target_os = "linux",
    target_os = "dragonfly",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
)))]
pub fn require_display() -> Result<(), NoDisplay> {
    Ok(())
}
