//! The one generic mechanism behind every operation: a resource description says where an
//! operation lives and how updates are sent; this turns that into requests.
//!
//! Objects travel as JSON values, so properties this version of the app does not model are
//! carried through a read-modify-write untouched.

use std::marker::PhantomData;

use gatehouse_wire::diff::changed_values;
use gatehouse_wire::{build_patch, Operation, ResourceDescription, UpdateStyle, Verb};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::api::{ApiClient, ApiRequest, ApiResponse, RequestBody};
use crate::error::ClientError;

/// Characters escaped in a path segment (RFC 3986 `pchar` keeps the rest).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'\\')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Fills `{name}` placeholders of `template`; every placeholder must be given.
pub fn fill_path(
    operation: &'static str,
    template: &str,
    params: &[(&str, &str)],
) -> Result<String, ClientError> {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map(|offset| start + offset)
            .ok_or_else(|| ClientError::invalid(operation, "unclosed path placeholder"))?;
        let name = &rest[start + 1..end];
        let value = params
            .iter()
            .find(|(param, _)| *param == name)
            .map(|(_, value)| *value)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| ClientError::invalid(operation, format!("{name} is required")))?;
        // Encoded, `/` cannot add a segment; these two would still walk the path itself.
        if value == "." || value == ".." {
            return Err(ClientError::invalid(
                operation,
                format!("{name} cannot be {value:?}"),
            ));
        }
        path.push_str(&rest[..start]);
        path.extend(utf8_percent_encode(value, SEGMENT));
        rest = &rest[end + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

/// A resource's operations on one connection, with its fixed path parameters (Cloudentity's
/// `tid`, a parent server's `aid`).
#[derive(Clone)]
pub struct ResourceClient<'a> {
    api: &'a ApiClient,
    description: &'static ResourceDescription,
    params: Vec<(&'static str, String)>,
}

impl<'a> ResourceClient<'a> {
    pub fn new(api: &'a ApiClient, description: &'static ResourceDescription) -> Self {
        Self {
            api,
            description,
            params: Vec::new(),
        }
    }

    /// Fixes a path parameter (`tid`, or `aid` for the per-server lists).
    pub fn with(mut self, param: &'static str, value: impl Into<String>) -> Self {
        self.params.retain(|(name, _)| *name != param);
        self.params.push((param, value.into()));
        self
    }

    pub fn description(&self) -> &'static ResourceDescription {
        self.description
    }

    fn operation(&self, verb: Verb) -> Result<&'static Operation, ClientError> {
        self.description.operation(verb).ok_or_else(|| {
            ClientError::invalid(
                self.description.key,
                format!("{} has no {verb:?} operation", self.description.title),
            )
        })
    }

    fn request_for(
        &self,
        operation: &'static Operation,
        id: Option<&str>,
    ) -> Result<ApiRequest, ClientError> {
        let mut params: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        // The object's id wins over a fixed parameter of the same name (a server's `aid`).
        if let (Some(param), Some(id)) = (self.description.id_param, id) {
            params.retain(|(name, _)| *name != param);
            params.push((param, id));
        }
        let path = fill_path(operation.name, operation.path, &params)?;
        let method = Method::from_bytes(operation.method.as_bytes())
            .map_err(|_| ClientError::invalid(operation.name, "unknown HTTP method"))?;
        Ok(ApiRequest::new(operation.name, method, path))
    }

    /// The request for `verb`, the object's `id` filled in where the path has it.
    pub fn request(&self, verb: Verb, id: Option<&str>) -> Result<ApiRequest, ClientError> {
        self.request_for(self.operation(verb)?, id)
    }

    /// The request for one of the resource's other operations, by the seed's name.
    pub fn action(&self, name: &str, id: Option<&str>) -> Result<ApiRequest, ClientError> {
        let operation = self.description.operation_named(name).ok_or_else(|| {
            ClientError::invalid(
                self.description.key,
                format!("{} has no operation {name}", self.description.title),
            )
        })?;
        self.request_for(operation, id)
    }

    pub async fn list(&self, query: &[(&str, &str)]) -> Result<Vec<Value>, ClientError> {
        let mut request = self.request(Verb::List, None)?;
        for (name, value) in query {
            request = request.query(name, *value);
        }
        let response = self.api.execute(&request).await?;
        let items = match self.description.list_field {
            Some(field) => match response.body {
                // Cloudentity leaves out an empty list.
                Value::Object(mut wrapper) => wrapper.remove(field).unwrap_or(Value::Array(vec![])),
                other => other,
            },
            None => response.body,
        };
        match items {
            Value::Array(items) => Ok(items),
            other => Err(ClientError::UnexpectedResponse {
                operation: request.operation,
                message: format!("expected a list, got {}", kind_of(&other)),
            }),
        }
    }

    pub async fn get(&self, id: Option<&str>) -> Result<Value, ClientError> {
        let request = self.request(Verb::Get, id)?;
        Ok(self.api.execute(&request).await?.body)
    }

    /// Creates an object; the answer may hold a secret the vendor shows only this once.
    pub async fn create(&self, body: &Value) -> Result<Value, ClientError> {
        let request = self
            .request(Verb::Create, None)?
            .body(RequestBody::Json(body.clone()));
        Ok(self.api.execute(&request).await?.body)
    }

    /// The request that saves `edited` over `original`, the way the vendor takes updates.
    ///
    /// JSON Patch sends only editable fields (an edit of any other field fails here, before
    /// any request); a whole-object PUT sends `edited` with every property it has, unknown
    /// ones included; a changes-only PUT sends the changed properties.
    pub fn update_request(
        &self,
        id: Option<&str>,
        original: &Value,
        edited: &Value,
    ) -> Result<ApiRequest, ClientError> {
        let request = self.request(Verb::Update, id)?;
        let body = match self.description.update {
            UpdateStyle::JsonPatch => RequestBody::JsonPatch(
                build_patch(self.description, original, edited)
                    .map_err(|error| ClientError::invalid(request.operation, error.to_string()))?,
            ),
            UpdateStyle::Put => RequestBody::Json(edited.clone()),
            UpdateStyle::PutChanges => {
                RequestBody::Json(Value::Object(changed_values(original, edited)))
            }
            UpdateStyle::None => {
                return Err(ClientError::invalid(
                    request.operation,
                    format!("{} cannot be changed", self.description.title),
                ))
            }
        };
        Ok(request.body(body))
    }

    /// Saves `edited` over `original`; see [`Self::update_request`].
    pub async fn update(
        &self,
        id: Option<&str>,
        original: &Value,
        edited: &Value,
    ) -> Result<Value, ClientError> {
        let request = self.update_request(id, original, edited)?;
        Ok(self.api.execute(&request).await?.body)
    }

    pub async fn delete(&self, id: &str) -> Result<(), ClientError> {
        let request = self.request(Verb::Delete, Some(id))?;
        self.api.execute(&request).await.map(|_| ())
    }

    /// Sends a prepared request of this resource (query parameters, special bodies).
    pub async fn execute(&self, request: &ApiRequest) -> Result<ApiResponse, ClientError> {
        self.api.execute(request).await
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A typed view of a described resource (the shape of kube-rs's `Api<K>`).
pub trait Resource: Serialize + DeserializeOwned {
    const DESCRIPTION: &'static ResourceDescription;
    /// What a create sends.
    type New: Serialize;
    /// What a create answers (with the one-time secret, where the vendor issues one).
    type Created: DeserializeOwned;
}

/// Typed calls over [`ResourceClient`]: the same requests, decoded into the vendor models.
pub struct Api<'a, K> {
    inner: ResourceClient<'a>,
    kind: PhantomData<K>,
}

impl<'a, K: Resource> Api<'a, K> {
    pub fn new(inner: ResourceClient<'a>) -> Self {
        Self {
            inner,
            kind: PhantomData,
        }
    }

    pub fn untyped(&self) -> &ResourceClient<'a> {
        &self.inner
    }

    pub async fn list(&self, query: &[(&str, &str)]) -> Result<Vec<K>, ClientError> {
        let items = self.inner.list(query).await?;
        items
            .into_iter()
            .map(|item| decode(K::DESCRIPTION.key, item))
            .collect()
    }

    pub async fn get(&self, id: &str) -> Result<K, ClientError> {
        decode(K::DESCRIPTION.key, self.inner.get(Some(id)).await?)
    }

    pub async fn create(&self, new: &K::New) -> Result<K::Created, ClientError> {
        let body = encode(K::DESCRIPTION.key, new)?;
        decode(K::DESCRIPTION.key, self.inner.create(&body).await?)
    }

    pub async fn update(&self, id: &str, original: &K, edited: &K) -> Result<K, ClientError> {
        let original = encode(K::DESCRIPTION.key, original)?;
        let edited = encode(K::DESCRIPTION.key, edited)?;
        decode(
            K::DESCRIPTION.key,
            self.inner.update(Some(id), &original, &edited).await?,
        )
    }

    pub async fn delete(&self, id: &str) -> Result<(), ClientError> {
        self.inner.delete(id).await
    }
}

