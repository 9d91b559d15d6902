//! The SailPoint client against the sandbox over HTTP: one-time secrets, JSON Patch bodies,
//! refused edits, filters, and each error path (400, 401, 403, 404, 429, 5xx).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_client::sailpoint::{
    AccessType, GrantType, LastUsedFilter, NewOAuthClient, NewPersonalAccessToken,
};
use gatehouse_client::{
    ApiClient, ClientCredentials, ClientError, RetryPolicy, RetryReason, SailPointClient,
    TokenSource,
};
use gatehouse_core::SANDBOX_SAILPOINT;
use gatehouse_sandbox::{Faults, InjectedFault, RateLimit, Sandbox, SandboxConfig, Vendor};
use gatehouse_tests::{assert_forbidden, requests_to, sandbox, vendor_error, Console};
use gatehouse_wire::catalog::{AUTH_USERS, OAUTH_CLIENTS};
use gatehouse_wire::ErrorKind;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

fn credentials(sandbox: &Sandbox, id: &str, secret: &str) -> ClientCredentials {
    ClientCredentials {
        token_url: format!("{}/oauth/token", sandbox.base_url()),
        client_id: id.to_owned(),
        client_secret: SecretString::from(secret.to_owned()),
    }
}

fn client_with(
    sandbox: &Sandbox,
    credentials: ClientCredentials,
    policy: RetryPolicy,
) -> SailPointClient {
    let http = gatehouse_client::http_client().unwrap();
    let tokens = TokenSource::new(http.clone(), credentials);
    SailPointClient::with_api(ApiClient::new(http, &sandbox.base_url(), tokens).with_policy(policy))
}

fn client(sandbox: &Sandbox) -> SailPointClient {
    let built_in = sandbox.credentials();
    client_with(
        sandbox,
        credentials(
            sandbox,
            &built_in.sailpoint_client_id,
            &built_in.sailpoint_client_secret,
        ),
        RetryPolicy {
            backoff: Duration::from_millis(10),
            ..RetryPolicy::STANDARD
        },
    )
}

fn new_client(name: &str) -> NewOAuthClient {
    NewOAuthClient {
        name: name.to_owned(),
        description: "Reads identities for the data warehouse".to_owned(),
        access_token_validity_seconds: 750,
        grant_types: vec![GrantType::ClientCredentials],
        access_type: AccessType::Offline,
        enabled: true,
        business_name: None,
        homepage_url: None,
        refresh_token_validity_seconds: None,
        redirect_uris: None,
        client_type: None,
        internal: None,
        strong_auth_supported: None,
        claims_supported: None,
        scope: None,
    }
}

#[tokio::test]
async fn a_new_oauth_client_secret_is_returned_once_and_works_as_credentials() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    let created = sailpoint
        .oauth_clients()
        .create(&new_client("Warehouse export"))
        .await
        .unwrap();
    let secret = created.secret.expose_secret().to_owned();
    assert_eq!(secret.len(), 64);

    let fetched = sailpoint
        .oauth_clients()
        .get(&created.client.id)
        .await
        .unwrap();
    assert_eq!(fetched.name, "Warehouse export");
    assert!(
        !fetched.other.contains_key("secret"),
        "get never shows the secret"
    );
    let listed = sailpoint.oauth_clients().untyped().list(&[]).await.unwrap();
    assert!(
        listed.iter().all(|item| item.get("secret").is_none()),
        "nor does list"
    );
    assert!(
        !serde_json::to_string(&sandbox.oauth_clients())
            .unwrap()
            .contains(&secret),
        "the sandbox does not even keep it with the object"
    );

    // The issued credentials get tokens, limited to the client's scopes.
    let own = client_with(
        &sandbox,
        credentials(&sandbox, &created.client.id, &secret),
        RetryPolicy::STANDARD,
    );
    let grant = own.api().tokens().fetch().await.unwrap();
    assert_eq!(grant.scopes, ["sp:scopes:all"]);
}

