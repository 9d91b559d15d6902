//! APIs: each belongs to a service and lives on its service's server; an update changes only
//! what `UpdateAPIRequest` takes; the server lists its APIs by service.

use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::future::BoxFuture;
use gatehouse_wire::catalog::{APIS, SERVERS, SERVICES};
use serde_json::{json, Map, Value};

use super::missing;
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::{answered, Hooks};
use crate::lock;
use crate::state::{SharedState, State};
use crate::store::{text, Object};

/// What an update of an API may change; the rest stays as stored, whatever is sent.
const UPDATABLE: [&str; 2] = ["policy_id", "data_classifications"];

pub struct Apis;

impl Hooks for Apis {
    fn on_create(&self, state: &mut State, _call: &Call, api: &mut Object) -> Result<(), Refusal> {
        let service = text(api, "service_id").unwrap_or_default().to_owned();
        let server = state
            .store
            .find(SERVICES.key, "id", &service)
            .and_then(|service| service.get("authorization_server_id").cloned());
        match server {
            Some(server) => {
                api.insert("server_id".into(), server);
                Ok(())
            }
            None => Err(missing(state, &SERVICES, &service)),
        }
    }

    fn on_update(
        &self,
        _state: &mut State,
        stored: &Object,
        updated: &mut Object,
    ) -> Result<(), Refusal> {
        let mut merged = stored.clone();
        for field in UPDATABLE {
            if let Some(value) = updated.get(field) {
                merged.insert(field.into(), value.clone());
            }
        }
        *updated = merged;
        Ok(())
    }

    fn action<'a>(
        &'a self,
        state: &'a SharedState,
        call: &'a Call,
    ) -> Option<BoxFuture<'a, Response>> {
        if call.operation.name != "listAPIsByServer" {
            return None;
        }
        answered(by_server(state, call))
    }
}

/// Which APIs the data-classification query keeps.
pub fn classification_filter(call: &Call) -> impl Fn(&Object) -> bool + '_ {
    let wanted = call.query_values("data_classification");
    let unclassified = call.query_value("without_data_classifications") == Some("true");
    move |api: &Object| {
        let classes: Vec<&str> = api
            .get("data_classifications")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if unclassified {
            classes.is_empty()
        } else {
            wanted.is_empty() || classes.iter().any(|class| wanted.contains(class))
        }
    }
}

/// `GET /servers/{aid}/apis`: the server's APIs, by service.
fn by_server(state: &SharedState, call: &Call) -> Response {
    let server = call.param("aid");
    let mut guard = lock(state);
    if guard.store.find(SERVERS.key, "id", server).is_none() {
        return *missing(&mut guard, &SERVERS, server);
    }
    let keep = classification_filter(call);
    let mut by_service: Map<String, Value> = Map::new();
    let apis = guard.store.objects(APIS.key).iter();
    for api in apis.filter(|api| text(api, "server_id") == Some(server) && keep(api)) {
        let service = text(api, "service_id").unwrap_or_default().to_owned();
        if let Value::Array(apis) = by_service.entry(service).or_insert(json!([])) {
            apis.push(Value::Object(api.clone()));
        }
    }
    Json(json!({ "apis_by_services": by_service })).into_response()
}
