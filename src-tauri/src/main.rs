// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Exit status when there is no display to show the window on.
const NO_DISPLAY: i32 = 2;

fn main() {
    // First: the options reach the web process through the environment, set while no other
    // thread runs.
    gatehouse_shell::web_engine::tune();
    if let Err(error) = gatehouse_shell::require_display() {
        eprintln!("{error}");
        std::process::exit(NO_DISPLAY);
    }
    if let Err(error) = gatehouse_shell::run() {
        eprintln!("Gatehouse could not start: {error}");
        std::process::exit(1);
    }
}
