//! List, get, create, update and delete for every resource of both vendors, from its
//! description: the parent that scopes a list and must exist, generated ids and secrets, the
//! vendor's defaults, unique fields, the update style, and what goes with a deleted object.
//! Each vendor's ways come from its dialect, each resource's exceptions from its hooks.

use std::borrow::Cow;
use std::collections::BTreeMap;

use axum::response::{IntoResponse, Response};
use axum::Json;
use gatehouse_wire::catalog::resource;
use gatehouse_wire::registry::{dependents, owned};
use gatehouse_wire::{Access, Parent, ResourceDescription, UpdateStyle, Verb};
use serde_json::Value;

use crate::call::Call;
use crate::dialect::Dialect;
use crate::errors::Refusal;
use crate::hooks;
use crate::state::State;
use crate::store::{text, Object};

pub fn serve(state: &mut State, call: &Call) -> Response {
    let served = match call.operation.verb {
        Verb::List => list(state, call),
        Verb::Get => get(state, call),
        Verb::Create => create(state, call),
        Verb::Update => update(state, call),
        Verb::Delete => delete(state, call),
        // An action is a resource's own; one without a hook is not served.
        Verb::Action => Err(call.dialect.not_found(state, call.operation.name)),
    };
    served.unwrap_or_else(|refusal| *refusal)
}

fn id_field(description: &ResourceDescription) -> &'static str {
    description.id_field.unwrap_or("id")
}

/// The operation's success status with `object` as its body.
fn answer(call: &Call, object: Object) -> Response {
    (call.status(), Json(Value::Object(object))).into_response()
}

fn list(state: &mut State, call: &Call) -> Result<Response, Refusal> {
    let description = call.description;
    let hooks = call.hooks;
    let scope = match description.parent {
        Some(parent) => {
            let id = call.param(parent.param);
            parent_exists(state, call.dialect, parent, id)?;
            Some((parent.field, id))
        }
        None => None,
    };
    let keep = hooks.query(state, call)?;
    let state = &*state;
    // Answered from the stored objects, copied only where a hook reshapes them, so a list of
    // ten thousand is not copied first.
    let items: Vec<Cow<Object>> = state
        .store
        .objects(description.collection())
        .iter()
        .filter(|object| hooks.visible(call, object))
        .filter(|object| scope.is_none_or(|(field, id)| text(object, field) == Some(id)))
        .filter(|object| keep(object))
        .map(|object| hooks.on_read(state, Cow::Borrowed(object), Verb::List))
        .collect();
    Ok(match description.list_field {
        // Cloudentity wraps its lists (`{"servers": [...]}`), SailPoint answers with the array.
        Some(field) => Json(BTreeMap::from([(field, items)])).into_response(),
        None => Json(items).into_response(),
    })
}

fn get(state: &mut State, call: &Call) -> Result<Response, Refusal> {
    let object = if call.description.is_singleton() {
        singleton(state, call)?
    } else {
        let at = locate(state, call)?;
        state.store.objects(call.description.collection())[at].clone()
    };
    let hooks = call.hooks;
    let shown = hooks.on_read(state, Cow::Owned(object), Verb::Get);
    Ok(answer(call, shown.into_owned()))
}

fn create(state: &mut State, call: &Call) -> Result<Response, Refusal> {
    let (description, dialect) = (call.description, call.dialect);
    let hooks = call.hooks;
    let mut object = dialect.body(state, call, true)?;
    hooks.on_create(state, call, &mut object)?;
    if description.is_singleton() {
        return create_singleton(state, call, object);
    }
    let id = admit(state, call, &object)?;
    fill_in(state, call, &mut object, id);
    hooks.on_created(state, &mut object);
    let mut stored = object.clone();
    if !dialect.keeps_secrets() {
        for field in description.secret_fields() {
            stored.remove(field.name);
        }
    }
    state.store.items(description.collection()).push(stored);
    let shown = hooks.on_read(state, Cow::Owned(object), Verb::Create);
    Ok(answer(call, shown.into_owned()))
}

