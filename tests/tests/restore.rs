//! Restore from an export: a plan of the differences picked, in dependency order, each item
//! refused if its object changed since; a journal that lets a second run finish what a
//! failure left; a corrupt export that plans nothing and deletes nothing; never a placeholder
//! sent. The subcommands as processes: `export_cli.rs`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use gatehouse_core::configfiles::plan::{Action, Journal, Outcome, Plan};
use gatehouse_core::configfiles::redact::PLACEHOLDER_PREFIX;
use gatehouse_core::configfiles::{Change, Comparison, ExportOptions};
use gatehouse_core::{
    ApplyReport, Gatehouse, NewSecret, Picks, ReadOptions, SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT,
};
use gatehouse_sandbox::{Faults, Sandbox, SandboxConfig};
use gatehouse_tests::{unpaced, Console};
use gatehouse_wire::{ApiError, ErrorKind, ObjectRef, RestorePicks, SaveOutcome};
use serde_json::{json, Value};

async fn console() -> Console {
    Console::unlimited(SandboxConfig::default()).await
}

fn options() -> ReadOptions {
    unpaced()
}

async fn export(app: &Gatehouse, connection: &str, to: &Path) {
    app.export(connection, &options(), &ExportOptions::default(), to)
        .await
        .unwrap();
}

/// A console whose connection was just exported to `before` (in `folder`, which lives as
/// long as this), that connection active.
struct Exported {
    console: Console,
    folder: tempfile::TempDir,
    before: std::path::PathBuf,
}

async fn exported(connection: &str) -> Exported {
    let console = console().await;
    let folder = tempfile::tempdir().unwrap();
    let before = folder.path().join("before");
    export(&console.app, connection, &before).await;
    console.app.select_profile(connection).await.unwrap();
    Exported {
        console,
        folder,
        before,
    }
}

async fn rename(app: &Gatehouse, key: &str, scope: Option<&str>, object: &Value, field: &str) {
    let id = object["id"].as_str().unwrap();
    let mut renamed = object.clone();
    renamed[field] = json!(format!("{} (renamed)", object[field].as_str().unwrap()));
    let saved = app
        .resource_save(key, scope, Some(id), object, &renamed)
        .await
        .unwrap();
    assert!(matches!(saved, SaveOutcome::Saved { .. }));
}

fn listed(comparison: &Comparison) -> Vec<(String, String, Change)> {
    comparison
        .differences
        .iter()
        .filter(|difference| difference.resource != "configuration")
        .map(|d| (d.resource.clone(), d.id.clone(), d.change))
        .collect()
}

/// No request the sandbox received carries a placeholder for a secret.
fn assert_no_placeholder_sent(sandbox: &Sandbox) {
    for request in sandbox.requests() {
        let body = request
            .body
            .map(|body| body.to_string())
            .unwrap_or_default();
        assert!(
            !body.contains(PLACEHOLDER_PREFIX),
            "{} {} sent a placeholder: {body}",
            request.method,
            request.path
        );
    }
}

/// Keeps the new secrets a run hands over.
fn keeper(kept: &mut Vec<NewSecret>) -> impl FnMut(NewSecret) -> Result<(), ApiError> + Send + '_ {
    move |secret| {
        kept.push(secret);
        Ok(())
    }
}

/// Plans the restore of `connection` to the export in `dir` and writes the plan beside it.
async fn plan_to_file(
    app: &Gatehouse,
    connection: &str,
    dir: &Path,
    picks: &Picks,
) -> (Plan, std::path::PathBuf) {
    let plan = app
        .plan_restore(connection, dir, picks, &options())
        .await
        .unwrap();
    let path = dir.with_extension("plan.json");
    plan.write(&path).unwrap();
    (plan, path)
}

/// Applies the plan at `path`, its new secrets dropped.
async fn apply(app: &Gatehouse, connection: &str, path: &Path) -> Result<ApplyReport, ApiError> {
    app.apply_plan(connection, path, &mut keeper(&mut Vec::new()))
        .await
}

