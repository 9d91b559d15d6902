//! Token endpoints (client credentials) of both vendors.

use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use gatehouse_wire::catalog::{CLIENTS, SERVERS};
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use crate::errors;
use crate::lock;
use crate::state::{Audience, SharedState, State, Vendor};
use crate::store::text;

/// Marks a token endpoint's answer to a client whose credentials were good, so the gate
/// records it (it records only authenticated requests).
#[derive(Debug, Clone, Copy)]
pub struct Authenticated;

/// A token answer, marked as given to an authenticated client.
pub fn issued(body: serde_json::Value) -> Response {
    let mut response = Json(body).into_response();
    response.extensions_mut().insert(Authenticated);
    response
}

const SAILPOINT_TOKEN_LIFETIME: Duration = Duration::from_secs(749);
pub const CLOUDENTITY_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// Client credentials from HTTP Basic auth or from the form body (`client_secret_post`).
fn client_credentials(headers: &HeaderMap, form: &[(String, String)]) -> Option<(String, String)> {
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    basic_credentials(headers).or_else(|| Some((field("client_id")?, field("client_secret")?)))
}

/// Client credentials from HTTP Basic auth.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        })
        .and_then(|decoded| String::from_utf8(decoded).ok())
        .and_then(|pair| {
            let (id, secret) = pair.split_once(':')?;
            Some((id.to_owned(), secret.to_owned()))
        })
}

/// A token request to `path` whose HTTP Basic credentials are wrong, answered before its body
/// is read. Credentials sent in the body (`client_secret_post`) are left to the handler.
pub fn refused_basic_credentials(
    state: &State,
    path: &str,
    headers: &HeaderMap,
) -> Option<Response> {
    let vendor = token_endpoint_of(state, path)?;
    let (id, secret) = basic_credentials(headers)?;
    authenticate(state, vendor, &id, &secret)
        .is_none()
        .then(|| invalid_client(vendor))
}

/// Whose token endpoint `path` is, among the routes `http::router` gives them. An unknown
/// tenant's is none: its handler answers 404 whatever the credentials.
fn token_endpoint_of(state: &State, path: &str) -> Option<Vendor> {
    match path.split('/').collect::<Vec<_>>().as_slice() {
        ["", "oauth", "token"] => Some(Vendor::SailPoint),
        ["", "system", "system", "oauth2", "token"] => Some(Vendor::Cloudentity),
        ["", tenant, "admin", "oauth2", "token"]
            if *tenant == state.credentials.cloudentity_tenant_id =>
        {
            Some(Vendor::Cloudentity)
        }
        _ => None,
    }
}

/// 401 with the body each vendor's token endpoint sends for refused client credentials.
fn invalid_client(vendor: Vendor) -> Response {
    let description = match vendor {
        Vendor::SailPoint => "Bad client credentials",
        Vendor::Cloudentity => "client authentication failed",
    };
    errors::oauth(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

fn grant_type_error(form: &[(String, String)]) -> Option<Response> {
    let grant = form
        .iter()
        .find(|(key, _)| key == "grant_type")
        .map(|(_, value)| value.as_str());
    (grant != Some("client_credentials")).then(|| {
        errors::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only the client_credentials grant is supported",
        )
    })
}

/// `POST /oauth/token`. SailPoint also accepts the parameters in the query string.
pub async fn sailpoint_token(
    Shared(state): Shared<SharedState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: String,
) -> Response {
    let mut form: Vec<(String, String)> = parse_form(&body);
    if let Some(query) = query {
        form.extend(parse_form(&query));
    }
    if let Some(error) = grant_type_error(&form) {
        return error;
    }
    let mut state = lock(&state);
    let Some((client_id, scopes)) = client_credentials(&headers, &form)
        .and_then(|(id, secret)| authenticate(&state, Vendor::SailPoint, &id, &secret))
    else {
        return invalid_client(Vendor::SailPoint);
    };
    let scope = scopes.join(" ");
    let token = state.issue_token(
        Audience::SailPoint,
        &client_id,
        scopes,
        SAILPOINT_TOKEN_LIFETIME,
    );
    let identity = state.admin.id.clone();
    let jti = state.random_hex(16);
    issued(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": SAILPOINT_TOKEN_LIFETIME.as_secs(),
        "scope": scope,
        "tenant_id": "3f6d2b1c-5a4e-4c8b-9d7f-0e1a2b3c4d5e",
        "pod": "sandbox-pod",
        "org": "acme-sandbox",
        "identity_id": identity,
        "user_name": "sandbox-admin",
        "strong_auth_supported": false,
        "internal": true,
        "jti": jti,
    }))
}

/// `POST /{tid}/admin/oauth2/token`.
pub async fn cloudentity_admin_token(
    Shared(state): Shared<SharedState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let known = lock(&state).credentials.cloudentity_tenant_id == tenant;
    if !known {
        return errors::cloudentity(
            StatusCode::NOT_FOUND,
            "not found",
            Some(&format!("tenant {tenant} does not exist")),
        );
    }
    cloudentity_token(
        &state,
        &headers,
        &body,
        Audience::CloudentityTenant,
        "manage_configuration view_configuration",
    )
}

