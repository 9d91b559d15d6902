//! The generic resource commands (what every screen calls) against a real sandbox over HTTP,
//! for every SailPoint resource: lists, reads, reviews, creates, saves, conflicts, deletes,
//! and the one-time secret of a new credential.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_core::{
    Clipboard, Gatehouse, CLIPBOARD_CLEAR_AFTER, ONE_TIME_SECRETS_KEPT, ONE_TIME_SECRET_KEPT_FOR,
    SANDBOX_CLOUDENTITY,
};
use gatehouse_sandbox::{Faults, SandboxConfig};
use gatehouse_tests::{field_errors, id, writes, Console};
use gatehouse_wire::{
    ActionBody, ApiError, Created, ErrorKind, SaveOutcome, SecretStatus, Vendor, NEVER_USED,
};
use serde_json::{json, Value};

const OAUTH_CLIENTS: &str = "oauth-clients";
const PATS: &str = "personal-access-tokens";
const AUTH_USERS: &str = "auth-users";

async fn saved(outcome: Result<SaveOutcome, ApiError>) -> Value {
    match outcome.expect("the save succeeds") {
        SaveOutcome::Saved { object } => object,
        SaveOutcome::Conflict(conflict) => panic!("unexpected conflict: {conflict:?}"),
    }
}

async fn first(app: &Gatehouse, key: &str) -> Value {
    app.resource_list(key, None, &[])
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("demo data has one")
}

#[tokio::test]
async fn editing_an_oauth_clients_name_and_redirect_uris_sends_exactly_two_replace_operations() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let original = first(app, OAUTH_CLIENTS).await;
    let client_id = id(&original);
    let mut edited = original.clone();
    edited["name"] = json!("Nightly export (renamed)");
    edited["redirectUris"] = json!(["https://reports.acme.example/callback"]);

    let review = app
        .resource_preview(
            OAUTH_CLIENTS,
            None,
            Some(&client_id),
            Some(&original),
            &edited,
        )
        .await
        .unwrap();
    let expected = json!([
        {"op": "replace", "path": "/name", "value": "Nightly export (renamed)"},
        {"op": "replace", "path": "/redirectUris", "value": ["https://reports.acme.example/callback"]}
    ]);
    let planned = review.request.unwrap();
    assert_eq!(planned.method, "PATCH");
    assert_eq!(planned.path, format!("/beta/oauth-clients/{client_id}"));
    assert_eq!(planned.body, expected, "the review shows the exact patch");
    assert!(writes(&console.sandbox, "/beta/oauth-clients").is_empty());

    let object = saved(
        app.resource_save(OAUTH_CLIENTS, None, Some(&client_id), &original, &edited)
            .await,
    )
    .await;
    assert_eq!(object["name"], json!("Nightly export (renamed)"));
    let sent = writes(&console.sandbox, "/beta/oauth-clients");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].body,
        Some(expected),
        "exactly two replace operations"
    );
    let stored = console
        .sandbox
        .oauth_clients()
        .into_iter()
        .find(|client| id(client) == client_id)
        .unwrap();
    assert_eq!(stored["redirectUris"], edited["redirectUris"]);
    assert_eq!(
        stored["description"], original["description"],
        "the rest is kept"
    );
}

#[tokio::test]
async fn a_server_side_change_is_shown_as_a_conflict_and_not_overwritten() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let opened = first(app, OAUTH_CLIENTS).await;
    let client_id = id(&opened);

    // Someone else changes the description and the name while the form is open.
    let mut theirs = opened.clone();
    theirs["description"] = json!("Changed by a colleague");
    theirs["name"] = json!("Their name");
    saved(
        app.resource_save(OAUTH_CLIENTS, None, Some(&client_id), &opened, &theirs)
            .await,
    )
    .await;
    let writes_before = writes(&console.sandbox, "/beta/oauth-clients").len();

    let mut mine = opened.clone();
    mine["name"] = json!("My name");
    let outcome = app
        .resource_save(OAUTH_CLIENTS, None, Some(&client_id), &opened, &mine)
        .await
        .unwrap();
    let SaveOutcome::Conflict(conflict) = outcome else {
        panic!("a conflict was expected, got {outcome:?}");
    };
    assert_eq!(
        writes(&console.sandbox, "/beta/oauth-clients").len(),
        writes_before,
        "nothing is sent on a conflict"
    );
    let name = conflict.fields.iter().find(|f| f.field == "name").unwrap();
    assert_eq!(
        (&name.base, &name.mine, &name.server),
        (&opened["name"], &json!("My name"), &json!("Their name"))
    );
    assert!(conflict.fields.iter().any(|f| f.field == "description"));

    // Rebased onto the server's version, the edit keeps their description and my name.
    let rebased = conflict.rebased();
    let object = saved(
        app.resource_save(
            OAUTH_CLIENTS,
            None,
            Some(&client_id),
            &conflict.server,
            &rebased,
        )
        .await,
    )
    .await;
    assert_eq!(object["name"], json!("My name"));
    assert_eq!(object["description"], json!("Changed by a colleague"));
}