#[tokio::test]
async fn a_plan_restores_a_change_a_delete_and_an_addition_in_order_and_a_second_compare_is_empty()
{
    let Exported {
        console,
        folder: _folder,
        before,
    } = exported(SANDBOX_SAILPOINT).await;
    let app = &console.app;
    let clients = app.resource_list("oauth-clients", None, &[]).await.unwrap();
    rename(app, "oauth-clients", None, &clients[0], "name").await;
    let renamed_id = clients[0]["id"].as_str().unwrap().to_owned();
    let added = app
        .resource_create(
            "oauth-clients",
            None,
            &json!({
                "name": "Added since", "enabled": true, "grantTypes": ["CLIENT_CREDENTIALS"],
                "accessTokenValiditySeconds": 750, "description": "new", "accessType": "OFFLINE",
            }),
        )
        .await
        .unwrap();
    let added_id = added.object["id"].as_str().unwrap().to_owned();
    let removed_id = clients[1]["id"].as_str().unwrap().to_owned();
    app.resource_delete("oauth-clients", None, &removed_id)
        .await
        .unwrap();

    // Without naming it, the added client is not deleted; named, it is, last.
    let (plan, _) = plan_to_file(app, SANDBOX_SAILPOINT, &before, &Picks::default()).await;
    assert!(plan.items.iter().all(|item| item.action != Action::Delete));
    let picks = Picks {
        only: None,
        delete: BTreeSet::from([("oauth-clients".to_owned(), added_id.clone())]),
    };
    let (plan, plan_path) = plan_to_file(app, SANDBOX_SAILPOINT, &before, &picks).await;
    // Creates and updates of one type run by id; deletes after them.
    let mut restored = [
        (renamed_id.as_str(), Action::Update),
        (removed_id.as_str(), Action::Create),
    ];
    restored.sort_by_key(|(id, _)| *id);
    let [first, second] = restored;
    let steps: Vec<(usize, &str, &str, Action)> = plan
        .items
        .iter()
        .map(|item| {
            (
                item.step,
                item.resource.as_str(),
                item.id.as_str(),
                item.action,
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (1, "oauth-clients", first.0, first.1),
            (2, "oauth-clients", second.0, second.1),
            (3, "oauth-clients", added_id.as_str(), Action::Delete),
        ]
    );
    let update = plan
        .items
        .iter()
        .find(|item| item.action == Action::Update)
        .and_then(|item| item.request.as_ref())
        .unwrap();
    assert_eq!(update.method, "PATCH");
    assert_eq!(
        update.body[0]["path"],
        json!("/name"),
        "a JSON Patch of the name"
    );
    assert!(plan
        .items
        .iter()
        .all(|item| item.live_fingerprint.is_some() == (item.action != Action::Create)));
    assert!(!std::fs::read_to_string(&plan_path)
        .unwrap()
        .contains(PLACEHOLDER_PREFIX));

    let mut secrets = Vec::new();
    let report = app
        .apply_plan(SANDBOX_SAILPOINT, &plan_path, &mut keeper(&mut secrets))
        .await
        .unwrap();
    assert_eq!(
        (report.done, report.refused.len(), report.failed.len()),
        (3, 0, 0),
        "{report:?}"
    );
    assert_eq!(secrets.len(), 1, "the re-created client's new secret, once");
    assert_eq!(secrets[0].resource, "oauth-clients");
    assert_no_placeholder_sent(&console.sandbox);

    // Nothing is left: the re-created client is compared under the id the vendor gave it,
    // which the journal and Gatehouse's record of the tenant both hold.
    let new_id = secrets[0].id.clone();
    assert_ne!(new_id, removed_id);
    let after = app
        .diff_live(SANDBOX_SAILPOINT, &before, &options())
        .await
        .unwrap();
    assert_eq!(listed(&after), [], "{:?}", after.differences);
    let journal = Journal::open(&plan_path).unwrap();
    assert_eq!(
        journal
            .created_ids()
            .get(&("oauth-clients".to_owned(), removed_id.clone())),
        Some(&new_id)
    );

    // Run again: everything was done, nothing is sent.
    let writes_before = console.sandbox.requests().len();
    let again = app
        .apply_plan(SANDBOX_SAILPOINT, &plan_path, &mut keeper(&mut secrets))
        .await
        .unwrap();
    assert_eq!((again.done, again.already_done), (0, 3));
    let sent: Vec<_> = console.sandbox.requests()[writes_before..]
        .iter()
        .filter(|request| request.method != "GET")
        .map(|request| format!("{} {}", request.method, request.path))
        .collect();
    assert!(sent.is_empty(), "{sent:?}");

    // A plan made now from the same export has nothing to do: the client is not re-created
    // a second time.
    let (plan, _) = plan_to_file(app, SANDBOX_SAILPOINT, &before, &Picks::default()).await;
    assert!(plan.is_empty(), "{:?}", plan.items);

    // Changed later, the re-created client is a change under its live id, and restored by
    // an update of that object.
    let recreated = app
        .resource_get("oauth-clients", None, Some(&new_id))
        .await
        .unwrap()
        .unwrap();
    rename(app, "oauth-clients", None, &recreated, "name").await;
    let drift = app
        .diff_live(SANDBOX_SAILPOINT, &before, &options())
        .await
        .unwrap();
    assert_eq!(
        listed(&drift),
        [("oauth-clients".to_owned(), new_id.clone(), Change::Changed)]
    );
    let (plan, plan_path) = plan_to_file(app, SANDBOX_SAILPOINT, &before, &Picks::default()).await;
    let request = plan.items[0].request.as_ref().unwrap();
    assert_eq!(
        (
            plan.items.len(),
            plan.items[0].action,
            request.method.as_str()
        ),
        (1, Action::Update, "PATCH")
    );
    assert!(request.path.ends_with(&new_id), "{}", request.path);
    let report = apply(app, SANDBOX_SAILPOINT, &plan_path).await.unwrap();
    assert_eq!(report.done, 1, "{report:?}");
    let after = app
        .diff_live(SANDBOX_SAILPOINT, &before, &options())
        .await
        .unwrap();
    assert_eq!(listed(&after), []);
}

#[tokio::test]
async fn a_change_between_plan_and_apply_stops_that_item_and_no_other_tenant_takes_the_plan() {
    let Exported {
        console,
        folder: _folder,
        before,
    } = exported(SANDBOX_SAILPOINT).await;
    let app = &console.app;
    let clients = app.resource_list("oauth-clients", None, &[]).await.unwrap();
    assert!(clients.len() >= 2, "the sandbox has two OAuth clients");
    for client in &clients[..2] {
        rename(app, "oauth-clients", None, client, "name").await;
    }
    let (plan, plan_path) = plan_to_file(app, SANDBOX_SAILPOINT, &before, &Picks::default()).await;
    assert_eq!(plan.items.len(), 2);

    let refused = apply(app, SANDBOX_CLOUDENTITY, &plan_path)
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Validation, "{refused:?}");

    // A colleague changes the first one again after the plan.
    let changed_id = plan.items[0].id.clone();
    let current = app
        .resource_get("oauth-clients", None, Some(&changed_id))
        .await
        .unwrap()
        .unwrap();
    rename(app, "oauth-clients", None, &current, "description").await;
    let report = apply(app, SANDBOX_SAILPOINT, &plan_path).await.unwrap();
    assert_eq!(report.done, 1);
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].id, changed_id);
    let still = app
        .resource_get("oauth-clients", None, Some(&changed_id))
        .await
        .unwrap()
        .unwrap();
    assert!(
        still["name"].as_str().unwrap().ends_with("(renamed)"),
        "the refused item was not sent"
    );
    let journal = Journal::open(&plan_path).unwrap();
    assert!(matches!(
        journal.entries()[0].outcome,
        Outcome::Refused { .. }
    ));
}

