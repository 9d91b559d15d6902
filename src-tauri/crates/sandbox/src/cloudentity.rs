//! Cloudentity ACP admin, developer and system APIs. Routes come from the resource catalogue
//! (every operation's method and path), so a described resource is served without new routes;
//! what differs per resource (relations, generated fields, nested answers) is said here once.

use std::collections::HashMap;
use std::io::Write;
use std::sync::MutexGuard;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::{Json, Router};
use gatehouse_wire::catalog::{DEVELOPER_SERVERS, PRIVACY_LEDGER_EVENTS, RESOURCES, TENANT};
use gatehouse_wire::{Access, Operation, ResourceDescription, Vendor, Verb};
use serde_json::{json, Map, Value};

use crate::demo::object as json_object;
use crate::errors;
use crate::lock;
use crate::spec_fetch::{self, FetchError};
use crate::state::{SharedState, State};
use crate::validation::value_problem;

type Object = Map<String, Value>;
/// A refusal, boxed: responses are large and the success path is the common one.
type Refusal = Box<Response>;

/// Every Cloudentity resource of the catalogue; the sandbox serves them all.
fn served() -> impl Iterator<Item = &'static ResourceDescription> {
    RESOURCES
        .iter()
        .copied()
        .filter(|description| description.vendor == Vendor::Cloudentity)
}

/// The developer the built-in client acts as on the developer API.
pub const DEVELOPER_ID: &str = "sandbox-developer";

/// Adds a route for every operation of every served resource.
pub fn routes(mut router: Router<SharedState>) -> Router<SharedState> {
    for description in served() {
        for operation in description.operations {
            let filter = match operation.method {
                "GET" => MethodFilter::GET,
                "POST" => MethodFilter::POST,
                "PUT" => MethodFilter::PUT,
                "DELETE" => MethodFilter::DELETE,
                other => panic!("{}: no route for {other}", operation.name),
            };
            let handler = move |Shared(state): Shared<SharedState>,
                                Path(params): Path<HashMap<String, String>>,
                                RawQuery(query): RawQuery,
                                headers: HeaderMap,
                                body: Bytes| async move {
                let request = Call {
                    description,
                    operation,
                    params,
                    query: query
                        .map(|query| crate::auth::parse_form(&query))
                        .unwrap_or_default(),
                    headers,
                    body,
                };
                handle(&state, request).await
            };
            router = router.route(operation.path, on(filter, handler));
        }
    }
    router
}

struct Call {
    description: &'static ResourceDescription,
    operation: &'static Operation,
    params: HashMap<String, String>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

impl Call {
    fn param(&self, name: &str) -> &str {
        self.params
            .get(name)
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn id(&self) -> &str {
        self.description
            .id_param
            .map_or("", |param| self.param(param))
    }

    fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.operation.status).unwrap_or(StatusCode::OK)
    }
}

fn error(status: StatusCode, error: &str, details: &str) -> Response {
    errors::cloudentity(status, error, Some(details))
}

/// The vendor's 403 when the collection `key`, holding `len` objects, cannot take `adding`
/// more.
fn full(state: &State, key: &'static str, len: usize, adding: usize) -> Option<Response> {
    if state.has_room(len, adding) {
        return None;
    }
    let limit = state.limits.collection;
    // Cloudentity's error body has no tracking id.
    Some(errors::collection_full(
        crate::state::Vendor::Cloudentity,
        key,
        limit,
        String::new(),
    ))
}

fn not_found(what: &str, id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not found",
        &format!("{what} {id} not found"),
    )
}

