//! The generic commands behind every resource screen: list, get, preview, create, save and
//! delete, each keyed by the resource and driven by its description. Nothing here names a
//! resource.

use std::sync::Arc;
use std::time::SystemTime;

use gatehouse_client::{ApiRequest, ClientError, RequestBody, ResourceClient};
use gatehouse_wire::diff::{changed_fields, field_changes, server_changes};
use gatehouse_wire::{
    build_patch, Access, ActionBody, ApiError, Conflict, Created, ErrorKind, FieldError,
    PatchError, PlannedRequest, ResourceDescription, Review, SaveOutcome, UpdateStyle, Verb,
    Workspace,
};
use gatehouse_wire::{catalog, registry};
use serde_json::{Map, Value};

use crate::app::Gatehouse;
use crate::sessions::Session;
use crate::timing;

pub(crate) fn described(key: &str) -> Result<&'static ResourceDescription, ApiError> {
    catalog::resource(key)
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, format!("no resource is called {key}")))
}

pub(crate) fn client_error(description: &ResourceDescription, error: ClientError) -> ApiError {
    with_field_errors(description, error.into())
}

impl Gatehouse {
    /// The description of `key` and the active connection's session for it.
    async fn open(
        &self,
        key: &str,
    ) -> Result<(&'static ResourceDescription, Arc<Session>), ApiError> {
        let description = described(key)?;
        let (_, session) = self.session_for(description).await?;
        Ok((description, session))
    }

    pub async fn resource_list(
        &self,
        key: &str,
        scope: Option<&str>,
        query: &[(String, String)],
    ) -> Result<Vec<Value>, ApiError> {
        let description = described(key)?;
        if let Some((param, _)) = query
            .iter()
            .find(|(param, _)| !description.filters.iter().any(|f| f.param == param))
        {
            return Err(ApiError::new(
                ErrorKind::Validation,
                format!("{} cannot be filtered by {param}", description.title),
            ));
        }
        let (_, session) = self.session_for(description).await?;
        let client = session.list_within(description, scope)?;
        let query: Vec<(&str, &str)> = query
            .iter()
            .map(|(param, value)| (param.as_str(), value.as_str()))
            .collect();
        let items = client
            .list(&query)
            .await
            .map_err(|error| client_error(description, error))?;
        Ok(items
            .into_iter()
            .map(|item| description.without_secrets(item))
            .collect())
    }

    /// One object; `None` only for a singleton the tenant has not created yet.
    pub async fn resource_get(
        &self,
        key: &str,
        scope: Option<&str>,
        id: Option<&str>,
    ) -> Result<Option<Value>, ApiError> {
        let (description, session) = self.open(key).await?;
        let client = session.resource(description, scope)?;
        let object = read(&client, id).await?;
        Ok(object.map(|object| shown(description, object)))
    }

    /// What saving `edited` would send, after validating it; nothing is sent. Without an
    /// `original` it is a create.
    pub async fn resource_preview(
        &self,
        key: &str,
        scope: Option<&str>,
        id: Option<&str>,
        original: Option<&Value>,
        edited: &Value,
    ) -> Result<Review, ApiError> {
        let (description, session) = self.open(key).await?;
        let client = session.resource(description, scope)?;
        Ok(plan(&client, scope, id, original, edited)?.0)
    }

    /// Creates an object. A credential the vendor returns this once is held apart, for the
    /// dialog that shows it, with the connection the create was sent on (the administrator
    /// may have switched since), and never kept in the object.
    pub async fn resource_create(
        &self,
        key: &str,
        scope: Option<&str>,
        body: &Value,
    ) -> Result<Created, ApiError> {
        let description = described(key)?;
        let (origin, session) = self.session_for(description).await?;
        let client = session.resource(description, scope)?;
        let answer = create_with(&client, scope, body).await?;
        let secret = self.keep_one_time_secret(description, &answer, origin);
        Ok(Created {
            object: description.without_secrets(answer),
            secret,
        })
    }

    /// Saves `edited` over `original` (the object as it was opened). The object is read again
    /// first: if the server changed it since, nothing is sent and the conflict comes back.
    pub async fn resource_save(
        &self,
        key: &str,
        scope: Option<&str>,
        id: Option<&str>,
        original: &Value,
        edited: &Value,
    ) -> Result<SaveOutcome, ApiError> {
        let (description, session) = self.open(key).await?;
        let client = session.resource(description, scope)?;
        save_with(&client, scope, id, original, edited).await
    }

    pub async fn resource_delete(
        &self,
        key: &str,
        scope: Option<&str>,
        id: &str,
    ) -> Result<(), ApiError> {
        let (description, session) = self.open(key).await?;
        let client = session.resource(description, scope)?;
        client
            .delete(id)
            .await
            .map_err(|error| client_error(description, error))
    }
}

