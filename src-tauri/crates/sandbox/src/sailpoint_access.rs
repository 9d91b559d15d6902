//! SailPoint OAuth clients, personal access tokens and auth users: created, listed, patched
//! (RFC 6902, applied for real, limited to the seed's patchable fields) and deleted, with the
//! vendor's validation and error bodies. Secrets are returned by create only.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::{Path, Query, State as Shared};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gatehouse_wire::catalog::{AUTH_USERS, OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};
use gatehouse_wire::{Access, ResourceDescription};
use json_patch::{Patch, PatchOperation};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::demo::object;
use crate::errors;
use crate::lock;
use crate::sailpoint::{bad_request, BAD_REQUEST};
use crate::state::{LimitedClient, State, Vendor};
use crate::validation::value_problem;

const ILLEGAL_UPDATE: &str = "400.1.1 Illegal update attempt";
const CONFLICT: &str = "400.1.409 Reference conflict";
/// A PAT may live at most this long (the spec: "between the current date and 6 months").
const SIX_MONTHS: Duration = Duration::from_secs(183 * 24 * 3600);

type SharedState = Shared<Arc<Mutex<State>>>;
/// A refusal, boxed: responses are large and the success path is the common one.
type Refusal = Box<Response>;

fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

fn not_found(state: &Mutex<State>, what: &str, id: &str) -> Response {
    let tracking = lock(state).random_hex(16);
    errors::sailpoint(
        StatusCode::NOT_FOUND,
        "404 Not found",
        tracking,
        &[format!("{what} {id} was not found.")],
    )
}

fn refuse(state: &Mutex<State>, detail_code: &str, messages: &[String]) -> Refusal {
    Box::new(bad_request(state, detail_code, messages))
}

fn content_type_is(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with(expected))
}

