//! The headless subcommands as processes: exit codes, stdout and stderr, with no display.

use std::process::{Command, Output};

use gatehouse_core::configfiles::read;
use gatehouse_core::SANDBOX_SAILPOINT;
use gatehouse_sandbox::{Faults, SandboxConfig};
use gatehouse_tests::{app_binary, files_under, Console};
use serde_json::{json, Value};

/// The `gatehouse` binary with the test's sandbox behind its built-in connections, a config
/// folder of its own, and no display.
fn gatehouse(console: &Console, args: &[&str]) -> Output {
    Command::new(app_binary())
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_CONFIG_HOME", console.config_dir.path())
        .env("GATEHOUSE_SANDBOX_URL", console.sandbox.base_url())
        .env(
            "GATEHOUSE_SANDBOX_CREDENTIALS",
            serde_json::to_string(console.sandbox.credentials()).unwrap(),
        )
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// Several threads: the test blocks on each process while its sandbox answers it.
#[tokio::test(flavor = "multi_thread")]
async fn the_subcommands_run_headless_with_their_exit_codes() {
    let console = Console::start(SandboxConfig::default()).await;
    console.sandbox.set_faults(Faults::default());
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("backup");
    let out_arg = out.to_str().unwrap();
    let fast = ["--pace-requests", "1000", "--pace-seconds", "1"];

    let help = gatehouse(&console, &["--help"]);
    assert!(help.status.success());
    for command in ["export", "diff", "verify"] {
        assert!(text(&help.stdout).contains(command), "{command} in --help");
    }

    let export = gatehouse(
        &console,
        &[
            &[
                "export",
                "--connection",
                SANDBOX_SAILPOINT,
                "--out",
                out_arg,
            ][..],
            &fast,
        ]
        .concat(),
    );
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    assert!(
        text(&export.stdout).contains("complete"),
        "{}",
        text(&export.stdout)
    );
    assert!(
        text(&export.stderr).contains("oauth-clients 1/1"),
        "progress on stderr: {}",
        text(&export.stderr)
    );
    assert!(out.join("manifest.json").is_file());

    let only = folder.path().join("only-pats");
    let export = gatehouse(
        &console,
        &[
            &[
                "export",
                "--connection",
                SANDBOX_SAILPOINT,
                "--type",
                "personal-access-tokens",
                "--out",
                only.to_str().unwrap(),
            ][..],
            &fast,
        ]
        .concat(),
    );
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    assert_eq!(
        read(&only)
            .unwrap()
            .manifest
            .types
            .into_iter()
            .collect::<Vec<_>>(),
        ["personal-access-tokens"]
    );

    let verify = gatehouse(&console, &["verify", out_arg]);
    assert_eq!(verify.status.code(), Some(0), "{}", text(&verify.stderr));
    assert!(text(&verify.stdout).contains("intact"));

    let diff = gatehouse(
        &console,
        &[
            &[
                "diff",
                out_arg,
                "--connection",
                SANDBOX_SAILPOINT,
                "--format",
                "json",
            ][..],
            &fast,
        ]
        .concat(),
    );
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff.stderr));
    let report: Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(report["differences"], json!([]));

    console.app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    let token = console
        .app
        .resource_list("personal-access-tokens", None, &[])
        .await
        .unwrap()
        .remove(0);
    console
        .app
        .resource_delete(
            "personal-access-tokens",
            None,
            token["id"].as_str().unwrap(),
        )
        .await
        .unwrap();
    let drift = gatehouse(
        &console,
        &[
            &["diff", out_arg, "--connection", SANDBOX_SAILPOINT][..],
            &fast,
        ]
        .concat(),
    );
    assert_eq!(drift.status.code(), Some(2), "{}", text(&drift.stderr));
    assert!(
        text(&drift.stdout).contains(&format!(
            "- personal-access-tokens {}",
            token["id"].as_str().unwrap()
        )),
        "{}",
        text(&drift.stdout)
    );

    let two = gatehouse(&console, &["diff", out_arg, out_arg]);
    assert_eq!(two.status.code(), Some(0), "{}", text(&two.stderr));

    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let tampered = files_under(&out)
        .into_keys()
        .find(|path| path != "manifest.json")
        .unwrap();
    std::fs::write(out.join(&tampered), "{}").unwrap();
    let verify = gatehouse(&console, &["verify", out_arg]);
    assert_eq!(verify.status.code(), Some(2));
    assert!(
        text(&verify.stdout).contains(&format!("changed: {tampered}")),
        "{}",
        text(&verify.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        manifest
    );

    let other_vendor = gatehouse(
        &console,
        &[
            &[
                "export",
                "--connection",
                SANDBOX_SAILPOINT,
                "--type",
                "servers",
                "--out",
                out_arg,
            ][..],
            &fast,
        ]
        .concat(),
    );
    assert_eq!(other_vendor.status.code(), Some(1));
    assert!(
        text(&other_vendor.stderr).contains("servers is not a SailPoint"),
        "{}",
        text(&other_vendor.stderr)
    );

    let unknown = gatehouse(
        &console,
        &[
            &[
                "export",
                "--connection",
                "no-such-connection",
                "--out",
                out_arg,
            ][..],
            &fast,
        ]
        .concat(),
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr).contains("no connection is called no-such-connection"),
        "{}",
        text(&unknown.stderr)
    );
    assert!(unknown.stdout.is_empty());
}
