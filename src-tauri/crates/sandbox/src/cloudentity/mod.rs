//! Cloudentity ACP: the admin, developer and system APIs. What all its resources share is
//! here (the tenant in every path, its error body and validation); each resource's
//! exceptions are in a file of their own.

pub mod apis;
pub mod clients;
pub mod consents;
pub mod developer;
pub mod export;
pub mod gateways;
mod login_page;
pub mod privacy_ledger;
pub mod scopes;
pub mod servers;
pub mod services;
pub mod sign_in;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use axum::response::Response;
use gatehouse_wire::{Access, ResourceDescription, Vendor};
use serde_json::Value;

use crate::call::Call;
use crate::dialect::Dialect;
use crate::errors::{self, Refusal};
use crate::state::State;
use crate::store::Object;
use crate::validation::value_problem;

/// The demo developer: the one who signs in to the developer portal, owner of a demo client.
pub const DEVELOPER_ID: &str = "sandbox-developer";

/// Where the sandbox's tenants, servers and dashboards say they are.
pub const SITE: &str = "https://sandbox.local";

pub struct Cloudentity;

/// ACP's error body, with `details` as its reason.
pub fn error(status: StatusCode, error: &str, details: &str) -> Response {
    errors::cloudentity(status, error, Some(details))
}

/// [`error`], as a refusal.
pub fn refusal(status: StatusCode, error: &str, details: &str) -> Refusal {
    Box::new(self::error(status, error, details))
}

/// 404 for the object `id` of `description`, in the dialect's words.
pub fn missing(state: &mut State, description: &ResourceDescription, id: &str) -> Refusal {
    Cloudentity.not_found(state, &format!("{} {id}", description.singular))
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// The tenant's issuer for the authorization server `server`.
pub fn issuer_url(state: &State, server: &str) -> String {
    let tenant = &state.credentials.cloudentity_tenant_id;
    format!("{SITE}/{tenant}/{server}")
}

impl Dialect for Cloudentity {
    fn vendor(&self) -> Vendor {
        Vendor::Cloudentity
    }

    /// Every admin and developer path names the tenant; another tenant is not found.
    fn admits(&self, state: &mut State, call: &Call) -> Result<(), Refusal> {
        match call.params.get("tid") {
            Some(tid) if *tid != state.credentials.cloudentity_tenant_id => {
                Err(self.not_found(state, &format!("tenant {tid}")))
            }
            _ => Ok(()),
        }
    }

    /// The body as a JSON object without its nulls: 400 when it is not one (422 where the
    /// seed documents no 400), 422 for each described field that breaks the spec (kind,
    /// enum) or a required field left out.
    fn body(&self, _state: &mut State, call: &Call, creating: bool) -> Result<Object, Refusal> {
        let Ok(Value::Object(mut object)) = serde_json::from_slice::<Value>(&call.body) else {
            let status = if call.operation.documents(400) {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return Err(refusal(
                status,
                "bad request",
                "the body must be a JSON object",
            ));
        };
        let fields = call.description.fields;
        let mut problems: Vec<(&str, String)> = fields
            .iter()
            .filter_map(|field| {
                let value = object.get(field.name).filter(|value| !value.is_null());
                // What the vendor sets itself need not be sent, but if it is, it has its kind.
                let settable = field.access != Access::ReadOnly;
                let problem = match value {
                    None if creating && settable && field.required => Some("is required".into()),
                    None => None,
                    Some(value) => value_problem(field, value),
                };
                problem.map(|problem| (field.name, problem))
            })
            .collect();
        if !creating {
            problems.extend(
                fields
                    .iter()
                    .filter(|field| field.required && field.access == Access::Editable)
                    .filter(|field| object.get(field.name).is_none_or(Value::is_null))
                    .map(|field| (field.name, "is required".to_owned())),
            );
        }
        if !problems.is_empty() {
            return Err(Box::new(errors::cloudentity_invalid_fields(problems)));
        }
        // A null sets nothing: the vendor answers without the property rather than with null.
        object.retain(|_, value| !value.is_null());
        Ok(object)
    }

    fn not_found(&self, _state: &mut State, what: &str) -> Refusal {
        refusal(
            StatusCode::NOT_FOUND,
            "not found",
            &format!("{what} not found"),
        )
    }

    fn conflict(&self, _state: &mut State, message: &str) -> Refusal {
        refusal(StatusCode::CONFLICT, "conflict", message)
    }

    /// ACP's error body has no tracking id.
    fn tracking_id(&self, _state: &mut State) -> String {
        String::new()
    }

    fn id_bytes(&self) -> usize {
        10
    }

    fn secret_bytes(&self) -> usize {
        24
    }

    fn keeps_secrets(&self) -> bool {
        true
    }

    /// Every object is the tenant's.
    fn stamp(&self, state: &State, object: &mut Object) {
        let tenant = state.credentials.cloudentity_tenant_id.clone();
        object.insert("tenant_id".into(), Value::String(tenant));
    }
}