async fn handle(state: &SharedState, call: Call) -> Response {
    let tenant = lock(state).credentials.cloudentity_tenant_id.clone();
    let tid = call.param("tid");
    if call.description.key != "configuration" && tid != tenant {
        return not_found("tenant", tid);
    }
    match (call.description.key, call.operation.verb) {
        ("configuration", _) => export(state, &call),
        ("tenant", Verb::Get) => {
            let tenant = lock(state).store.singleton(TENANT.key).cloned();
            Json(Value::Object(tenant.unwrap_or_default())).into_response()
        }
        ("tenant", Verb::Update) => update_tenant(state, &call),
        ("privacy-ledger-events", _) => events(state, &call),
        ("developer-servers", Verb::List) => developer_servers(state),
        ("developer-servers", _) => developer_server(state, call.id()),
        ("servers", Verb::Action) => server_action(state, &call),
        ("services", Verb::Action) => service_action(state, &call).await,
        ("apis", Verb::Action) => apis_by_server(state, &call),
        ("gateways", Verb::Action) => gateway_package(state, &call),
        (_, Verb::List) => list(state, &call),
        (_, Verb::Get) => get(state, &call),
        (_, Verb::Create) => create(state, &call),
        (_, Verb::Update) => update(state, &call),
        (_, Verb::Delete) => delete(state, &call),
        (_, Verb::Action) => error(StatusCode::NOT_FOUND, "not found", call.operation.name),
    }
}

/// Where a resource's objects live: developer clients are clients with a developer.
fn collection(description: &ResourceDescription) -> &'static str {
    match description.key {
        "developer-clients" => "clients",
        "developer-servers" => "servers",
        key => served()
            .find(|served| served.key == key)
            .map_or("unknown", |served| served.key),
    }
}

/// The property that names an object's authorization server, per resource.
fn server_field(description: &ResourceDescription) -> Option<&'static str> {
    match description.key {
        "clients" | "developer-clients" | "scopes" | "claims" | "services" | "gateways" => {
            Some("authorization_server_id")
        }
        "apis" => Some("server_id"),
        _ => None,
    }
}

/// The property naming one object of a collection. Only the tenant and the export are
/// singletons, and they have handlers of their own.
fn id_field(description: &ResourceDescription) -> &'static str {
    description.id_field.unwrap_or("id")
}

fn is_developer(description: &ResourceDescription) -> bool {
    description.key == "developer-clients"
}

fn visible(description: &ResourceDescription, object: &Object) -> bool {
    !is_developer(description)
        || object.get("developer_id").and_then(Value::as_str) == Some(DEVELOPER_ID)
}

/// The body as a JSON object without its nulls: 400 when it is not one (422 where the seed
/// documents no 400), 422 for each described field that breaks the spec (kind, enum) or a
/// required field left out.
fn body_object(call: &Call, creating: bool) -> Result<Object, Refusal> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&call.body) else {
        let status = if call.operation.documents(400) {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return Err(Box::new(error(
            status,
            "bad request",
            "the body must be a JSON object",
        )));
    };
    let mut problems: Vec<(&str, String)> = call
        .description
        .fields
        .iter()
        .filter_map(|field| {
            let value = object.get(field.name).filter(|value| !value.is_null());
            // What the vendor sets itself need not be sent, but if it is, it has its kind.
            let settable = field.access != Access::ReadOnly;
            let problem = match value {
                None if creating && settable && field.required => Some("is required".to_owned()),
                None => None,
                Some(value) => value_problem(field, value),
            };
            problem.map(|problem| (field.name, problem))
        })
        .collect();
    if !creating {
        problems.extend(
            call.description
                .fields
                .iter()
                .filter(|field| field.required && field.access == Access::Editable)
                .filter(|field| object.get(field.name).is_none_or(Value::is_null))
                .map(|field| (field.name, "is required".to_owned())),
        );
    }
    if problems.is_empty() {
        // A null sets nothing: the vendor answers without the property rather than with null.
        let mut object = object;
        object.retain(|_, value| !value.is_null());
        Ok(object)
    } else {
        Err(Box::new(errors::cloudentity_invalid_fields(problems)))
    }
}

fn wrap(description: &ResourceDescription, items: Vec<Value>) -> Response {
    let field = description.list_field.unwrap_or("items");
    Json(json!({ field: items })).into_response()
}

fn list(state: &SharedState, call: &Call) -> Response {
    let description = call.description;
    let server = call.params.get("aid");
    let mut guard = lock(state);
    if let Some(server) = server {
        if guard.store.find("servers", "id", server).is_none() {
            drop(guard);
            return not_found("server", server);
        }
    }
    let items = guard
        .store
        .items(collection(description))
        .iter()
        .filter(|item| visible(description, item))
        .filter(|item| match (server, server_field(description)) {
            (Some(server), Some(field)) => item.get(field).and_then(Value::as_str) == Some(server),
            _ => true,
        })
        .map(|item| Value::Object(item.clone()))
        .collect();
    wrap(description, items)
}

