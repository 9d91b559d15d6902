//! Configuration as files against a tenant: exports of both vendors read back as what the API
//! returned, byte for byte the same twice, without secrets, through rate limits and server
//! errors, cancelled without harm, compared with the live tenant; and the headless
//! subcommands as processes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use gatehouse_core::configfiles::{
    prepare, read, Change, Comparison, ExportOptions, Format, Layout, Snapshot,
};
use gatehouse_core::{
    CancelFlag, Pace, ReadOptions, SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT, WRITING,
};
use gatehouse_sandbox::{Faults, RateLimit, SandboxConfig};
use gatehouse_tests::{app_binary, Console};
use gatehouse_wire::catalog::resource;
use gatehouse_wire::{ErrorKind, SaveOutcome};
use serde_json::{json, Value};

const CONNECTIONS: [&str; 2] = [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY];

/// A sandbox without rate limit: these tests are about content, not pacing.
async fn console() -> Console {
    let console = Console::start(SandboxConfig::default()).await;
    console.sandbox.set_faults(Faults::default());
    console
}

/// Fast: the sandbox of these tests has no limit.
fn options() -> ReadOptions {
    ReadOptions {
        pace: Pace {
            requests: 1000,
            per: Duration::from_secs(1),
        },
        ..ReadOptions::default()
    }
}

/// Options reading the sandbox's auth users too.
fn with_auth_users(console: &Console) -> ReadOptions {
    let ids = console
        .sandbox
        .auth_users()
        .iter()
        .map(|user| user["id"].as_str().unwrap().to_owned())
        .collect();
    ReadOptions {
        auth_user_ids: ids,
        ..options()
    }
}

fn every_shape() -> Vec<ExportOptions> {
    let mut shapes = Vec::new();
    for format in [Format::Json, Format::Yaml] {
        for layout in [Layout::Folder, Layout::File] {
            shapes.push(ExportOptions {
                format,
                layout,
                ..ExportOptions::default()
            });
        }
    }
    shapes
}

/// Every file under `dir` by its relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

