//! The console's commands (`gatehouse-core`) and the API client against a real sandbox over
//! HTTP on 127.0.0.1: what the UI calls, minus the window.

use std::time::Duration;

use gatehouse_client::ClientError;
use gatehouse_core::{AppConfig, Gatehouse, SandboxSource, SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT};
use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig};
use gatehouse_tests::{field_errors, sailpoint_client, Console};
use gatehouse_wire::{
    ApiError, ErrorKind, Profile, ProfileInput, ProfileSource, SaveOutcome, SecretStorage, Vendor,
    PASSWORD_ORG_CONFIG,
};
use secrecy::SecretString;
use serde_json::{json, Value};

/// The password org config, as every screen reaches it: through the generic resource commands.
const PASSWORD: &str = "password-org-config";

async fn password_config(app: &Gatehouse) -> Result<Option<Value>, ApiError> {
    app.resource_get(PASSWORD, None, None).await
}

async fn save_password_config(
    app: &Gatehouse,
    original: &Value,
    edited: &Value,
) -> Result<Value, ApiError> {
    match app
        .resource_save(PASSWORD, None, None, original, edited)
        .await?
    {
        SaveOutcome::Saved { object } => Ok(object),
        SaveOutcome::Conflict(conflict) => panic!("unexpected conflict: {conflict:?}"),
    }
}

async fn setup(config: SandboxConfig) -> Console {
    Console::start(config).await
}

/// A user-style SailPoint profile pointing at `sandbox`.
fn sailpoint_profile(id: &str, name: &str, sandbox: &Sandbox) -> Profile {
    Profile {
        id: id.to_owned(),
        name: name.to_owned(),
        vendor: Vendor::SailPoint,
        base_url: sandbox.base_url(),
        client_id: sandbox.credentials().sailpoint_client_id.clone(),
        tenant_id: None,
        admin_token_url: None,
        system_token_url: None,
        ca_certificate_pem: None,
        developer_client_id: None,
        remember_developer_sign_in: false,
    }
}

/// What was sent to change the password org config.
fn writes(sandbox: &Sandbox) -> Vec<gatehouse_sandbox::RecordedRequest> {
    gatehouse_tests::writes(sandbox, "/beta/password-org-config")
}

#[tokio::test]
async fn opens_on_the_sandbox_when_no_tenant_is_configured() {
    let setup = setup(SandboxConfig::default()).await;
    let profiles = setup.app.list_profiles().await.unwrap();
    let ids: Vec<_> = profiles
        .iter()
        .map(|view| view.profile.id.as_str())
        .collect();
    assert_eq!(ids, [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY]);
    assert!(profiles[0].active);
    assert_eq!(profiles[0].source, ProfileSource::Sandbox);
    assert_eq!(profiles[0].profile.base_url, setup.sandbox.base_url());
    assert_eq!(profiles[1].profile.vendor, Vendor::Cloudentity);
}

#[tokio::test]
async fn updates_only_the_changed_fields_and_the_sandbox_keeps_the_rest() {
    let setup = setup(SandboxConfig::default()).await;
    let original = password_config(&setup.app).await.unwrap().unwrap();
    assert_eq!(original["digitTokenLength"], json!(8));
    let mut edited = original.clone();
    edited["digitTokenLength"] = json!(12);
    edited["customInstructionsEnabled"] = json!(true);
    let review = setup
        .app
        .resource_preview(PASSWORD, None, None, Some(&original), &edited)
        .await
        .unwrap();
    let changed: Vec<_> = review
        .changes
        .iter()
        .map(|change| change.field.as_str())
        .collect();
    assert_eq!(changed, ["customInstructionsEnabled", "digitTokenLength"]);
    let planned = review.request.expect("a request to review");
    assert_eq!(
        (planned.method.as_str(), planned.path.as_str()),
        ("PUT", "/beta/password-org-config")
    );
    assert_eq!(
        planned.body,
        json!({"customInstructionsEnabled": true, "digitTokenLength": 12})
    );
    assert!(writes(&setup.sandbox).is_empty(), "a preview sends nothing");

    let saved = save_password_config(&setup.app, &original, &edited)
        .await
        .unwrap();
    assert_eq!(saved, edited);
    let sent = writes(&setup.sandbox);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "PUT");
    assert_eq!(
        sent[0].body,
        Some(planned.body),
        "what was reviewed is what was sent"
    );
    let stored = setup.sandbox.password_org_config().unwrap();
    assert_eq!(stored["digitTokenLength"], json!(12));
    assert_eq!(stored["digitTokenDurationMinutes"], json!(10));

    // Saving again without changes sends nothing.
    save_password_config(&setup.app, &saved, &saved)
        .await
        .unwrap();
    assert_eq!(writes(&setup.sandbox).len(), 1);
}

