//! The sandbox's developer-portal sign-in, done by hand for tests that call the developer API,
//! and a stand-in for the system browser that the console's sign-in opens.

use std::sync::{Arc, Mutex};

use gatehouse_client::sign_in::code_challenge;
use gatehouse_client::{ApiClient, TokenSource};
use gatehouse_sandbox::Sandbox;
use secrecy::SecretString;
use serde_json::Value;

/// A PKCE verifier for tests done by hand: 43 characters or more, as RFC 7636 requires.
pub const VERIFIER: &str = "a-test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

/// A loopback redirect the portal client accepts, at a port nothing needs to listen on: the
/// code is read from the redirect, never followed.
pub const HAND_REDIRECT: &str = "http://127.0.0.1:9/callback";

fn developer_endpoint(sandbox: &Sandbox, endpoint: &str) -> String {
    let tenant = &sandbox.credentials().cloudentity_tenant_id;
    format!(
        "{}/{tenant}/developer/oauth2/{endpoint}",
        sandbox.base_url()
    )
}

pub fn developer_authorize_url(sandbox: &Sandbox) -> String {
    developer_endpoint(sandbox, "authorize")
}

pub fn developer_token_url(sandbox: &Sandbox) -> String {
    developer_endpoint(sandbox, "token")
}

/// An HTTP client that reads redirects instead of following them, as a test must to see them.
pub fn not_following() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// `value` as it was before the page escaped it.
fn unescaped(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The hidden fields of a login page: the authorization request it carries on.
pub fn hidden_fields(page: &str) -> Vec<(String, String)> {
    page.split(r#"<input type="hidden" name=""#)
        .skip(1)
        .filter_map(|input| {
            let (name, rest) = input.split_once(r#"" value=""#)?;
            let (value, _) = rest.split_once('"')?;
            Some((unescaped(name), unescaped(value)))
        })
        .collect()
}

/// What a person does on the login page at `url`: opens it, types `username` and `password`,
/// submits. The answer: a redirect with a code, or the page again.
pub async fn submit_login(
    http: &reqwest::Client,
    url: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    let page = http.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200, "the login page is shown");
    let mut form = hidden_fields(&page.text().await.unwrap());
    form.push(("username".to_owned(), username.to_owned()));
    form.push(("password".to_owned(), password.to_owned()));
    // The form has no action: it goes back to the page's own address, as a browser sends it.
    http.post(url).form(&form).send().await.unwrap()
}

/// The authorization URL for the demo portal client with `redirect_uri` and the challenge of
/// `verifier`.
pub fn authorize_url(sandbox: &Sandbox, redirect_uri: &str, verifier: &str) -> String {
    let mut url = reqwest::Url::parse(&developer_authorize_url(sandbox)).unwrap();
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair(
            "client_id",
            &sandbox.credentials().developer_portal_client_id,
        )
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", "hand-made-state")
        .append_pair("code_challenge", &code_challenge(verifier))
        .append_pair("code_challenge_method", "S256");
    url.to_string()
}

/// The demo developer signed in by hand: the code the redirect to `redirect_uri` carries.
pub async fn developer_code(sandbox: &Sandbox, redirect_uri: &str, verifier: &str) -> String {
    let url = authorize_url(sandbox, redirect_uri, verifier);
    code_from(sandbox, &url).await
}

/// The code the demo developer's sign-in at `url` gives.
async fn code_from(sandbox: &Sandbox, url: &str) -> String {
    let credentials = sandbox.credentials();
    let http = not_following();
    let answer = submit_login(
        &http,
        url,
        &credentials.developer_username,
        &credentials.developer_password,
    )
    .await;
    assert_eq!(answer.status(), 302, "signed in");
    let location = answer.headers()["location"].to_str().unwrap();
    let location = reqwest::Url::parse(location).unwrap();
    let code = location.query_pairs().find(|(key, _)| key == "code");
    code.unwrap().1.into_owned()
}

/// The token endpoint's answer to exchanging `code`: its status and body.
pub async fn exchange(
    sandbox: &Sandbox,
    code: &str,
    verifier: &str,
    redirect_uri: &str,
) -> (u16, Value) {
    let form = [
        ("grant_type", "authorization_code"),
        (
            "client_id",
            sandbox.credentials().developer_portal_client_id.as_str(),
        ),
        ("code", code),
        ("code_verifier", verifier),
        ("redirect_uri", redirect_uri),
    ];
    let answer = not_following()
        .post(developer_token_url(sandbox))
        .form(&form)
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.json().await.unwrap())
}

/// A developer access token of the demo developer, from a sign-in done by hand.
pub async fn developer_token(sandbox: &Sandbox) -> String {
    developer_token_for_scope(sandbox, "").await
}

/// A developer access token granted for `scope` (every scope when it is empty; none when it
/// names only scopes developers are not offered).
pub async fn developer_token_for_scope(sandbox: &Sandbox, scope: &str) -> String {
    let mut url = reqwest::Url::parse(&authorize_url(sandbox, HAND_REDIRECT, VERIFIER)).unwrap();
    if !scope.is_empty() {
        url.query_pairs_mut().append_pair("scope", scope);
    }
    let code = code_from(sandbox, url.as_str()).await;
    let (status, body) = exchange(sandbox, &code, VERIFIER, HAND_REDIRECT).await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

/// A developer API client signed in as the demo developer, for
/// [`CloudentityClient::with_developer_api`](gatehouse_client::CloudentityClient::with_developer_api).
pub async fn developer_api(sandbox: &Sandbox) -> ApiClient {
    let http = gatehouse_client::http_client().unwrap();
    let credentials = sandbox.credentials();
    let tokens = TokenSource::for_sign_in(
        http.clone(),
        developer_token_url(sandbox),
        credentials.developer_portal_client_id.clone(),
        None,
    );
    let code = developer_code(sandbox, HAND_REDIRECT, VERIFIER).await;
    let verifier = SecretString::from(VERIFIER.to_owned());
    tokens
        .exchange_code(&code, &verifier, HAND_REDIRECT)
        .await
        .unwrap();
    ApiClient::new(http, &sandbox.base_url(), tokens)
}

/// What the stand-in browser does with the sign-in page it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Person {
    /// Signs in and lets the browser follow the redirect back to the app.
    SignsIn,
    /// Signs in, but the redirect back reaches the app with another state (a forged answer).
    AnswersWithAnotherState,
    /// Never comes back.
    WalksAway,
}

/// What the stand-in browser saw: the URLs it was given and the app's answer to the redirect.
#[derive(Debug, Default)]
pub struct Seen {
    pub opened: Vec<String>,
    pub app_answer: Option<(u16, String)>,
}

/// The system browser, replaced: it opens the login page, fills in the demo developer's
/// credentials and follows the redirect to the app's loopback listener, as `person` would.
pub struct StandInBrowser {
    person: Person,
    username: String,
    password: String,
    pub seen: Arc<Mutex<Seen>>,
}

impl StandInBrowser {
    pub fn new(sandbox: &Sandbox, person: Person) -> Arc<Self> {
        let credentials = sandbox.credentials();
        Arc::new(Self {
            person,
            username: credentials.developer_username.clone(),
            password: credentials.developer_password.clone(),
            seen: Arc::default(),
        })
    }
}

impl StandInBrowser {
    /// The app's answer to the redirect, once the browser has read it (it may still be
    /// reading when the sign-in returns).
    pub async fn app_answer(&self) -> (u16, String) {
        for _ in 0..500 {
            if let Some(answer) = self.seen.lock().unwrap().app_answer.clone() {
                return answer;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the browser never read the app's answer");
    }
}

impl gatehouse_core::Browser for StandInBrowser {
    fn open(&self, url: &str) -> std::io::Result<()> {
        self.seen.lock().unwrap().opened.push(url.to_owned());
        if self.person == Person::WalksAway {
            return Ok(());
        }
        let (url, person, seen) = (url.to_owned(), self.person.clone(), self.seen.clone());
        let (username, password) = (self.username.clone(), self.password.clone());
        // A browser goes on by itself: `open` only hands it the URL.
        tokio::spawn(async move {
            let http = not_following();
            let answer = submit_login(&http, &url, &username, &password).await;
            let location = answer.headers()["location"].to_str().unwrap().to_owned();
            let mut back = reqwest::Url::parse(&location).unwrap();
            if person == Person::AnswersWithAnotherState {
                let pairs: Vec<(String, String)> = back
                    .query_pairs()
                    .map(|(key, value)| match key.as_ref() {
                        "state" => (key.into_owned(), "forged-state".to_owned()),
                        _ => (key.into_owned(), value.into_owned()),
                    })
                    .collect();
                back.query_pairs_mut().clear().extend_pairs(pairs);
            }
            let page = http.get(back).send().await.unwrap();
            let status = page.status().as_u16();
            let text = page.text().await.unwrap();
            seen.lock().unwrap().app_answer = Some((status, text));
        });
        Ok(())
    }
}