fn ids(snapshot: &Snapshot, key: &str) -> Vec<String> {
    let description = resource(key).unwrap();
    let mut ids: Vec<String> = snapshot.resources[key]
        .iter()
        .filter_map(|object| description.id_of(object).map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn an_export_reads_back_as_what_the_api_returned_in_every_format_and_layout() {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    for connection in CONNECTIONS {
        let options = with_auth_users(&console);
        let snapshot = console.app.read_tenant(connection, &options).await.unwrap();
        assert!(snapshot.failures.is_empty(), "{:?}", snapshot.failures);
        for shape in every_shape() {
            let expected = prepare(snapshot.clone(), &shape).unwrap();
            let destination = folder.path().join(format!(
                "{connection}-{:?}-{:?}",
                shape.format, shape.layout
            ));
            let manifest = console
                .app
                .export(connection, &options, &shape, &destination)
                .await
                .unwrap();
            assert!(manifest.complete, "{connection}: {:?}", manifest.failures);
            let read_back = read(&destination).unwrap();
            assert_eq!(
                read_back.resources, expected.resources,
                "{connection} {shape:?}"
            );
            assert_eq!(read_back.manifest.types, expected.manifest.types);
        }
    }
    // What the export holds is what the API lists, type by type.
    let sailpoint = console
        .app
        .read_tenant(SANDBOX_SAILPOINT, &with_auth_users(&console))
        .await
        .unwrap();
    assert_eq!(
        sailpoint.resources["auth-users"].len(),
        console.sandbox.auth_users().len()
    );
    assert!(!sailpoint.resources["oauth-clients"].is_empty());
    assert_eq!(sailpoint.resources["password-org-config"].len(), 1);
    let cloudentity = console
        .app
        .read_tenant(SANDBOX_CLOUDENTITY, &options())
        .await
        .unwrap();
    for key in [
        "servers",
        "clients",
        "scopes",
        "claims",
        "services",
        "apis",
        "gateways",
        "policies",
        "consents",
        "consent-actions",
        "tenant",
        "configuration",
    ] {
        assert!(!cloudentity.resources[key].is_empty(), "{key} was read");
    }
    // A child is read under every server: each client belongs to a listed server.
    let servers = ids(&cloudentity, "servers");
    for client in &cloudentity.resources["clients"] {
        assert!(servers.contains(
            &client["authorization_server_id"]
                .as_str()
                .unwrap()
                .to_owned()
        ));
    }
}

#[tokio::test]
async fn two_exports_of_an_unchanged_tenant_differ_only_in_the_export_time() {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    for connection in CONNECTIONS {
        let (first, second) = (
            folder.path().join(format!("{connection}-1")),
            folder.path().join(format!("{connection}-2")),
        );
        for destination in [&first, &second] {
            console
                .app
                .export(
                    connection,
                    &options(),
                    &ExportOptions::default(),
                    destination,
                )
                .await
                .unwrap();
        }
        let (mut first, mut second) = (files(&first), files(&second));
        let manifest = |files: &mut BTreeMap<String, Vec<u8>>| {
            let mut manifest: Value =
                serde_json::from_slice(&files.remove("manifest.json").unwrap()).unwrap();
            manifest["exported_at"] = Value::Null;
            manifest
        };
        assert_eq!(manifest(&mut first), manifest(&mut second), "{connection}");
        assert_eq!(first, second, "{connection}");
    }
}

/// Every value the descriptions mark secret in what the API returned, and the sandbox's own.
fn known_secrets(console: &Console, snapshots: &[Snapshot]) -> Vec<String> {
    let credentials = console.sandbox.credentials();
    let mut secrets = vec![
        "sandbox-demo-hashing-secret-0123456789".to_owned(),
        credentials.sailpoint_client_secret.clone(),
        credentials.cloudentity_client_secret.clone(),
    ];
    for snapshot in snapshots {
        for (key, objects) in &snapshot.resources {
            let Some(description) = resource(key) else {
                continue;
            };
            for object in objects {
                for field in description.secret_fields() {
                    if let Some(Value::String(secret)) = object.get(field.name) {
                        secrets.push(secret.clone());
                    }
                }
            }
        }
    }
    secrets
}

#[tokio::test]
async fn no_known_secret_appears_in_a_default_export() {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    let mut snapshots = Vec::new();
    for connection in CONNECTIONS {
        snapshots.push(
            console
                .app
                .read_tenant(connection, &with_auth_users(&console))
                .await
                .unwrap(),
        );
    }
    let secrets = known_secrets(&console, &snapshots);
    assert!(
        secrets.len() > 4,
        "the API returned secrets to hide: {}",
        secrets.len()
    );
    for connection in CONNECTIONS {
        for shape in every_shape() {
            let destination = folder.path().join(format!(
                "{connection}-{:?}-{:?}",
                shape.format, shape.layout
            ));
            let manifest = console
                .app
                .export(connection, &with_auth_users(&console), &shape, &destination)
                .await
                .unwrap();
            assert!(!manifest.secrets_included);
            for (path, bytes) in files(&destination) {
                let text = String::from_utf8(bytes).unwrap();
                for secret in &secrets {
                    assert!(
                        !text.contains(secret.as_str()),
                        "{connection} {shape:?}: a secret in {path}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn a_tight_rate_limit_and_injected_server_errors_lose_nothing() {
    let console = Console::start(SandboxConfig {
        seed: Some(21),
        bulk: 150,
        ..SandboxConfig::default()
    })
    .await;
    console.sandbox.set_faults(Faults::default());
    let folder = tempfile::tempdir().unwrap();
    let mut clean = Vec::new();
    for connection in CONNECTIONS {
        clean.push(
            console
                .app
                .read_tenant(connection, &options())
                .await
                .unwrap(),
        );
    }
    console.sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 10,
            window: Duration::from_secs(1),
        }),
        server_errors_percent: 25,
        ..Faults::default()
    });
    let paced = ReadOptions {
        pace: Pace {
            requests: 8,
            per: Duration::from_secs(1),
        },
        ..ReadOptions::default()
    };
    for (connection, clean) in CONNECTIONS.into_iter().zip(clean) {
        let destination = folder.path().join(connection);
        let manifest = console
            .app
            .export(connection, &paced, &ExportOptions::default(), &destination)
            .await
            .unwrap();
        assert!(manifest.complete, "{connection}: {:?}", manifest.failures);
        let expected = prepare(clean, &ExportOptions::default()).unwrap();
        assert_eq!(
            read(&destination).unwrap().resources,
            expected.resources,
            "{connection}"
        );
    }
    let objects: usize = console.sandbox.requests().len();
    let injected = console
        .sandbox
        .requests()
        .iter()
        .filter(|request| request.fault.is_some())
        .count();
    assert!(
        injected > 0,
        "server errors were injected into {objects} requests"
    );
}

#[tokio::test]
async fn a_cancelled_export_leaves_the_previous_one_as_it_was() {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    let destination = folder.path().join("backup");
    console
        .app
        .export(
            SANDBOX_CLOUDENTITY,
            &options(),
            &ExportOptions::default(),
            &destination,
        )
        .await
        .unwrap();
    std::fs::write(destination.join("README.md"), "kept by the administrator").unwrap();
    let before = files(&destination);
    // Change the tenant so a finished export would differ.
    console
        .app
        .select_profile(SANDBOX_CLOUDENTITY)
        .await
        .unwrap();
    let policy = console
        .app
        .resource_list("policies", None, &[])
        .await
        .unwrap()
        .remove(0);
    console
        .app
        .resource_delete("policies", None, policy["id"].as_str().unwrap())
        .await
        .unwrap();
    // Cancelled while reading, and while writing.
    for stage in ["servers", WRITING] {
        let cancel = CancelFlag::default();
        let on_progress = cancel.clone();
        let options = ReadOptions {
            cancel: cancel.clone(),
            progress: Some(std::sync::Arc::new(
                move |progress: &gatehouse_core::Progress| {
                    if progress.resource == stage && progress.done > 0 {
                        on_progress.cancel();
                    }
                },
            )),
            ..options()
        };
        let error = console
            .app
            .export(
                SANDBOX_CLOUDENTITY,
                &options,
                &ExportOptions::default(),
                &destination,
            )
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Cancelled, "{stage}: {error}");
        assert_eq!(files(&destination), before, "cancelled at {stage}");
        let leftovers: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no staging folder is left: {leftovers:?}"
        );
    }
}

/// An OAuth client as the create form would send it.
static NEW_CLIENT: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
    json!({
        "name": "Added since", "enabled": true, "grantTypes": ["CLIENT_CREDENTIALS"],
        "accessTokenValiditySeconds": 750, "businessName": "Acme",
        "homepageUrl": "https://acme.example", "description": "new", "accessType": "OFFLINE",
        "type": "CONFIDENTIAL", "redirectUris": []
    })
});