#[tokio::test]
async fn creates_the_config_when_the_tenant_has_none() {
    let setup = setup(SandboxConfig {
        demo_data: false,
        ..SandboxConfig::default()
    })
    .await;
    assert_eq!(password_config(&setup.app).await.unwrap(), None);
    let body = json!({"digitTokenEnabled": true, "digitTokenLength": 10});
    let review = setup
        .app
        .resource_preview(PASSWORD, None, None, None, &body)
        .await
        .unwrap();
    assert!(review.creating);
    assert_eq!(review.request.unwrap().body, body);
    let created = setup
        .app
        .resource_create(PASSWORD, None, &body)
        .await
        .unwrap();
    assert!(created.secret.is_none());
    let created = created.object;
    assert_eq!(created["digitTokenLength"], json!(10));
    // Fields left out take the vendor defaults.
    assert_eq!(created["digitTokenDurationMinutes"], json!(5));
    assert_eq!(created["customInstructionsEnabled"], json!(false));
    assert_eq!(writes(&setup.sandbox)[0].method, "POST");
    assert_eq!(password_config(&setup.app).await.unwrap(), Some(created));
}

#[tokio::test]
async fn invalid_edits_are_refused_before_any_request() {
    let setup = setup(SandboxConfig::default()).await;
    let original = password_config(&setup.app).await.unwrap().unwrap();
    let mut edited = original.clone();
    edited["digitTokenLength"] = json!(19);
    edited["digitTokenDurationMinutes"] = json!(0);
    edited.as_object_mut().unwrap().remove("digitTokenEnabled");
    let error = save_password_config(&setup.app, &original, &edited)
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(
        field_errors(&error),
        [
            ("digitTokenDurationMinutes", "must be between 1 and 60"),
            ("digitTokenLength", "must be between 6 and 18"),
            ("digitTokenEnabled", "cannot be cleared; enter a value"),
        ]
    );
    assert!(writes(&setup.sandbox).is_empty());
}

#[tokio::test]
async fn a_vendor_400_carries_detail_code_tracking_id_and_messages() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = sailpoint_client(&sandbox, &sandbox.credentials().sailpoint_client_secret);
    let error = client
        .resource(&PASSWORD_ORG_CONFIG)
        .update(None, &json!({}), &json!({"digitTokenLength": 99}))
        .await
        .unwrap_err();
    let api = ApiError::from(error);
    assert_eq!(api.kind, ErrorKind::Validation);
    assert_eq!(api.details.status, Some(400));
    assert_eq!(
        api.details.operation.as_deref(),
        Some("put-password-org-config")
    );
    assert_eq!(
        api.details.detail_code.as_deref(),
        Some("400.1 Bad Request Content")
    );
    assert!(api
        .details
        .tracking_id
        .as_deref()
        .is_some_and(|id| !id.is_empty()));
    assert!(api
        .details
        .messages
        .iter()
        .any(|m| m.contains("digitTokenLength")));
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_succeeds() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = sailpoint_client(&sandbox, &sandbox.credentials().sailpoint_client_secret);
    client.get_password_org_config().await.unwrap();
    sandbox.expire_tokens();
    let config = client.get_password_org_config().await.unwrap();
    assert!(config.is_some());
    let token_requests = sandbox
        .requests()
        .iter()
        .filter(|request| request.path == "/oauth/token")
        .count();
    assert_eq!(
        token_requests, 2,
        "one token, then one refresh after the 401"
    );
}