pub(crate) fn encode(
    operation: &'static str,
    value: &impl Serialize,
) -> Result<Value, ClientError> {
    serde_json::to_value(value)
        .map_err(|error| ClientError::invalid(operation, format!("could not be encoded: {error}")))
}

pub(crate) fn decode<T: DeserializeOwned>(
    operation: &'static str,
    value: Value,
) -> Result<T, ClientError> {
    serde_json::from_value(value).map_err(|error| ClientError::UnexpectedResponse {
        operation,
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_escapes_path_parameters() {
        assert_eq!(
            fill_path(
                "op",
                "/api/admin/{tid}/clients/{cid}",
                &[("tid", "demo"), ("cid", "a b/c")]
            )
            .unwrap(),
            "/api/admin/demo/clients/a%20b%2Fc"
        );
        assert!(matches!(
            fill_path("op", "/beta/oauth-clients/{id}", &[]),
            Err(ClientError::Invalid { .. })
        ));
        assert!(fill_path("op", "/beta/oauth-clients/{id}", &[("id", "")]).is_err());
    }

    proptest::proptest! {
        /// Whatever an id holds, the built path has the template's segments and the id comes
        /// back whole from its own segment.
        #[test]
        fn hostile_ids_cannot_change_the_path(id in "(\\.{1,3}|[./\\\\?#%a-z ]{0,12}|.{0,12})") {
            let template = "/api/admin/{tid}/clients/{cid}";
            match fill_path("op", template, &[("tid", "demo"), ("cid", &id)]) {
                Ok(path) => {
                    let segments: Vec<&str> = path.split('/').collect();
                    proptest::prop_assert_eq!(segments.len(), 6, "{}", path);
                    proptest::prop_assert_eq!(&segments[..5], &["", "api", "admin", "demo", "clients"]);
                    let decoded = percent_encoding::percent_decode_str(segments[5]).decode_utf8().unwrap();
                    proptest::prop_assert_eq!(decoded.as_ref(), id.as_str());
                    proptest::prop_assert!(!path.contains(['?', '#', '\\']), "{}", path);
                }
                Err(_) => proptest::prop_assert!(id.is_empty() || id == "." || id == ".."),
            }
        }
    }
}