#[tokio::test]
async fn a_failed_step_is_done_by_a_second_run_which_skips_what_the_first_finished() {
    let Exported {
        console,
        folder: _folder,
        before,
    } = exported(SANDBOX_CLOUDENTITY).await;
    let app = &console.app;
    let consents = app.resource_list("consents", None, &[]).await.unwrap();
    assert!(consents.len() >= 2, "the sandbox has two consents");
    rename(app, "consents", None, &consents[0], "name").await;
    // The second is deleted and one of the same name made: its re-creation will clash.
    let (gone, gone_id) = (&consents[1], consents[1]["id"].as_str().unwrap());
    app.resource_delete("consents", None, gone_id)
        .await
        .unwrap();
    let mut twin = gone.clone();
    for field in ["id", "tenant_id"] {
        twin.as_object_mut().unwrap().remove(field);
    }
    let twin = app.resource_create("consents", None, &twin).await.unwrap();

    let (plan, plan_path) =
        plan_to_file(app, SANDBOX_CLOUDENTITY, &before, &Picks::default()).await;
    let mut actions: Vec<_> = plan
        .items
        .iter()
        .map(|item| (item.resource.as_str(), item.id.as_str(), item.action))
        .collect();
    actions.sort_by_key(|(_, id, _)| *id != consents[0]["id"].as_str().unwrap());
    assert_eq!(
        actions,
        [
            (
                "consents",
                consents[0]["id"].as_str().unwrap(),
                Action::Update
            ),
            ("consents", gone_id, Action::Create)
        ]
    );

    let first = apply(app, SANDBOX_CLOUDENTITY, &plan_path).await.unwrap();
    assert_eq!((first.done, first.failed.len()), (1, 1), "{first:?}");
    assert_eq!(first.failed[0].action, Action::Create);

    // The administrator removes the twin; the second run does only the create.
    app.resource_delete("consents", None, twin.object["id"].as_str().unwrap())
        .await
        .unwrap();
    let second = apply(app, SANDBOX_CLOUDENTITY, &plan_path).await.unwrap();
    assert_eq!(
        (second.already_done, second.done, second.failed.len()),
        (1, 1, 0),
        "{second:?}"
    );
    let updated = app
        .resource_get("consents", None, Some(consents[0]["id"].as_str().unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(updated["name"], consents[0]["name"], "the rename undone");
    let restored = app.resource_list("consents", None, &[]).await.unwrap();
    assert!(restored
        .iter()
        .any(|consent| consent["name"] == gone["name"]));
    assert_no_placeholder_sent(&console.sandbox);
}

#[tokio::test]
async fn a_corrupt_export_file_plans_nothing_and_sends_nothing() {
    let console = console().await;
    let app = &console.app;
    let folder = tempfile::tempdir().unwrap();
    let before = folder.path().join("before");
    export(app, SANDBOX_SAILPOINT, &before).await;
    let client_file = std::fs::read_dir(before.join("oauth-clients"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(&client_file, "{\"id\": \"cut short").unwrap();
    let requests_before = console.sandbox.requests().len();
    let error = app
        .plan_restore(SANDBOX_SAILPOINT, &before, &Picks::default(), &options())
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation, "{error:?}");
    assert!(error.message.contains("not valid"), "{}", error.message);
    assert_eq!(
        console.sandbox.requests().len(),
        requests_before,
        "nothing read, nothing sent"
    );
    let typo = Picks {
        only: Some(BTreeSet::from([(
            "oauth-clients".to_owned(),
            "no-such-id".to_owned(),
        )])),
        delete: BTreeSet::new(),
    };
    std::fs::remove_dir_all(&before).unwrap();
    export(app, SANDBOX_SAILPOINT, &before).await;
    let error = app
        .plan_restore(SANDBOX_SAILPOINT, &before, &typo, &options())
        .await
        .unwrap_err();
    assert!(error.message.contains("no-such-id"), "{}", error.message);
}

#[tokio::test]
async fn a_client_recreated_from_a_redacted_export_gets_a_new_secret_and_no_placeholder_is_sent() {
    let Exported {
        console,
        folder: _folder,
        before,
    } = exported(SANDBOX_CLOUDENTITY).await;
    let app = &console.app;
    let client = app
        .resource_list("clients", Some("default"), &[])
        .await
        .unwrap()
        .into_iter()
        .find(|client| client["system"] != json!(true))
        .expect("a client of the default server");
    let client_id = client["client_id"].as_str().unwrap().to_owned();
    app.resource_delete("clients", Some("default"), &client_id)
        .await
        .unwrap();

    let (plan, plan_path) =
        plan_to_file(app, SANDBOX_CLOUDENTITY, &before, &Picks::default()).await;
    let item = plan
        .items
        .iter()
        .find(|item| item.id == client_id)
        .expect("the client planned");
    assert_eq!(item.action, Action::Create);
    assert_eq!(item.scope.as_deref(), Some("default"));
    let needed: Vec<&str> = item
        .needs_value
        .iter()
        .map(|n| n.pointer.as_str())
        .collect();
    assert_eq!(needed, ["/client_secret"], "the redacted secret, left out");
    let body = item.request.as_ref().unwrap().body.to_string();
    assert!(!body.contains(PLACEHOLDER_PREFIX), "{body}");

    let mut secrets = Vec::new();
    let report = app
        .apply_plan(SANDBOX_CLOUDENTITY, &plan_path, &mut keeper(&mut secrets))
        .await
        .unwrap();
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(secrets.len(), 1);
    assert_eq!(secrets[0].field, "client_secret");
    let recreated = console
        .sandbox
        .cloudentity_objects("clients")
        .into_iter()
        .find(|found| found["client_id"] == json!(secrets[0].id))
        .expect("the client re-created");
    assert_eq!(recreated["client_name"], client["client_name"]);
    assert_eq!(recreated["authorization_server_id"], json!("default"));
    assert_no_placeholder_sent(&console.sandbox);
}

#[tokio::test]
async fn an_export_opened_as_a_sandbox_exports_as_itself_and_takes_a_plan_first() {
    let Exported {
        console,
        folder,
        before,
    } = exported(SANDBOX_CLOUDENTITY).await;
    let app = &console.app;
    let after = folder.path().join("after");
    let consent = app
        .resource_list("consents", None, &[])
        .await
        .unwrap()
        .remove(0);
    rename(app, "consents", None, &consent, "name").await;
    export(app, SANDBOX_CLOUDENTITY, &after).await;

    // The tenant as it is now, opened as a sandbox of its own.
    let exported = gatehouse_core::configfiles::read(&after).unwrap();
    let rehearsal = Console::start(SandboxConfig {
        from_export: Some(Box::new(exported.clone())),
        ..SandboxConfig::default()
    })
    .await;
    rehearsal.sandbox.set_faults(Faults::default());
    let again = folder.path().join("again");
    export(&rehearsal.app, SANDBOX_CLOUDENTITY, &again).await;
    let reexported = gatehouse_core::configfiles::read(&again).unwrap();
    let without_system_export = |export: &gatehouse_core::configfiles::Export| {
        let mut resources = export.resources.clone();
        resources.remove("configuration");
        resources
    };
    assert_eq!(
        without_system_export(&reexported),
        without_system_export(&exported),
        "the rehearsal holds exactly what was exported"
    );
    assert_eq!(reexported.manifest.tenant, exported.manifest.tenant);

    // The restore to the earlier export, rehearsed there: the real tenant is untouched.
    let (plan, plan_path) = plan_to_file(
        &rehearsal.app,
        SANDBOX_CLOUDENTITY,
        &before,
        &Picks::default(),
    )
    .await;
    assert_eq!(plan.items.len(), 1, "{:?}", plan.items);
    let report = apply(&rehearsal.app, SANDBOX_CLOUDENTITY, &plan_path)
        .await
        .unwrap();
    assert!(report.is_complete(), "{report:?}");
    let rehearsed = rehearsal
        .app
        .diff_live(SANDBOX_CLOUDENTITY, &before, &options())
        .await
        .unwrap();
    assert!(listed(&rehearsed).is_empty(), "{:?}", rehearsed.differences);
    let real = app
        .diff_live(SANDBOX_CLOUDENTITY, &before, &options())
        .await
        .unwrap();
    assert_eq!(listed(&real).len(), 1, "the real tenant still differs");
}

/// The window's restore: the differences picked planned into the app's folder, applied, the
/// re-created client's new secret kept for the one-time secret dialog (and good for a token
/// from its server); applied again, nothing is left to do.
#[tokio::test]
async fn the_windows_restore_plans_the_picks_applies_them_once_and_keeps_the_new_secret() {
    let console = console().await;
    let app = &console.app;
    let folder = tempfile::tempdir().unwrap();
    let before = folder.path().join("before");
    app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let body = json!({
        "client_name": "Reporting app",
        "authorization_server_id": "default",
        "grant_types": ["client_credentials"],
    });
    let client = app
        .resource_create("clients", Some("default"), &body)
        .await
        .unwrap()
        .object;
    export(app, SANDBOX_CLOUDENTITY, &before).await;
    let client_id = client["client_id"].as_str().unwrap().to_owned();
    app.resource_delete("clients", Some("default"), &client_id)
        .await
        .unwrap();
    let typed = before.display().to_string();

    let nothing = app
        .plan_restore_in_window(SANDBOX_CLOUDENTITY, &typed, &RestorePicks::default())
        .await
        .unwrap_err();
    assert_eq!(nothing.kind, ErrorKind::Validation);
    let picks = RestorePicks {
        restore: vec![ObjectRef {
            resource: "clients".to_owned(),
            id: client_id.clone(),
        }],
        delete: Vec::new(),
    };
    let plan = app
        .plan_restore_in_window(SANDBOX_CLOUDENTITY, &typed, &picks)
        .await
        .unwrap();
    assert_eq!(plan.items.len(), 1, "{plan:?}");
    assert_eq!(plan.items[0].action, Action::Create);
    assert!(
        Path::new(&plan.path).starts_with(console.config_dir.path()),
        "the plan is kept in the app's folder: {}",
        plan.path
    );

    let report = app.apply_restore_plan(SANDBOX_CLOUDENTITY).await.unwrap();
    assert_eq!((report.done, report.already_done), (1, 0), "{report:?}");
    assert_eq!(report.secrets.len(), 1);
    let restored = &report.secrets[0];
    assert_eq!(restored.resource, "clients");
    assert_eq!(restored.scope.as_deref(), Some("default"));
    assert!(restored.object.get("client_secret").is_none());
    let tested = app.test_secret(&restored.secret.handle).await.unwrap();
    assert!(
        tested.token_url.ends_with("/default/oauth2/token"),
        "{tested:?}"
    );
    assert_no_placeholder_sent(&console.sandbox);

    let again = app.apply_restore_plan(SANDBOX_CLOUDENTITY).await.unwrap();
    assert_eq!((again.done, again.already_done), (0, 1), "{again:?}");
    assert!(again.secrets.is_empty());
}

/// Sets `field` of the object `id` in the folder export `dir` of type `key`, as someone
/// editing the file would.
fn edit_exported(dir: &Path, key: &str, id: &str, field: &str, value: Value) {
    let file = std::fs::read_dir(dir.join(key))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(id))
        })
        .unwrap_or_else(|| panic!("{key}/{id} in the export"));
    let mut object: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    object[field] = value;
    std::fs::write(&file, serde_json::to_string_pretty(&object).unwrap()).unwrap();
}

