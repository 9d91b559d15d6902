//! A developer sign-in the connection asks to remember: its refresh token in the real Secret
//! Service (gnome-keyring on a private session bus), taken up again by a later session, and
//! gone with the sign-out; a connection that does not ask keeps nothing there.

use std::time::Duration;

use gatehouse_core::Keychain;
use gatehouse_sandbox::SandboxConfig;
use gatehouse_tests::developer::{Person, StandInBrowser};
use gatehouse_tests::{Console, SecretService, KEYCHAIN_SERVICE};
use gatehouse_wire::catalog::DEVELOPER_CLIENTS;
use gatehouse_wire::{Profile, ProfileInput, SecretStorage, Vendor};

/// A Cloudentity connection to the console's sandbox, remembering the sign-in or not.
async fn connect(console: &Console, id: &str, remember: bool) {
    let credentials = console.sandbox.credentials();
    let profile = Profile {
        id: id.into(),
        name: id.into(),
        vendor: Vendor::Cloudentity,
        base_url: console.sandbox.base_url(),
        client_id: credentials.cloudentity_client_id.clone(),
        tenant_id: Some(credentials.cloudentity_tenant_id.clone()),
        admin_token_url: None,
        system_token_url: None,
        ca_certificate_pem: None,
        developer_client_id: Some(credentials.developer_portal_client_id.clone()),
        remember_developer_sign_in: remember,
    };
    let input = ProfileInput {
        profile,
        client_secret: Some(credentials.cloudentity_client_secret.clone()),
        storage: SecretStorage::Keychain,
        confirm_token_host: None,
    };
    console.app.save_profile(input).await.unwrap();
    console.app.select_profile(id).await.unwrap();
}

async fn sign_in(console: &Console) {
    let browser = StandInBrowser::new(&console.sandbox, Person::SignsIn);
    let timeout = Duration::from_secs(20);
    console
        .app
        .developer_sign_in(browser, timeout)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_remembered_sign_in_outlives_the_session_and_leaves_with_the_sign_out() {
    let service = SecretService::start();
    // This binary runs this one test, so pointing the process at the private bus is safe.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &service.bus_address);
    let keychain = Keychain::new(KEYCHAIN_SERVICE);
    let console = Console::start(SandboxConfig::default()).await;

    connect(&console, "forgetful", false).await;
    sign_in(&console).await;
    assert!(keychain
        .load("forgetful#developer-sign-in")
        .unwrap()
        .is_none());

    connect(&console, "remembering", true).await;
    sign_in(&console).await;
    let account = "remembering#developer-sign-in";
    assert!(keychain.load(account).unwrap().is_some());

    // Switching away and back ends the session and its tokens; the keychain brings it back.
    console.app.select_profile("forgetful").await.unwrap();
    assert!(
        console.app.developer_signed_in().await.is_none(),
        "a sign-in not remembered ended with its session"
    );
    console.app.select_profile("remembering").await.unwrap();
    let identity = console.app.developer_signed_in().await.unwrap();
    assert!(identity.remembered);
    let listed = console
        .app
        .resource_list(DEVELOPER_CLIENTS.key, None, &[])
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "renewed from the remembered refresh token");

    console.app.developer_sign_out().await.unwrap();
    assert!(keychain.load(account).unwrap().is_none());
    assert!(console.app.developer_signed_in().await.is_none());
}
