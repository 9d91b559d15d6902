//! "Open as sandbox": an export opened as a sandbox tenant behind a connection of this
//! session, active until it is closed; closing stops its sandbox and goes back to the
//! connection it was opened from. The window's side: `e2e.rs`.

use std::time::{Duration, Instant};

use gatehouse_core::configfiles::ExportOptions;
use gatehouse_core::{SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT};
use gatehouse_sandbox::SandboxConfig;
use gatehouse_tests::{unpaced, Console};
use gatehouse_wire::{ErrorKind, ObjectRef, ProfileSource, RestorePicks};

/// Whether anything still answers at `base_url`; polled, as a server stops after its last
/// connection closes.
async fn stops_answering(base_url: &str) -> bool {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if client.get(base_url).send().await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// A console, and its SailPoint sandbox exported into a folder (kept while the test runs), as
/// the path an administrator would type.
async fn sailpoint_exported() -> (Console, tempfile::TempDir, String) {
    let console = Console::unlimited(SandboxConfig::default()).await;
    let folder = tempfile::tempdir().unwrap();
    let export = folder.path().join("tenant");
    console
        .app
        .export(
            SANDBOX_SAILPOINT,
            &unpaced(),
            &ExportOptions::default(),
            &export,
        )
        .await
        .unwrap();
    let typed = export.display().to_string();
    (console, folder, typed)
}

#[tokio::test]
async fn a_rehearsal_is_a_connection_until_closed_and_closing_goes_back_where_it_came_from() {
    let (console, _folder, typed) = sailpoint_exported().await;
    let app = &console.app;
    app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();

    let first = app.open_export_as_sandbox(&typed).await.unwrap();
    assert_eq!(first.source, ProfileSource::Rehearsal);
    assert!(first.active, "the rehearsal is the active connection");
    let drift = app
        .compare_with_live(&first.profile.id, &typed)
        .await
        .unwrap();
    assert!(
        !drift.has_drift(),
        "the rehearsal holds the export: {drift:?}"
    );
    let back = app.close_rehearsal(&first.profile.id).await.unwrap();
    assert_eq!(
        back.profile.id, SANDBOX_CLOUDENTITY,
        "back where it came from"
    );
    assert!(back.active);
    assert!(
        stops_answering(&first.profile.base_url).await,
        "its sandbox stopped"
    );

    // Ids are never reused; closing one that is not active leaves the active one alone; the
    // last one, opened from a rehearsal closed since, goes back to its vendor's sandbox.
    let second = app.open_export_as_sandbox(&typed).await.unwrap();
    let third = app.open_export_as_sandbox(&typed).await.unwrap();
    let ids = [&first, &second, &third].map(|view| view.profile.id.clone());
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
    let still = app.close_rehearsal(&second.profile.id).await.unwrap();
    assert_eq!(still.profile.id, third.profile.id);
    let last = app.close_rehearsal(&third.profile.id).await.unwrap();
    assert_eq!(last.profile.id, SANDBOX_SAILPOINT);
    let listed = app.list_profiles().await.unwrap();
    assert!(
        listed
            .iter()
            .all(|view| view.source != ProfileSource::Rehearsal),
        "no rehearsal is listed once closed"
    );
    let again = app.close_rehearsal(&third.profile.id).await.unwrap_err();
    assert_eq!(again.kind, ErrorKind::NotFound);
}

/// A restore in a rehearsal records the ids it re-created under the rehearsal's address; that
/// sandbox and its objects go with the close, and its port may serve another one later, so the
/// record goes too (the window's and the subcommands' record file keeps no stale tenants).
#[tokio::test]
async fn closing_a_rehearsal_forgets_the_ids_a_restore_re_created_there() {
    let (console, _folder, typed) = sailpoint_exported().await;
    let app = &console.app;
    let rehearsal = app.open_export_as_sandbox(&typed).await.unwrap().profile;
    let clients = app.resource_list("oauth-clients", None, &[]).await.unwrap();
    let gone = clients[0]["id"].as_str().unwrap().to_owned();
    app.resource_delete("oauth-clients", None, &gone)
        .await
        .unwrap();
    let picks = RestorePicks {
        restore: vec![ObjectRef {
            resource: "oauth-clients".to_owned(),
            id: gone.clone(),
        }],
        delete: Vec::new(),
    };
    app.plan_restore_in_window(&rehearsal.id, &typed, &picks)
        .await
        .unwrap();
    let report = app.apply_restore_plan(&rehearsal.id).await.unwrap();
    assert_eq!(report.done, 1, "{report:?}");
    let record = console.config_dir.path().join("recreated-ids.json");
    let recorded = || std::fs::read_to_string(&record).unwrap_or_default();
    assert!(
        recorded().contains(&rehearsal.base_url) && recorded().contains(&gone),
        "the re-created client is recorded under the rehearsal: {}",
        recorded()
    );
    assert!(
        !app.compare_with_live(&rehearsal.id, &typed)
            .await
            .unwrap()
            .has_drift(),
        "restored, the rehearsal holds the export again"
    );

    app.close_rehearsal(&rehearsal.id).await.unwrap();
    assert!(
        !recorded().contains(&rehearsal.base_url),
        "nothing recorded of a closed rehearsal: {}",
        recorded()
    );
}