/// `POST /system/system/oauth2/token`.
pub async fn cloudentity_system_token(
    Shared(state): Shared<SharedState>,
    headers: HeaderMap,
    body: String,
) -> Response {
    cloudentity_token(
        &state,
        &headers,
        &body,
        Audience::CloudentitySystem,
        "manage_configuration",
    )
}

/// `POST /{tid}/{aid}/oauth2/token`: a token of one of the tenant's authorization servers, for
/// a client of that server allowed the client-credentials grant (`aid` is never `admin` or
/// `developer`: those workspaces have routes of their own). It opens none of Cloudentity's
/// APIs; a new client's secret is tested here.
pub async fn cloudentity_server_token(
    Shared(state): Shared<SharedState>,
    Path((tenant, server)): Path<(String, String)>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let form = parse_form(&body);
    let mut state = lock(&state);
    let known = state.credentials.cloudentity_tenant_id == tenant
        && state.store.find(SERVERS.key, "id", &server).is_some();
    if !known {
        return errors::cloudentity(
            StatusCode::NOT_FOUND,
            "not found",
            Some(&format!("authorization server {server} does not exist")),
        );
    }
    if let Some(error) = grant_type_error(&form) {
        return error;
    }
    let Some((client_id, secret)) = client_credentials(&headers, &form) else {
        return invalid_client(Vendor::Cloudentity);
    };
    let client = state
        .store
        .find(CLIENTS.key, "client_id", &client_id)
        .filter(|client| text(client, "authorization_server_id") == Some(server.as_str()));
    let held = client
        .and_then(|client| text(client, "client_secret"))
        .unwrap_or_default();
    // Compared even when there is no such client, so the time taken tells nothing.
    let secret_matches = bool::from(secret.as_bytes().ct_eq(held.as_bytes()));
    let Some(client) = client.filter(|_| secret_matches && !held.is_empty()) else {
        return invalid_client(Vendor::Cloudentity);
    };
    let strings = |field: &str| -> Vec<String> {
        client
            .get(field)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect()
    };
    if !strings("grant_types")
        .iter()
        .any(|grant| grant == "client_credentials")
    {
        return errors::oauth(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "the client is not allowed the client_credentials grant",
        );
    }
    let scopes = strings("scopes");
    cloudentity_grant(&mut state, Audience::CloudentityServer, &client_id, scopes)
}

fn cloudentity_token(
    state: &Mutex<State>,
    headers: &HeaderMap,
    body: &str,
    audience: Audience,
    scope: &str,
) -> Response {
    let form = parse_form(body);
    if let Some(error) = grant_type_error(&form) {
        return error;
    }
    let mut state = lock(state);
    let Some((client_id, granted)) = client_credentials(headers, &form)
        .and_then(|(id, secret)| authenticate(&state, Vendor::Cloudentity, &id, &secret))
    else {
        return invalid_client(Vendor::Cloudentity);
    };
    // A limited client gets only what it was registered with.
    let scopes: Vec<String> = if client_id == state.credentials.cloudentity_client_id {
        scope.split(' ').map(str::to_owned).collect()
    } else {
        granted
    };
    cloudentity_grant(&mut state, audience, &client_id, scopes)
}

/// A Cloudentity token answer: a new token for `client_id` with `scopes`.
fn cloudentity_grant(
    state: &mut State,
    audience: Audience,
    client_id: &str,
    scopes: Vec<String>,
) -> Response {
    let scope = scopes.join(" ");
    let token = state.issue_token(audience, client_id, scopes, CLOUDENTITY_TOKEN_LIFETIME);
    issued(json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": CLOUDENTITY_TOKEN_LIFETIME.as_secs(),
        "scope": scope,
    }))
}

/// The client and its scopes, when `id` and `secret` are credentials the sandbox issued.
/// Secrets are compared in constant time, so how long a refusal takes tells nothing about
/// how much of a guess was right.
fn authenticate(
    state: &State,
    vendor: Vendor,
    id: &str,
    secret: &str,
) -> Option<(String, Vec<String>)> {
    let same = |presented: &str, held: &str| presented.as_bytes().ct_eq(held.as_bytes());
    let built_in = match vendor {
        Vendor::SailPoint => (
            &state.credentials.sailpoint_client_id,
            &state.credentials.sailpoint_client_secret,
            "sp:scopes:all",
        ),
        Vendor::Cloudentity => (
            &state.credentials.cloudentity_client_id,
            &state.credentials.cloudentity_client_secret,
            "manage_configuration view_configuration",
        ),
    };
    // `&`, not `&&`: both halves are always compared.
    if bool::from(same(id, built_in.0) & same(secret, built_in.1)) {
        let scopes = built_in.2.split(' ').map(str::to_owned).collect();
        return Some((id.to_owned(), scopes));
    }
    let limited = state.limited_clients.get(id)?;
    (limited.vendor == vendor && bool::from(same(secret, &limited.secret)))
        .then(|| (id.to_owned(), limited.scopes.clone()))
}

pub fn parse_form(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}
