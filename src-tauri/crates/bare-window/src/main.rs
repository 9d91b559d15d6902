//! The benchmark's floor: the least a Tauri 2 + Leptos window does before its first screen,
//! so Gatehouse's start-up and memory are judged against it on the same machine and run.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the bare window could not start: {error}");
        std::process::exit(1);
    }
}