fn get(state: &SharedState, call: &Call) -> Response {
    let description = call.description;
    let id = call.id();
    let guard = lock(state);
    let Some(object) = guard
        .store
        .find(collection(description), id_field(description), id)
        .filter(|object| visible(description, object))
    else {
        return not_found(description.title, id);
    };
    let mut answer = object.clone();
    // Scopes are answered with their service, services with their scopes (the seed's shapes).
    match description.key {
        "scopes" => {
            let service = answer
                .get("service_id")
                .and_then(Value::as_str)
                .and_then(|service| guard.store.find("services", "id", service))
                .cloned();
            answer.insert("with_service".into(), Value::Bool(service.is_some()));
            if let Some(service) = service {
                answer.insert("service".into(), Value::Object(service));
            }
        }
        "services" => {
            let scopes: Vec<Value> = guard
                .store
                .objects("scopes")
                .iter()
                .filter(|scope| scope.get("service_id") == answer.get("id"))
                .map(|scope| Value::Object(scope.clone()))
                .collect();
            answer.insert("scopes".into(), Value::Array(scopes));
        }
        "gateways" => gateway_details(&guard, &mut answer),
        _ => {}
    }
    Json(Value::Object(answer)).into_response()
}

fn gateway_details(state: &State, gateway: &mut Object) {
    let client = gateway
        .get("client_id")
        .and_then(Value::as_str)
        .and_then(|id| state.store.find("clients", "client_id", id))
        .cloned();
    if let Some(client) = client {
        gateway.insert("client".into(), Value::Object(client));
    }
    let server = gateway
        .get("authorization_server_id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let tenant = state.credentials.cloudentity_tenant_id.clone();
    gateway.insert(
        "issuer_url".into(),
        Value::String(format!("https://sandbox.local/{tenant}/{server}")),
    );
    gateway.insert(
        "server_url".into(),
        Value::String("https://sandbox.local".into()),
    );
}

fn create(state: &SharedState, call: &Call) -> Response {
    let description = call.description;
    let mut object = match body_object(call, true) {
        Ok(object) => object,
        Err(refusal) => return *refusal,
    };
    let mut guard = lock(state);
    let key = collection(description);
    // A gateway comes with a client of its own.
    let with_client = usize::from(description.key == "gateways");
    let (len, clients) = (
        guard.store.items(key).len(),
        guard.store.items("clients").len(),
    );
    let refusal =
        full(&guard, key, len, 1).or_else(|| full(&guard, "clients", clients, with_client));
    if let Some(refusal) = refusal {
        return refusal;
    }
    let tenant = guard.credentials.cloudentity_tenant_id.clone();
    // The object's server (through its service, for APIs) must exist.
    if description.key == "apis" {
        let service = object
            .get("service_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(server) = guard
            .store
            .find("services", "id", &service)
            .and_then(|service| service.get("authorization_server_id").cloned())
        else {
            drop(guard);
            return not_found("service", &service);
        };
        object.insert("server_id".into(), server);
    }
    // A gateway's create names its server `server_id`; the gateway itself, as the seed lists
    // and answers it, `authorization_server_id`.
    if description.key == "gateways" {
        let server = object.remove("server_id").unwrap_or_default();
        object.insert("authorization_server_id".into(), server);
    }
    if let Some(field) = server_field(description) {
        let server = object
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if guard.store.find("servers", "id", &server).is_none() {
            drop(guard);
            return not_found("server", &server);
        }
    }
    let id_field = id_field(description);
    let given = object
        .get(id_field)
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    let id = match given {
        Some(id) if guard.store.find(key, id_field, &id).is_some() => {
            drop(guard);
            return error(
                StatusCode::CONFLICT,
                "conflict",
                &format!("{} {id} already exists", description.title),
            );
        }
        Some(id) if description.key == "servers" => id,
        _ => guard.random_hex(10),
    };
    let unique_name = match description.key {
        "consent-actions" | "consents" => object.get("name").cloned(),
        _ => None,
    };
    if let Some(name) = unique_name {
        if guard
            .store
            .items(key)
            .iter()
            .any(|item| item.get("name") == Some(&name))
        {
            drop(guard);
            return error(
                StatusCode::CONFLICT,
                "conflict",
                &format!("{} named {name} already exists", description.title),
            );
        }
    }
    object.insert(id_field.into(), Value::String(id.clone()));
    object.insert("tenant_id".into(), Value::String(tenant.clone()));
    match description.key {
        "servers" => {
            let secret = guard.random_hex(24);
            object.entry("secret").or_insert(Value::String(secret));
            object.insert(
                "issuer_url".into(),
                Value::String(format!("https://sandbox.local/{tenant}/{id}")),
            );
            object.entry("type").or_insert(json!("regular"));
            object
                .entry("access_token_strategy")
                .or_insert(json!("jwt"));
            object.entry("access_token_ttl").or_insert(json!("1h0m0s"));
            object.entry("grant_types").or_insert(json!([
                "authorization_code",
                "refresh_token",
                "client_credentials"
            ]));
        }
        "clients" | "developer-clients" => {
            let secret = guard.random_hex(24);
            object.insert("client_secret".into(), Value::String(secret));
            object.insert("client_id_issued_at".into(), json!(unix_now()));
            object
                .entry("grant_types")
                .or_insert(json!(["client_credentials"]));
            object
                .entry("token_endpoint_auth_method")
                .or_insert(json!("client_secret_basic"));
            if is_developer(description) {
                object.insert("developer_id".into(), json!(DEVELOPER_ID));
            }
        }
        "services" => {
            object.insert("with_specification".into(), json!(false));
            object.entry("system").or_insert(json!(false));
        }
        "consents" => {
            object.insert("version".into(), json!(1));
        }
        "gateways" => {
            let server = object
                .get("authorization_server_id")
                .cloned()
                .unwrap_or_default();
            // A gateway authenticates with a client of its own, created with it.
            let client_id = guard.random_hex(10);
            let secret = guard.random_hex(24);
            let client = json_object(json!({
                "client_id": client_id,
                "client_name": format!("{} gateway", object.get("name").and_then(Value::as_str).unwrap_or("")),
                "authorization_server_id": server,
                "tenant_id": tenant,
                "client_secret": secret,
                "grant_types": ["client_credentials"],
                "system": true,
                "client_id_issued_at": unix_now(),
            }));
            guard.store.items("clients").push(client);
            object.insert("client_id".into(), Value::String(client_id));
        }
        _ => {}
    }
    guard.store.items(key).push(object.clone());
    if description.key == "gateways" {
        gateway_details(&guard, &mut object);
    }
    (call.status(), Json(Value::Object(object))).into_response()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Whole-object PUT: the body replaces the object; the id, tenant and what the vendor sets
/// itself stay as stored. Properties the sandbox does not model are kept as sent.
fn update(state: &SharedState, call: &Call) -> Response {
    let description = call.description;
    let sent = match body_object(call, false) {
        Ok(object) => object,
        Err(refusal) => return *refusal,
    };
    let (mut guard, index) = match locate(state, call) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    let items = guard.store.items(collection(description));
    let stored = items[index].clone();
    let mut updated = sent;
    for field in description.fields {
        if field.access != Access::Editable {
            match stored.get(field.name) {
                Some(value) => updated.insert(field.name.into(), value.clone()),
                None => updated.remove(field.name),
            };
        }
    }
    if description.key == "consents" {
        let version = stored.get("version").and_then(Value::as_i64).unwrap_or(0);
        updated.insert("version".into(), json!(version + 1));
    }
    if description.key == "apis" {
        // UpdateAPIRequest changes only the policy and the data classifications.
        let mut merged = stored.clone();
        for field in ["policy_id", "data_classifications"] {
            if let Some(value) = updated.get(field) {
                merged.insert(field.into(), value.clone());
            }
        }
        updated = merged;
    }
    items[index] = updated.clone();
    (call.status(), Json(Value::Object(updated))).into_response()
}

/// Where the object with `id` is among `items`, if this API may see it.
fn position_of(items: &[Object], description: &ResourceDescription, id: &str) -> Option<usize> {
    items.iter().position(|item| {
        item.get(id_field(description)).and_then(Value::as_str) == Some(id)
            && visible(description, item)
    })
}

/// The store, locked, and where the object the call names is in its collection; the vendor's
/// 404 when this API may see no such object.
fn locate<'s>(
    state: &'s SharedState,
    call: &Call,
) -> Result<(MutexGuard<'s, State>, usize), Refusal> {
    let description = call.description;
    let mut guard = lock(state);
    let items = guard.store.items(collection(description));
    match position_of(items, description, call.id()) {
        Some(index) => Ok((guard, index)),
        None => Err(Box::new(not_found(description.title, call.id()))),
    }
}

fn delete(state: &SharedState, call: &Call) -> Response {
    let description = call.description;
    let id = call.id().to_owned();
    let (mut guard, index) = match locate(state, call) {
        Ok(found) => found,
        Err(refusal) => return *refusal,
    };
    let removed = guard.store.items(collection(description)).remove(index);
    // What belongs to the deleted object goes with it.
    match description.key {
        "servers" => {
            for (dependent, field) in [
                ("clients", "authorization_server_id"),
                ("scopes", "authorization_server_id"),
                ("claims", "authorization_server_id"),
                ("services", "authorization_server_id"),
                ("apis", "server_id"),
                ("gateways", "authorization_server_id"),
            ] {
                guard
                    .store
                    .items(dependent)
                    .retain(|item| item.get(field).and_then(Value::as_str) != Some(id.as_str()));
            }
        }
        "services" => {
            guard
                .store
                .items("apis")
                .retain(|api| api.get("service_id").and_then(Value::as_str) != Some(id.as_str()));
            guard.store.items("scopes").retain(|scope| {
                scope.get("service_id").and_then(Value::as_str) != Some(id.as_str())
            });
        }
        "gateways" => {
            let client = removed.get("client_id").cloned();
            guard
                .store
                .items("clients")
                .retain(|item| item.get("client_id") != client.as_ref());
        }
        _ => {}
    }
    StatusCode::NO_CONTENT.into_response()
}

fn update_tenant(state: &SharedState, call: &Call) -> Response {
    let mut sent = match body_object(call, false) {
        Ok(object) => object,
        Err(refusal) => return *refusal,
    };
    let mut guard = lock(state);
    let id = guard
        .store
        .singleton(TENANT.key)
        .and_then(|tenant| tenant.get("id").cloned())
        .unwrap_or_default();
    sent.insert("id".into(), id);
    guard.store.set_singleton(TENANT.key, sent.clone());
    (call.status(), Json(Value::Object(sent))).into_response()
}

/// `sub`, `from` and `to` (Unix seconds) narrow the privacy ledger.
fn events(state: &SharedState, call: &Call) -> Response {
    let number = |name: &str| -> Result<Option<i64>, String> {
        match call.query_values(name).first() {
            None => Ok(None),
            Some(text) => text
                .parse::<i64>()
                .map(Some)
                .map_err(|_| format!("{name} must be a Unix timestamp")),
        }
    };
    let (from, to) = match (number("from"), number("to")) {
        (Ok(from), Ok(to)) => (from.unwrap_or(0), to.unwrap_or(i64::MAX)),
        (Err(problem), _) | (_, Err(problem)) => {
            return error(StatusCode::BAD_REQUEST, "bad request", &problem)
        }
    };
    let subject = call
        .query_values("sub")
        .first()
        .map(|sub| (*sub).to_owned());
    let guard = lock(state);
    let events = guard
        .store
        .objects(PRIVACY_LEDGER_EVENTS.key)
        .iter()
        .filter(|event| {
            subject
                .as_deref()
                .is_none_or(|sub| event.get("subject").and_then(Value::as_str) == Some(sub))
        })
        .filter(|event| {
            let time = event
                .get("date")
                .and_then(Value::as_str)
                .and_then(|date| humantime::parse_rfc3339_weak(date).ok())
                .and_then(|date| date.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |elapsed| elapsed.as_secs() as i64);
            (from..=to).contains(&time)
        })
        .map(|event| Value::Object(event.clone()))
        .collect();
    wrap(&PRIVACY_LEDGER_EVENTS, events)
}

fn developer_servers(state: &SharedState) -> Response {
    let servers = lock(state)
        .store
        .items("servers")
        .iter()
        .map(developer_view)
        .map(Value::Object)
        .collect();
    wrap(&DEVELOPER_SERVERS, servers)
}

fn developer_view(server: &Object) -> Object {
    ["id", "name", "issuer_url", "grant_types", "color"]
        .into_iter()
        .filter_map(|field| Some((field.to_owned(), server.get(field)?.clone())))
        .collect()
}

fn developer_server(state: &SharedState, id: &str) -> Response {
    let guard = lock(state);
    let Some(server) = guard.store.find("servers", "id", id) else {
        return not_found("server", id);
    };
    let mut answer = developer_view(server);
    let scopes: Vec<Value> = guard
        .store
        .objects("scopes")
        .iter()
        .filter(|scope| scope.get("authorization_server_id").and_then(Value::as_str) == Some(id))
        .map(|scope| {
            let mut view: Object = [
                ("scope_id", "id"),
                ("scope_name", "name"),
                ("scope_display_name", "display_name"),
                ("scope_description", "description"),
            ]
            .into_iter()
            .filter_map(|(name, field)| Some((name.to_owned(), scope.get(field)?.clone())))
            .collect();
            view.insert(
                "with_service".into(),
                json!(scope.get("service_id").is_some()),
            );
            Value::Object(view)
        })
        .collect();
    answer.insert("scopes".into(), Value::Array(scopes));
    Json(Value::Object(answer)).into_response()
}

fn server_action(state: &SharedState, call: &Call) -> Response {
    let id = call.id().to_owned();
    if lock(state).store.find("servers", "id", &id).is_none() {
        return not_found("server", &id);
    }
    match call.operation.name {
        "updateAuthentications" => {
            let Ok(Value::Object(authentications)) = serde_json::from_slice::<Value>(&call.body)
            else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "bad request",
                    "the body must be a JSON object",
                );
            };
            let mut guard = lock(state);
            if let Some(server) = guard.store.find_mut("servers", "id", &id) {
                server.insert(
                    "authentications".into(),
                    Value::Object(authentications.clone()),
                );
            }
            Json(Value::Object(authentications)).into_response()
        }
        _ => Json(json!({
            "enabled": true,
            "sample_business_url": "https://sandbox.local/dashboards/sample-business",
            "sample_threat_url": "https://sandbox.local/dashboards/sample-threat",
            "tenant_business_url": format!("https://sandbox.local/dashboards/{id}/business"),
            "tenant_threat_url": format!("https://sandbox.local/dashboards/{id}/threat"),
        }))
        .into_response(),
    }
}