#[tokio::test]
async fn a_cancel_ends_a_wait_for_the_rate_limit() {
    let console = console().await;
    // One request per minute: the second waits for the vendor's Retry-After.
    console.sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 1,
            window: Duration::from_secs(60),
        }),
        ..Faults::default()
    });
    let cancel = CancelFlag::default();
    let on_progress = cancel.clone();
    let options = ReadOptions {
        cancel,
        // Cancelled once the first type is read, while the next request waits.
        progress: Some(std::sync::Arc::new(
            move |progress: &gatehouse_core::Progress| {
                if progress.done == 1 {
                    let cancel = on_progress.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        cancel.cancel();
                    });
                }
            },
        )),
        ..options()
    };
    let folder = tempfile::tempdir().unwrap();
    let destination = folder.path().join("never");
    let files = ExportOptions::default();
    // A guard against a hang, not a timing: the wait it ends is a minute.
    let export = console
        .app
        .export(SANDBOX_SAILPOINT, &options, &files, &destination);
    let error = tokio::time::timeout(Duration::from_secs(30), export)
        .await
        .expect("the cancel ended the wait")
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Cancelled);
    assert!(!destination.exists());
    let refused = console
        .sandbox
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count();
    assert_eq!(
        refused, 1,
        "the request waited out its Retry-After until cancelled"
    );
}