/// The vendor takes a token's expiry only between now and six months ahead: a token whose
/// exported expiry has passed is listed as one the plan cannot restore, with why, before
/// anything is sent; a token still in its window is planned.
#[tokio::test]
async fn a_token_whose_exported_expiry_has_passed_is_unrestorable_and_said_so_in_the_plan() {
    let Exported {
        console,
        folder: _folder,
        before,
    } = exported(SANDBOX_SAILPOINT).await;
    let app = &console.app;
    let tokens = app
        .resource_list("personal-access-tokens", None, &[])
        .await
        .unwrap();
    let [expired, current] = [0, 1].map(|index| tokens[index]["id"].as_str().unwrap().to_owned());
    let in_a_month = SystemTime::now() + Duration::from_secs(30 * 24 * 3600);
    let in_a_month = humantime::format_rfc3339_millis(in_a_month).to_string();
    edit_exported(
        &before,
        "personal-access-tokens",
        &expired,
        "expirationDate",
        json!("2020-01-01T00:00:00.000Z"),
    );
    edit_exported(
        &before,
        "personal-access-tokens",
        &current,
        "expirationDate",
        json!(in_a_month),
    );
    for id in [&expired, &current] {
        app.resource_delete("personal-access-tokens", None, id)
            .await
            .unwrap();
    }

    let writes = console.sandbox.requests().len();
    let (plan, _) = plan_to_file(app, SANDBOX_SAILPOINT, &before, &Picks::default()).await;
    let planned: Vec<(&str, Action)> = plan
        .items
        .iter()
        .filter(|item| item.resource == "personal-access-tokens")
        .map(|item| (item.id.as_str(), item.action))
        .collect();
    assert_eq!(planned, [(current.as_str(), Action::Create)]);
    let unrestorable: Vec<(&str, &str)> = plan
        .unrestorable
        .iter()
        .map(|item| (item.id.as_str(), item.reason.as_str()))
        .collect();
    assert_eq!(
        unrestorable,
        [(
            expired.as_str(),
            "expirationDate: 2020-01-01T00:00:00.000Z has passed: the vendor takes a date \
             between now and 6 months ahead"
        )]
    );
    // A token for the batch session is all that is asked; nothing is written.
    let sent: Vec<_> = console.sandbox.requests()[writes..]
        .iter()
        .filter(|request| request.method != "GET" && request.path != "/oauth/token")
        .map(|request| format!("{} {}", request.method, request.path))
        .collect();
    assert!(sent.is_empty(), "planning writes nothing: {sent:?}");
}
