//! The router and the one gate every request passes: recording, latency, bearer tokens and the
//! rate limit, so handlers only deal with their resource.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State as Shared};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::Router;
use serde_json::{Map, Value};

use crate::state::{Audience, State, Vendor};
use crate::{
    auth, cloudentity, errors, lock, sailpoint, sailpoint_access, scopes, InjectedFault,
    RecordedRequest,
};

const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

pub fn router(state: Arc<Mutex<State>>) -> Router {
    Router::new()
        .route("/oauth/token", post(auth::sailpoint_token))
        .route(
            "/{tid}/admin/oauth2/token",
            post(auth::cloudentity_admin_token),
        )
        .route(
            "/system/system/oauth2/token",
            post(auth::cloudentity_system_token),
        )
        .route(
            "/beta/password-org-config",
            get(sailpoint::get_password_org_config)
                .post(sailpoint::create_password_org_config)
                .put(sailpoint::put_password_org_config),
        )
        .route(
            "/beta/oauth-clients",
            get(sailpoint_access::list_oauth_clients).post(sailpoint_access::create_oauth_client),
        )
        .route(
            "/beta/oauth-clients/{id}",
            get(sailpoint_access::get_oauth_client)
                .patch(sailpoint_access::patch_oauth_client)
                .delete(sailpoint_access::delete_oauth_client),
        )
        .route(
            "/beta/personal-access-tokens",
            get(sailpoint_access::list_personal_access_tokens)
                .post(sailpoint_access::create_personal_access_token),
        )
        .route(
            "/beta/personal-access-tokens/{id}",
            patch(sailpoint_access::patch_personal_access_token)
                .delete(sailpoint_access::delete_personal_access_token),
        )
        .route(
            "/v3/auth-users/{id}",
            get(sailpoint_access::get_auth_user).patch(sailpoint_access::patch_auth_user),
        )
        .merge(cloudentity::routes(Router::new()))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), gate))
        .with_state(state)
}

/// Which API a path belongs to, so which tokens it takes; `None` for token endpoints.
fn audience_of(path: &str) -> Option<Audience> {
    if path.starts_with("/beta/") || path.starts_with("/v3/") {
        Some(Audience::SailPoint)
    } else if path.starts_with("/api/system/") {
        Some(Audience::CloudentitySystem)
    } else if path.starts_with("/api/") {
        Some(Audience::CloudentityTenant)
    } else {
        None
    }
}

async fn not_found(Shared(state): Shared<Arc<Mutex<State>>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    match audience_of(&path).map(Audience::vendor) {
        Some(Vendor::SailPoint) => {
            let tracking = lock(&state).random_hex(16);
            errors::sailpoint(
                StatusCode::NOT_FOUND,
                "404 Not found",
                tracking,
                &[format!("{path} was not found.")],
            )
        }
        _ => errors::cloudentity(StatusCode::NOT_FOUND, "not found", Some(&path)),
    }
}

/// The client a bearer token was issued to and its scopes, or why the token is refused.
fn authorize(
    state: &Mutex<State>,
    headers: &HeaderMap,
    audience: Audience,
) -> Result<(String, Vec<String>), &'static str> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or(value.strip_prefix("bearer "))
        })
    else {
        return Err("missing");
    };
    let state = lock(state);
    match state.tokens.get(token.trim()) {
        Some(issued) if issued.audience.vendor() != audience.vendor() => Err("invalid"),
        Some(issued) if issued.audience != audience => Err("issued for another workspace"),
        Some(issued) if Instant::now() >= issued.expires_at => Err("expired"),
        Some(issued) => Ok((issued.client_id.clone(), issued.scopes.clone())),
        None => Err("invalid"),
    }
}

/// Properties that carry a credential: a client's secret, a server's hashing secret.
const SECRET_KEYS: [&str; 2] = ["client_secret", "secret"];

fn redact(key: &str, value: String) -> String {
    if SECRET_KEYS.contains(&key) {
        "REDACTED".to_owned()
    } else {
        value
    }
}

/// `json` with every secret property, at any depth, replaced (a whole-object PUT sends the
/// stored secret back).
fn redacted_json(json: Value) -> Value {
    match json {
        Value::Object(properties) => Value::Object(
            properties
                .into_iter()
                .map(|(key, value)| match value {
                    Value::String(text) => {
                        let text = redact(&key, text);
                        (key, Value::String(text))
                    }
                    other => (key, redacted_json(other)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redacted_json).collect()),
        other => other,
    }
}

/// The query string as logged: SailPoint accepts token parameters there, secret included.
fn redacted_query(query: &str) -> String {
    let pairs = auth::parse_form(query).into_iter().map(|(key, value)| {
        let value = redact(&key, value);
        (key, value)
    });
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// What the request log keeps of a body: JSON as is, forms as an object, secrets redacted.
fn recorded_body(headers: &HeaderMap, bytes: &[u8]) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let fields: Map<String, Value> = auth::parse_form(&String::from_utf8_lossy(bytes))
            .into_iter()
            .map(|(key, value)| {
                let value = redact(&key, value);
                (key, Value::String(value))
            })
            .collect();
        return Some(Value::Object(fields));
    }
    Some(
        serde_json::from_slice(bytes)
            .map(redacted_json)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned())),
    )
}

async fn gate(Shared(state): Shared<Arc<Mutex<State>>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return errors::cloudentity(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body too large",
            None,
        );
    };
    let mut record = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(redacted_query),
        body: recorded_body(&parts.headers, &bytes),
        status: 0,
        reached_handler: false,
        fault: None,
    };
    let latency = lock(&state).faults.latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut fault = None;
    let refusal = audience_of(&record.path).and_then(|audience| {
        let vendor = audience.vendor();
        let (client, scopes) = match authorize(&state, &parts.headers, audience) {
            Err(reason) => return Some(errors::unauthorized(vendor, reason)),
            Ok(granted) => granted,
        };
        if let Some(wait) = lock(&state).rate_limited(&client, Instant::now()) {
            return Some(errors::rate_limited(vendor, wait));
        }
        let needed = scopes::required(&parts.method, &record.path);
        if !scopes::satisfied(needed, &scopes) {
            let tracking = lock(&state).random_hex(16);
            return Some(errors::forbidden(vendor, needed, tracking));
        }
        let mut guard = lock(&state);
        let faults = guard.faults.clone();
        if guard.roll(faults.server_errors_percent) {
            fault = Some(InjectedFault::ServerError);
            let tracking = guard.random_hex(16);
            return Some(errors::internal(vendor, tracking));
        }
        if guard.roll(faults.dropped_connections_percent) {
            fault = Some(InjectedFault::DroppedConnection);
            return Some(errors::dropped_connection());
        }
        if guard.roll(faults.lost_answers_percent) {
            fault = Some(InjectedFault::LostAnswer);
        }
        None
    });
    let response = match refusal {
        Some(refusal) => refusal,
        None => {
            record.reached_handler = true;
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    };
    record.status = response.status().as_u16();
    record.fault = fault;
    lock(&state).requests.push(record);
    if fault == Some(InjectedFault::LostAnswer) {
        return errors::dropped_connection();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_request_log_keeps_no_secret_of_a_json_body() {
        let body = json!({"client_name": "A", "client_secret": "s1",
            "nested": [{"secret": "s2", "kept": "k"}]});
        let recorded = recorded_body(&HeaderMap::new(), body.to_string().as_bytes()).unwrap();
        assert_eq!(
            recorded,
            json!({"client_name": "A", "client_secret": "REDACTED",
                "nested": [{"secret": "REDACTED", "kept": "k"}]})
        );
    }
}
