//! A stored secret is given out only for the endpoints it was entered for (vendor, base URL,
//! token URLs, tenant, CA), and the keychain is asked for it only when the profile file says
//! it is there. Watched through the in-memory keychain, against the sandbox.

use gatehouse_core::{EndpointsFingerprint, Keychain, SecretError, SecretVault};
use gatehouse_sandbox::SandboxConfig;
use gatehouse_tests::{memory_keychain, Console, KEYCHAIN_SERVICE};
use gatehouse_wire::{ErrorKind, Profile, ProfileInput, SecretStatus, SecretStorage, Vendor};
use secrecy::ExposeSecret;
use serde_json::Value;

/// The sandbox's SailPoint tenant as a saved connection, at `base_url`.
fn connection(console: &Console, id: &str, base_url: String) -> Profile {
    Profile {
        id: id.into(),
        name: format!("Tenant {id}"),
        vendor: Vendor::SailPoint,
        base_url,
        client_id: console.sandbox.credentials().sailpoint_client_id.clone(),
        tenant_id: None,
        admin_token_url: None,
        system_token_url: None,
        ca_certificate_pem: None,
        developer_client_id: None,
        remember_developer_sign_in: false,
    }
}

fn save(console: &Console, profile: Profile, storage: SecretStorage) -> ProfileInput {
    ProfileInput {
        profile,
        client_secret: Some(
            console
                .sandbox
                .credentials()
                .sailpoint_client_secret
                .clone(),
        ),
        storage,
        confirm_token_host: None,
    }
}

/// The same sandbox under its other name: another endpoint, as far as a secret is concerned.
fn by_localhost(console: &Console) -> String {
    console.sandbox.base_url().replace("127.0.0.1", "localhost")
}

/// Changes the profile file as another program could, behind the console's back.
fn edit_file(console: &Console, edit: impl FnOnce(&mut Value)) {
    let path = console.config_dir.path().join("profiles.json");
    let mut file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut file);
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
}

#[tokio::test]
async fn a_stored_secret_is_not_sent_once_the_file_points_its_connection_elsewhere() {
    let ledger = memory_keychain();
    let console = Console::start(SandboxConfig::default()).await;
    let profile = connection(&console, "bound", console.sandbox.base_url());
    console
        .app
        .save_profile(save(&console, profile, SecretStorage::Keychain))
        .await
        .unwrap();
    console.app.test_connection("bound").await.unwrap();
    let entry = String::from_utf8(ledger.lock().unwrap().entry("bound").unwrap()).unwrap();
    assert!(entry.contains("sha256:"), "the entry names its endpoints");

    let localhost = by_localhost(&console);
    edit_file(&console, |file| {
        file["profiles"][0]["base_url"] = localhost.into()
    });
    let reached = console.sandbox.requests().len();
    let refused = console.app.test_connection("bound").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::SecretRequired);
    assert!(
        refused.message.contains("Tenant bound") && refused.message.contains("other endpoints"),
        "{}",
        refused.message
    );
    assert_eq!(
        console.sandbox.requests().len(),
        reached,
        "nothing was sent"
    );

    // Put back, the file's endpoints are the secret's again.
    let original = console.sandbox.base_url();
    edit_file(&console, |file| {
        file["profiles"][0]["base_url"] = original.into()
    });
    console.app.test_connection("bound").await.unwrap();
}

#[tokio::test]
async fn a_secret_kept_for_this_session_only_is_not_sent_elsewhere_either() {
    let console = Console::start(SandboxConfig::default()).await;
    let profile = connection(&console, "for-now", console.sandbox.base_url());
    console
        .app
        .save_profile(save(&console, profile, SecretStorage::SessionOnly))
        .await
        .unwrap();
    console.app.test_connection("for-now").await.unwrap();

    let localhost = by_localhost(&console);
    edit_file(&console, |file| {
        file["profiles"][0]["base_url"] = localhost.into()
    });
    let reached = console.sandbox.requests().len();
    let refused = console.app.test_connection("for-now").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::SecretRequired);
    assert!(
        refused.message.contains("other endpoints"),
        "{}",
        refused.message
    );
    assert_eq!(
        console.sandbox.requests().len(),
        reached,
        "nothing was sent"
    );
}

