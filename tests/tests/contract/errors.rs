//! Provoking the documented error answers with requests any HTTP client could send.

use super::*;
use gatehouse_tests::token_from;

/// The error statuses the vendors document that this test provokes, where it can.
pub(crate) const PROVOKED_ERRORS: [u16; 6] = [400, 401, 403, 404, 409, 422];

/// The statuses the vendor documents for an operation: the seed's list where it has one (the
/// seed wins), else the spec's.
pub(crate) fn documented_statuses(
    specs: &[VendorSpec],
    endpoint: &Value,
    operation: &Operation,
) -> Vec<u16> {
    if let Some(listed) = endpoint["responses"].as_array() {
        return listed
            .iter()
            .filter_map(Value::as_u64)
            .map(|s| s as u16)
            .collect();
    }
    spec_of(specs, operation)
        .and_then(|(_, described)| described["responses"].as_object())
        .into_iter()
        .flatten()
        .filter_map(|(status, _)| status.parse().ok())
        .collect()
}

/// The schema an error answer must match: the operation's own for that status when the spec
/// documents it, else the vendor's error shape (ACP's `Error`; SailPoint's shared response).
pub(crate) fn error_schema<'s>(
    specs: &'s [VendorSpec],
    operation: &Operation,
    vendor: &str,
) -> impl Fn(u16) -> Value + 's {
    let spec = spec_of(specs, operation)
        .map(|(spec, _)| spec)
        .unwrap_or_else(|| {
            let prefix = if vendor == "sailpoint" { "/beta" } else { "" };
            specs.iter().find(|spec| spec.prefix == prefix).unwrap()
        });
    let described = spec_operation(std::slice::from_ref(spec), operation).cloned();
    move |status| {
        let own = described
            .as_ref()
            .map(|described| &described["responses"][status.to_string()])
            .filter(|response| !response.is_null());
        let schema = match own {
            Some(response) => body_schema(spec, response),
            None if spec.document["definitions"]["Error"].is_object() => {
                json!({"$ref": "#/definitions/Error"})
            }
            None => body_schema(
                spec,
                &json!({"$ref": format!("#/components/responses/{status}")}),
            ),
        };
        rooted(spec, schema)
    }
}

/// A request body as sent on the wire.
#[derive(Clone)]
pub(crate) struct Body {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

impl Body {
    pub(crate) fn json(value: &Value) -> Self {
        Self {
            content_type: "application/json",
            bytes: value.to_string().into_bytes(),
        }
    }

    pub(crate) fn json_patch(value: &Value) -> Self {
        Self {
            content_type: "application/json-patch+json",
            bytes: value.to_string().into_bytes(),
        }
    }

    pub(crate) fn text(text: &str) -> Self {
        Self {
            content_type: "text/plain",
            bytes: text.as_bytes().to_vec(),
        }
    }

    pub(crate) fn multipart(field: &str, value: &str) -> Self {
        let bytes = format!(
            "--contract\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n--contract--\r\n"
        );
        Self {
            content_type: "multipart/form-data; boundary=contract",
            bytes: bytes.into_bytes(),
        }
    }
}

/// One request as any HTTP client could send it: what provoking an error takes.
pub(crate) struct RawCall {
    pub(crate) method: &'static str,
    pub(crate) path: String,
    pub(crate) query: Option<&'static str>,
    pub(crate) body: Option<Body>,
}

/// Who calls: the built-in clients, clients registered without any scope, or nobody valid.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Caller {
    Authorized,
    WithoutScopes,
    InvalidToken,
}