/// Which APIs the data-classification query keeps.
fn classification_filter(call: &Call) -> impl Fn(&Object) -> bool + '_ {
    let wanted = call.query_values("data_classification");
    let unclassified = call.query_values("without_data_classifications").first() == Some(&"true");
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

fn apis_by_server(state: &SharedState, call: &Call) -> Response {
    let server = call.param("aid").to_owned();
    let mut guard = lock(state);
    if guard.store.find("servers", "id", &server).is_none() {
        drop(guard);
        return not_found("server", &server);
    }
    let keep = classification_filter(call);
    let mut by_service: Map<String, Value> = Map::new();
    for api in guard.store.items("apis").iter() {
        if api.get("server_id").and_then(Value::as_str) != Some(server.as_str()) || !keep(api) {
            continue;
        }
        let service = api
            .get("service_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Value::Array(apis) = by_service.entry(service).or_insert(json!([])) {
            apis.push(Value::Object(api.clone()));
        }
    }
    Json(json!({ "apis_by_services": by_service })).into_response()
}

async fn service_action(state: &SharedState, call: &Call) -> Response {
    let id = call.id().to_owned();
    let exists = lock(state).store.find("services", "id", &id).is_some();
    if !exists {
        return not_found("service", &id);
    }
    let document = match call.operation.name {
        "listAPIsByService" => {
            let keep = classification_filter(call);
            let apis: Vec<Value> = lock(state)
                .store
                .items("apis")
                .iter()
                .filter(|api| api.get("service_id").and_then(Value::as_str) == Some(id.as_str()))
                .filter(|api| keep(api))
                .map(|api| Value::Object(api.clone()))
                .collect();
            return Json(json!({ "apis": apis })).into_response();
        }
        "removeSpecification" => {
            let removed = replace_apis(state, &id, None);
            return Json(json!({
                "removed_apis": removed,
                "removed_policies": [],
                "not_removed_policies": [],
            }))
            .into_response();
        }
        "importSpecificationFromText" => String::from_utf8_lossy(&call.body).into_owned(),
        "importSpecificationFromFile" => {
            match multipart_field(&call.headers, &call.body, "file").await {
                Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                None => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        "bad request",
                        "a multipart body with a file field is required",
                    )
                }
            }
        }
        _ => {
            let Some(url) = multipart_field(&call.headers, &call.body, "url")
                .await
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            else {
                return error(
                    StatusCode::BAD_REQUEST,
                    "bad request",
                    "a multipart body with a url field is required",
                );
            };
            let limit = lock(state).limits.request_body_bytes;
            match spec_fetch::fetch(&url, limit).await {
                Ok(text) => text,
                Err(FetchError::Refused(problem)) => {
                    return error(StatusCode::BAD_REQUEST, "bad request", &problem)
                }
                Err(FetchError::Failed(problem)) => {
                    return error(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "specification could not be fetched",
                        &problem,
                    )
                }
            }
        }
    };
    let operations = match spec_operations(&document) {
        Ok(operations) => operations,
        Err(problem) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid specification",
                &problem,
            )
        }
    };
    // The import replaces the service's APIs: the others and the new ones must fit.
    let mut guard = lock(state);
    let others = guard
        .store
        .items("apis")
        .iter()
        .filter(|api| api.get("service_id").and_then(Value::as_str) != Some(id.as_str()))
        .count();
    if let Some(refusal) = full(&guard, "apis", others, operations.len()) {
        return refusal;
    }
    drop(guard);
    let removed = replace_apis(state, &id, Some(&operations));
    let created: Vec<Value> = lock(state)
        .store
        .items("apis")
        .iter()
        .filter(|api| api.get("service_id").and_then(Value::as_str) == Some(id.as_str()))
        .map(|api| Value::Object(api.clone()))
        .collect();
    Json(json!({
        "created_apis": created,
        "created_scopes": [],
        "created_policies": [],
        "removed_apis": removed,
        "removed_policies": [],
        "not_removed_policies": [],
    }))
    .into_response()
}