/// The one object of a singleton resource, from the vendor's defaults and what was sent; a
/// second one conflicts.
fn create_singleton(state: &mut State, call: &Call, sent: Object) -> Result<Response, Refusal> {
    let description = call.description;
    let key = description.collection();
    if state.store.singleton(key).is_some() {
        let singular = description.singular.to_lowercase();
        let exists = format!("The {singular} already exists; update it with PUT.");
        return Err(call.dialect.conflict(state, &exists));
    }
    let mut created = description.defaults();
    created.extend(sent);
    state.store.set_singleton(key, created.clone());
    Ok(answer(call, created))
}

/// Whether a new object may join its collection: room, an existing parent, an id and unique
/// fields not taken. Its id when it may.
fn admit(state: &mut State, call: &Call, object: &Object) -> Result<String, Refusal> {
    let (description, dialect) = (call.description, call.dialect);
    let held = state.store.objects(description.collection()).len();
    dialect.full(state, description.title, held, 1)?;
    // A developer's client is a client all the same: it needs its server.
    if let Some(parent) = original(description).parent {
        let id = text(object, parent.field).unwrap_or_default();
        parent_exists(state, dialect, parent, id)?;
    }
    let id = new_id(state, call, object)?;
    match taken_unique_field(state, description, object) {
        Some(taken) => Err(dialect.conflict(state, &taken)),
        None => Ok(id),
    }
}

/// What the vendor fills in on a new object: its defaults where nothing was sent, what it
/// writes into every object, the id, and the secrets it generates.
fn fill_in(state: &mut State, call: &Call, object: &mut Object, id: String) {
    let (description, dialect) = (call.description, call.dialect);
    for (name, value) in description.defaults() {
        object.entry(name).or_insert(value);
    }
    dialect.stamp(state, object);
    object.insert(id_field(description).to_owned(), Value::String(id));
    for field in description.secret_fields() {
        if !object.contains_key(field.name) {
            let secret = state.random_hex(dialect.secret_bytes());
            object.insert(field.name.to_owned(), Value::String(secret));
        }
    }
}

/// The new object's id: the one it was sent with where the vendor takes one (its id field is
/// not the vendor's to set), else a new one. An id already taken conflicts either way.
fn new_id(state: &mut State, call: &Call, object: &Object) -> Result<String, Refusal> {
    let description = call.description;
    let field = id_field(description);
    let Some(given) = text(object, field).filter(|id| !id.is_empty()) else {
        return Ok(state.random_hex(call.dialect.id_bytes()));
    };
    if state
        .store
        .find(description.collection(), field, given)
        .is_some()
    {
        let exists = format!("{} {given} already exists", description.singular);
        return Err(call.dialect.conflict(state, &exists));
    }
    let settable = description
        .field(field)
        .is_some_and(|spec| spec.access != Access::ReadOnly);
    Ok(if settable {
        given.to_owned()
    } else {
        state.random_hex(call.dialect.id_bytes())
    })
}

/// Why `object` may not be stored beside the others: a unique field's value already taken.
fn taken_unique_field(
    state: &State,
    description: &ResourceDescription,
    object: &Object,
) -> Option<String> {
    let others = state.store.objects(description.collection());
    description.unique.iter().find_map(|field| {
        let value = object.get(*field)?;
        others
            .iter()
            .any(|other| other.get(*field) == Some(value))
            .then(|| {
                format!(
                    "{} with {field} {value} already exists",
                    description.singular
                )
            })
    })
}

fn update(state: &mut State, call: &Call) -> Result<Response, Refusal> {
    let (description, dialect) = (call.description, call.dialect);
    let (stored, at, mut updated) = match description.update {
        // A patch applies to the stored object, so a missing one is refused first.
        UpdateStyle::JsonPatch => {
            let (stored, at) = stored_for_update(state, call)?;
            let patched = dialect.patched(state, call, &stored)?;
            (stored, at, patched)
        }
        UpdateStyle::Put | UpdateStyle::PutChanges => {
            let sent = dialect.body(state, call, false)?;
            let (stored, at) = stored_for_update(state, call)?;
            let updated = if description.update == UpdateStyle::Put {
                replaced(description, &stored, sent)
            } else {
                let mut merged = stored.clone();
                merged.extend(sent);
                merged
            };
            (stored, at, updated)
        }
        UpdateStyle::None => return Err(dialect.not_found(state, call.operation.name)),
    };
    let hooks = call.hooks;
    hooks.on_update(state, &stored, &mut updated)?;
    let key = description.collection();
    match at {
        Some(at) => state.store.items(key)[at] = updated.clone(),
        None => state.store.set_singleton(key, updated.clone()),
    }
    let shown = hooks.on_read(state, Cow::Owned(updated), Verb::Update);
    Ok(answer(call, shown.into_owned()))
}

