//! The developer portal's sign-in: the console's flow through the system browser (a stand-in
//! that fills in the sandbox's login page) and its loopback listener, and the sandbox's
//! authorize and token endpoints refusing what RFC 6749 and RFC 7636 say they must.

use std::time::Duration;

use gatehouse_core::SANDBOX_CLOUDENTITY;
use gatehouse_sandbox::SandboxConfig;
use gatehouse_tests::developer::{
    authorize_url, developer_code, developer_token, exchange, not_following, submit_login, Person,
    StandInBrowser, HAND_REDIRECT, VERIFIER,
};
use gatehouse_tests::Console;
use gatehouse_wire::catalog::{CLIENTS, DEVELOPER_CLIENTS};
use gatehouse_wire::DeveloperIdentity;
use gatehouse_wire::ErrorKind;
use serde_json::json;

const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(20);

async fn console() -> Console {
    let console = Console::start(SandboxConfig::default()).await;
    console
        .app
        .select_profile(SANDBOX_CLOUDENTITY)
        .await
        .unwrap();
    console
}

async fn developer_clients(console: &Console) -> Result<Vec<String>, gatehouse_wire::ApiError> {
    let listed = console
        .app
        .resource_list(DEVELOPER_CLIENTS.key, None, &[])
        .await?;
    Ok(listed
        .iter()
        .map(|client| client["client_name"].as_str().unwrap().to_owned())
        .collect())
}

#[tokio::test]
async fn a_developer_signs_in_through_the_browser_and_works_on_their_own_clients_only() {
    let console = console().await;
    let browser = StandInBrowser::new(&console.sandbox, Person::SignsIn);

    let identity = console
        .app
        .developer_sign_in(browser.clone(), SIGN_IN_TIMEOUT)
        .await
        .unwrap();

    assert_eq!(
        identity,
        DeveloperIdentity {
            connection: SANDBOX_CLOUDENTITY.to_owned(),
            connection_name: "Sandbox · Cloudentity".to_owned(),
            remembered: false,
        }
    );
    assert_eq!(console.app.developer_signed_in().await, Some(identity));
    let opened = browser.seen.lock().unwrap().opened.clone();
    assert_eq!(opened.len(), 1);
    assert!(
        opened[0].contains("code_challenge_method=S256"),
        "{}",
        opened[0]
    );
    assert!(
        !opened[0].contains("code_verifier"),
        "the verifier stays in the app"
    );
    let (status, page) = browser.app_answer().await;
    assert_eq!(status, 200);
    assert!(page.contains("You can close this window"), "{page}");

    assert_eq!(
        developer_clients(&console).await.unwrap(),
        ["Partner portal"]
    );
    let body = json!({"client_name": "Hackathon app", "authorization_server_id": "default"});
    let created = console
        .app
        .resource_create(DEVELOPER_CLIENTS.key, None, &body)
        .await
        .unwrap();
    let mut listed = developer_clients(&console).await.unwrap();
    listed.sort();
    assert_eq!(listed, ["Hackathon app", "Partner portal"]);

    // The administrator sees every client; the developer's carries who owns it.
    let id = created.object["client_id"].as_str().unwrap();
    let stored = console.sandbox.cloudentity_objects(CLIENTS.key);
    let stored = stored.iter().find(|client| client["client_id"] == id);
    assert_eq!(stored.unwrap()["developer_id"], "sandbox-developer");
    let everyone = console.sandbox.cloudentity_objects(CLIENTS.key).len();
    assert!(everyone > 2, "the developer saw 2 of {everyone}");
}

#[tokio::test]
async fn without_a_sign_in_the_developer_api_asks_for_one() {
    let console = console().await;
    let refused = developer_clients(&console).await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::SignInRequired, "{refused:?}");
    assert_eq!(console.app.developer_signed_in().await, None);

    let browser = StandInBrowser::new(&console.sandbox, Person::SignsIn);
    console
        .app
        .developer_sign_in(browser, SIGN_IN_TIMEOUT)
        .await
        .unwrap();
    assert!(developer_clients(&console).await.is_ok());

    console.app.developer_sign_out().await.unwrap();
    assert_eq!(console.app.developer_signed_in().await, None);
    let refused = developer_clients(&console).await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::SignInRequired, "{refused:?}");
}

#[tokio::test]
async fn an_answer_with_another_state_is_refused_and_its_code_never_exchanged() {
    let console = console().await;
    let browser = StandInBrowser::new(&console.sandbox, Person::AnswersWithAnotherState);

    let refused = console
        .app
        .developer_sign_in(browser.clone(), SIGN_IN_TIMEOUT)
        .await
        .unwrap_err();

    assert_eq!(refused.kind, ErrorKind::Unauthorized, "{refused:?}");
    assert!(refused.message.contains("state"), "{}", refused.message);
    assert_eq!(console.app.developer_signed_in().await, None);
    let exchanged = console.sandbox.requests().into_iter();
    assert_eq!(
        exchanged
            .filter(|request| request.path.ends_with("/developer/oauth2/token"))
            .count(),
        0
    );
    let (_, page) = browser.app_answer().await;
    assert!(page.contains("failed"), "{page}");
}

