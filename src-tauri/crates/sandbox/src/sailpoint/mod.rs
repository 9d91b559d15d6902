//! SailPoint Identity Security Cloud: what all its resources share is here (JSON bodies
//! refused with `ErrorResponseDto`, each problem a message; secrets shown once and working at
//! the token endpoint); each resource's exceptions are in a file of their own. Auth users and
//! the password org config have none.

pub mod oauth_clients;
pub mod personal_access_tokens;

mod last_used;
mod patch;

use std::time::SystemTime;

use axum::http::{header, HeaderMap, StatusCode};
use gatehouse_wire::{Access, FieldKind, FieldSpec, ResourceDescription, Vendor};
use serde_json::Value;

use crate::call::Call;
use crate::dialect::Dialect;
use crate::errors::{self, Refusal};
use crate::state::{LimitedClient, State};
use crate::store::{text, Object};
use crate::validation::value_problem;

pub const BAD_REQUEST: &str = "400.1 Bad Request Content";
pub const CONFLICT: &str = "400.1.409 Reference conflict";

pub struct SailPoint;

/// 400 with `detail_code` and a message for each problem.
pub fn bad_request(state: &mut State, detail_code: &str, messages: &[String]) -> Refusal {
    let tracking = SailPoint.tracking_id(state);
    Box::new(errors::sailpoint(
        StatusCode::BAD_REQUEST,
        detail_code,
        tracking,
        messages,
    ))
}

/// Now, as the vendor writes times.
pub fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

fn content_type_is(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(expected))
}

/// SailPoint's words for a value `field` refuses; a null is refused only where required.
fn problem(field: &FieldSpec, value: &Value) -> Option<String> {
    let wrong_kind = match field.kind {
        FieldKind::Bool => (!value.is_boolean()).then_some("must be a boolean"),
        FieldKind::Integer { .. } => (!value.is_i64()).then_some("must be an integer"),
        _ => None,
    };
    match wrong_kind {
        Some(problem) if !value.is_null() => Some(problem.to_owned()),
        _ => value_problem(field, value),
    }
}

/// Every problem of a request body against the description: unknown or read-only properties,
/// values of the wrong kind, out of range or not among the spec's, and (on create) required
/// fields left out.
fn request_problems(
    description: &ResourceDescription,
    object: &Object,
    creating: bool,
) -> Vec<String> {
    let mut problems: Vec<String> = object
        .iter()
        .filter_map(|(name, value)| {
            let Some(field) = description.field(name) else {
                return Some(format!("{name} is not a recognized property"));
            };
            if field.access == Access::ReadOnly {
                return (!value.is_null()).then(|| format!("{name} is read-only"));
            }
            problem(field, value).map(|problem| format!("{name} {problem}"))
        })
        .collect();
    if creating {
        problems.extend(
            description
                .fields
                .iter()
                .filter(|field| field.required && object.get(field.name).is_none_or(Value::is_null))
                .map(|field| format!("{} is required", field.name)),
        );
    }
    problems
}

impl Dialect for SailPoint {
    fn vendor(&self) -> Vendor {
        Vendor::SailPoint
    }

    fn body(&self, state: &mut State, call: &Call, creating: bool) -> Result<Object, Refusal> {
        if !content_type_is(&call.headers, "application/json") {
            let problem = "Content-Type must be application/json".to_owned();
            return Err(bad_request(state, BAD_REQUEST, &[problem]));
        }
        let Ok(Value::Object(mut object)) = serde_json::from_slice::<Value>(&call.body) else {
            let problem = "The request body must be a JSON object.".to_owned();
            return Err(bad_request(state, BAD_REQUEST, &[problem]));
        };
        let problems = request_problems(call.description, &object, creating);
        if !problems.is_empty() {
            return Err(bad_request(state, BAD_REQUEST, &problems));
        }
        // A null sets nothing: the object keeps its value, or gets the vendor's default.
        object.retain(|_, value| !value.is_null());
        Ok(object)
    }

    fn patched(&self, state: &mut State, call: &Call, stored: &Object) -> Result<Object, Refusal> {
        patch::apply(state, call, stored)
    }

    fn not_found(&self, state: &mut State, what: &str) -> Refusal {
        let tracking = self.tracking_id(state);
        Box::new(errors::sailpoint(
            StatusCode::NOT_FOUND,
            "404 Not found",
            tracking,
            &[format!("{what} was not found.")],
        ))
    }

    fn conflict(&self, state: &mut State, message: &str) -> Refusal {
        bad_request(state, CONFLICT, &[message.to_owned()])
    }

    fn tracking_id(&self, state: &mut State) -> String {
        state.random_hex(16)
    }

    fn id_bytes(&self) -> usize {
        16
    }

    fn secret_bytes(&self) -> usize {
        32
    }

    fn keeps_secrets(&self) -> bool {
        false
    }
}

fn scopes_of(object: &Object) -> Vec<String> {
    let scopes = object.get("scope").and_then(Value::as_array);
    let texts = scopes.into_iter().flatten().filter_map(Value::as_str);
    texts.map(str::to_owned).collect()
}

/// A new object's id and secret work at the token endpoint, with the object's scopes.
pub fn issue_credentials(state: &mut State, object: &Object) {
    let (Some(id), Some(secret)) = (text(object, "id"), text(object, "secret")) else {
        return;
    };
    let credentials = LimitedClient {
        vendor: Vendor::SailPoint,
        secret: secret.to_owned(),
        scopes: scopes_of(object),
    };
    state.limited_clients.insert(id.to_owned(), credentials);
}

/// New scopes apply to the next token issued with the object's credentials.
pub fn rescope_credentials(state: &mut State, object: &Object) {
    let scopes = scopes_of(object);
    let id = text(object, "id").unwrap_or_default();
    if let Some(credentials) = state.limited_clients.get_mut(id) {
        credentials.scopes = scopes;
    }
}

/// A deleted object's credentials stop working.
pub fn revoke_credentials(state: &mut State, object: &Object) {
    if let Some(id) = text(object, "id") {
        state.limited_clients.remove(id);
    }
}
