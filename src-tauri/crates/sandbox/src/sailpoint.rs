//! SailPoint ISC resources. Bodies are read as raw bytes so every rejection carries the
//! vendor's `ErrorResponseDto`, never the framework's own text.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use gatehouse_wire::PASSWORD_ORG_CONFIG;

use crate::errors;
use crate::lock;
use crate::state::State;

pub(crate) const BAD_REQUEST: &str = "400.1 Bad Request Content";

/// The password org config's properties: booleans, and integers with the spec's ranges.
const BOOLEANS: [&str; 2] = ["customInstructionsEnabled", "digitTokenEnabled"];
const INTEGERS: [(&str, i64, i64); 2] = [
    ("digitTokenDurationMinutes", 1, 60),
    ("digitTokenLength", 6, 18),
];

pub(crate) fn bad_request(
    state: &Mutex<State>,
    detail_code: &str,
    messages: &[String],
) -> Response {
    let tracking = lock(state).random_hex(16);
    errors::sailpoint(StatusCode::BAD_REQUEST, detail_code, tracking, messages)
}

/// The JSON object in the body, or every reason it is not an acceptable one.
fn password_org_config_body(
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Map<String, Value>, Vec<String>> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_json {
        return Err(vec!["Content-Type must be application/json".to_owned()]);
    }
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(bytes) else {
        return Err(vec!["The request body must be a JSON object.".to_owned()]);
    };
    let problems: Vec<String> = object
        .iter()
        .filter_map(|(name, value)| {
            if BOOLEANS.contains(&name.as_str()) {
                (!value.is_boolean()).then(|| format!("{name} must be a boolean"))
            } else if let Some((_, min, max)) = INTEGERS.iter().find(|(known, ..)| known == name) {
                match value.as_i64() {
                    None => Some(format!("{name} must be an integer")),
                    Some(number) if number < *min || number > *max => {
                        Some(format!("{name} must be between {min} and {max}"))
                    }
                    Some(_) => None,
                }
            } else {
                Some(format!("{name} is not a recognized property"))
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(object)
    } else {
        Err(problems)
    }
}

/// The spec's defaults for fields a create leaves out.
fn defaults() -> Map<String, Value> {
    let defaults = json!({
        "customInstructionsEnabled": false,
        "digitTokenEnabled": false,
        "digitTokenDurationMinutes": 5,
        "digitTokenLength": 6
    });
    defaults.as_object().cloned().unwrap_or_default()
}

/// `GET /beta/password-org-config`; 404 while the tenant has none.
pub async fn get_password_org_config(Shared(state): Shared<Arc<Mutex<State>>>) -> Response {
    let stored = lock(&state)
        .store
        .singleton(PASSWORD_ORG_CONFIG.key)
        .cloned();
    match stored {
        Some(config) => Json(Value::Object(config)).into_response(),
        None => {
            let tracking = lock(&state).random_hex(16);
            errors::sailpoint(
                StatusCode::NOT_FOUND,
                "404 Not found",
                tracking,
                &["The password org config was not found.".to_owned()],
            )
        }
    }
}

/// `POST` and `PUT /beta/password-org-config`: the fields sent change, the others keep their
/// value (their defaults where there was no config). A POST onto an existing config conflicts.
pub async fn write_password_org_config(
    Shared(state): Shared<Arc<Mutex<State>>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = match password_org_config_body(&headers, &body) {
        Ok(fields) => fields,
        Err(problems) => return bad_request(&state, BAD_REQUEST, &problems),
    };
    let mut guard = lock(&state);
    let stored = guard.store.singleton(PASSWORD_ORG_CONFIG.key).cloned();
    if method == Method::POST && stored.is_some() {
        drop(guard);
        return bad_request(
            &state,
            "400.1.409 Reference conflict",
            &["The password org config already exists; update it with PUT.".to_owned()],
        );
    }
    let mut config = stored.unwrap_or_else(defaults);
    config.extend(fields);
    guard
        .store
        .set_singleton(PASSWORD_ORG_CONFIG.key, config.clone());
    Json(Value::Object(config)).into_response()
}