/// The object an update starts from and where it is (`None` for a singleton). A PUT onto a
/// singleton not there yet creates it from the vendor's defaults.
fn stored_for_update(state: &mut State, call: &Call) -> Result<(Object, Option<usize>), Refusal> {
    let description = call.description;
    if description.is_singleton() {
        let stored = state.store.singleton(description.collection()).cloned();
        return Ok((stored.unwrap_or_else(|| description.defaults()), None));
    }
    let at = locate(state, call)?;
    let stored = state.store.objects(description.collection())[at].clone();
    Ok((stored, Some(at)))
}

/// A whole-object PUT: the body replaces the object, except what the vendor sets itself or
/// takes only on create, which stays as stored. Properties the sandbox does not model are
/// kept as sent.
fn replaced(description: &ResourceDescription, stored: &Object, mut sent: Object) -> Object {
    for field in description.fields {
        if field.access != Access::Editable {
            match stored.get(field.name) {
                Some(value) => sent.insert(field.name.to_owned(), value.clone()),
                None => sent.remove(field.name),
            };
        }
    }
    sent
}

fn delete(state: &mut State, call: &Call) -> Result<Response, Refusal> {
    let at = locate(state, call)?;
    remove(state, call.description, at);
    Ok(call.status().into_response())
}

/// Removes the object at `at` of `description`'s collection and everything that cannot
/// outlive it: what its hooks say, and the objects of every resource that names it as owner.
pub fn remove(state: &mut State, description: &'static ResourceDescription, at: usize) {
    let removed = state.store.items(description.collection()).remove(at);
    hooks::of(description.key).on_delete(state, &removed);
    for (resource, id) in owned(description, &removed) {
        let field = id_field(resource);
        if let Some(at) = state
            .store
            .objects(resource.collection())
            .iter()
            .position(|object| text(object, field) == Some(id))
        {
            remove(state, resource, at);
        }
    }
    let Some(id) = text(&removed, id_field(description)) else {
        return;
    };
    for (dependent, field) in dependents(description.collection()) {
        while let Some(at) = state
            .store
            .objects(dependent.collection())
            .iter()
            .position(|object| text(object, field) == Some(id))
        {
            remove(state, dependent, at);
        }
    }
}

/// The resource whose objects these are: the one it is an alias of, else itself.
fn original(description: &'static ResourceDescription) -> &'static ResourceDescription {
    description
        .alias_of
        .and_then(resource)
        .unwrap_or(description)
}

/// Where in its collection the object the call names is; the vendor's 404 when there is none
/// this call may see.
fn locate(state: &mut State, call: &Call) -> Result<usize, Refusal> {
    let description = call.description;
    let hooks = call.hooks;
    let (field, id) = (id_field(description), call.id());
    let found = state
        .store
        .objects(description.collection())
        .iter()
        .position(|object| text(object, field) == Some(id) && hooks.visible(call, object));
    found.ok_or_else(|| {
        let what = format!("{} {id}", description.singular);
        call.dialect.not_found(state, &what)
    })
}

/// The one object of a singleton resource; the vendor's 404 while there is none.
fn singleton(state: &mut State, call: &Call) -> Result<Object, Refusal> {
    let description = call.description;
    let stored = state.store.singleton(description.collection()).cloned();
    stored.ok_or_else(|| call.dialect.not_found(state, description.singular))
}

/// The vendor's 404 when the parent `id` names is not there.
fn parent_exists(
    state: &mut State,
    dialect: &dyn Dialect,
    parent: Parent,
    id: &str,
) -> Result<(), Refusal> {
    let Some(owner) = resource(parent.resource) else {
        return Err(dialect.not_found(state, parent.resource));
    };
    match state.store.find(owner.collection(), id_field(owner), id) {
        Some(_) => Ok(()),
        None => Err(dialect.not_found(state, &format!("{} {id}", owner.singular))),
    }
}