/// Tokens of each vendor's audiences, for each kind of caller.
pub(crate) struct RawClient {
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    pub(crate) tenant: String,
    pub(crate) tokens: BTreeMap<(&'static str, bool), String>,
}

impl RawClient {
    pub(crate) async fn start(sandbox: &Sandbox) -> Self {
        let http = reqwest::Client::new();
        let base = sandbox.base_url();
        let credentials = sandbox.credentials().clone();
        let tenant = credentials.cloudentity_tenant_id.clone();
        let (sailpoint_id, sailpoint_secret) =
            sandbox.add_limited_client(gatehouse_sandbox::Vendor::SailPoint, &[]);
        let (acp_id, acp_secret) =
            sandbox.add_limited_client(gatehouse_sandbox::Vendor::Cloudentity, &[]);
        let endpoints = [
            ("sailpoint", format!("{base}/oauth/token")),
            ("tenant", format!("{base}/{tenant}/admin/oauth2/token")),
            ("system", format!("{base}/system/system/oauth2/token")),
        ];
        let mut tokens = BTreeMap::new();
        for (audience, url) in endpoints {
            let (full, unscoped) = if audience == "sailpoint" {
                (
                    (
                        &credentials.sailpoint_client_id,
                        &credentials.sailpoint_client_secret,
                    ),
                    (&sailpoint_id, &sailpoint_secret),
                )
            } else {
                (
                    (
                        &credentials.cloudentity_client_id,
                        &credentials.cloudentity_client_secret,
                    ),
                    (&acp_id, &acp_secret),
                )
            };
            let authorized = token_from(&http, url.clone(), full.0, full.1).await;
            let without_scopes = token_from(&http, url, unscoped.0, unscoped.1).await;
            tokens.insert((audience, true), authorized);
            tokens.insert((audience, false), without_scopes);
        }
        // A developer's tokens come from signing in; `openid` is no scope of the developer API.
        tokens.insert(("developer", true), developer_token(sandbox).await);
        let without_scopes = developer_token_for_scope(sandbox, "openid").await;
        tokens.insert(("developer", false), without_scopes);
        Self {
            http,
            base,
            tenant,
            tokens,
        }
    }

    /// Sends `call` as `caller`; the status and the answer (JSON, or the text as a string).
    pub(crate) async fn send(&self, call: &RawCall, caller: Caller) -> (u16, Value) {
        let audience = if call.path.starts_with("/api/system/") {
            "system"
        } else if call.path.starts_with("/api/developer/") {
            "developer"
        } else if call.path.starts_with("/api/") {
            "tenant"
        } else {
            "sailpoint"
        };
        let token = match caller {
            Caller::Authorized => self.tokens[&(audience, true)].as_str(),
            Caller::WithoutScopes => self.tokens[&(audience, false)].as_str(),
            Caller::InvalidToken => "not-a-token-this-sandbox-issued",
        };
        let method = reqwest::Method::from_bytes(call.method.as_bytes()).unwrap();
        let mut url = format!("{}{}", self.base, call.path);
        if let Some(query) = call.query {
            url = format!("{url}?{query}");
        }
        let mut request = self.http.request(method, url).bearer_auth(token);
        if let Some(body) = &call.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes.clone());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        let answer = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, answer)
    }
}

/// The path of `operation` with each parameter filled by `value`.
pub(crate) fn filled(operation: &Operation, value: impl Fn(&str) -> String) -> String {
    let mut path = String::new();
    let mut rest = operation.path;
    while let Some(start) = rest.find('{') {
        let end = start + rest[start..].find('}').unwrap();
        path.push_str(&rest[..start]);
        path.push_str(&value(&rest[start + 1..end]));
        rest = &rest[end + 1..];
    }
    path + rest
}

/// A value of the wrong kind for `field`: what a vendor refuses as invalid.
pub(crate) fn wrong_kind(field: &gatehouse_wire::FieldSpec) -> Value {
    use gatehouse_wire::FieldKind;
    match field.kind {
        FieldKind::Text | FieldKind::DateTime | FieldKind::Choice(_) => json!(12345),
        FieldKind::Integer { .. } | FieldKind::Bool | FieldKind::Object | FieldKind::ObjectList => {
            json!("wrong kind")
        }
        FieldKind::List { .. } => json!(42),
    }
}