#[tokio::test]
async fn fields_that_are_not_patchable_are_refused_before_any_request() {
    let console = Console::start(SandboxConfig::default()).await;
    let original = first(&console.app, OAUTH_CLIENTS).await;
    let mut edited = original.clone();
    edited["type"] = json!("PUBLIC");
    edited["accessTokenValiditySeconds"] = json!(0);
    let error = console
        .app
        .resource_preview(
            OAUTH_CLIENTS,
            None,
            Some(&id(&original)),
            Some(&original),
            &edited,
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(
        field_errors(&error),
        [
            (
                "accessTokenValiditySeconds",
                "must be between 1 and 2147483647"
            ),
            ("type", "cannot be changed after creation"),
        ]
    );
    assert!(console
        .sandbox
        .requests()
        .iter()
        .all(|r| r.method == "GET" || r.path == "/oauth/token"));
}

#[tokio::test]
async fn lists_hold_no_secret_and_filters_are_the_vendors() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    for key in [OAUTH_CLIENTS, PATS] {
        let items = app.resource_list(key, None, &[]).await.unwrap();
        assert_eq!(items.len(), 2, "{key}");
        assert!(
            items.iter().all(|item| item.get("secret").is_none()),
            "{key}"
        );
    }
    let never = [("filters".to_owned(), "lastUsed isnull".to_owned())];
    let unused = app
        .resource_list(OAUTH_CLIENTS, None, &never)
        .await
        .unwrap();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["name"], json!("Helpdesk portal"));
    let mine = [
        ("owner-id".to_owned(), "me".to_owned()),
        (
            "filters".to_owned(),
            "lastUsed le 2026-11-01T00:00:00Z".to_owned(),
        ),
    ];
    let old = app.resource_list(PATS, None, &mine).await.unwrap();
    assert!(
        old.is_empty(),
        "both demo tokens were used in November or never: {old:?}"
    );
    assert_eq!(NEVER_USED, "never");
    let refused = app
        .resource_list(
            OAUTH_CLIENTS,
            None,
            &[("owner-id".to_owned(), "me".to_owned())],
        )
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Validation);
}

/// A clipboard in memory, standing in for the system's.
#[derive(Default)]
struct MemoryClipboard(Mutex<Option<String>>);

impl Clipboard for MemoryClipboard {
    fn write_text(&self, text: &str) -> Result<(), String> {
        *self.0.lock().unwrap() = Some(text.to_owned());
        Ok(())
    }
    fn read_text(&self) -> Option<String> {
        self.0.lock().unwrap().clone()
    }
    fn clear(&self) -> Result<(), String> {
        *self.0.lock().unwrap() = None;
        Ok(())
    }
}

async fn create_token(app: &Gatehouse, name: &str) -> Created {
    let body = json!({"name": name, "accessTokenValiditySeconds": 3600});
    let review = app
        .resource_preview(PATS, None, None, None, &body)
        .await
        .unwrap();
    assert!(review.creating);
    assert_eq!(
        review.request.unwrap().body,
        body,
        "the review shows the create body"
    );
    app.resource_create(PATS, None, &body).await.unwrap()
}

#[tokio::test]
async fn a_new_tokens_secret_is_held_apart_usable_once_as_a_connection_and_then_gone() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let created = create_token(app, "Deploy bot").await;
    let secret = created.secret.clone().expect("the vendor issued a secret");
    assert!(
        created.object.get("secret").is_none(),
        "the object carries no secret"
    );
    assert_eq!(secret.client_id, id(&created.object));
    assert!(
        !format!("{created:?}").contains(&secret.value),
        "Debug is redacted"
    );

    let report = app.test_secret(&secret.handle).await.unwrap();
    assert!(report.token_url.ends_with("/oauth/token"));

    let view = app
        .save_secret_as_connection(&secret.handle, "Deploy bot", true)
        .await
        .unwrap();
    assert_eq!(view.profile.client_id, secret.client_id);
    assert_eq!(view.secret, SecretStatus::Session);
    app.test_connection(&view.profile.id).await.unwrap();

    app.forget_secret(&secret.handle);
    let gone = app.test_secret(&secret.handle).await.unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound);

    // Nowhere after: not in the list, not in the object's read, not in the app's files.
    let listed = app.resource_list(PATS, None, &[]).await.unwrap();
    assert!(!serde_json::to_string(&listed)
        .unwrap()
        .contains(&secret.value));
    let files = std::fs::read_dir(console.config_dir.path()).unwrap();
    for file in files {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap_or_default();
        assert!(!text.contains(&secret.value), "a secret on disk");
    }
}