#[tokio::test]
async fn saving_an_edit_sends_exactly_the_json_patch_of_the_changed_fields() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    let resource = sailpoint.resource(&OAUTH_CLIENTS);
    let original = resource.list(&[]).await.unwrap().remove(0);
    let id = original["id"].as_str().unwrap().to_owned();
    let mut edited = original.clone();
    edited["enabled"] = json!(false);
    edited["redirectUris"] = json!(["https://a.example/cb", "https://b.example/cb"]);
    edited["homepageUrl"] = Value::Null;
    let saved = resource
        .update(Some(&id), &original, &edited)
        .await
        .unwrap();
    assert_eq!(saved["enabled"], json!(false));
    assert_eq!(saved["homepageUrl"], Value::Null);

    let patches = requests_to(&sandbox, "PATCH", "/beta/oauth-clients/");
    assert_eq!(patches.len(), 1);
    assert_eq!(
        patches[0].body,
        Some(json!([
            {"op": "replace", "path": "/homepageUrl", "value": null},
            {"op": "replace", "path": "/redirectUris", "value": ["https://a.example/cb", "https://b.example/cb"]},
            {"op": "replace", "path": "/enabled", "value": false}
        ]))
    );
    let stored = sandbox
        .oauth_clients()
        .into_iter()
        .find(|client| client["id"] == json!(id))
        .unwrap();
    assert_eq!(stored["redirectUris"], edited["redirectUris"]);
    assert_eq!(stored["name"], original["name"], "untouched fields stay");
}

#[tokio::test]
async fn an_edit_of_a_field_that_is_not_patchable_fails_before_any_request() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    let user = sandbox.auth_users().remove(1);
    let id = user["id"].as_str().unwrap();
    let mut edited = user.clone();
    edited["email"] = json!("someone.else@acme.example");
    let before = sandbox.requests().len();
    let error = sailpoint
        .resource(&AUTH_USERS)
        .update(Some(id), &user, &edited)
        .await
        .unwrap_err();
    assert!(matches!(error, ClientError::Invalid { .. }), "{error}");
    assert!(error.to_string().contains("email"), "{error}");
    assert_eq!(sandbox.requests().len(), before, "nothing was sent");

    // Sent anyway (another tool, an older app), the vendor refuses it with its detail code.
    let raw = reqwest::Client::new()
        .patch(format!("{}/v3/auth-users/{id}", sandbox.base_url()))
        .bearer_auth(
            sailpoint
                .api()
                .tokens()
                .token()
                .await
                .unwrap()
                .expose_secret(),
        )
        .header("content-type", "application/json-patch+json")
        .body(r#"[{"op":"replace","path":"/email","value":"x@example.com"}]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let body: Value = raw.json().await.unwrap();
    assert_eq!(body["detailCode"], "400.1.1 Illegal update attempt");

    // Capabilities are patchable; values newer than the spec are the vendor's to judge.
    let mut granted = user.clone();
    granted["capabilities"] = json!(["HELPDESK", "REPORT_ADMIN"]);
    let saved = sailpoint
        .auth_users()
        .untyped()
        .update(Some(id), &user, &granted)
        .await
        .unwrap();
    assert_eq!(saved["capabilities"], json!(["HELPDESK", "REPORT_ADMIN"]));
}

#[tokio::test]
async fn personal_access_tokens_follow_the_spec_limits_and_owner_filters() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    let tokens = sailpoint.personal_access_tokens();
    let new = |name: &str, seconds| NewPersonalAccessToken {
        name: name.to_owned(),
        scope: None,
        access_token_validity_seconds: seconds,
        expiration_date: None,
    };
    for seconds in [14, 43201] {
        let error = tokens
            .create(&new("Out of range", Some(seconds)))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(400), "{seconds}: {error}");
    }
    let created = tokens.create(&new("Deploy bot", Some(15))).await.unwrap();
    assert_eq!(created.token.access_token_validity_seconds, Some(15));
    assert_eq!(created.token.scope, Some(vec!["sp:scopes:all".to_owned()]));
    let duplicate = tokens.create(&new("Deploy bot", None)).await.unwrap_err();
    let conflict = vendor_error(duplicate, 400);
    assert_eq!(
        conflict.detail_code.as_deref(),
        Some("400.1.409 Reference conflict")
    );

    let mine = sailpoint
        .list_personal_access_tokens(Some("me"), None)
        .await
        .unwrap();
    assert!(mine.iter().any(|token| token.name == "Deploy bot"));
    let nobody = sailpoint
        .list_personal_access_tokens(Some("2c9180867b50d088017b554662fb281e"), None)
        .await
        .unwrap();
    assert!(nobody.is_empty());
    let never_used = sailpoint
        .list_personal_access_tokens(None, Some(&LastUsedFilter::Never))
        .await
        .unwrap();
    assert!(never_used.iter().all(|token| token.last_used.is_none()));
    assert!(never_used.iter().any(|token| token.name == "Deploy bot"));
    let old = sailpoint
        .list_oauth_clients(Some(&LastUsedFilter::AtOrBefore(
            "2026-11-21T00:00:00.000Z".into(),
        )))
        .await
        .unwrap();
    assert_eq!(old.len(), 1, "only the demo client used before that date");
    let query = requests_to(&sandbox, "GET", "/beta/oauth-clients")[0]
        .query
        .clone();
    assert_eq!(
        query.as_deref(),
        Some("filters=lastUsed+le+2026-11-21T00%3A00%3A00.000Z")
    );

    // Rename through PATCH; the PAT's secret is gone for good after create.
    let original = serde_json::to_value(&created.token).unwrap();
    let mut renamed = original.clone();
    renamed["name"] = json!("Deploy bot (prod)");
    let saved = tokens
        .untyped()
        .update(Some(&created.token.id), &original, &renamed)
        .await
        .unwrap();
    assert_eq!(saved["name"], "Deploy bot (prod)");
    tokens.delete(&created.token.id).await.unwrap();
    let gone = tokens.delete(&created.token.id).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
}

