//! The developer portal's sign-in, as ACP's developer workspace has it: the authorization-code
//! flow for a public client, PKCE with S256 required (RFC 7636), a redirect to a loopback
//! address on whatever port the app listens (RFC 8252 §7.3), a small login page for the demo
//! developer, and a token endpoint that takes a code once, for the verifier of its challenge,
//! and refreshes. Its tokens open the developer API only.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::Url;

use super::login_page::{error_page, login_page};
use super::DEVELOPER_ID;
use crate::auth::{issued, parse_form, CLOUDENTITY_TOKEN_LIFETIME};
use crate::errors::{self, Refusal};
use crate::lock;
use crate::state::{Audience, SharedState, State};

/// The developer a developer-workspace token was issued to, set on the request by the gate.
#[derive(Debug, Clone)]
pub struct SignedInDeveloper(pub String);

/// The redirect the portal client registered. It is a loopback one, so any port is taken.
pub const REGISTERED_REDIRECT: &str = "http://127.0.0.1/callback";

/// Long enough to come back from a browser, short enough that a leaked code is soon worthless.
const CODE_LIFETIME: Duration = Duration::from_secs(60);

/// What a developer token may be granted.
const DEVELOPER_SCOPES: [&str; 2] = ["manage_configuration", "view_configuration"];

struct PendingCode {
    redirect_uri: String,
    challenge: String,
    developer: String,
    scopes: Vec<String>,
    expires_at: Instant,
}

struct Refresh {
    developer: String,
    scopes: Vec<String>,
}

/// Codes not yet exchanged and refresh tokens not yet used.
#[derive(Default)]
pub struct SignIns {
    codes: HashMap<String, PendingCode>,
    refresh_tokens: HashMap<String, Refresh>,
}

impl SignIns {
    /// Every code not yet exchanged counts as expired from `now` on.
    pub fn expire_codes(&mut self, now: Instant) {
        for code in self.codes.values_mut() {
            code.expires_at = now;
        }
    }
}

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/{tid}/developer/oauth2/authorize",
            get(authorize_page).post(sign_in),
        )
        .route("/{tid}/developer/oauth2/token", post(token))
}

/// The parameters of an authorization request, as the login page carries them on.
struct AuthorizeRequest(Vec<(String, String)>);

impl AuthorizeRequest {
    fn field(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Why the request cannot even be sent back to its redirect URI: an unknown client, or a
    /// redirect URI it did not register (RFC 6749 §4.1.2.1: shown, never followed).
    fn unsafe_to_redirect(&self, state: &State) -> Option<&'static str> {
        if self.field("client_id") != state.credentials.developer_portal_client_id {
            Some("unknown client_id")
        } else if !registered_redirect(self.field("redirect_uri")) {
            Some("redirect_uri is not registered for this client")
        } else {
            None
        }
    }

    /// The OAuth error to send back to the redirect URI, if any.
    fn refusal(&self) -> Option<(&'static str, &'static str)> {
        if self.field("response_type") != "code" {
            Some(("unsupported_response_type", "only response_type=code"))
        } else if self.field("code_challenge").len() < 43
            || self.field("code_challenge_method") != "S256"
        {
            Some((
                "invalid_request",
                "a code_challenge with method S256 is required",
            ))
        } else {
            None
        }
    }

    /// A redirect to the client with `pairs` and the request's state.
    fn redirect(&self, pairs: &[(&str, &str)]) -> Response {
        let mut target = Url::parse(self.field("redirect_uri")).expect("a registered redirect");
        target.query_pairs_mut().extend_pairs(pairs);
        if !self.field("state").is_empty() {
            target
                .query_pairs_mut()
                .append_pair("state", self.field("state"));
        }
        (StatusCode::FOUND, [(header::LOCATION, target.to_string())]).into_response()
    }
}

/// Whether `uri` is the registered redirect on some port of 127.0.0.1.
fn registered_redirect(uri: &str) -> bool {
    let Ok(mut url) = Url::parse(uri) else {
        return false;
    };
    url.port().is_some()
        && url.set_port(None).is_ok()
        && url.fragment().is_none()
        && url.as_str() == REGISTERED_REDIRECT
}

/// The scopes granted for `scope`: those asked for that a developer may have (others are
/// left out, not refused), or all of them when none is asked for.
fn granted_scopes(scope: &str) -> Vec<String> {
    let asked: Vec<&str> = scope.split_whitespace().collect();
    DEVELOPER_SCOPES
        .into_iter()
        .filter(|offered| asked.is_empty() || asked.contains(offered))
        .map(str::to_owned)
        .collect()
}

fn unknown_tenant(state: &SharedState, tenant: &str) -> Option<Response> {
    (lock(state).credentials.cloudentity_tenant_id != tenant).then(|| {
        errors::cloudentity(
            StatusCode::NOT_FOUND,
            "not found",
            Some(&format!("tenant {tenant} does not exist")),
        )
    })
}

/// The request checked: a page for what cannot go back to the client, a redirect with the
/// error for what can.
fn checked(state: &SharedState, request: &AuthorizeRequest) -> Result<(), Refusal> {
    if let Some(problem) = request.unsafe_to_redirect(&lock(state)) {
        let page = (StatusCode::BAD_REQUEST, Html(error_page(problem)));
        return Err(Box::new(page.into_response()));
    }
    match request.refusal() {
        Some((error, description)) => {
            let pairs = [("error", error), ("error_description", description)];
            Err(Box::new(request.redirect(&pairs)))
        }
        None => Ok(()),
    }
}