#[tokio::test]
async fn a_cloudentity_clients_secret_is_tested_at_its_servers_token_endpoint_and_is_no_connection()
{
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let create = |name: &str, grants: &[&str]| {
        let body = json!({
            "client_name": name,
            "authorization_server_id": "default",
            "grant_types": grants,
        });
        async move { app.resource_create("clients", Some("default"), &body).await }
    };
    let secret = create("Reporting app", &["client_credentials"])
        .await
        .unwrap()
        .secret
        .expect("the vendor issued a secret");
    assert!(secret.credential);
    assert!(!secret.connection, "a client of another server than admin");

    let report = app.test_secret(&secret.handle).await.unwrap();
    assert!(
        report.token_url.ends_with("/default/oauth2/token"),
        "{}",
        report.token_url
    );
    let refused = app
        .save_secret_as_connection(&secret.handle, "Reporting app", true)
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Validation);

    // A client not allowed the client-credentials grant cannot fetch a token with it.
    let browser_only = create("Web app", &["authorization_code"])
        .await
        .unwrap()
        .secret
        .unwrap();
    let failed = app.test_secret(&browser_only.handle).await.unwrap_err();
    assert_ne!(failed.kind, ErrorKind::NotFound, "{failed:?}");
}

#[tokio::test]
async fn a_secret_created_before_a_connection_switch_stays_with_the_connection_it_was_created_on() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    // The session and its token are ready: only the create itself waits on the vendor.
    app.resource_list(PATS, None, &[]).await.unwrap();
    console.sandbox.set_faults(Faults {
        latency: Duration::from_millis(500),
        ..Faults::default()
    });
    let switched = AtomicBool::new(false);
    let body = json!({"name": "Made before the switch", "accessTokenValiditySeconds": 3600});
    let create = async {
        let created = app.resource_create(PATS, None, &body).await;
        assert!(
            switched.load(Ordering::SeqCst),
            "the switch came while the create was in flight"
        );
        created
    };
    let switch = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
        switched.store(true, Ordering::SeqCst);
    };
    let (created, ()) = tokio::join!(create, switch);
    console.sandbox.set_faults(Faults::default());
    let secret = created.unwrap().secret.expect("the vendor issued a secret");

    app.test_secret(&secret.handle)
        .await
        .expect("the token comes from the SailPoint tenant it was created on");
    let view = app
        .save_secret_as_connection(&secret.handle, "Made before the switch", true)
        .await
        .unwrap();
    assert_eq!(view.profile.vendor, Vendor::SailPoint);
    assert_eq!(view.profile.tenant_id, None);
    assert_eq!(view.profile.client_id, secret.client_id);
}

#[tokio::test(start_paused = true)]
async fn a_secret_left_in_its_dialog_is_gone_after_ten_minutes_as_if_forgotten() {
    assert_eq!(ONE_TIME_SECRET_KEPT_FOR, Duration::from_secs(10 * 60));
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let secret = create_token(app, "Left open").await.secret.unwrap();
    tokio::time::sleep(ONE_TIME_SECRET_KEPT_FOR - Duration::from_secs(1)).await;
    app.test_secret(&secret.handle)
        .await
        .expect("held until then");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let expired = app.test_secret(&secret.handle).await.unwrap_err();

    let forgotten = create_token(app, "Closed").await.secret.unwrap();
    app.forget_secret(&forgotten.handle);
    let closed = app.test_secret(&forgotten.handle).await.unwrap_err();
    assert_eq!(expired.kind, ErrorKind::NotFound);
    assert_eq!(
        (expired.kind, expired.message),
        (closed.kind, closed.message)
    );
}