#[tokio::test]
async fn wrong_credentials_are_reported_as_unauthorized_without_the_secret() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let client = sailpoint_client(&sandbox, "not-the-secret");
    let error = client.get_password_org_config().await.unwrap_err();
    assert!(matches!(
        error,
        ClientError::CredentialsRejected { status: 401, .. }
    ));
    let api = ApiError::from(error);
    assert_eq!(api.kind, ErrorKind::Unauthorized);
    assert!(!format!("{api:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn rate_limiting_reports_when_a_retry_can_succeed() {
    let setup = setup(SandboxConfig::default()).await;
    setup.sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 2,
            window: Duration::from_secs(3),
        }),
        ..Faults::default()
    });
    password_config(&setup.app).await.unwrap();
    password_config(&setup.app).await.unwrap();
    let error = password_config(&setup.app).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::RateLimited);
    let wait = error
        .details
        .retry_after_seconds
        .expect("Retry-After reported");
    assert!((1..=3).contains(&wait), "waits at most the window: {wait}");
    tokio::time::sleep(Duration::from_secs(wait)).await;
    password_config(&setup.app).await.unwrap();
}

#[tokio::test]
async fn the_environment_profile_is_ready_and_test_connection_reports_the_tenant() {
    let setup = Console::start_with(SandboxConfig::default(), |sandbox| {
        let profile =
            sailpoint_profile("environment-sailpoint", "SailPoint (environment)", sandbox);
        Some((
            profile,
            SecretString::from(sandbox.credentials().sailpoint_client_secret.clone()),
        ))
    })
    .await;
    let profiles = setup.app.list_profiles().await.unwrap();
    let environment = profiles
        .iter()
        .find(|view| view.source == ProfileSource::Environment)
        .unwrap();
    assert!(
        environment.active,
        "a configured tenant is preferred to the sandbox"
    );
    let report = setup
        .app
        .test_connection(&environment.profile.id)
        .await
        .unwrap();
    assert_eq!(
        report.token_url,
        format!("{}/oauth/token", setup.sandbox.base_url())
    );
    assert!(report
        .facts
        .contains(&("org".to_owned(), "acme-sandbox".to_owned())));
    assert!(report.expires_in_seconds > 0);

    let acp = setup
        .app
        .test_connection(SANDBOX_CLOUDENTITY)
        .await
        .unwrap();
    assert!(acp.token_url.ends_with("/admin/oauth2/token"));
    assert!(!acp.scopes.is_empty());
}

