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

/// `plan` and `apply` as processes: a deleted OAuth client planned back (exit 2, the step on
/// stdout), refused without a file for its new secret, then applied with one (exit 0), the
/// secret only there, readable by its owner only; run again, nothing is left to do.
#[tokio::test(flavor = "multi_thread")]
async fn plan_and_apply_restore_headless_and_the_new_secret_goes_only_to_the_named_file() {
    let console = Console::start(SandboxConfig::default()).await;
    console.sandbox.set_faults(Faults::default());
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("backup");
    let out_arg = out.to_str().unwrap();
    let plan = folder.path().join("restore.json");
    let plan_arg = plan.to_str().unwrap();
    let secrets = folder.path().join("secrets.jsonl");
    let fast = ["--pace-requests", "1000", "--pace-seconds", "1"];
    let connection = ["--connection", SANDBOX_SAILPOINT];

    let help = gatehouse(&console, &["--help"]);
    for command in ["plan", "apply"] {
        assert!(text(&help.stdout).contains(command), "{command} in --help");
    }
    let export = gatehouse(
        &console,
        &[&["export", "--out", out_arg][..], &connection, &fast].concat(),
    );
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));

    let nothing = gatehouse(
        &console,
        &[
            &["plan", out_arg, "--out", plan_arg][..],
            &connection,
            &fast,
        ]
        .concat(),
    );
    assert_eq!(nothing.status.code(), Some(0), "{}", text(&nothing.stderr));
    assert!(
        text(&nothing.stdout).contains(": 0 step(s)"),
        "{}",
        text(&nothing.stdout)
    );

    console.app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    let client = console
        .app
        .resource_list("oauth-clients", None, &[])
        .await
        .unwrap()
        .remove(0);
    let id = client["id"].as_str().unwrap();
    console
        .app
        .resource_delete("oauth-clients", None, id)
        .await
        .unwrap();

    let planned = gatehouse(
        &console,
        &[
            &["plan", out_arg, "--out", plan_arg][..],
            &connection,
            &fast,
        ]
        .concat(),
    );
    assert_eq!(planned.status.code(), Some(2), "{}", text(&planned.stderr));
    assert!(
        text(&planned.stdout).contains(&format!("1. create oauth-clients {id}")),
        "{}",
        text(&planned.stdout)
    );
    assert!(text(&planned.stdout).contains("POST /beta/oauth-clients"));

    let refused = gatehouse(&console, &[&["apply", plan_arg][..], &connection].concat());
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("--secrets-file"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!secrets.exists());

    let applied = gatehouse(
        &console,
        &[
            &[
                "apply",
                plan_arg,
                "--secrets-file",
                secrets.to_str().unwrap(),
            ][..],
            &connection,
        ]
        .concat(),
    );
    assert_eq!(applied.status.code(), Some(0), "{}", text(&applied.stderr));
    assert!(
        text(&applied.stdout).contains("1 step(s) done"),
        "{}",
        text(&applied.stdout)
    );
    let kept = std::fs::read_to_string(&secrets).unwrap();
    let line: Value = serde_json::from_str(kept.trim()).unwrap();
    let secret = line["value"].as_str().unwrap();
    assert!(!secret.is_empty());
    assert!(!text(&applied.stdout).contains(secret) && !text(&applied.stderr).contains(secret));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&secrets).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let journal = std::fs::read_to_string(folder.path().join("restore.journal.jsonl")).unwrap();
    assert!(journal.contains("\"outcome\":\"done\""), "{journal}");
    assert!(!journal.contains(secret), "no secret in the journal");

    let again = gatehouse(
        &console,
        &[
            &[
                "apply",
                plan_arg,
                "--secrets-file",
                secrets.to_str().unwrap(),
            ][..],
            &connection,
        ]
        .concat(),
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("0 step(s) done, 1 done before"),
        "{}",
        text(&again.stdout)
    );
}
