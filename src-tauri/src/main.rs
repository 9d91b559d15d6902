// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Exit status when there is no display to show the window on.
const NO_DISPLAY: i32 = 2;

fn main() {
    // A subcommand runs headless: it never starts the window's toolkit, so needs no display.
    // Parsing the arguments starts no thread.
    let command = <gatehouse_shell::headless::Cli as clap::Parser>::parse().command;
    // Then, while no other thread runs (the display check starts GTK's): the configuration
    // takes its secrets out of the environment, and the engine's options reach the web process
    // through it.
    let config = gatehouse_core::AppConfig::from_environment().unwrap_or_else(|error| {
        eprintln!("Gatehouse could not start: {error}");
        std::process::exit(1);
    });
    if let Some(command) = command {
        std::process::exit(gatehouse_shell::headless::run(command, config));
    }
    gatehouse_shell::web_engine::tune();
    if let Err(error) = gatehouse_shell::require_display() {
        eprintln!("{error}");
        std::process::exit(NO_DISPLAY);
    }
    if let Err(error) = gatehouse_shell::run(config) {
        eprintln!("Gatehouse could not start: {error}");
        std::process::exit(1);
    }
}