#[tokio::test]
async fn session_only_profiles_are_saved_without_their_secret_and_can_be_switched_to() {
    let setup = setup(SandboxConfig::default()).await;
    let credentials = setup.sandbox.credentials().clone();
    let profile = sailpoint_profile("user-1", "Lab tenant", &setup.sandbox);
    let missing_secret = setup
        .app
        .save_profile(ProfileInput {
            profile: profile.clone(),
            client_secret: None,
            storage: SecretStorage::SessionOnly,
            confirm_token_host: None,
        })
        .await
        .unwrap_err();
    assert_eq!(
        missing_secret.details.field_errors[0].field,
        "client_secret"
    );

    setup
        .app
        .save_profile(ProfileInput {
            profile: profile.clone(),
            client_secret: Some(credentials.sailpoint_client_secret.clone()),
            storage: SecretStorage::SessionOnly,
            confirm_token_host: None,
        })
        .await
        .unwrap();
    let file = std::fs::read_to_string(setup.config_dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("Lab tenant"));
    assert!(
        !file.contains(&credentials.sailpoint_client_secret),
        "no secret on disk"
    );

    setup.app.select_profile("user-1").await.unwrap();
    assert!(password_config(&setup.app).await.unwrap().is_some());

    // Editing without retyping the secret keeps the stored one.
    let renamed = setup
        .app
        .save_profile(ProfileInput {
            profile: Profile {
                name: "Lab tenant (renamed)".to_owned(),
                ..profile.clone()
            },
            client_secret: None,
            storage: SecretStorage::Keychain,
            confirm_token_host: None,
        })
        .await
        .unwrap();
    assert_eq!(renamed.profile.name, "Lab tenant (renamed)");
    assert_eq!(renamed.secret, gatehouse_wire::SecretStatus::Session);
    assert!(renamed.active);
    let report = setup.app.test_connection("user-1").await.unwrap();
    assert!(report
        .facts
        .contains(&("org".to_owned(), "acme-sandbox".to_owned())));

    setup.app.delete_profile("user-1").await.unwrap();
    let ids: Vec<_> = setup
        .app
        .list_profiles()
        .await
        .unwrap()
        .into_iter()
        .map(|view| view.profile.id)
        .collect();
    assert!(!ids.contains(&"user-1".to_owned()));
    let built_in = setup
        .app
        .delete_profile(SANDBOX_SAILPOINT)
        .await
        .unwrap_err();
    assert_eq!(built_in.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn a_cloudentity_profile_cannot_open_a_sailpoint_page() {
    let setup = setup(SandboxConfig::default()).await;
    setup.app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let error = password_config(&setup.app).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Configuration);
}

#[tokio::test]
async fn the_embedded_sandbox_starts_only_when_a_built_in_profile_is_selected() {
    let tenant = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let environment =
        sailpoint_profile("environment-sailpoint", "SailPoint (environment)", &tenant);
    let secret = SecretString::from(tenant.credentials().sailpoint_client_secret.clone());
    let app = Gatehouse::new(AppConfig {
        config_dir: dir.path().to_path_buf(),
        keychain_service: "gatehouse-test".to_owned(),
        sandbox: SandboxSource::Embedded(SandboxConfig::default()),
        environment_profile: Some((environment, secret)),
        clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
        sail_cli_config: None,
    })
    .unwrap();
    let sandbox_url = |views: &[gatehouse_wire::ProfileView]| {
        views
            .iter()
            .find(|view| view.profile.id == SANDBOX_SAILPOINT)
            .map(|view| view.profile.base_url.clone())
            .unwrap()
    };

    let before = app.list_profiles().await.unwrap();
    assert_eq!(sandbox_url(&before), "not started yet");
    assert!(password_config(&app).await.unwrap().is_some());

    app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    let after = app.list_profiles().await.unwrap();
    let started = sandbox_url(&after);
    assert!(started.starts_with("http://127.0.0.1:"), "{started}");
    assert_ne!(started, tenant.base_url());
    // The embedded sandbox really answers: its demo config, through the active profile.
    let config = password_config(&app).await.unwrap().unwrap();
    assert_eq!(config["digitTokenLength"], json!(8));
}

#[tokio::test]
async fn two_embedded_sandboxes_have_different_credentials() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut issued = Vec::new();
    for dir in &dirs {
        let app = Gatehouse::new(AppConfig {
            config_dir: dir.path().to_path_buf(),
            keychain_service: "gatehouse-test".to_owned(),
            sandbox: SandboxSource::Embedded(SandboxConfig::default()),
            environment_profile: None,
            clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
            sail_cli_config: None,
        })
        .unwrap();
        app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
        let client_ids: Vec<String> = app
            .list_profiles()
            .await
            .unwrap()
            .into_iter()
            .filter(|view| {
                [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY].contains(&view.profile.id.as_str())
            })
            .map(|view| view.profile.client_id)
            .collect();
        assert_eq!(client_ids.len(), 2);
        assert!(password_config(&app).await.unwrap().is_some(), "it answers");
        issued.push(client_ids);
    }
    assert_ne!(issued[0][0], issued[1][0], "SailPoint client ids differ");
    assert_ne!(issued[0][1], issued[1][1], "Cloudentity client ids differ");
}

