//! Authorization servers: an issuer of their own, and two actions, their authentication
//! methods and their dashboards.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::future::BoxFuture;
use gatehouse_wire::catalog::SERVERS;
use serde_json::{json, Value};

use super::{error, issuer_url, missing, SITE};
use crate::call::Call;
use crate::hooks::{answered, Hooks};
use crate::lock;
use crate::state::{SharedState, State};
use crate::store::{text, Object};

pub struct Servers;

impl Hooks for Servers {
    fn on_created(&self, state: &mut State, server: &mut Object) {
        let issuer = issuer_url(state, text(server, "id").unwrap_or_default());
        server.insert("issuer_url".into(), Value::String(issuer));
    }

    fn action<'a>(
        &'a self,
        state: &'a SharedState,
        call: &'a Call,
    ) -> Option<BoxFuture<'a, Response>> {
        let id = call.id();
        if !matches!(
            call.operation.name,
            "updateAuthentications" | "listDashboards"
        ) {
            return None;
        }
        let mut guard = lock(state);
        if guard.store.find(SERVERS.key, "id", id).is_none() {
            return answered(*missing(&mut guard, &SERVERS, id));
        }
        drop(guard);
        answered(match call.operation.name {
            "updateAuthentications" => update_authentications(state, call),
            _ => dashboards(id),
        })
    }
}

/// `PUT …/authentications`: the server's authentication methods, replaced whole.
fn update_authentications(state: &SharedState, call: &Call) -> Response {
    let Ok(Value::Object(authentications)) = serde_json::from_slice::<Value>(&call.body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "bad request",
            "the body must be a JSON object",
        );
    };
    let mut guard = lock(state);
    if let Some(server) = guard.store.find_mut(SERVERS.key, "id", call.id()) {
        let methods = Value::Object(authentications.clone());
        server.insert("authentications".into(), methods);
    }
    Json(Value::Object(authentications)).into_response()
}

fn dashboards(server: &str) -> Response {
    Json(json!({
        "enabled": true,
        "sample_business_url": format!("{SITE}/dashboards/sample-business"),
        "sample_threat_url": format!("{SITE}/dashboards/sample-threat"),
        "tenant_business_url": format!("{SITE}/dashboards/{server}/business"),
        "tenant_threat_url": format!("{SITE}/dashboards/{server}/threat"),
    }))
    .into_response()
}
