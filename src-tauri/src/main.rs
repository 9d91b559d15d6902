// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(error) = gatehouse_shell::run() {
        eprintln!("Gatehouse could not start: {error}");
        std::process::exit(1);
    }
}