#[tokio::test]
async fn a_token_without_the_needed_scope_gets_the_vendors_403() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let (id, secret) = sandbox.add_limited_client(Vendor::SailPoint, &["sp:oauth-client:read"]);
    let reader = client_with(
        &sandbox,
        credentials(&sandbox, &id, &secret),
        RetryPolicy::STANDARD,
    );
    assert_eq!(reader.list_oauth_clients(None).await.unwrap().len(), 2);
    let error = reader
        .oauth_clients()
        .create(&new_client("Not allowed"))
        .await
        .unwrap_err();
    assert_forbidden(error, "403 Forbidden", "sp:oauth-client:manage");
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_succeeds() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    sailpoint.list_oauth_clients(None).await.unwrap();
    sandbox.expire_tokens();
    sailpoint.list_oauth_clients(None).await.unwrap();
    let token_requests = requests_to(&sandbox, "POST", "/oauth/token").len();
    assert_eq!(token_requests, 2, "one token, then one refresh");
    // The refused call is counted, not logged (the log keeps authenticated requests only).
    assert_eq!(sandbox.unauthenticated_requests(), 1);
    let lists = requests_to(&sandbox, "GET", "/beta/oauth-clients");
    assert!(lists.iter().all(|request| request.status == 200) && lists.len() == 2);
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_within_the_bound_and_reported_beyond_it() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 1,
            window: Duration::from_secs(1),
        }),
        ..Faults::default()
    });
    let built_in = sandbox.credentials();
    let notices = Arc::new(Mutex::new(Vec::new()));
    let seen = notices.clone();
    let http = gatehouse_client::http_client().unwrap();
    let api = ApiClient::new(
        http.clone(),
        &sandbox.base_url(),
        TokenSource::new(
            http,
            credentials(
                &sandbox,
                &built_in.sailpoint_client_id,
                &built_in.sailpoint_client_secret,
            ),
        ),
    )
    .on_retry(Arc::new(move |notice| {
        seen.lock().unwrap().push(notice.clone())
    }));
    let patient = SailPointClient::with_api(api);
    patient.list_oauth_clients(None).await.unwrap();
    patient.list_oauth_clients(None).await.unwrap();
    let waited = notices.lock().unwrap().clone();
    assert_eq!(waited.len(), 1, "{waited:?}");
    assert_eq!(waited[0].reason, RetryReason::RateLimited);
    assert_eq!(
        waited[0].wait,
        Duration::from_secs(1),
        "the vendor's Retry-After"
    );

    // A Retry-After longer than the bound is reported at once, with the wait, for the UI.
    let hasty = client_with(
        &sandbox,
        credentials(
            &sandbox,
            &built_in.sailpoint_client_id,
            &built_in.sailpoint_client_secret,
        ),
        RetryPolicy {
            max_rate_limit_wait: Duration::from_millis(500),
            ..RetryPolicy::STANDARD
        },
    );
    hasty.list_oauth_clients(None).await.ok();
    let error = hasty.list_oauth_clients(None).await.unwrap_err();
    assert!(
        matches!(error, ClientError::RateLimited { retry_after: Some(wait), .. } if wait == Duration::from_secs(1)),
        "{error}"
    );
}