impl Cloudentity {
    /// A request that makes the vendor answer `status` to `operation`, when there is a
    /// generic way to; `None` when the sandbox (like the vendor) has no such case to provoke.
    pub(crate) async fn provoking(
        &self,
        raw: &RawClient,
        description: &'static ResourceDescription,
        operation: &'static Operation,
        status: u16,
    ) -> Option<(RawCall, Caller)> {
        let existing = |param: &str| -> String {
            match param {
                "tid" => raw.tenant.clone(),
                "aid" => "default".to_owned(),
                _ => "contract-unknown-id".to_owned(),
            }
        };
        let call = |path: String, body: Option<Body>| RawCall {
            method: operation.method,
            path,
            query: None,
            body,
        };
        let writes_object = matches!(operation.verb, Verb::Create | Verb::Update);
        // The server's authentication methods are a JSON object too, not a server.
        let takes_object = writes_object || operation.name == "updateAuthentications";
        match status {
            401 => Some((
                call(filled(operation, existing), None),
                Caller::InvalidToken,
            )),
            403 => Some((
                call(filled(operation, existing), None),
                Caller::WithoutScopes,
            )),
            404 if operation.path.contains("{tid}") => {
                let path = filled(operation, |param| match param {
                    "tid" => "no-such-tenant".to_owned(),
                    other => existing(other),
                });
                let body = writes_object.then(|| Body::json(&json!({})));
                Some((call(path, body), Caller::Authorized))
            }
            400 if takes_object => Some((
                call(filled(operation, existing), Some(Body::json(&json!([])))),
                Caller::Authorized,
            )),
            400 if matches!(
                operation.name,
                "importSpecificationFromFile" | "importSpecificationFromURL"
            ) =>
            {
                let service = id(&self.fresh(&SERVICES).await);
                let path = filled(operation, |param| match param {
                    "sid" => service.clone(),
                    other => existing(other),
                });
                Some((call(path, Some(Body::json(&json!({})))), Caller::Authorized))
            }
            422 if writes_object => {
                let field = description.input_fields().next()?;
                let body = json!({ field.name: wrong_kind(field) });
                Some((
                    call(filled(operation, existing), Some(Body::json(&body))),
                    Caller::Authorized,
                ))
            }
            422 if operation.name.starts_with("importSpecification") => {
                let service = id(&self.fresh(&SERVICES).await);
                let path = filled(operation, |param| match param {
                    "sid" => service.clone(),
                    other => existing(other),
                });
                let body = match operation.name {
                    "importSpecificationFromText" => Body::text("not a specification"),
                    "importSpecificationFromURL" => {
                        Body::multipart("url", "http://127.0.0.1:9/unreachable.json")
                    }
                    _ => return None,
                };
                Some((call(path, Some(body)), Caller::Authorized))
            }
            // An object created again under the id the first one got.
            409 if operation.verb == Verb::Create => {
                let mut body = self.new_object(description.key).await;
                let path = filled(operation, existing);
                let first = call(path.clone(), Some(Body::json(&body)));
                let (_, created) = raw.send(&first, Caller::Authorized).await;
                let id_field = description.id_field?;
                body[id_field] = json!(description.id_of(&created)?);
                Some((call(path, Some(Body::json(&body))), Caller::Authorized))
            }
            _ => None,
        }
    }
}

impl SailPoint {
    pub(crate) fn provoking(
        &self,
        description: &'static ResourceDescription,
        operation: &'static Operation,
        status: u16,
    ) -> Option<(RawCall, Caller)> {
        let existing = self
            .existing_id_now(description)
            .unwrap_or_else(|| "contract-unknown-id".to_owned());
        let path = filled(operation, |_| existing.clone());
        let call = |path: String, query: Option<&'static str>, body: Option<Body>| RawCall {
            method: operation.method,
            path,
            query,
            body,
        };
        match status {
            401 => Some((call(path, None, None), Caller::InvalidToken)),
            403 => Some((call(path, None, None), Caller::WithoutScopes)),
            404 if description.id_param.is_some() => {
                let path = filled(operation, |_| "no-such-id".to_owned());
                let body = (operation.verb == Verb::Update).then(|| Body::json_patch(&json!([])));
                Some((call(path, None, body), Caller::Authorized))
            }
            400 => match operation.verb {
                Verb::List if !description.filters.is_empty() => {
                    Some((call(path, Some("filters=bogus"), None), Caller::Authorized))
                }
                Verb::Create => Some((
                    call(path, None, Some(Body::json(&json!([])))),
                    Caller::Authorized,
                )),
                Verb::Update if description.is_singleton() => Some((
                    call(path, None, Some(Body::json(&json!([])))),
                    Caller::Authorized,
                )),
                Verb::Update => Some((
                    call(
                        path,
                        None,
                        Some(Body::json_patch(&json!({"not": "a patch"}))),
                    ),
                    Caller::Authorized,
                )),
                _ => None,
            },
            _ => None,
        }
    }

    /// An id of the demo tenant's objects, for calls that need one to reach validation.
    pub(crate) fn existing_id_now(&self, description: &ResourceDescription) -> Option<String> {
        let objects = match description.key {
            "oauth-clients" => self.demo.oauth_clients(),
            "personal-access-tokens" => self.demo.personal_access_tokens(),
            "auth-users" => self.demo.auth_users(),
            _ => return None,
        };
        objects
            .first()
            .and_then(|object| object["id"].as_str())
            .map(str::to_owned)
    }
}