#[tokio::test]
async fn a_sign_in_nobody_completes_times_out_and_frees_its_port() {
    let console = console().await;
    let browser = StandInBrowser::new(&console.sandbox, Person::WalksAway);

    let refused = console
        .app
        .developer_sign_in(browser.clone(), Duration::from_millis(300))
        .await
        .unwrap_err();

    assert_eq!(refused.kind, ErrorKind::SignInRequired, "{refused:?}");
    let opened = browser.seen.lock().unwrap().opened[0].clone();
    let opened = reqwest::Url::parse(&opened).unwrap();
    let redirect = opened.query_pairs().find(|(key, _)| key == "redirect_uri");
    let redirect = reqwest::Url::parse(&redirect.unwrap().1).unwrap();
    let port = redirect.port().unwrap();
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "the listener on {port} is closed"
    );
}

#[tokio::test]
async fn the_token_endpoint_refuses_a_wrong_verifier_another_redirect_and_a_used_code() {
    let console = console().await;
    let sandbox = &console.sandbox;

    let code = developer_code(sandbox, HAND_REDIRECT, VERIFIER).await;
    let other_verifier = "b-test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    let (status, body) = exchange(sandbox, &code, other_verifier, HAND_REDIRECT).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "{body}"
    );
    let (status, _) = exchange(sandbox, &code, VERIFIER, HAND_REDIRECT).await;
    assert_eq!(status, 400, "a code gets one try");

    let code = developer_code(sandbox, HAND_REDIRECT, VERIFIER).await;
    let elsewhere = "http://127.0.0.1:10/callback";
    let (status, body) = exchange(sandbox, &code, VERIFIER, elsewhere).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "{body}"
    );
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("redirect_uri"));

    let code = developer_code(sandbox, HAND_REDIRECT, VERIFIER).await;
    let (status, body) = exchange(sandbox, &code, VERIFIER, HAND_REDIRECT).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert!(body["refresh_token"].is_string());
    let (status, body) = exchange(sandbox, &code, VERIFIER, HAND_REDIRECT).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "{body}"
    );

    let code = developer_code(sandbox, HAND_REDIRECT, VERIFIER).await;
    sandbox.expire_tokens();
    let (status, body) = exchange(sandbox, &code, VERIFIER, HAND_REDIRECT).await;
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("invalid_grant")),
        "expired: {body}"
    );
}

#[tokio::test]
async fn wrong_credentials_show_the_page_again_and_an_unregistered_redirect_is_never_followed() {
    let console = console().await;
    let sandbox = &console.sandbox;
    let http = not_following();
    let url = authorize_url(sandbox, HAND_REDIRECT, VERIFIER);
    let username = &sandbox.credentials().developer_username;

    let again = submit_login(&http, &url, username, "not-the-password").await;
    assert_eq!(again.status(), 401);
    let page = again.text().await.unwrap();
    assert!(page.contains("Wrong username or password") && page.contains("<form"));

    for redirect in [
        "http://localhost:8080/callback",
        "https://attacker.example/callback",
    ] {
        let answer = http
            .get(authorize_url(sandbox, redirect, VERIFIER))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{redirect}");
        assert!(answer.headers().get("location").is_none(), "{redirect}");
    }

    let plain = url.replace("code_challenge_method=S256", "code_challenge_method=plain");
    let answer = http.get(plain).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap();
    assert!(location.contains("error=invalid_request"), "{location}");
}

#[tokio::test]
async fn a_developer_token_opens_the_developer_api_only() {
    let console = console().await;
    let sandbox = &console.sandbox;
    let tenant = &sandbox.credentials().cloudentity_tenant_id;
    let token = developer_token(sandbox).await;
    let http = not_following();
    let get = |path: String| {
        let request = http.get(format!("{}{path}", sandbox.base_url()));
        async { request.bearer_auth(&token).send().await.unwrap() }
    };

    let developer = get(format!("/api/developer/{tenant}/clients")).await;
    assert_eq!(developer.status(), 200);
    let admin = get(format!("/api/admin/{tenant}/clients")).await;
    assert_eq!(admin.status(), 401);
    let system = get("/api/system/configuration".to_owned()).await;
    assert_eq!(system.status(), 401);
}

#[tokio::test]
async fn an_expired_developer_token_is_renewed_with_the_refresh_token_without_signing_in_again() {
    let console = console().await;
    let browser = StandInBrowser::new(&console.sandbox, Person::SignsIn);
    console
        .app
        .developer_sign_in(browser.clone(), SIGN_IN_TIMEOUT)
        .await
        .unwrap();

    console.sandbox.expire_tokens();

    assert_eq!(
        developer_clients(&console).await.unwrap(),
        ["Partner portal"]
    );
    assert_eq!(
        browser.seen.lock().unwrap().opened.len(),
        1,
        "no second sign-in"
    );
    let renewals = console.sandbox.requests().into_iter().filter(|request| {
        let form = request.body.as_ref().map(|body| &body["grant_type"]);
        form == Some(&json!("refresh_token"))
    });
    let renewals: Vec<_> = renewals.collect();
    assert_eq!(renewals.len(), 1);
    assert_eq!(
        renewals[0].body.as_ref().unwrap()["refresh_token"],
        "REDACTED"
    );
}