impl Gatehouse {
    /// One of a resource's other operations (a dashboard, a specification import), by the
    /// seed's name: `id` fills the resource's id parameter, `query` and `body` go as given,
    /// and the answer comes back as the vendor sent it, less the secrets a read leaves out.
    pub async fn resource_action(
        &self,
        key: &str,
        scope: Option<&str>,
        id: Option<&str>,
        operation: &str,
        query: &[(String, String)],
        body: Option<ActionBody>,
    ) -> Result<Value, ApiError> {
        let body = body.map(|body| match body {
            ActionBody::Json(json) => RequestBody::Json(json),
            ActionBody::Text(text) => RequestBody::Text(text),
            ActionBody::FormField { field, value } => RequestBody::FormField { field, value },
        });
        let call = ActionCall {
            key,
            scope,
            id,
            operation,
            answers_file: false,
        };
        let (description, answer) = self.send_action(call, query, body).await?;
        Ok(without_secrets(description, answer.body))
    }

    /// Sends the action `call` names, answering with the vendor's answer as it came (a file's
    /// bytes included).
    pub(crate) async fn send_action(
        &self,
        call: ActionCall<'_>,
        query: &[(String, String)],
        body: Option<RequestBody>,
    ) -> Result<(&'static ResourceDescription, gatehouse_client::ApiResponse), ApiError> {
        let (description, session) = self.open(call.key).await?;
        let operation = call.operation;
        let named = description
            .operation_named(operation)
            .filter(|named| named.verb == Verb::Action)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::NotFound,
                    format!("{} has no action {operation}", description.title),
                )
            })?;
        let mut client = session.resource(description, call.scope)?;
        // An action offered on another resource's object (a server's APIs) takes that
        // object's id in that resource's path parameter.
        let home = registry::action_home(named).unwrap_or(description);
        let id = match (home.key != description.key, home.id_param, call.id) {
            (true, Some(param), Some(id)) => {
                client = client.with(param, id);
                None
            }
            _ => call.id,
        };
        let mut request = client.action(named.name, id)?;
        for (param, value) in query {
            request = request.query(param, value.clone());
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        if call.answers_file {
            request = request.accept("application/octet-stream");
        }
        let answer = client
            .execute(&request)
            .await
            .map_err(|error| client_error(description, error))?;
        Ok((description, answer))
    }
}

/// Creates `body` through `client`, validated as a form's; the vendor's answer as it came,
/// secrets included.
pub(crate) async fn create_with(
    client: &ResourceClient<'_>,
    scope: Option<&str>,
    body: &Value,
) -> Result<Value, ApiError> {
    let (_, request) = plan(client, scope, None, None, body)?;
    let request = request
        .ok_or_else(|| ApiError::new(ErrorKind::Validation, "there is nothing to create"))?;
    let answer = client
        .execute(&request)
        .await
        .map_err(|error| client_error(client.description(), error))?;
    Ok(answer.body)
}

/// Saves `edited` over `original` through `client`. The object is read again first: if the
/// server changed it since `original` was read, nothing is sent and the conflict comes back.
pub(crate) async fn save_with(
    client: &ResourceClient<'_>,
    scope: Option<&str>,
    id: Option<&str>,
    original: &Value,
    edited: &Value,
) -> Result<SaveOutcome, ApiError> {
    let description = client.description();
    let (_, request) = plan(client, scope, id, Some(original), edited)?;
    let Some(mut request) = request else {
        return Ok(SaveOutcome::Saved {
            object: original.clone(),
        });
    };
    let stored = read(client, id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorKind::NotFound,
            format!("{} no longer exists", description.name_of(original)),
        )
    })?;
    let server = description.without_secrets(stored.clone());
    if !server_changes(description, original, &server).is_empty() {
        let conflict = Conflict::new(description, original.clone(), edited.clone(), server);
        return Ok(SaveOutcome::Conflict(conflict));
    }
    if let RequestBody::Json(body) = &mut request.body {
        keep_stored_secrets(description, body, &stored);
    }
    let answer = client
        .execute(&request)
        .await
        .map_err(|error| client_error(description, error))?;
    let object = match answer.body {
        object @ Value::Object(_) => object,
        // An update that answers without the object: show what the server now has.
        _ => read(client, id).await?.unwrap_or(Value::Null),
    };
    Ok(SaveOutcome::Saved {
        object: description.without_secrets(object),
    })
}

/// Which action of which object: what every action command names.
#[derive(Debug, Clone, Copy)]
pub struct ActionCall<'a> {
    pub key: &'a str,
    pub scope: Option<&'a str>,
    pub id: Option<&'a str>,
    pub operation: &'a str,
    /// Whether the answer is a file (a gateway package), taken as it comes.
    pub answers_file: bool,
}