#[tokio::test]
async fn past_the_most_secrets_held_the_oldest_goes_first() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let mut handles = Vec::new();
    for index in 0..=ONE_TIME_SECRETS_KEPT {
        let created = create_token(app, &format!("Bot {index}")).await;
        handles.push(created.secret.unwrap().handle);
    }
    let oldest = app.test_secret(&handles[0]).await.unwrap_err();
    assert_eq!(oldest.kind, ErrorKind::NotFound);
    for handle in &handles[1..] {
        app.test_secret(handle)
            .await
            .expect("a newer secret is held");
    }
}

#[tokio::test(start_paused = true)]
async fn a_copied_secret_is_cleared_from_the_clipboard_only_if_it_is_still_there() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let clipboard = Arc::new(MemoryClipboard::default());
    let first = create_token(app, "First").await.secret.unwrap();
    let copied = app
        .copy_secret(&first.handle, clipboard.clone())
        .await
        .unwrap();
    assert_eq!(copied.clear_after_seconds, CLIPBOARD_CLEAR_AFTER.as_secs());
    assert_eq!(clipboard.read_text().as_deref(), Some(first.value.as_str()));
    app.forget_secret(&first.handle);
    tokio::time::sleep(CLIPBOARD_CLEAR_AFTER + Duration::from_secs(1)).await;
    assert_eq!(clipboard.read_text(), None, "cleared after the delay");

    let second = create_token(app, "Second").await.secret.unwrap();
    app.copy_secret(&second.handle, clipboard.clone())
        .await
        .unwrap();
    clipboard
        .write_text("something the user copied since")
        .unwrap();
    tokio::time::sleep(CLIPBOARD_CLEAR_AFTER + Duration::from_secs(1)).await;
    assert_eq!(
        clipboard.read_text().as_deref(),
        Some("something the user copied since"),
        "what the user copied since is left alone"
    );
}

#[tokio::test]
async fn a_new_oauth_client_is_created_from_the_form_and_deleted() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let body = json!({
        "name": "Reporting job", "description": "Reads reports", "accessTokenValiditySeconds": 900,
        "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "OFFLINE", "enabled": true
    });
    let created = app
        .resource_create(OAUTH_CLIENTS, None, &body)
        .await
        .unwrap();
    let secret = created.secret.expect("a client secret, once");
    let client_id = id(&created.object);
    assert_eq!(secret.client_id, client_id);
    app.test_secret(&secret.handle).await.unwrap();
    app.forget_secret(&secret.handle);
    let read = app
        .resource_get(OAUTH_CLIENTS, None, Some(&client_id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read["name"], json!("Reporting job"));
    assert!(read.get("secret").is_none());

    app.resource_delete(OAUTH_CLIENTS, None, &client_id)
        .await
        .unwrap();
    let error = app
        .resource_get(OAUTH_CLIENTS, None, Some(&client_id))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn a_token_is_read_from_its_list_renamed_and_deleted() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let token = first(app, PATS).await;
    let token_id = id(&token);
    let read = app.resource_get(PATS, None, Some(&token_id)).await.unwrap();
    assert_eq!(
        read,
        Some(token.clone()),
        "PATs have no read of their own: found in the list"
    );
    let mut renamed = token.clone();
    renamed["name"] = json!("Terraform (prod)");
    saved(
        app.resource_save(PATS, None, Some(&token_id), &token, &renamed)
            .await,
    )
    .await;
    let sent = writes(&console.sandbox, "/beta/personal-access-tokens");
    assert_eq!(
        sent[0].body,
        Some(json!([{"op": "replace", "path": "/name", "value": "Terraform (prod)"}]))
    );
    app.resource_delete(PATS, None, &token_id).await.unwrap();
    assert!(console
        .sandbox
        .personal_access_tokens()
        .iter()
        .all(|token| id(token) != token_id));
}

#[tokio::test]
async fn auth_user_capabilities_are_replaced_whole_and_a_refused_one_is_named_under_its_field() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let user = console.sandbox.auth_users().remove(0);
    let user_id = id(&user);
    let original = app
        .resource_get(AUTH_USERS, None, Some(&user_id))
        .await
        .unwrap()
        .unwrap();
    let mut edited = original.clone();
    edited["capabilities"] = json!(["HELPDESK", "ROLE_ADMIN"]);
    saved(
        app.resource_save(AUTH_USERS, None, Some(&user_id), &original, &edited)
            .await,
    )
    .await;
    let sent = writes(&console.sandbox, "/v3/auth-users");
    assert_eq!(
        sent[0].body,
        Some(json!([{
            "op": "replace", "path": "/capabilities", "value": ["HELPDESK", "ROLE_ADMIN"]
        }]))
    );

    // The app offers the spec's capabilities but does not enforce them: the vendor has the
    // last word, and its refusal lands under the field.
    let current = app
        .resource_get(AUTH_USERS, None, Some(&user_id))
        .await
        .unwrap()
        .unwrap();
    let mut unknown = current.clone();
    unknown["capabilities"] = json!(["HELPDESK", "sp:not-a-capability"]);
    let error = app
        .resource_save(AUTH_USERS, None, Some(&user_id), &current, &unknown)
        .await
        .unwrap_err();
    assert_eq!(error.details.field_errors[0].field, "capabilities");
}