/// Drops the service's APIs and, when given, creates one per operation of the new
/// specification; returns the APIs removed.
fn replace_apis(
    state: &SharedState,
    service: &str,
    operations: Option<&[(String, String)]>,
) -> Vec<Value> {
    let mut guard = lock(state);
    let server = guard
        .store
        .find("services", "id", service)
        .and_then(|service| service.get("authorization_server_id").cloned())
        .unwrap_or_default();
    let tenant = guard.credentials.cloudentity_tenant_id.clone();
    let apis = guard.store.items("apis");
    let (removed, kept): (Vec<Object>, Vec<Object>) = apis
        .drain(..)
        .partition(|api| api.get("service_id").and_then(Value::as_str) == Some(service));
    *apis = kept;
    for (position, (method, path)) in operations.unwrap_or_default().iter().enumerate() {
        let id = guard.random_hex(10);
        let api = json_object(json!({
            "id": id,
            "method": method,
            "path": path,
            "service_id": service,
            "server_id": server,
            "tenant_id": tenant,
            "position": position,
            "can_have_policy": true,
            "data_classifications": [],
        }));
        guard.store.items("apis").push(api);
    }
    if let Some(record) = guard.store.find_mut("services", "id", service) {
        record.insert("with_specification".into(), json!(operations.is_some()));
    }
    removed.into_iter().map(Value::Object).collect()
}