/// What a read may show of `object`: not the description's secrets, and of the system
/// workspace's configuration export (the whole tenant in one document) not the secrets nested
/// in it either, each replaced by a placeholder naming it.
fn shown(description: &ResourceDescription, object: Value) -> Value {
    let mut object = description.without_secrets(object);
    if description.workspace() == Workspace::System {
        let mut redactions = Default::default();
        gatehouse_configfiles::system_export::redact_dump(&mut object, &mut redactions);
    }
    object
}

/// An action's answer without the description's secrets, as reads leave them out: one
/// object, or a list of them (bare, or under the list field where a list read finds it).
pub(crate) fn without_secrets(description: &ResourceDescription, answer: Value) -> Value {
    let strip_each = |items: &mut Vec<Value>| {
        for item in items {
            *item = description.without_secrets(item.take());
        }
    };
    let mut answer = description.without_secrets(answer);
    match &mut answer {
        Value::Array(items) => strip_each(items),
        Value::Object(object) => {
            let listed = description
                .list_field
                .and_then(|field| object.get_mut(field));
            if let Some(Value::Array(items)) = listed {
                strip_each(items);
            }
        }
        _ => {}
    }
    answer
}

/// The object as the vendor has it. A resource without a read of its own (PATs) is found in
/// its list; a singleton the tenant has not created yet is `None`.
pub(crate) async fn read(
    client: &ResourceClient<'_>,
    id: Option<&str>,
) -> Result<Option<Value>, ApiError> {
    let description = client.description();
    if !description.can(Verb::Get) {
        let id = id.unwrap_or_default();
        let items = client
            .list(&[])
            .await
            .map_err(|error| client_error(description, error))?;
        return match items
            .into_iter()
            .find(|item| description.id_of(item) == Some(id))
        {
            Some(item) => Ok(Some(item)),
            None => Err(ApiError::new(
                ErrorKind::NotFound,
                format!("no {} with id {id}", description.singular),
            )),
        };
    }
    match client.get(id).await {
        Ok(object) => Ok(Some(object)),
        Err(ClientError::Vendor { status: 404, .. })
            if description.is_singleton() && description.can(Verb::Create) =>
        {
            Ok(None)
        }
        Err(error) => Err(client_error(description, error)),
    }
}

/// Validates an edit and builds the request it would send, as the description's update style
/// says: the create body, the JSON Patch, the whole object or only its changes. `None` when
/// nothing changed.
pub(crate) fn plan(
    client: &ResourceClient<'_>,
    scope: Option<&str>,
    id: Option<&str>,
    original: Option<&Value>,
    edited: &Value,
) -> Result<(Review, Option<ApiRequest>), ApiError> {
    let description = client.description();
    let Value::Object(fields) = edited else {
        return Err(ApiError::new(
            ErrorKind::Validation,
            "the edit must be a JSON object",
        ));
    };
    let mut problems = description.validate(fields);
    let Some(original) = original else {
        problems.extend(timing::problems(
            description,
            fields,
            |_| true,
            SystemTime::now(),
        ));
        if !problems.is_empty() {
            return Err(ApiError::invalid_fields(problems));
        }
        let body = creation_body(description, scope, fields);
        let request = client
            .request(Verb::Create, None)?
            .body(RequestBody::Json(body.clone()));
        let review = Review {
            creating: true,
            changes: field_changes(description, &Value::Object(Map::new()), &body),
            request: Some(planned(&request)),
        };
        return Ok((review, Some(request)));
    };
    if description.update == UpdateStyle::PutChanges {
        // The vendor keeps every property left out of the body, so a value cannot be cleared.
        problems.extend(
            changed_fields(original, edited)
                .into_iter()
                .filter(|name| edited.get(name).is_none_or(Value::is_null))
                .map(|field| FieldError {
                    field,
                    message: "cannot be cleared; enter a value".to_owned(),
                }),
        );
    }
    let changed = changed_fields(original, edited);
    problems.extend(timing::problems(
        description,
        fields,
        |name| changed.iter().any(|changed| changed == name),
        SystemTime::now(),
    ));
    if description.update == UpdateStyle::JsonPatch {
        if let Err(PatchError::NotPatchable { fields }) = build_patch(description, original, edited)
        {
            problems.extend(fields.into_iter().map(|field| FieldError {
                field,
                message: "cannot be changed after creation".to_owned(),
            }));
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields(problems));
    }
    let changes = field_changes(description, original, edited);
    if changes.is_empty() {
        let review = Review {
            creating: false,
            changes,
            request: None,
        };
        return Ok((review, None));
    }
    let request = client.update_request(id, original, edited)?;
    let review = Review {
        creating: false,
        changes,
        request: Some(planned(&request)),
    };
    Ok((review, Some(request)))
}