/// Every problem of `object` against the description: unknown or read-only properties,
/// wrong kinds, enum values the spec does not list, ranges, and (on create) missing fields.
fn problems(
    description: &ResourceDescription,
    object: &Map<String, Value>,
    creating: bool,
) -> Vec<String> {
    let mut problems: Vec<String> = object
        .iter()
        .filter_map(|(name, value)| {
            let Some(field) = description.field(name) else {
                return creating.then(|| format!("{name} is not a recognized property"));
            };
            if field.access == Access::ReadOnly {
                return (creating && !value.is_null()).then(|| format!("{name} is read-only"));
            }
            value_problem(field, value).map(|problem| format!("{name} {problem}"))
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

/// The JSON object of a create body, validated.
fn create_body(
    state: &Mutex<State>,
    description: &ResourceDescription,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Map<String, Value>, Refusal> {
    if !content_type_is(headers, "application/json") {
        return Err(refuse(
            state,
            BAD_REQUEST,
            &["Content-Type must be application/json".to_owned()],
        ));
    }
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(bytes) else {
        return Err(refuse(
            state,
            BAD_REQUEST,
            &["The request body must be a JSON object.".to_owned()],
        ));
    };
    let problems = problems(description, &object, true);
    if problems.is_empty() {
        Ok(object)
    } else {
        Err(refuse(state, BAD_REQUEST, &problems))
    }
}

/// Applies a JSON Patch body to `current`: only editable top-level fields may be touched.
fn apply_patch(
    state: &Mutex<State>,
    kind: Kind,
    current: &Map<String, Value>,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Map<String, Value>, Refusal> {
    if !content_type_is(headers, "application/json-patch+json") {
        return Err(refuse(
            state,
            BAD_REQUEST,
            &["Content-Type must be application/json-patch+json".to_owned()],
        ));
    }
    let patch: Patch = serde_json::from_slice(bytes).map_err(|error| {
        refuse(
            state,
            BAD_REQUEST,
            &[format!("The body is not a JSON Patch: {error}")],
        )
    })?;
    let illegal: Vec<String> = patch
        .0
        .iter()
        .flat_map(|operation| {
            let from = match operation {
                PatchOperation::Move(moved) => Some(moved.from.to_string()),
                PatchOperation::Copy(copied) => Some(copied.from.to_string()),
                _ => None,
            };
            std::iter::once(operation.path().to_string()).chain(from)
        })
        .filter(|path| {
            let field = path.trim_start_matches('/').split('/').next().unwrap_or("");
            !kind
                .description()
                .field(field)
                .is_some_and(|spec| spec.is_editable())
        })
        .map(|path| format!("Illegal update attempt: {path} is not patchable."))
        .collect();
    if !illegal.is_empty() {
        return Err(refuse(state, ILLEGAL_UPDATE, &illegal));
    }
    let mut patched = Value::Object(current.clone());
    json_patch::patch(&mut patched, &patch)
        .map_err(|error| refuse(state, BAD_REQUEST, &[error.to_string()]))?;
    let Value::Object(mut patched) = patched else {
        return Err(refuse(
            state,
            BAD_REQUEST,
            &["The patch must leave an object.".to_owned()],
        ));
    };
    // A removed property goes back to its default; without one it is null, which a required
    // property refuses below.
    let defaults = kind.defaults();
    for name in current.keys() {
        if !patched.contains_key(name) {
            let value = defaults.get(name).cloned().unwrap_or(Value::Null);
            patched.insert(name.clone(), value);
        }
    }
    let problems = problems(kind.description(), &patched, false);
    if problems.is_empty() {
        Ok(patched)
    } else {
        Err(refuse(state, BAD_REQUEST, &problems))
    }
}

fn without_secret(object: &Map<String, Value>) -> Value {
    let mut shown = object.clone();
    shown.remove("secret");
    Value::Object(shown)
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    filters: Option<String>,
    #[serde(rename = "owner-id")]
    owner_id: Option<String>,
}

/// The seed's filters: `lastUsed le <date-time>` and `lastUsed isnull`.
enum LastUsed {
    AtOrBefore(SystemTime),
    Never,
}

fn parse_filters(filters: &str) -> Result<LastUsed, String> {
    let words: Vec<&str> = filters.split_whitespace().collect();
    match words.as_slice() {
        ["lastUsed", "isnull"] => Ok(LastUsed::Never),
        ["lastUsed", "le", time] => humantime::parse_rfc3339_weak(time.trim_matches('"'))
            .map(LastUsed::AtOrBefore)
            .map_err(|_| format!("{time} is not a date-time")),
        _ => Err(format!(
            "Unsupported filter: {filters}. Supported: lastUsed le <date-time>, lastUsed isnull"
        )),
    }
}

fn passes(filter: &LastUsed, object: &Map<String, Value>) -> bool {
    let last_used = object.get("lastUsed").and_then(Value::as_str);
    match filter {
        LastUsed::Never => last_used.is_none(),
        LastUsed::AtOrBefore(limit) => last_used
            .and_then(|time| humantime::parse_rfc3339_weak(time).ok())
            .is_some_and(|time| time <= *limit),
    }
}

/// The collections this module serves, so lookups, patches and deletes are written once.
#[derive(Debug, Clone, Copy)]
enum Kind {
    OAuthClients,
    PersonalAccessTokens,
    AuthUsers,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::OAuthClients => "OAuth client",
            Kind::PersonalAccessTokens => "Personal access token",
            Kind::AuthUsers => "Auth user",
        }
    }

    fn description(self) -> &'static ResourceDescription {
        match self {
            Kind::OAuthClients => &OAUTH_CLIENTS,
            Kind::PersonalAccessTokens => &PERSONAL_ACCESS_TOKENS,
            Kind::AuthUsers => &AUTH_USERS,
        }
    }

    /// What the vendor stores for a property left out on create, and puts back when a patch
    /// removes it: its answers always carry these, as text, lists, numbers or booleans.
    fn defaults(self) -> Map<String, Value> {
        match self {
            Kind::OAuthClients => object(json!({
                "businessName": "",
                "homepageUrl": "",
                "refreshTokenValiditySeconds": 86400,
                "redirectUris": [],
                "type": "CONFIDENTIAL",
                "internal": false,
                "strongAuthSupported": false,
                "claimsSupported": false,
                "scope": ["sp:scopes:all"],
            })),
            Kind::PersonalAccessTokens => object(json!({
                "scope": ["sp:scopes:all"],
                "accessTokenValiditySeconds": 43200,
            })),
            Kind::AuthUsers => object(json!({"capabilities": []})),
        }
    }

    fn items(self, state: &mut State) -> &mut Vec<Map<String, Value>> {
        state.store.items(self.description().key)
    }
}

/// The vendor's refusal when the collection already holds as many objects as the sandbox keeps.
fn full(state: &mut State, kind: Kind) -> Option<Response> {
    let len = kind.items(state).len();
    if state.has_room(len, 1) {
        return None;
    }
    let tracking = state.random_hex(16);
    let limit = state.limits.collection;
    Some(errors::collection_full(
        Vendor::SailPoint,
        kind.label(),
        limit,
        tracking,
    ))
}

fn position(items: &[Map<String, Value>], id: &str) -> Option<usize> {
    items
        .iter()
        .position(|item| item.get("id").and_then(Value::as_str) == Some(id))
}

/// `GET …`: the objects passing the seed's `filters` and, for PATs, `owner-id` (`me` is the
/// caller). Answered straight from the stored objects, which never hold a secret (create
/// adds it to its answer only), so a list of ten thousand is not copied first.
fn list(state: &Mutex<State>, kind: Kind, filters: Option<&str>, owner: Option<&str>) -> Response {
    let filter = match filters.map(parse_filters).transpose() {
        Ok(filter) => filter,
        Err(problem) => return bad_request(state, BAD_REQUEST, &[problem]),
    };
    let mut guard = lock(state);
    let admin = guard.admin.id.clone();
    let owner = owner.map(|id| if id == "me" { admin.as_str() } else { id });
    let listed: Vec<&Map<String, Value>> = kind
        .items(&mut guard)
        .iter()
        .filter(|item| owner.is_none_or(|owner| owner_id(item) == Some(owner)))
        .filter(|item| filter.as_ref().is_none_or(|filter| passes(filter, item)))
        .collect();
    Json(listed).into_response()
}

fn find(state: &Mutex<State>, kind: Kind, id: &str) -> Option<Map<String, Value>> {
    let mut guard = lock(state);
    let items = kind.items(&mut guard);
    position(items, id).map(|index| items[index].clone())
}

/// `GET …/{id}`: the object, never its secret.
fn read(state: &Mutex<State>, kind: Kind, id: &str) -> Response {
    match find(state, kind, id) {
        Some(object) => Json(without_secret(&object)).into_response(),
        None => not_found(state, kind.label(), id),
    }
}

/// The stored object with the request's JSON Patch applied, not yet stored.
fn patched(
    state: &Mutex<State>,
    kind: Kind,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, Refusal> {
    let current =
        find(state, kind, id).ok_or_else(|| Box::new(not_found(state, kind.label(), id)))?;
    apply_patch(state, kind, &current, headers, body)
}

/// Replaces the stored object and answers with it.
fn store(state: &Mutex<State>, kind: Kind, id: &str, object: Map<String, Value>) -> Response {
    let mut guard = lock(state);
    let items = kind.items(&mut guard);
    match position(items, id) {
        Some(index) => {
            items[index] = object;
            Json(without_secret(&items[index])).into_response()
        }
        None => {
            drop(guard);
            not_found(state, kind.label(), id)
        }
    }
}

/// `DELETE …/{id}`: 204, and the object's credentials stop working.
fn remove(state: &Mutex<State>, kind: Kind, id: &str) -> Response {
    let mut guard = lock(state);
    let items = kind.items(&mut guard);
    match position(items, id) {
        Some(index) => {
            items.remove(index);
            guard.limited_clients.remove(id);
            StatusCode::NO_CONTENT.into_response()
        }
        None => {
            drop(guard);
            not_found(state, kind.label(), id)
        }
    }
}

fn scopes_of(object: &Map<String, Value>) -> Vec<String> {
    object
        .get("scope")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

// --- OAuth clients -------------------------------------------------------------------------

pub async fn create_oauth_client(
    Shared(state): SharedState,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = match create_body(&state, &OAUTH_CLIENTS, &headers, &body) {
        Ok(fields) => fields,
        Err(refusal) => return *refusal,
    };
    let authorization_code = fields
        .get("grantTypes")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|kind| kind == "AUTHORIZATION_CODE"));
    let has_redirects = fields
        .get("redirectUris")
        .and_then(Value::as_array)
        .is_some_and(|uris| !uris.is_empty());
    if authorization_code && !has_redirects {
        return bad_request(
            &state,
            BAD_REQUEST,
            &["redirectUris are required for the AUTHORIZATION_CODE grant type".to_owned()],
        );
    }
    let mut guard = lock(&state);
    if let Some(refusal) = full(&mut guard, Kind::OAuthClients) {
        return refusal;
    }
    let id = guard.random_hex(16);
    let secret = guard.random_hex(32);
    let created = now();
    let mut client = Kind::OAuthClients.defaults();
    client.extend(object(json!({
        "id": id,
        "created": created,
        "modified": created,
        "lastUsed": null,
        "metadata": null,
    })));
    client.extend(fields.into_iter().filter(|(_, value)| !value.is_null()));
    // Issued credentials work at the token endpoint, with the client's scopes.
    let limited = LimitedClient {
        vendor: Vendor::SailPoint,
        secret: secret.clone(),
        scopes: scopes_of(&client),
    };
    guard.limited_clients.insert(id, limited);
    Kind::OAuthClients.items(&mut guard).push(client.clone());
    client.insert("secret".to_owned(), Value::String(secret));
    Json(Value::Object(client)).into_response()
}

pub async fn list_oauth_clients(
    Shared(state): SharedState,
    Query(query): Query<ListQuery>,
) -> Response {
    list(&state, Kind::OAuthClients, query.filters.as_deref(), None)
}

pub async fn get_oauth_client(Shared(state): SharedState, Path(id): Path<String>) -> Response {
    read(&state, Kind::OAuthClients, &id)
}

pub async fn patch_oauth_client(
    Shared(state): SharedState,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match patched(&state, Kind::OAuthClients, &id, &headers, &body) {
        Ok(mut client) => {
            client.insert("modified".to_owned(), Value::String(now()));
            store(&state, Kind::OAuthClients, &id, client)
        }
        Err(refusal) => *refusal,
    }
}

pub async fn delete_oauth_client(Shared(state): SharedState, Path(id): Path<String>) -> Response {
    remove(&state, Kind::OAuthClients, &id)
}

// --- Personal access tokens ----------------------------------------------------------------

fn owner_id(object: &Map<String, Value>) -> Option<&str> {
    object.get("owner")?.get("id")?.as_str()
}

fn name_taken(state: &State, owner: &str, name: &str, except: Option<&str>) -> bool {
    let tokens = state.store.objects(PERSONAL_ACCESS_TOKENS.key);
    tokens.iter().any(|token| {
        owner_id(token) == Some(owner)
            && token.get("name").and_then(Value::as_str) == Some(name)
            && token.get("id").and_then(Value::as_str) != except
    })
}

pub async fn create_personal_access_token(
    Shared(state): SharedState,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = match create_body(&state, &PERSONAL_ACCESS_TOKENS, &headers, &body) {
        Ok(fields) => fields,
        Err(refusal) => return *refusal,
    };
    let now_time = SystemTime::now();
    let expiration = match fields.get("expirationDate").and_then(Value::as_str) {
        None => now_time + SIX_MONTHS,
        Some(text) => match humantime::parse_rfc3339_weak(text) {
            Ok(time) if time > now_time && time <= now_time + SIX_MONTHS => time,
            _ => {
                return bad_request(
                    &state,
                    BAD_REQUEST,
                    &[
                        "expirationDate must be a date-time between now and 6 months from now"
                            .to_owned(),
                    ],
                )
            }
        },
    };
    let mut guard = lock(&state);
    if let Some(refusal) = full(&mut guard, Kind::PersonalAccessTokens) {
        return refusal;
    }
    let owner = json!({"type": "IDENTITY", "id": guard.admin.id, "name": guard.admin.name});
    let name = fields
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let admin_id = guard.admin.id.clone();
    if name_taken(&guard, &admin_id, &name, None) {
        drop(guard);
        return bad_request(
            &state,
            CONFLICT,
            &[format!(
                "A personal access token named {name} already exists for this owner."
            )],
        );
    }
    let id = guard.random_hex(16);
    let secret = guard.random_hex(32);
    let mut token = Kind::PersonalAccessTokens.defaults();
    token.extend(object(json!({
        "id": id,
        "owner": owner,
        "created": now(),
        "lastUsed": null,
        "managed": false,
    })));
    token.extend(fields.into_iter().filter(|(_, value)| !value.is_null()));
    token.insert(
        "expirationDate".to_owned(),
        Value::String(humantime::format_rfc3339_millis(expiration).to_string()),
    );
    let limited = LimitedClient {
        vendor: Vendor::SailPoint,
        secret: secret.clone(),
        scopes: scopes_of(&token),
    };
    guard.limited_clients.insert(id, limited);
    Kind::PersonalAccessTokens
        .items(&mut guard)
        .push(token.clone());
    token.insert("secret".to_owned(), Value::String(secret));
    Json(Value::Object(token)).into_response()
}

pub async fn list_personal_access_tokens(
    Shared(state): SharedState,
    Query(query): Query<ListQuery>,
) -> Response {
    list(
        &state,
        Kind::PersonalAccessTokens,
        query.filters.as_deref(),
        query.owner_id.as_deref(),
    )
}

pub async fn patch_personal_access_token(
    Shared(state): SharedState,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = match patched(&state, Kind::PersonalAccessTokens, &id, &headers, &body) {
        Ok(token) => token,
        Err(refusal) => return *refusal,
    };
    let owner = owner_id(&token).unwrap_or_default().to_owned();
    let name = token
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let taken = name_taken(&lock(&state), &owner, &name, Some(&id));
    if taken {
        return bad_request(
            &state,
            CONFLICT,
            &[format!(
                "A personal access token named {name} already exists for this owner."
            )],
        );
    }
    // New scopes apply to the next token issued with the PAT's credentials.
    let scopes = scopes_of(&token);
    if let Some(limited) = lock(&state).limited_clients.get_mut(&id) {
        limited.scopes = scopes;
    }
    store(&state, Kind::PersonalAccessTokens, &id, token)
}

pub async fn delete_personal_access_token(
    Shared(state): SharedState,
    Path(id): Path<String>,
) -> Response {
    remove(&state, Kind::PersonalAccessTokens, &id)
}

// --- Auth users ----------------------------------------------------------------------------

pub async fn get_auth_user(Shared(state): SharedState, Path(id): Path<String>) -> Response {
    read(&state, Kind::AuthUsers, &id)
}

pub async fn patch_auth_user(
    Shared(state): SharedState,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match patched(&state, Kind::AuthUsers, &id, &headers, &body) {
        Ok(user) => store(&state, Kind::AuthUsers, &id, user),
        Err(refusal) => *refusal,
    }
}