/// `(resource, id, change)` of each difference.
fn listed(comparison: &Comparison) -> Vec<(String, String, Change)> {
    comparison
        .differences
        .iter()
        .map(|difference| {
            (
                difference.resource.clone(),
                difference.id.clone(),
                difference.change,
            )
        })
        .collect()
}

#[tokio::test]
async fn compare_lists_exactly_the_objects_changed_added_and_deleted_since_the_export() {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    let before = folder.path().join("before");
    console
        .app
        .export(
            SANDBOX_SAILPOINT,
            &with_auth_users(&console),
            &ExportOptions::default(),
            &before,
        )
        .await
        .unwrap();
    let unchanged = console
        .app
        .diff_live(SANDBOX_SAILPOINT, &before, &options())
        .await
        .unwrap();
    assert!(!unchanged.has_drift(), "{:?}", unchanged.differences);

    let app = &console.app;
    app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    let client = app
        .resource_list("oauth-clients", None, &[])
        .await
        .unwrap()
        .remove(0);
    let client_id = client["id"].as_str().unwrap().to_owned();
    let mut renamed = client.clone();
    renamed["name"] = json!("Renamed since the export");
    let saved = app
        .resource_save("oauth-clients", None, Some(&client_id), &client, &renamed)
        .await
        .unwrap();
    assert!(matches!(saved, SaveOutcome::Saved { .. }));
    let created = app
        .resource_create("oauth-clients", None, &NEW_CLIENT)
        .await
        .unwrap();
    let created_id = created.object["id"].as_str().unwrap().to_owned();
    let token = app
        .resource_list("personal-access-tokens", None, &[])
        .await
        .unwrap()
        .remove(0);
    let token_id = token["id"].as_str().unwrap().to_owned();
    app.resource_delete("personal-access-tokens", None, &token_id)
        .await
        .unwrap();

    let drift = app
        .diff_live(SANDBOX_SAILPOINT, &before, &options())
        .await
        .unwrap();
    let mut expected = vec![
        (
            "oauth-clients".to_owned(),
            client_id.clone(),
            Change::Changed,
        ),
        ("oauth-clients".to_owned(), created_id, Change::Added),
        (
            "personal-access-tokens".to_owned(),
            token_id,
            Change::Removed,
        ),
    ];
    expected.sort_by(|left, right| (&left.0, &left.1).cmp(&(&right.0, &right.1)));
    assert_eq!(listed(&drift), expected);
    let changed = drift
        .differences
        .iter()
        .find(|difference| difference.id == client_id)
        .unwrap();
    let pointers: Vec<&str> = changed
        .fields
        .iter()
        .map(|field| field.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/name"]);

    // Two exports compare the same way.
    let after = folder.path().join("after");
    app.export(
        SANDBOX_SAILPOINT,
        &with_auth_users(&console),
        &ExportOptions::default(),
        &after,
    )
    .await
    .unwrap();
    let between = gatehouse_core::diff_exports(&before, &after).unwrap();
    assert_eq!(listed(&between), expected);

    // A Cloudentity child deleted under its server.
    let before = folder.path().join("cloudentity");
    app.export(
        SANDBOX_CLOUDENTITY,
        &options(),
        &ExportOptions::default(),
        &before,
    )
    .await
    .unwrap();
    app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let scope = app
        .resource_list("scopes", Some("default"), &[])
        .await
        .unwrap()
        .remove(0);
    let scope_id = scope["id"].as_str().unwrap().to_owned();
    app.resource_delete("scopes", Some("default"), &scope_id)
        .await
        .unwrap();
    let drift = app
        .diff_live(SANDBOX_CLOUDENTITY, &before, &options())
        .await
        .unwrap();
    let scopes: Vec<_> = listed(&drift)
        .into_iter()
        .filter(|(key, ..)| key != "configuration")
        .collect();
    assert_eq!(scopes, [("scopes".to_owned(), scope_id, Change::Removed)]);
}

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
    let console = console().await;
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
    let tampered = files(&out)
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