/// What a create sends: the administrator's values without what the vendor sets itself,
/// under the parent it was created in.
fn creation_body(
    description: &ResourceDescription,
    scope: Option<&str>,
    fields: &Map<String, Value>,
) -> Value {
    let mut body: Map<String, Value> = fields
        .iter()
        .filter(|(name, value)| {
            !value.is_null()
                && description
                    .field(name)
                    .is_none_or(|field| field.access != Access::ReadOnly)
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    if let (Some(parent), Some(id)) = (description.parent, scope) {
        body.entry(parent.field).or_insert_with(|| Value::from(id));
    }
    Value::Object(body)
}

/// A whole-object PUT sends back the credentials the vendor stores with the object (a
/// server's hashing secret): the screens never hold them, so they come from the stored copy.
fn keep_stored_secrets(description: &ResourceDescription, body: &mut Value, stored: &Value) {
    if description.update != UpdateStyle::Put {
        return;
    }
    if let Value::Object(body) = body {
        for field in description.secret_fields() {
            if let Some(value) = stored.get(field.name) {
                body.insert(field.name.to_owned(), value.clone());
            }
        }
    }
}

/// The request as the review shows it.
pub(crate) fn planned(request: &ApiRequest) -> PlannedRequest {
    let (body, content_type) = match &request.body {
        RequestBody::Json(body) => (body.clone(), "application/json"),
        RequestBody::JsonPatch(patch) => (
            serde_json::to_value(patch).unwrap_or(Value::Null),
            "application/json-patch+json",
        ),
        _ => (Value::Null, ""),
    };
    PlannedRequest {
        operation: request.operation.to_owned(),
        method: request.method.to_string(),
        path: request.path.clone(),
        body,
        content_type: content_type.to_owned(),
    }
}

/// Puts the vendor's per-field messages of a 400 under the fields they name, so the form
/// can show them where the user looks.
fn with_field_errors(description: &ResourceDescription, mut error: ApiError) -> ApiError {
    if error.kind == ErrorKind::Validation {
        let named: Vec<_> = error
            .details
            .messages
            .iter()
            .filter_map(|message| {
                let (field, rest) = message.split_once(' ')?;
                // SailPoint writes both "name must…" and "name: must…".
                let field = field.trim_end_matches(':');
                description.field(field).map(|_| FieldError {
                    field: field.to_owned(),
                    message: rest.to_owned(),
                })
            })
            .collect();
        error.details.field_errors.extend(named);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::{CLIENTS, OAUTH_CLIENTS, SERVERS};
    use gatehouse_wire::PASSWORD_ORG_CONFIG;
    use serde_json::json;

    #[test]
    fn vendor_messages_become_field_errors() {
        let mut error = ApiError::new(ErrorKind::Validation, "400");
        error.details.messages = vec![
            "digitTokenLength must be between 6 and 18".to_owned(),
            "something general".to_owned(),
        ];
        let error = with_field_errors(&PASSWORD_ORG_CONFIG, error);
        assert_eq!(
            error.details.field_errors,
            [FieldError {
                field: "digitTokenLength".into(),
                message: "must be between 6 and 18".into()
            }]
        );
    }

    #[test]
    fn a_create_sends_neither_vendor_fields_nor_empty_values() {
        let typed =
            json!({"name": "CI", "id": "chosen", "created": "now", "homepageUrl": null, "x": 1});
        let body = creation_body(&OAUTH_CLIENTS, None, typed.as_object().unwrap());
        assert_eq!(body, json!({"name": "CI", "x": 1}));
    }

    #[test]
    fn an_action_answer_loses_its_secrets_whether_one_object_or_a_list() {
        let client = json!({"client_id": "c1", "client_secret": "s1"});
        let stripped = json!({"client_id": "c1"});
        assert_eq!(without_secrets(&CLIENTS, client.clone()), stripped);
        assert_eq!(
            without_secrets(&CLIENTS, json!([client.clone()])),
            json!([stripped.clone()])
        );
        assert_eq!(
            without_secrets(&CLIENTS, json!({"clients": [client], "next": "x"})),
            json!({"clients": [stripped], "next": "x"})
        );
        let archive = json!("not an object");
        assert_eq!(without_secrets(&CLIENTS, archive.clone()), archive);
    }

    #[test]
    fn a_put_sends_the_stored_secret_back() {
        let mut body = json!({"id": "s1", "name": "Renamed"});
        keep_stored_secrets(
            &SERVERS,
            &mut body,
            &json!({"id": "s1", "secret": "hash-key"}),
        );
        assert_eq!(body["secret"], json!("hash-key"));
        let mut patch_body = json!({"name": "x"});
        keep_stored_secrets(&OAUTH_CLIENTS, &mut patch_body, &json!({"secret": "never"}));
        assert!(patch_body.get("secret").is_none());
    }
}
