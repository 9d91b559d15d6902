//! SailPoint administrators already have `sail` configured: its environments are offered as
//! connections, each secret taken from the keychain entry `sail` stored or typed, and the
//! connection saved is one that works.

use gatehouse_core::{
    AppConfig, Gatehouse, SandboxSource, CLIPBOARD_CLEAR_AFTER, KEYCHAIN_SERVICE,
};
use gatehouse_sandbox::{Sandbox, SandboxConfig};
use gatehouse_tests::memory_keychain;
use gatehouse_wire::{ErrorKind, ProfileSource, SecretStorage};

#[tokio::test]
async fn sails_environments_become_connections_with_the_secret_sail_kept() {
    let ledger = memory_keychain();
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let credentials = sandbox.credentials().clone();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.yaml");
    std::fs::write(
        &config,
        format!(
            "activeenvironment: lab\nauthtype: pat\nenvironments:\n  lab:\n    baseurl: {base}\n    tenanturl: {base}\n    pat:\n      clientid: {id}\n  typed:\n    baseurl: {base}\n    pat:\n      clientid: {id}\n  unfinished:\n    tenanturl: https://nowhere.example\n",
            base = sandbox.base_url(),
            id = credentials.sailpoint_client_id,
        ),
    )
    .unwrap();
    // What `sail` filed in the keychain for "lab" (its service is `environments.pat.clientsecret`).
    ledger
        .lock()
        .unwrap()
        .plant("lab", credentials.sailpoint_client_secret.as_bytes());
    let config_dir = tempfile::tempdir().unwrap();
    let app = Gatehouse::new(AppConfig {
        config_dir: config_dir.path().to_path_buf(),
        keychain_service: KEYCHAIN_SERVICE.to_owned(),
        sandbox: SandboxSource::External {
            base_url: sandbox.base_url(),
            credentials: credentials.clone(),
        },
        environment_profile: None,
        clipboard_clear_after: CLIPBOARD_CLEAR_AFTER,
        sail_cli_config: Some(config),
    })
    .unwrap();

    let offered = app.sail_cli_environments().await.unwrap();
    let summary: Vec<(&str, bool)> = offered
        .iter()
        .map(|environment| (environment.name.as_str(), environment.secret_in_keychain))
        .collect();
    assert_eq!(
        summary,
        [("lab", true), ("typed", false)],
        "one without a base URL is not offered"
    );
    assert_eq!(
        offered[0].client_id.as_deref(),
        Some(credentials.sailpoint_client_id.as_str())
    );

    let lab = app
        .import_sail_environment("lab", None, SecretStorage::Keychain)
        .await
        .unwrap();
    assert_eq!(lab.source, ProfileSource::User);
    assert_eq!(lab.profile.name, "lab (from sail)");
    let reached = app.test_connection(&lab.profile.id).await.unwrap();
    assert!(
        !reached.token_url.is_empty(),
        "the imported connection works"
    );

    let refused = app
        .import_sail_environment("typed", None, SecretStorage::Keychain)
        .await
        .unwrap_err();
    assert_eq!(
        refused.kind,
        ErrorKind::Validation,
        "no secret kept, none typed: {refused:?}"
    );
    let typed = app
        .import_sail_environment(
            "typed",
            Some(credentials.sailpoint_client_secret.clone()),
            SecretStorage::SessionOnly,
        )
        .await
        .unwrap();
    app.test_connection(&typed.profile.id).await.unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_sail_nothing_is_offered() {
    let config_dir = tempfile::tempdir().unwrap();
    let app = gatehouse_tests::offline_console(config_dir.path());
    assert!(app.sail_cli_environments().await.unwrap().is_empty());
    let missing = app
        .import_sail_environment("lab", None, SecretStorage::Keychain)
        .await
        .unwrap_err();
    assert_eq!(missing.kind, ErrorKind::NotFound);
}
