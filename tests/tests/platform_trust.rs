//! The CAs the OS trusts are trusted without pasting them into a connection: the client
//! verifies servers with the platform's verifier. On Linux that reads the OpenSSL locations,
//! which `SSL_CERT_FILE` and `SSL_CERT_DIR` move; this binary points them at a trust store it
//! made, holding one private CA, as an administrator's company would install its own.

use gatehouse_client::{ApiClient, ClientCredentials, ClientError, SailPointClient, TokenSource};
use gatehouse_sandbox::Sandbox;
use gatehouse_tests::{https_sandbox, offline_console, private_ca};
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

#[tokio::test]
async fn a_ca_in_the_os_trust_store_is_trusted_without_pasting_and_an_unknown_one_is_not() {
    let company = private_ca("Company Inspection Root");
    let store = tempfile::tempdir().unwrap();
    let bundle = store.path().join("ca-certificates.crt");
    std::fs::write(&bundle, &company.root_pem).unwrap();
    let no_more = store.path().join("certs");
    std::fs::create_dir(&no_more).unwrap();
    // This binary runs this one test, so changing its environment is safe.
    std::env::set_var("SSL_CERT_FILE", &bundle);
    std::env::set_var("SSL_CERT_DIR", &no_more);

    let behind_the_company_ca = https_sandbox(&company).await;
    let clients = sailpoint(
        &behind_the_company_ca,
        gatehouse_client::http_client().unwrap(),
    )
    .list_oauth_clients(None)
    .await
    .expect("the OS trusts the company's CA");
    assert!(!clients.is_empty());

    // A connection with no CA of its own reaches it too, through the console.
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    let credentials = behind_the_company_ca.credentials();
    app.save_profile(ProfileInput {
        profile: Profile {
            id: "company-sailpoint".into(),
            name: "Company SailPoint".into(),
            vendor: Vendor::SailPoint,
            base_url: behind_the_company_ca.base_url(),
            client_id: credentials.sailpoint_client_id.clone(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        },
        client_secret: Some(credentials.sailpoint_client_secret.clone()),
        storage: SecretStorage::SessionOnly,
        confirm_token_host: None,
    })
    .await
    .unwrap();
    let report = app.test_connection("company-sailpoint").await.unwrap();
    assert!(report.token_url.starts_with("https://127.0.0.1:"));

    // A CA neither the OS nor the connection trusts is still refused, before any request.
    let unknown = private_ca("Unknown Root");
    let behind_an_unknown_ca = https_sandbox(&unknown).await;
    let refused = sailpoint(
        &behind_an_unknown_ca,
        gatehouse_client::http_client().unwrap(),
    )
    .list_oauth_clients(None)
    .await
    .unwrap_err();
    match refused {
        ClientError::UntrustedCertificate { reason, .. } => assert_eq!(reason, "UnknownIssuer"),
        other => panic!("expected an untrusted certificate, got {other}"),
    }
    assert!(behind_an_unknown_ca.requests().is_empty());
    let unknown_credentials = behind_an_unknown_ca.credentials();
    app.save_profile(ProfileInput {
        profile: Profile {
            id: "unknown-sailpoint".into(),
            name: "Unknown SailPoint".into(),
            vendor: Vendor::SailPoint,
            base_url: behind_an_unknown_ca.base_url(),
            client_id: unknown_credentials.sailpoint_client_id.clone(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        },
        client_secret: Some(unknown_credentials.sailpoint_client_secret.clone()),
        storage: SecretStorage::SessionOnly,
        confirm_token_host: None,
    })
    .await
    .unwrap();
    let refused = app.test_connection("unknown-sailpoint").await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::UntrustedCertificate);
    assert!(behind_an_unknown_ca.requests().is_empty());
}