#[tokio::test]
async fn a_cloudentity_connection_cannot_open_sailpoint_resources() {
    let console = Console::start(SandboxConfig::default()).await;
    console
        .app
        .select_profile(gatehouse_core::SANDBOX_CLOUDENTITY)
        .await
        .unwrap();
    let error = console
        .app
        .resource_list(OAUTH_CLIENTS, None, &[])
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Configuration);
    assert!(error.message.contains("SailPoint"), "{}", error.message);
}

#[tokio::test]
async fn cloudentity_resources_take_the_same_commands_and_actions_run_by_name() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    app.select_profile(gatehouse_core::SANDBOX_CLOUDENTITY)
        .await
        .unwrap();
    let server = first(app, "servers").await;
    let server_id = id(&server);
    assert!(
        server.get("secret").is_none(),
        "the hashing secret stays on the server"
    );

    // A whole-object PUT: the review lists the change and sends the object, unknown
    // properties included.
    let mut renamed = server.clone();
    renamed["name"] = json!("Renamed server");
    let review = app
        .resource_preview("servers", None, Some(&server_id), Some(&server), &renamed)
        .await
        .unwrap();
    assert_eq!(review.changes.len(), 1);
    let planned = review.request.unwrap();
    assert_eq!(planned.method, "PUT");
    assert_eq!(planned.body, renamed);

    let dashboards = app
        .resource_action(
            "servers",
            None,
            Some(&server_id),
            "listDashboards",
            &[],
            None,
        )
        .await
        .unwrap();
    assert!(dashboards.is_object(), "{dashboards}");
    let crud = app
        .resource_action(
            "servers",
            None,
            Some(&server_id),
            "getAuthorizationServer",
            &[],
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(
        crud.kind,
        ErrorKind::NotFound,
        "CRUD goes through its own commands"
    );

    // The sandbox answers with the authentications it was sent: one named like the server's
    // hashing secret stands for a vendor answer that carries it. A read leaves it out; so
    // does an action.
    let authentications = json!({"secret": "hashing-key-in-an-answer", "methods": ["mtls"]});
    let answer = app
        .resource_action(
            "servers",
            None,
            Some(&server_id),
            "updateAuthentications",
            &[],
            Some(ActionBody::Json(authentications)),
        )
        .await
        .unwrap();
    assert_eq!(
        answer,
        json!({"methods": ["mtls"]}),
        "the secret is left out"
    );

    // Per-server resources need their server as scope.
    let unscoped = app.resource_list("clients", None, &[]).await.unwrap_err();
    assert_eq!(unscoped.kind, ErrorKind::Validation);
    let clients = app
        .resource_list("clients", Some(&server_id), &[])
        .await
        .unwrap();
    assert!(clients
        .iter()
        .all(|client| client["authorization_server_id"] == json!(server_id)));
}

#[tokio::test]
async fn a_servers_hashing_secret_is_shown_once_but_cannot_be_tested_or_saved_as_a_connection() {
    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let server = app
        .resource_create(
            "servers",
            None,
            &json!({"id": "staging", "name": "Staging"}),
        )
        .await
        .unwrap();
    let hashing = server.secret.expect("the hashing secret, shown once");
    assert!(!hashing.credential);
    let tested = app.test_secret(&hashing.handle).await.unwrap_err();
    let saved = app
        .save_secret_as_connection(&hashing.handle, "Staging", true)
        .await
        .unwrap_err();
    for refused in [tested, saved] {
        assert_eq!(refused.kind, ErrorKind::Validation, "{refused:?}");
    }

    let client = app
        .resource_create(
            "clients",
            Some("staging"),
            &json!({"client_name": "Reports", "authorization_server_id": "staging"}),
        )
        .await
        .unwrap();
    let credential = client.secret.expect("the client secret, shown once");
    assert!(credential.credential, "a client secret is a credential");
}
