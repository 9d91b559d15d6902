//! Services: read with their scopes; their APIs come from an imported OpenAPI specification
//! (as text, a file or a URL), which replaces the ones before, and go when it is removed.

use std::borrow::Cow;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::future::BoxFuture;
use gatehouse_wire::catalog::{APIS, SCOPES, SERVICES};
use gatehouse_wire::Verb;
use serde_json::{json, Value};

use super::missing;
use crate::call::Call;
use crate::demo::object as json_object;
use crate::dialect::Dialect;
use crate::errors::Refusal;
use crate::hooks::Hooks;
use crate::lock;
use crate::spec_fetch::{self, FetchError};
use crate::state::{SharedState, State};
use crate::store::{text, Object};

pub struct Services;

impl Hooks for Services {
    fn on_create(
        &self,
        _state: &mut State,
        _call: &Call,
        service: &mut Object,
    ) -> Result<(), Refusal> {
        service.insert("with_specification".into(), Value::Bool(false));
        Ok(())
    }

    fn on_read<'o>(&self, state: &State, service: Cow<'o, Object>, verb: Verb) -> Cow<'o, Object> {
        if verb != Verb::Get {
            return service;
        }
        let scopes: Vec<Value> = state
            .store
            .objects(SCOPES.key)
            .iter()
            .filter(|scope| scope.get("service_id") == service.get("id"))
            .map(|scope| Value::Object(scope.clone()))
            .collect();
        let mut service = service;
        service
            .to_mut()
            .insert("scopes".into(), Value::Array(scopes));
        service
    }

    fn action<'a>(
        &'a self,
        state: &'a SharedState,
        call: &'a Call,
    ) -> Option<BoxFuture<'a, Response>> {
        (call.operation.verb == Verb::Action).then(|| {
            Box::pin(async move { action(state, call).await.unwrap_or_else(|refusal| *refusal) })
                as BoxFuture<'a, Response>
        })
    }
}

fn bad_request(reason: &str) -> Refusal {
    super::refusal(StatusCode::BAD_REQUEST, "bad request", reason)
}

async fn action(state: &SharedState, call: &Call) -> Result<Response, Refusal> {
    let id = call.id();
    exists(&mut lock(state), id)?;
    let document = match call.operation.name {
        "listAPIsByService" => {
            let keep = super::apis::classification_filter(call);
            let guard = lock(state);
            let apis: Vec<&Object> = guard
                .store
                .objects(APIS.key)
                .iter()
                .filter(|api| text(api, "service_id") == Some(id) && keep(api))
                .collect();
            return Ok(Json(json!({ "apis": apis })).into_response());
        }
        "removeSpecification" => {
            let removed = replace_apis(&mut lock(state), id, None);
            return Ok(Json(json!({
                "removed_apis": removed,
                "removed_policies": [],
                "not_removed_policies": [],
            }))
            .into_response());
        }
        "importSpecificationFromText" => String::from_utf8_lossy(&call.body).into_owned(),
        "importSpecificationFromFile" => multipart_text(call, "file")
            .await
            .ok_or_else(|| bad_request("a multipart body with a file field is required"))?,
        _ => {
            let url = multipart_text(call, "url")
                .await
                .ok_or_else(|| bad_request("a multipart body with a url field is required"))?;
            let limit = lock(state).limits.request_body_bytes;
            spec_fetch::fetch(&url, limit)
                .await
                .map_err(|failure| match failure {
                    FetchError::Refused(problem) => bad_request(&problem),
                    FetchError::Failed(problem) => super::refusal(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "specification could not be fetched",
                        &problem,
                    ),
                })?
        }
    };
    let operations = spec_operations(&document).map_err(|problem| {
        super::refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid specification",
            &problem,
        )
    })?;
    // The import replaces the service's APIs: the others and the new ones must fit.
    let mut guard = lock(state);
    let others = guard
        .store
        .objects(APIS.key)
        .iter()
        .filter(|api| text(api, "service_id") != Some(id))
        .count();
    super::Cloudentity.full(&mut guard, APIS.title, others, operations.len())?;
    let removed = replace_apis(&mut guard, id, Some(&operations));
    let created: Vec<&Object> = guard
        .store
        .objects(APIS.key)
        .iter()
        .filter(|api| text(api, "service_id") == Some(id))
        .collect();
    Ok(Json(json!({
        "created_apis": created,
        "created_scopes": [],
        "created_policies": [],
        "removed_apis": removed,
        "removed_policies": [],
        "not_removed_policies": [],
    }))
    .into_response())
}

fn exists(state: &mut State, id: &str) -> Result<(), Refusal> {
    match state.store.find(SERVICES.key, "id", id) {
        Some(_) => Ok(()),
        None => Err(missing(state, &SERVICES, id)),
    }
}

/// Drops the service's APIs and, when given, creates one per operation of the new
/// specification; returns the APIs removed.
fn replace_apis(
    state: &mut State,
    service: &str,
    operations: Option<&[(String, String)]>,
) -> Vec<Value> {
    let server = state
        .store
        .find(SERVICES.key, "id", service)
        .and_then(|service| service.get("authorization_server_id").cloned())
        .unwrap_or_default();
    let tenant = state.credentials.cloudentity_tenant_id.clone();
    let apis = state.store.items(APIS.key);
    let (removed, kept): (Vec<Object>, Vec<Object>) = apis
        .drain(..)
        .partition(|api| text(api, "service_id") == Some(service));
    *apis = kept;
    for (position, (method, path)) in operations.unwrap_or_default().iter().enumerate() {
        let id = state.random_hex(super::Cloudentity.id_bytes());
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
        state.store.items(APIS.key).push(api);
    }
    if let Some(record) = state.store.find_mut(SERVICES.key, "id", service) {
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

/// One field of a `multipart/form-data` body, as text.
async fn multipart_text(call: &Call, name: &str) -> Option<String> {
    let bytes = multipart_field(&call.headers, &call.body, name).await?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

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