#[tokio::test]
async fn a_connection_whose_base_url_changes_without_a_new_secret_is_refused_and_the_new_host_receives_nothing(
) {
    let setup = setup(SandboxConfig::default()).await;
    // A host that would take the saved secret, were it sent there.
    let elsewhere = Sandbox::start(SandboxConfig {
        credentials: Some(setup.sandbox.credentials().clone()),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let profile = sailpoint_profile("user-1", "Lab tenant", &setup.sandbox);
    let secret = setup.sandbox.credentials().sailpoint_client_secret.clone();
    let save = |profile: Profile, client_secret: Option<String>| ProfileInput {
        profile,
        client_secret,
        storage: SecretStorage::SessionOnly,
        confirm_token_host: None,
    };
    setup
        .app
        .save_profile(save(profile.clone(), Some(secret)))
        .await
        .unwrap();

    let moved = Profile {
        base_url: elsewhere.base_url(),
        ..profile.clone()
    };
    let error = setup
        .app
        .save_profile(save(moved.clone(), None))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(error.details.field_errors[0].field, "client_secret");
    assert!(error.details.field_errors[0]
        .message
        .contains("enter the secret again"));

    // The saved connection still points where it did, and the other host heard nothing.
    setup.app.test_connection("user-1").await.unwrap();
    assert!(
        elsewhere.requests().is_empty() && elsewhere.unauthenticated_requests() == 0,
        "the new host received nothing"
    );

    // With the secret for the new host typed in, the edit is saved.
    let other_secret = elsewhere.credentials().sailpoint_client_secret.clone();
    setup
        .app
        .save_profile(save(moved, Some(other_secret)))
        .await
        .unwrap();
    setup.app.test_connection("user-1").await.unwrap();
    assert_eq!(
        elsewhere.requests().len(),
        1,
        "one token request, to the new host"
    );
}

#[tokio::test]
async fn adding_a_connection_does_not_switch_to_it() {
    let setup = setup(SandboxConfig::default()).await;
    let profile = sailpoint_profile("user-1", "Lab tenant", &setup.sandbox);
    let secret = setup.sandbox.credentials().sailpoint_client_secret.clone();
    let view = setup
        .app
        .save_profile(ProfileInput {
            profile,
            client_secret: Some(secret),
            storage: SecretStorage::SessionOnly,
            confirm_token_host: None,
        })
        .await
        .unwrap();
    assert!(!view.active, "the new connection is not active");
    let active: Vec<_> = setup
        .app
        .list_profiles()
        .await
        .unwrap()
        .into_iter()
        .filter(|view| view.active)
        .map(|view| view.profile.id)
        .collect();
    assert_eq!(
        active,
        [SANDBOX_SAILPOINT],
        "the connection in use stays in use"
    );
}

/// A profile file the app cannot parse, as a crashed editor or a bad merge leaves one.
const CORRUPT: &[u8] = b"{\"active\": \"user-1\", \"profiles\": [{\"id\": \"user-1\",";

fn ids(views: &[gatehouse_wire::ProfileView]) -> Vec<&str> {
    views.iter().map(|view| view.profile.id.as_str()).collect()
}

fn active_id(views: &[gatehouse_wire::ProfileView]) -> Option<&str> {
    views
        .iter()
        .find(|view| view.active)
        .map(|view| view.profile.id.as_str())
}

#[tokio::test]
async fn a_corrupt_profile_file_leaves_the_sandbox_usable_and_is_never_overwritten() {
    let setup = Console::start_with(SandboxConfig::default(), |sandbox| {
        let profile =
            sailpoint_profile("environment-sailpoint", "SailPoint (environment)", sandbox);
        let secret = SecretString::from(sandbox.credentials().sailpoint_client_secret.clone());
        Some((profile, secret))
    })
    .await;
    let file = setup.config_dir.path().join("profiles.json");
    std::fs::write(&file, CORRUPT).unwrap();
    let path = file.display().to_string();

    // Listed without the saved ones, and the reason is there to show.
    let listed = setup.app.list_profiles().await.unwrap();
    assert_eq!(
        ids(&listed),
        [
            SANDBOX_SAILPOINT,
            SANDBOX_CLOUDENTITY,
            "environment-sailpoint"
        ]
    );
    let problem = setup.app.profile_file_problem().expect("the problem");
    assert_eq!(problem.path, path);
    assert!(problem.message.contains("EOF"), "{}", problem.message);

    // The built-in sandbox is chosen and used; the choice is held in memory.
    setup.app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let listed = setup.app.list_profiles().await.unwrap();
    assert_eq!(active_id(&listed), Some(SANDBOX_CLOUDENTITY));
    setup.app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    let config = password_config(&setup.app).await.unwrap().unwrap();
    assert_eq!(config["digitTokenLength"], json!(8));

    // Saving and deleting a stored connection are refused, naming the file.
    let refused = [
        setup
            .app
            .save_profile(ProfileInput {
                profile: sailpoint_profile("user-2", "Lab tenant", &setup.sandbox),
                client_secret: Some("typed-secret".into()),
                storage: SecretStorage::SessionOnly,
                confirm_token_host: None,
            })
            .await
            .unwrap_err(),
        setup.app.delete_profile("user-1").await.unwrap_err(),
    ];
    for error in refused {
        assert_eq!(error.kind, ErrorKind::Storage);
        assert_eq!(error.details.path.as_deref(), Some(path.as_str()));
        assert!(error.message.contains(&path), "{}", error.message);
    }

    // Not a byte changed, and nothing was written beside it.
    assert_eq!(std::fs::read(&file).unwrap(), CORRUPT);
    let mut files: Vec<_> = std::fs::read_dir(setup.config_dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files, ["profiles.json"]);
}

#[tokio::test]
async fn moving_a_corrupt_file_aside_keeps_its_bytes_and_starts_empty() {
    let setup = setup(SandboxConfig::default()).await;
    let file = setup.config_dir.path().join("profiles.json");
    std::fs::write(&file, CORRUPT).unwrap();
    setup.app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();

    let moved = std::path::PathBuf::from(setup.app.move_profile_file_aside().await.unwrap());
    let name = moved.file_name().unwrap().to_str().unwrap();
    assert!(name.starts_with("profiles.json.corrupt-"), "{name}");
    assert_eq!(moved.parent(), Some(setup.config_dir.path()));
    assert_eq!(std::fs::read(&moved).unwrap(), CORRUPT, "every byte kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&moved).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert!(!file.exists());
    assert_eq!(setup.app.profile_file_problem(), None);

    // An empty start that keeps the choice made meanwhile, and saves again.
    let listed = setup.app.list_profiles().await.unwrap();
    assert_eq!(ids(&listed), [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY]);
    assert_eq!(active_id(&listed), Some(SANDBOX_CLOUDENTITY));
    let secret = setup.sandbox.credentials().sailpoint_client_secret.clone();
    setup
        .app
        .save_profile(ProfileInput {
            profile: sailpoint_profile("user-2", "Lab tenant", &setup.sandbox),
            client_secret: Some(secret),
            storage: SecretStorage::SessionOnly,
            confirm_token_host: None,
        })
        .await
        .unwrap();
    let listed = setup.app.list_profiles().await.unwrap();
    assert_eq!(
        ids(&listed),
        [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY, "user-2"]
    );
    assert_eq!(active_id(&listed), Some(SANDBOX_CLOUDENTITY));
    setup.app.test_connection("user-2").await.unwrap();
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        CORRUPT,
        "the old file untouched"
    );

    // Nothing left to move: a readable file stays.
    let error = setup.app.move_profile_file_aside().await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Conflict);
    assert!(file.exists());
}

#[tokio::test]
async fn a_failed_embedded_sandbox_start_can_be_retried() {
    // The sandbox's port is taken when it is first needed.
    let occupied = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = occupied.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let app = Gatehouse::new(AppConfig {
        config_dir: dir.path().to_path_buf(),
        keychain_service: "gatehouse-test".to_owned(),
        sandbox: SandboxSource::Embedded(SandboxConfig {
            port,
            ..SandboxConfig::default()
        }),
        environment_profile: None,
        clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
        sail_cli_config: None,
    })
    .unwrap();

    // The list still answers, so another connection could be chosen; the first use fails.
    let listed = app.list_profiles().await.unwrap();
    assert_eq!(active_id(&listed), Some(SANDBOX_SAILPOINT));
    let error = password_config(&app).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Unexpected);
    assert!(
        error
            .message
            .contains("the embedded sandbox could not start"),
        "{}",
        error.message
    );

    // Once the port is free, the next use starts it: no restart of the app.
    drop(occupied);
    let config = password_config(&app).await.unwrap().unwrap();
    assert_eq!(config["digitTokenLength"], json!(8));
    let listed = app.list_profiles().await.unwrap();
    assert_eq!(
        listed[0].profile.base_url,
        format!("http://127.0.0.1:{port}")
    );
}

