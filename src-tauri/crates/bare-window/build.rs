fn main() {
    // Workspace-wide cargo commands compile this crate without building its UI first; the
    // embedded folder must exist for them (the benchmark builds the UI before the release).
    std::fs::create_dir_all("ui/dist").expect("ui/dist can be created");
    tauri_build::build()
}