#[tokio::test]
async fn a_secret_an_earlier_version_stored_without_its_endpoints_is_not_sent() {
    let ledger = memory_keychain();
    let console = Console::start(SandboxConfig::default()).await;
    let profile = connection(&console, "earlier", console.sandbox.base_url());
    console
        .app
        .save_profile(save(&console, profile, SecretStorage::Keychain))
        .await
        .unwrap();
    let secret = console
        .sandbox
        .credentials()
        .sailpoint_client_secret
        .clone();
    ledger.lock().unwrap().plant("earlier", secret.as_bytes());

    let reached = console.sandbox.requests().len();
    let refused = console.app.test_connection("earlier").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::SecretRequired);
    assert!(
        refused.message.contains("earlier version"),
        "{}",
        refused.message
    );
    assert_eq!(console.sandbox.requests().len(), reached);

    // Entering it again binds it.
    let profile = connection(&console, "earlier", console.sandbox.base_url());
    console
        .app
        .save_profile(save(&console, profile, SecretStorage::Keychain))
        .await
        .unwrap();
    console.app.test_connection("earlier").await.unwrap();
}

#[tokio::test]
async fn the_keychain_is_not_read_for_a_connection_whose_file_records_no_secret_there() {
    let ledger = memory_keychain();
    let console = Console::start(SandboxConfig::default()).await;
    let profile = connection(&console, "unrecorded", console.sandbox.base_url());
    console
        .app
        .save_profile(save(&console, profile, SecretStorage::Keychain))
        .await
        .unwrap();
    edit_file(&console, |file| {
        file.as_object_mut().unwrap().remove("in_keychain");
    });
    let before = ledger.lock().unwrap().operations("unrecorded");

    let refused = console.app.test_connection("unrecorded").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::SecretRequired);
    assert!(
        refused.message.contains("no client secret is stored"),
        "{}",
        refused.message
    );
    assert_eq!(
        ledger.lock().unwrap().operations("unrecorded"),
        before,
        "the keychain was not asked"
    );
    let listed = console.app.list_profiles().await.unwrap();
    let view = listed
        .iter()
        .find(|view| view.profile.id == "unrecorded")
        .unwrap();
    assert_eq!(view.secret, SecretStatus::Missing);
}

#[tokio::test]
async fn switching_a_connection_to_this_session_only_deletes_its_keychain_entry() {
    let ledger = memory_keychain();
    let console = Console::start(SandboxConfig::default()).await;
    let profile = connection(&console, "to-session", console.sandbox.base_url());
    console
        .app
        .save_profile(save(&console, profile.clone(), SecretStorage::Keychain))
        .await
        .unwrap();
    assert!(ledger.lock().unwrap().entry("to-session").is_some());

    let saved = console
        .app
        .save_profile(save(&console, profile, SecretStorage::SessionOnly))
        .await
        .unwrap();
    assert_eq!(saved.secret, SecretStatus::Session);
    assert_eq!(ledger.lock().unwrap().entry("to-session"), None);
    assert_eq!(
        ledger
            .lock()
            .unwrap()
            .operations("to-session")
            .last()
            .map(String::as_str),
        Some("delete to-session")
    );
    console.app.test_connection("to-session").await.unwrap();
}

#[tokio::test]
async fn changing_a_connections_endpoints_replaces_or_deletes_its_keychain_entry() {
    let ledger = memory_keychain();
    let console = Console::start(SandboxConfig::default()).await;
    let at_ip = connection(&console, "moved", console.sandbox.base_url());
    let at_localhost = connection(&console, "moved", by_localhost(&console));
    console
        .app
        .save_profile(save(&console, at_ip.clone(), SecretStorage::Keychain))
        .await
        .unwrap();

    // Moved with a new secret kept in the keychain: the entry is now the new endpoints' only.
    console
        .app
        .save_profile(save(
            &console,
            at_localhost.clone(),
            SecretStorage::Keychain,
        ))
        .await
        .unwrap();
    let vault = SecretVault::new(Keychain::new(KEYCHAIN_SERVICE));
    let for_ip = vault
        .load("moved", true, &EndpointsFingerprint::of(&at_ip))
        .await;
    assert!(
        matches!(for_ip, Err(SecretError::EnteredForOtherEndpoints)),
        "{for_ip:?}"
    );
    let for_localhost = vault
        .load("moved", true, &EndpointsFingerprint::of(&at_localhost))
        .await
        .unwrap();
    assert_eq!(
        for_localhost.expose_secret(),
        console.sandbox.credentials().sailpoint_client_secret
    );
    console.app.test_connection("moved").await.unwrap();

    // Moved back with a secret for this session only: the keychain entry goes.
    console
        .app
        .save_profile(save(&console, at_ip, SecretStorage::SessionOnly))
        .await
        .unwrap();
    assert_eq!(ledger.lock().unwrap().entry("moved"), None);
    console.app.test_connection("moved").await.unwrap();
}
