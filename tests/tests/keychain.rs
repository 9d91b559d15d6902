//! The keychain through the real Secret Service (gnome-keyring on a private session bus).

use gatehouse_core::{Keychain, SecretVault};
use gatehouse_tests::{offline_console, SecretService, KEYCHAIN_SERVICE};
use gatehouse_wire::{Profile, ProfileInput, SecretStatus, SecretStorage, Vendor};
use secrecy::{ExposeSecret, SecretString};

#[tokio::test]
async fn secrets_live_in_the_real_secret_service_and_leave_with_their_profile() {
    let service = SecretService::start();
    // This binary runs this one test, so pointing the process at the private bus is safe.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &service.bus_address);

    // Store, read, overwrite and delete through the keychain itself.
    let keychain = Keychain::new(KEYCHAIN_SERVICE);
    let account = "profile-under-test";
    assert!(keychain.load(account).unwrap().is_none());
    keychain
        .store(account, &SecretString::from("first-secret"))
        .unwrap();
    let loaded = keychain.load(account).unwrap().expect("stored secret");
    assert_eq!(loaded.expose_secret(), "first-secret");
    keychain
        .store(account, &SecretString::from("rotated-secret"))
        .unwrap();
    assert_eq!(
        keychain.load(account).unwrap().unwrap().expose_secret(),
        "rotated-secret"
    );
    let vault = SecretVault::new(keychain.clone());
    let through_vault = vault
        .load(account)
        .await
        .unwrap()
        .expect("read off the worker");
    assert_eq!(through_vault.expose_secret(), "rotated-secret");
    assert_eq!(vault.status(account, true), SecretStatus::Keychain);
    vault.forget(account).await.unwrap();
    assert!(keychain.load(account).unwrap().is_none());
    vault.forget(account).await.unwrap();

    // Through the console: saving a profile files its secret in the keychain, never on disk,
    // and deleting the profile deletes the keychain entry.
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    let saved = app
        .save_profile(ProfileInput {
            profile: Profile {
                id: "user-prod".into(),
                name: "Production".into(),
                vendor: Vendor::Cloudentity,
                base_url: "https://acme.authz.example".into(),
                client_id: "admin-client".into(),
                tenant_id: Some("acme".into()),
                admin_token_url: None,
                system_token_url: None,
                ca_certificate_pem: None,
                developer_client_id: None,
                remember_developer_sign_in: false,
            },
            client_secret: Some("prod-secret-value".into()),
            storage: SecretStorage::Keychain,
            confirm_token_host: None,
        })
        .await
        .unwrap();
    assert_eq!(saved.secret, SecretStatus::Keychain);
    assert_eq!(
        keychain.load("user-prod").unwrap().unwrap().expose_secret(),
        "prod-secret-value"
    );
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("admin-client") && !file.contains("prod-secret-value"));

    app.delete_profile("user-prod").await.unwrap();
    assert!(keychain.load("user-prod").unwrap().is_none());
}
