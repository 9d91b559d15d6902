//! With no Secret Service reachable, saving to the keychain says so plainly, and the user can
//! keep the secret for this run only.

use gatehouse_tests::offline_console;
use gatehouse_wire::{ErrorKind, Profile, ProfileInput, SecretStatus, SecretStorage, Vendor};

#[tokio::test]
async fn no_keychain_is_reported_and_session_only_storage_works() {
    // This binary runs this one test: point it at a bus that does not exist.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/gatehouse-bus",
    );
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    let input = |storage| ProfileInput {
        profile: Profile {
            id: "user-1".into(),
            name: "Prod".into(),
            vendor: Vendor::SailPoint,
            base_url: "https://acme.api.identitynow.com".into(),
            client_id: "client".into(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        },
        client_secret: Some("typed-secret".into()),
        storage,
        confirm_token_host: None,
    };
    let error = app
        .save_profile(input(SecretStorage::Keychain))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::KeychainUnavailable);
    assert!(error.message.contains("keychain"));
    assert!(!error.message.contains("typed-secret"));
    assert!(
        !dir.path().join("profiles.json").exists(),
        "nothing is saved half-way"
    );

    let saved = app
        .save_profile(input(SecretStorage::SessionOnly))
        .await
        .unwrap();
    assert_eq!(saved.secret, SecretStatus::Session);
}