/// `GET /{tid}/developer/oauth2/authorize`: the login page.
async fn authorize_page(
    Shared(state): Shared<SharedState>,
    Path(tenant): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(missing) = unknown_tenant(&state, &tenant) {
        return missing;
    }
    let request = AuthorizeRequest(parse_form(&query.unwrap_or_default()));
    if let Err(answer) = checked(&state, &request) {
        return *answer;
    }
    Html(login_page(&request.0, None)).into_response()
}

/// `POST /{tid}/developer/oauth2/authorize`: the login form, answered with a redirect carrying
/// a code, or the page again.
async fn sign_in(
    Shared(state): Shared<SharedState>,
    Path(tenant): Path<String>,
    body: String,
) -> Response {
    if let Some(missing) = unknown_tenant(&state, &tenant) {
        return missing;
    }
    let request = AuthorizeRequest(parse_form(&body));
    if let Err(answer) = checked(&state, &request) {
        return *answer;
    }
    let mut guard = lock(&state);
    let credentials = &guard.credentials;
    let same = |presented: &str, held: &str| presented.as_bytes().ct_eq(held.as_bytes());
    // `&`, not `&&`: both are always compared.
    let known = same(request.field("username"), &credentials.developer_username)
        & same(request.field("password"), &credentials.developer_password);
    if !bool::from(known) {
        let page = login_page(&request.0, Some("Wrong username or password."));
        return (StatusCode::UNAUTHORIZED, Html(page)).into_response();
    }
    let now = Instant::now();
    guard.sign_ins.codes.retain(|_, code| code.expires_at > now);
    let code = guard.random_hex(16);
    let pending = PendingCode {
        redirect_uri: request.field("redirect_uri").to_owned(),
        challenge: request.field("code_challenge").to_owned(),
        developer: DEVELOPER_ID.to_owned(),
        scopes: granted_scopes(request.field("scope")),
        expires_at: now + CODE_LIFETIME,
    };
    guard.sign_ins.codes.insert(code.clone(), pending);
    request.redirect(&[("code", &code)])
}

fn invalid_grant(description: &str) -> Refusal {
    Box::new(errors::oauth(
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        description,
    ))
}

/// `POST /{tid}/developer/oauth2/token`: a code exchanged for its verifier, or a refresh.
async fn token(
    Shared(state): Shared<SharedState>,
    Path(tenant): Path<String>,
    body: String,
) -> Response {
    if let Some(missing) = unknown_tenant(&state, &tenant) {
        return missing;
    }
    let form = AuthorizeRequest(parse_form(&body));
    let mut guard = lock(&state);
    if form.field("client_id") != guard.credentials.developer_portal_client_id {
        let description = "client authentication failed";
        return errors::oauth(StatusCode::UNAUTHORIZED, "invalid_client", description);
    }
    let granted = match form.field("grant_type") {
        "authorization_code" => exchange(&mut guard, &form),
        "refresh_token" => guard
            .sign_ins
            .refresh_tokens
            .remove(form.field("refresh_token"))
            .map(|refresh| (refresh.developer, refresh.scopes))
            .ok_or_else(|| invalid_grant("the refresh token is invalid or was already used")),
        _ => Err(Box::new(errors::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the authorization_code and refresh_token grants are supported",
        ))),
    };
    match granted {
        Ok((developer, scopes)) => developer_tokens(&mut guard, developer, scopes),
        Err(refusal) => *refusal,
    }
}

/// The developer and scopes a code was issued for, once: the code is spent whatever the
/// outcome, so a guessed verifier gets one try.
fn exchange(state: &mut State, form: &AuthorizeRequest) -> Result<(String, Vec<String>), Refusal> {
    let code = state
        .sign_ins
        .codes
        .remove(form.field("code"))
        .filter(|code| Instant::now() < code.expires_at)
        .ok_or_else(|| invalid_grant("the authorization code is invalid, expired or used"))?;
    if code.redirect_uri != form.field("redirect_uri") {
        return Err(invalid_grant(
            "redirect_uri differs from the authorization request's",
        ));
    }
    let verifier = form.field("code_verifier");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if verifier.len() < 43 || !bool::from(challenge.as_bytes().ct_eq(code.challenge.as_bytes())) {
        return Err(invalid_grant(
            "code_verifier does not match the code_challenge",
        ));
    }
    Ok((code.developer, code.scopes))
}

fn developer_tokens(state: &mut State, developer: String, scopes: Vec<String>) -> Response {
    let scope = scopes.join(" ");
    let access_token = state.issue_token(
        Audience::CloudentityDeveloper,
        &developer,
        scopes.clone(),
        CLOUDENTITY_TOKEN_LIFETIME,
    );
    let refresh_token = state.random_hex(32);
    // Bounded like the access tokens: a flood of refreshes cannot grow it.
    if state.sign_ins.refresh_tokens.len() >= state.limits.live_tokens {
        state.sign_ins.refresh_tokens.clear();
    }
    let refresh = Refresh { developer, scopes };
    state
        .sign_ins
        .refresh_tokens
        .insert(refresh_token.clone(), refresh);
    issued(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": CLOUDENTITY_TOKEN_LIFETIME.as_secs(),
        "scope": scope,
        "refresh_token": refresh_token,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loopback_redirect_is_registered_on_any_port_and_nothing_else_is() {
        assert!(registered_redirect("http://127.0.0.1:49152/callback"));
        assert!(registered_redirect("http://127.0.0.1:8080/callback"));
        for other in [
            "http://127.0.0.1/callback",
            "http://localhost:8080/callback",
            "https://127.0.0.1:8080/callback",
            "http://127.0.0.1:8080/elsewhere",
            "http://127.0.0.1:8080/callback?next=x",
            "http://127.0.0.1:8080/callback#x",
            "http://evil.example:8080/callback",
        ] {
            assert!(!registered_redirect(other), "{other}");
        }
    }
}
