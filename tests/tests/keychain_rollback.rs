//! A keychain entry never outlives the profile it was stored for: when the profile file cannot
//! be written, the keychain is put back as it was. Watched through the in-memory keychain.

use std::path::Path;

use gatehouse_tests::{memory_keychain, offline_console};
use gatehouse_wire::{ErrorKind, Profile, ProfileInput, SecretStorage, Vendor};

fn input(id: &str, base_url: &str, secret: &str) -> ProfileInput {
    ProfileInput {
        profile: Profile {
            id: id.into(),
            name: "Production".into(),
            vendor: Vendor::SailPoint,
            base_url: base_url.into(),
            client_id: "admin-client".into(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        },
        client_secret: Some(secret.into()),
        storage: SecretStorage::Keychain,
        confirm_token_host: None,
    }
}

/// The folder still reads fine, but the write step cannot take its lock: a folder holds the
/// lock file's name. (Permissions would not stop a test running as root.) Returns the path.
fn block_writes(config_dir: &Path) -> std::path::PathBuf {
    let lock = config_dir.join("profiles.lock");
    if lock.is_file() {
        std::fs::remove_file(&lock).unwrap();
    }
    std::fs::create_dir(&lock).unwrap();
    std::fs::write(lock.join("in-the-way"), b"").unwrap();
    lock
}

#[tokio::test]
async fn a_keychain_entry_is_removed_when_its_profile_cannot_be_written() {
    let ledger = memory_keychain();
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    let lock = block_writes(dir.path());
    let new = || {
        input(
            "user-new",
            "https://acme.api.identitynow.com",
            "prod-secret-value",
        )
    };

    let error = app.save_profile(new()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Storage);
    let lock_path = lock.display().to_string();
    assert_eq!(error.details.path.as_deref(), Some(lock_path.as_str()));
    assert!(!dir.path().join("profiles.json").exists());
    assert_eq!(
        ledger.lock().unwrap().operations("user-new"),
        ["set user-new", "delete user-new"],
        "stored first, then taken out again"
    );
    assert_eq!(
        ledger.lock().unwrap().entry("user-new"),
        None,
        "no entry without its profile"
    );

    // With the obstacle gone the same save keeps both: the failure was the write's alone.
    std::fs::remove_dir_all(&lock).unwrap();
    app.save_profile(new()).await.unwrap();
    assert_eq!(
        ledger.lock().unwrap().stored_secret("user-new").as_deref(),
        Some("prod-secret-value")
    );
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("user-new") && !file.contains("prod-secret-value"));
}

#[tokio::test]
async fn an_edited_connection_keeps_its_previous_secret_when_the_file_cannot_be_written() {
    let ledger = memory_keychain();
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    app.save_profile(input(
        "user-edit",
        "https://acme.api.identitynow.com",
        "acme-secret",
    ))
    .await
    .unwrap();
    let entered_for_acme = ledger.lock().unwrap().entry("user-edit");
    block_writes(dir.path());

    // Moved to another tenant with that tenant's secret; the file keeps the old endpoints.
    let error = app
        .save_profile(input(
            "user-edit",
            "https://other.api.identitynow.com",
            "other-secret",
        ))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Storage);
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("acme.api") && !file.contains("other.api"));
    // So the keychain holds the secret entered for those endpoints, not the other tenant's.
    assert_eq!(
        ledger.lock().unwrap().operations("user-edit"),
        [
            "set user-edit",
            "get user-edit",
            "set user-edit",
            "set user-edit"
        ],
        "stored, read to put back, replaced, put back"
    );
    assert_eq!(ledger.lock().unwrap().entry("user-edit"), entered_for_acme);
    assert_eq!(
        ledger.lock().unwrap().stored_secret("user-edit").as_deref(),
        Some("acme-secret")
    );
}