/// The (METHOD, path) pairs of an OpenAPI document, JSON or YAML.
fn spec_operations(document: &str) -> Result<Vec<(String, String)>, String> {
    let spec: Value =
        serde_yaml::from_str(document).map_err(|error| format!("not JSON or YAML: {error}"))?;
    if spec.get("openapi").is_none() && spec.get("swagger").is_none() {
        return Err("not an OpenAPI document (no openapi or swagger version)".into());
    }
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no paths")?;
    let methods = ["get", "put", "post", "delete", "options", "head", "patch"];
    Ok(paths
        .iter()
        .flat_map(|(path, item)| {
            methods
                .iter()
                .filter(|method| item.get(**method).is_some())
                .map(|method| (method.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect())
}

/// One field of a `multipart/form-data` body.
async fn multipart_field(headers: &HeaderMap, body: &Bytes, name: &str) -> Option<Vec<u8>> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let boundary = multer::parse_boundary(content_type).ok()?;
    let body = body.clone();
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(name) {
            return field.bytes().await.ok().map(|bytes| bytes.to_vec());
        }
    }
    None
}

/// `GET /gateways/{gw}/package`: a gzipped tar with the gateway's configuration.
fn gateway_package(state: &SharedState, call: &Call) -> Response {
    let id = call.id().to_owned();
    let guard = lock(state);
    let Some(gateway) = guard.store.find("gateways", "id", &id).cloned() else {
        drop(guard);
        return not_found("gateway", &id);
    };
    let client = gateway
        .get("client_id")
        .and_then(Value::as_str)
        .and_then(|client| guard.store.find("clients", "client_id", client))
        .cloned()
        .unwrap_or_default();
    let tenant = guard.credentials.cloudentity_tenant_id.clone();
    drop(guard);
    let config = json!({
        "tenant_id": tenant,
        "server_id": gateway.get("authorization_server_id"),
        "gateway_id": id,
        "type": gateway.get("type"),
        "client_id": client.get("client_id"),
        "client_secret": client.get("client_secret"),
        "issuer_url": format!("https://sandbox.local/{tenant}/{}", gateway.get("authorization_server_id").and_then(Value::as_str).unwrap_or_default()),
    });
    let archive = match package(&serde_json::to_vec_pretty(&config).unwrap_or_default()) {
        Ok(archive) => archive,
        Err(problem) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
                &problem.to_string(),
            )
        }
    };
    let mut response = archive.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"gateway-{id}.tar.gz\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

fn package(config: &[u8]) -> std::io::Result<Vec<u8>> {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut archive = tar::Builder::new(encoder);
    let files: [(&str, &[u8]); 2] = [
        ("gateway/config.json", config),
        ("gateway/README.txt", b"Gateway configuration issued by the Gatehouse sandbox.\nStart the gateway with this folder as its configuration.\n"),
    ];
    for (path, content) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        archive.append_data(&mut header, path, content)?;
    }
    let mut bytes = archive.into_inner()?.finish()?;
    bytes.flush()?;
    Ok(bytes)
}

