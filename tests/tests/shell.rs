//! The shell binary as people and builds meet it: started where there is no display, and
//! compiled for release without the embedded UI.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use gatehouse_tests::{app_binary, workspace_root, ChildGuard};

/// Runs `command` to its end, or fails the test once `limit` has passed (the guard then
/// stops the process).
fn finish_within(name: &'static str, command: &mut Command, limit: Duration) -> Output {
    let mut process = ChildGuard::spawn(
        name,
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    );
    // Pipes drain on threads, so a chatty process cannot block on a full pipe meanwhile.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        process
            .child()
            .stdout
            .take()
            .map(|pipe| Box::new(pipe) as _),
    );
    let stderr = drain(
        process
            .child()
            .stderr
            .take()
            .map(|pipe| Box::new(pipe) as _),
    );
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = process
            .child()
            .try_wait()
            .expect("the process can be waited on")
        {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "{name} did not finish within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Starts the app with `display` as its only display setting, and asserts it refuses in one
/// plain line with exit status 2.
fn assert_refuses_without_a_display(display: Option<&str>) {
    let home = tempfile::tempdir().unwrap();
    let mut app = Command::new(app_binary());
    app.env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // Without WAYLAND_DISPLAY GTK still tries `wayland-0` in the runtime folder: an empty one.
        .env("XDG_RUNTIME_DIR", home.path())
        .env("XDG_CONFIG_HOME", home.path())
        // A panic would print its backtrace: the test would see it.
        .env("RUST_BACKTRACE", "1");
    if let Some(display) = display {
        app.env("DISPLAY", display);
    }
    let output = finish_within("gatehouse", &mut app, Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit status; stderr: {stderr}"
    );
    assert_eq!(lines.len(), 1, "one line on stderr: {stderr}");
    assert!(
        lines[0].starts_with("Gatehouse needs a graphical display: "),
        "{stderr}"
    );
    let lowercase = stderr.to_lowercase();
    assert!(
        !lowercase.contains("panicked") && !lowercase.contains("backtrace"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing on stdout");
}

#[test]
fn without_a_display_the_app_says_so_in_one_line_and_exits_2() {
    assert_refuses_without_a_display(None);
}

#[test]
fn with_a_display_nobody_serves_the_app_says_so_in_one_line_and_exits_2() {
    let number = (900..1000)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("a display number without a server");
    assert_refuses_without_a_display(Some(&format!(":{number}")));
}

/// A release build has debug assertions off; the guard in `src-tauri/src/lib.rs` keys on that
/// and on the `custom-protocol` feature. A real `cargo build --release` costs minutes of LTO
/// here, so this checks the same crate with only its own debug assertions turned off: the
/// dependencies are those every dev build already checked, and what it proves is the same
/// `compile_error!` stopping the same crate.
#[test]
fn a_release_build_without_the_embedded_ui_does_not_compile() {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("debug-assertions"),
        "no profile turns debug assertions back on, so every release build meets the guard"
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = finish_within(
        "cargo check",
        Command::new(cargo).current_dir(workspace_root()).args([
            "check",
            "--quiet",
            "-p",
            "gatehouse",
            "--lib",
            "--config",
            "profile.dev.package.gatehouse.debug-assertions=false",
        ]),
        Duration::from_secs(600),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the check failed: {stderr}");
    assert!(
        stderr.contains("release builds of gatehouse need `--features custom-protocol`"),
        "it failed for want of the feature: {stderr}"
    );
}
