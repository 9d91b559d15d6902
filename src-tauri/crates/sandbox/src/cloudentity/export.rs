//! `GET /api/system/configuration`: the tenant in the seed's export shape (`Dump`), each
//! collection under its list's name; scopes only where they belong to no service.

use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::future::BoxFuture;
use gatehouse_wire::catalog::{
    APIS, CLAIMS, CLIENTS, CONSENTS, CONSENT_ACTIONS, POLICIES, SCOPES, SERVERS, SERVICES, TENANT,
};
use serde_json::{Map, Value};

use crate::call::Call;
use crate::hooks::{answered, Hooks};
use crate::lock;
use crate::state::{SharedState, State};
use crate::store::Object;

pub struct Export;

impl Hooks for Export {
    fn action<'a>(
        &'a self,
        state: &'a SharedState,
        call: &'a Call,
    ) -> Option<BoxFuture<'a, Response>> {
        let state = lock(state);
        let tenant = &state.credentials.cloudentity_tenant_id;
        // Another tenant's export holds nothing of this one.
        let included = call.query_value("tid").is_none_or(|tid| tid == tenant);
        answered(Json(dump(&state, included)).into_response())
    }
}

fn dump(state: &State, included: bool) -> Map<String, Value> {
    let listed = |objects: Vec<&Object>| -> Value {
        let objects = objects.into_iter().filter(|_| included);
        Value::Array(objects.cloned().map(Value::Object).collect())
    };
    let mut dump: Map<String, Value> = [
        &SERVERS,
        &CLIENTS,
        &CLAIMS,
        &POLICIES,
        &SERVICES,
        &APIS,
        &CONSENTS,
        &CONSENT_ACTIONS,
    ]
    .into_iter()
    .filter_map(|description| {
        let objects = state.store.objects(description.key).iter().collect();
        Some((description.list_field?.to_owned(), listed(objects)))
    })
    .collect();
    let without_service = state
        .store
        .objects(SCOPES.key)
        .iter()
        .filter(|scope| scope.get("service_id").is_none_or(Value::is_null))
        .collect();
    dump.insert("scopes_without_service".into(), listed(without_service));
    let tenants = state.store.singleton(TENANT.key).into_iter().collect();
    dump.insert("tenants".into(), listed(tenants));
    dump
}