/// `GET /api/system/configuration`: the tenant in the seed's export shape (`Dump`).
fn export(state: &SharedState, call: &Call) -> Response {
    let mut guard = lock(state);
    let tenant = guard.credentials.cloudentity_tenant_id.clone();
    let wanted = call
        .query_values("tid")
        .first()
        .map(|tid| (*tid).to_owned());
    let include = wanted.as_deref().is_none_or(|tid| tid == tenant);
    let mut all = |key: &'static str| -> Value {
        if include {
            Value::Array(
                guard
                    .store
                    .items(key)
                    .iter()
                    .cloned()
                    .map(Value::Object)
                    .collect(),
            )
        } else {
            json!([])
        }
    };
    let servers = all("servers");
    let clients = all("clients");
    let claims = all("claims");
    let policies = all("policies");
    let services = all("services");
    let apis = all("apis");
    let consents = all("consents");
    let consent_actions = all("consent-actions");
    let scopes: Vec<Value> = if include {
        guard
            .store
            .items("scopes")
            .iter()
            .filter(|scope| scope.get("service_id").is_none_or(Value::is_null))
            .cloned()
            .map(Value::Object)
            .collect()
    } else {
        Vec::new()
    };
    let tenants = if include {
        json!([guard.store.singleton(TENANT.key)])
    } else {
        json!([])
    };
    Json(json!({
        "tenants": tenants,
        "servers": servers,
        "clients": clients,
        "scopes_without_service": scopes,
        "claims": claims,
        "policies": policies,
        "services": services,
        "apis": apis,
        "consents": consents,
        "consent_actions": consent_actions,
    }))
    .into_response()
}
