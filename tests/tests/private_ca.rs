//! A tenant behind a private CA. The sandbox serves HTTPS with a certificate issued by a CA
//! made here, which the OS does not trust; the app trusts it only when the connection carries
//! that CA, and verification is never switched off. (A CA the OS trusts: `platform_trust.rs`.)

use gatehouse_client::{ApiClient, ClientCredentials, ClientError, SailPointClient, TokenSource};
use gatehouse_core::{AppConfig, Gatehouse, SandboxSource};
use gatehouse_sandbox::Sandbox;
use gatehouse_tests::{https_sandbox, private_ca};
use gatehouse_wire::{ErrorKind, Profile, ProfileInput, SecretStorage, Vendor};
use secrecy::SecretString;

fn sailpoint(sandbox: &Sandbox, http: reqwest::Client) -> SailPointClient {
    let credentials = sandbox.credentials();
    let tokens = TokenSource::new(
        http.clone(),
        ClientCredentials {
            token_url: format!("{}/oauth/token", sandbox.base_url()),
            client_id: credentials.sailpoint_client_id.clone(),
            client_secret: SecretString::from(credentials.sailpoint_client_secret.clone()),
        },
    );
    SailPointClient::with_api(ApiClient::new(http, &sandbox.base_url(), tokens))
}

fn untrusted_reason(error: ClientError) -> String {
    match error {
        ClientError::UntrustedCertificate { reason, .. } => reason,
        other => panic!("expected an untrusted certificate, got {other}"),
    }
}

#[tokio::test]
async fn the_client_trusts_a_private_ca_only_when_given_it() {
    let acme = private_ca("Acme Private Root");
    let sandbox = https_sandbox(&acme).await;

    let platform_roots_only = sailpoint(&sandbox, gatehouse_client::http_client().unwrap());
    let refused = platform_roots_only
        .list_oauth_clients(None)
        .await
        .unwrap_err();
    let reason = untrusted_reason(refused);
    assert_eq!(reason, "UnknownIssuer");

    let another_ca = private_ca("Someone Else's Root");
    let wrong = gatehouse_client::http_client_trusting(Some(&another_ca.root_pem)).unwrap();
    let refused = sailpoint(&sandbox, wrong)
        .list_oauth_clients(None)
        .await
        .unwrap_err();
    untrusted_reason(refused);
    assert!(
        sandbox.requests().is_empty(),
        "nothing reaches the server before the certificate is trusted"
    );

    let trusting = gatehouse_client::http_client_trusting(Some(&acme.root_pem)).unwrap();
    let clients = sailpoint(&sandbox, trusting)
        .list_oauth_clients(None)
        .await
        .unwrap();
    assert!(!clients.is_empty());
    assert_eq!(sandbox.requests().len(), 2, "one token request, one list");
}

#[tokio::test]
async fn certificates_that_are_not_pem_are_refused_before_any_request() {
    let no_pem = gatehouse_client::http_client_trusting(Some("not a certificate")).unwrap_err();
    assert!(
        matches!(no_pem, ClientError::Setup(ref reason) if reason.contains("BEGIN CERTIFICATE")),
        "{no_pem}"
    );
    let broken =
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
    let error = gatehouse_client::http_client_trusting(Some(broken)).unwrap_err();
    assert!(matches!(error, ClientError::Setup(_)), "{error}");
}

#[tokio::test]
async fn a_connection_carries_its_ca_and_test_connection_uses_it() {
    let acme = private_ca("Acme Private Root");
    let sandbox = https_sandbox(&acme).await;
    let dir = tempfile::tempdir().unwrap();
    let app = Gatehouse::new(AppConfig {
        config_dir: dir.path().to_path_buf(),
        keychain_service: "gatehouse-test".to_owned(),
        sandbox: SandboxSource::External {
            base_url: sandbox.base_url(),
            credentials: sandbox.credentials().clone(),
        },
        environment_profile: None,
        clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
        sail_cli_config: None,
    })
    .unwrap();
    let credentials = sandbox.credentials();
    let profile = |ca: Option<&str>| Profile {
        id: "acme-acp".to_owned(),
        name: "Acme ACP (private CA)".to_owned(),
        vendor: Vendor::Cloudentity,
        base_url: sandbox.base_url(),
        client_id: credentials.cloudentity_client_id.clone(),
        tenant_id: Some(credentials.cloudentity_tenant_id.clone()),
        admin_token_url: None,
        system_token_url: None,
        ca_certificate_pem: ca.map(str::to_owned),
        developer_client_id: None,
        remember_developer_sign_in: false,
    };
    let save = |profile: Profile, secret: Option<&str>| ProfileInput {
        profile,
        client_secret: secret.map(str::to_owned),
        storage: SecretStorage::SessionOnly,
        confirm_token_host: None,
    };

    for bad in [
        "just some words",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
    ] {
        let error = app
            .save_profile(save(
                profile(Some(bad)),
                Some(&credentials.cloudentity_client_secret),
            ))
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Validation);
        assert_eq!(
            error.details.field_errors[0].field, "ca_certificate_pem",
            "{error:?}"
        );
    }
    assert!(
        app.list_profiles()
            .await
            .unwrap()
            .iter()
            .all(|view| view.profile.id != "acme-acp"),
        "a refused profile is not saved"
    );

    app.save_profile(save(
        profile(Some(&acme.root_pem)),
        Some(&credentials.cloudentity_client_secret),
    ))
    .await
    .unwrap();
    let report = app.test_connection("acme-acp").await.unwrap();
    assert!(report.token_url.starts_with("https://127.0.0.1:"));
    assert!(report.expires_in_seconds > 0);
    let stored = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(
        stored.contains("BEGIN CERTIFICATE"),
        "the CA is kept with the profile"
    );
    assert!(!stored.contains(&credentials.cloudentity_client_secret));

    // Dropping the CA changes the endpoints' trust: the secret must be entered again.
    let retype = app
        .save_profile(save(profile(None), None))
        .await
        .unwrap_err();
    assert_eq!(retype.details.field_errors[0].field, "client_secret");
    // The same connection without its CA is refused, and the message says what to do.
    app.save_profile(save(
        profile(None),
        Some(&credentials.cloudentity_client_secret),
    ))
    .await
    .unwrap();
    let refused = app.test_connection("acme-acp").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::UntrustedCertificate);
    assert!(
        refused.message.contains("private CA"),
        "{}",
        refused.message
    );
}
