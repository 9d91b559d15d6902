//! Configuration as files against a tenant: exports of both vendors read back as what the API
//! returned, byte for byte the same twice, without secrets, through rate limits and server
//! errors, cancelled without harm, compared with the live tenant. The subcommands as
//! processes: `export_cli.rs`.

use std::collections::BTreeMap;
use std::time::Duration;

use gatehouse_core::configfiles::{
    prepare, read, Change, Comparison, ExportOptions, Format, Layout, Snapshot,
};
use gatehouse_core::{
    CancelFlag, Pace, ReadOptions, SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT, WRITING,
};
use gatehouse_sandbox::{Faults, RateLimit, SandboxConfig};
use gatehouse_tests::{files_under, unpaced, Console};
use gatehouse_wire::catalog::resource;
use gatehouse_wire::{ErrorKind, ExportFormat, ExportLayout, ExportRequest, SaveOutcome};
use serde_json::{json, Value};

const CONNECTIONS: [&str; 2] = [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY];

/// A sandbox without rate limit: these tests are about content, not pacing.
async fn console() -> Console {
    Console::unlimited(SandboxConfig::default()).await
}

fn options() -> ReadOptions {
    unpaced()
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
        let (mut first, mut second) = (files_under(&first), files_under(&second));
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
            for (path, bytes) in files_under(&destination) {
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
    let before = files_under(&destination);
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
        assert_eq!(files_under(&destination), before, "cancelled at {stage}");
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

/// The window's export: one at a time, its progress readable while it runs, cancelled from
/// another command, and summed up from its manifest once done.
#[tokio::test]
async fn the_windows_export_runs_alone_reports_progress_and_stops_when_cancelled() {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    let request = ExportRequest {
        connection: SANDBOX_CLOUDENTITY.to_owned(),
        types: Vec::new(),
        format: ExportFormat::Yaml,
        layout: ExportLayout::File,
        include_secrets: false,
        include_volatile: false,
        auth_user_ids: Vec::new(),
        destination: folder.path().join("backup").display().to_string(),
    };
    console.sandbox.set_faults(Faults {
        latency: Duration::from_millis(100),
        ..Faults::default()
    });
    let app = &console.app;
    let (first, second) = tokio::join!(app.export_configuration(&request), async {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while app.export_progress().is_empty() {
            assert!(tokio::time::Instant::now() < deadline, "no progress shown");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let second = app.export_configuration(&request).await;
        app.cancel_export();
        second
    });
    assert_eq!(second.unwrap_err().kind, ErrorKind::Conflict);
    assert_eq!(first.unwrap_err().kind, ErrorKind::Cancelled);
    assert!(!folder.path().join("backup").exists(), "nothing written");

    console.sandbox.set_faults(Faults::default());
    let summary = app.export_configuration(&request).await.unwrap();
    let exported = read(&folder.path().join("backup")).unwrap();
    assert!(summary.complete);
    assert_eq!(summary.counts, exported.manifest.counts);
    assert_eq!(summary.files, exported.manifest.files.len() + 1);
    assert_eq!(
        summary.redacted,
        exported.manifest.redacted.values().sum::<usize>()
    );
    assert!(summary.redacted > 0, "the sandbox's client secrets");
    let progress = app.export_progress();
    assert!(
        progress
            .iter()
            .all(|line| line.done == line.total && line.total > 0),
        "{progress:?}"
    );
    assert_eq!(
        progress.last().map(|line| line.resource.as_str()),
        Some(WRITING)
    );
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