#[tokio::test]
async fn warming_up_fetches_the_active_connections_token_so_the_first_list_only_lists() {
    let setup = setup(SandboxConfig::default()).await;
    let token_requests = || {
        setup
            .sandbox
            .requests()
            .iter()
            .filter(|request| request.path == "/oauth/token")
            .count()
    };

    setup.app.warm_up().await;
    assert_eq!(token_requests(), 1, "{:?}", setup.sandbox.requests());

    let before = setup.sandbox.requests().len();
    let clients = setup
        .app
        .resource_list("oauth-clients", None, &[])
        .await
        .unwrap();
    assert_eq!(clients.len(), setup.sandbox.oauth_clients().len());
    let first_page: Vec<_> = setup.sandbox.requests()[before..]
        .iter()
        .map(|request| (request.method.clone(), request.path.clone()))
        .collect();
    assert_eq!(token_requests(), 1, "the warmed-up token is reused");
    assert_eq!(
        first_page,
        [("GET".to_owned(), "/beta/oauth-clients".to_owned())]
    );
}

#[tokio::test]
async fn warming_up_leaves_the_embedded_sandbox_alone_while_another_connection_is_active() {
    let tenant = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let environment =
        sailpoint_profile("environment-sailpoint", "SailPoint (environment)", &tenant);
    let secret = SecretString::from(tenant.credentials().sailpoint_client_secret.clone());
    let app = Gatehouse::new(AppConfig {
        config_dir: dir.path().to_path_buf(),
        keychain_service: "gatehouse-test".to_owned(),
        sandbox: SandboxSource::Embedded(SandboxConfig::default()),
        environment_profile: Some((environment, secret)),
        clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
        sail_cli_config: None,
    })
    .unwrap();

    app.warm_up().await;

    let views = app.list_profiles().await.unwrap();
    let sandbox = views
        .iter()
        .find(|view| view.profile.id == SANDBOX_SAILPOINT)
        .unwrap();
    assert_eq!(sandbox.profile.base_url, "not started yet");
    assert!(
        tenant
            .requests()
            .iter()
            .any(|request| request.path == "/oauth/token"),
        "the active environment connection's token was fetched"
    );
}