#[tokio::test]
async fn server_errors_and_dropped_connections_retry_reads_but_never_repeat_a_create() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    sailpoint.list_oauth_clients(None).await.unwrap();
    sandbox.set_faults(Faults {
        server_errors_percent: 100,
        ..Faults::default()
    });
    let error = sailpoint.list_oauth_clients(None).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    let reads = requests_to(&sandbox, "GET", "/beta/oauth-clients").len();
    assert_eq!(reads, 1 + 3, "the first read, then one try and two retries");

    let error = sailpoint
        .oauth_clients()
        .create(&new_client("Once only"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        requests_to(&sandbox, "POST", "/beta/oauth-clients").len(),
        1,
        "a POST is never repeated"
    );

    sandbox.set_faults(Faults {
        dropped_connections_percent: 100,
        ..Faults::default()
    });
    let error = sailpoint.list_oauth_clients(None).await.unwrap_err();
    assert!(matches!(error, ClientError::Network { .. }), "{error}");
    assert_eq!(
        requests_to(&sandbox, "GET", "/beta/oauth-clients").len(),
        reads + 3
    );

    sandbox.set_faults(Faults::default());
    assert_eq!(sailpoint.list_oauth_clients(None).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_create_or_an_edit_whose_answer_was_lost_is_not_sent_again_but_a_read_is() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    let before = sailpoint.list_oauth_clients(None).await.unwrap();
    let original = before[0].clone();
    sandbox.set_faults(Faults {
        lost_answers_percent: 100,
        ..Faults::default()
    });

    let error = sailpoint
        .oauth_clients()
        .create(&new_client("Answer lost"))
        .await
        .unwrap_err();
    assert!(matches!(error, ClientError::Network { .. }), "{error}");
    let posts = requests_to(&sandbox, "POST", "/beta/oauth-clients");
    assert_eq!(posts.len(), 1, "a POST is never repeated");
    assert!(posts[0].reached_handler);
    assert_eq!(posts[0].fault, Some(InjectedFault::LostAnswer));

    let mut edited = original.clone();
    edited.name = "Renamed, answer lost".to_owned();
    sailpoint
        .oauth_clients()
        .update(&original.id, &original, &edited)
        .await
        .unwrap_err();
    assert_eq!(
        requests_to(&sandbox, "PATCH", "/beta/oauth-clients").len(),
        1,
        "a PATCH is never repeated"
    );

    let reads = requests_to(&sandbox, "GET", "/beta/oauth-clients").len();
    sailpoint.list_oauth_clients(None).await.unwrap_err();
    assert_eq!(
        requests_to(&sandbox, "GET", "/beta/oauth-clients").len(),
        reads + 3,
        "a read is tried three times"
    );

    // The vendor carried both out: the careful caller reads before sending again.
    sandbox.set_faults(Faults::default());
    let after = sailpoint.list_oauth_clients(None).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.iter().filter(|c| c.name == "Answer lost").count(), 1);
    assert!(after.iter().any(|c| c.name == "Renamed, answer lost"));
}

#[tokio::test]
async fn a_delete_whose_answer_was_lost_is_reported_done_not_missing() {
    let console = Console::start(SandboxConfig::default()).await;
    let (app, sandbox) = (&console.app, &console.sandbox);
    app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    let id = sandbox.oauth_clients()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/beta/oauth-clients/{id}");
    let deletes = || requests_to(sandbox, "DELETE", &path);

    sandbox.lose_next_answers(1);
    app.resource_delete(OAUTH_CLIENTS.key, None, &id)
        .await
        .expect("the delete is reported done");
    let sent = deletes();
    assert_eq!(sent.len(), 2, "sent, then sent again: {sent:?}");
    assert_eq!(sent[0].fault, Some(InjectedFault::LostAnswer));
    assert!(sent[0].reached_handler && (200..300).contains(&sent[0].status));
    assert_eq!(sent[1].status, 404, "the re-sent delete found it gone");
    assert!(sandbox.oauth_clients().iter().all(|c| c["id"] != json!(id)));

    // A 404 to a first attempt is still "not found": this delete deleted nothing.
    let error = app
        .resource_delete(OAUTH_CLIENTS.key, None, &id)
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotFound, "{error:?}");
    assert_eq!(deletes().len(), 3, "a first-attempt 404 is not re-sent");
}

#[tokio::test]
async fn validation_and_missing_objects_answer_with_the_vendors_bodies() {
    let sandbox = sandbox(SandboxConfig::default()).await;
    let sailpoint = client(&sandbox);
    let mut invalid = serde_json::to_value(new_client("Bad")).unwrap();
    invalid["accessType"] = json!("SOMETIMES");
    invalid.as_object_mut().unwrap().remove("enabled");
    let error = sailpoint
        .resource(&OAUTH_CLIENTS)
        .create(&invalid)
        .await
        .unwrap_err();
    let invalid = vendor_error(error, 400);
    assert_eq!(
        invalid.detail_code.as_deref(),
        Some("400.1 Bad Request Content")
    );
    assert!(invalid.tracking_id.is_some());
    let all = invalid.messages.join(" | ");
    assert!(
        all.contains("accessType") && all.contains("enabled is required"),
        "{all}"
    );
    let missing = sailpoint.oauth_clients().get("0000").await.unwrap_err();
    let not_found = vendor_error(missing, 404);
    assert_eq!(not_found.detail_code.as_deref(), Some("404 Not found"));
}
