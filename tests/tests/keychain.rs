//! The keychain through the real Secret Service (gnome-keyring on a private session bus).

use gatehouse_core::{EndpointsFingerprint, Keychain, SecretError, SecretVault};
use gatehouse_tests::{offline_console, SecretService, KEYCHAIN_SERVICE};
use gatehouse_wire::{Profile, ProfileInput, SecretStatus, SecretStorage, Vendor};
use secrecy::{ExposeSecret, SecretString};

#[tokio::test]
async fn the_real_secret_service_holds_each_secret_with_its_endpoints_until_it_is_no_longer_kept_there(
) {
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
    vault_round_trip(&keychain, account).await;
    assert!(keychain.load(account).unwrap().is_none());

    // Through the console: saving a profile files its secret in the keychain with its
    // endpoints, never on disk; switching it to this session only, and deleting the profile,
    // delete the keychain entry.
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    let input = |storage| ProfileInput {
        profile: production(),
        client_secret: Some("prod-secret-value".into()),
        storage,
        confirm_token_host: None,
    };
    let saved = app
        .save_profile(input(SecretStorage::Keychain))
        .await
        .unwrap();
    assert_eq!(saved.secret, SecretStatus::Keychain);
    let entry = keychain.load("user-prod").unwrap().unwrap();
    assert!(
        entry.expose_secret().contains("prod-secret-value")
            && entry.expose_secret().contains("sha256:"),
        "the secret is filed with its endpoints' fingerprint"
    );
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("admin-client") && !file.contains("prod-secret-value"));

    let saved = app
        .save_profile(input(SecretStorage::SessionOnly))
        .await
        .unwrap();
    assert_eq!(saved.secret, SecretStatus::Session);
    assert!(keychain.load("user-prod").unwrap().is_none());

    app.save_profile(input(SecretStorage::Keychain))
        .await
        .unwrap();
    assert!(keychain.load("user-prod").unwrap().is_some());
    app.delete_profile("user-prod").await.unwrap();
    assert!(keychain.load("user-prod").unwrap().is_none());
}

fn production() -> Profile {
    Profile {
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
    }
}

/// The vault files a secret with its endpoints, gives it out for those only, and refuses an
/// entry that records none.
async fn vault_round_trip(keychain: &Keychain, account: &str) {
    let vault = SecretVault::new(keychain.clone());
    let entered_for = EndpointsFingerprint::of(&production());
    let elsewhere = EndpointsFingerprint::of(&Profile {
        base_url: "https://elsewhere.authz.example".into(),
        ..production()
    });
    vault
        .store_in_keychain(account, &entered_for, &SecretString::from("bound-secret"))
        .await
        .unwrap();
    let through_vault = vault
        .load(account, true, &entered_for)
        .await
        .expect("read off the worker");
    assert_eq!(through_vault.expose_secret(), "bound-secret");
    assert_eq!(vault.status(account, true), SecretStatus::Keychain);
    let refused = vault.load(account, true, &elsewhere).await;
    assert!(
        matches!(refused, Err(SecretError::EnteredForOtherEndpoints)),
        "{refused:?}"
    );
    keychain
        .store(account, &SecretString::from("unbound-secret"))
        .unwrap();
    let unbound = vault.load(account, true, &entered_for).await;
    assert!(
        matches!(unbound, Err(SecretError::EndpointsNotRecorded)),
        "{unbound:?}"
    );
    vault.forget(account).await.unwrap();
    vault.forget(account).await.unwrap();
}
