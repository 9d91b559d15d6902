//! Contract test: every operation of `shared/api/endpoints.json` is called through the client
//! against the sandbox; its status must be the seed's and its body must validate against the
//! vendor's own schema in `shared/api/specs/`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use gatehouse_client::cloudentity::SpecificationSource;
use gatehouse_client::{
    ApiRequest, ApiResponse, ClientCredentials, CloudentityClient, RequestBody, ResourceClient,
    SailPointClient,
};
use gatehouse_sandbox::{Faults, Sandbox, SandboxConfig};
use gatehouse_tests::workspace_root;
use gatehouse_wire::catalog::{operation_named, GATEWAYS, SERVICES};
use gatehouse_wire::{Operation, ResourceDescription, Verb};
use secrecy::SecretString;
use serde_json::{json, Value};

fn shared_dir() -> PathBuf {
    let shared = workspace_root().join("..").join("shared");
    assert!(
        shared.join("api/endpoints.json").exists(),
        "the shared reference folder is expected beside the checkout at {}",
        shared.display()
    );
    shared
}

fn endpoints() -> Vec<Value> {
    let text = std::fs::read_to_string(shared_dir().join("api/endpoints.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// OpenAPI 3.0 `nullable` is not JSON Schema: turn it into a `null` alternative, everywhere.
fn json_schema_of(openapi: &mut Value) {
    match openapi {
        Value::Object(object) => {
            for value in object.values_mut() {
                json_schema_of(value);
            }
            if object.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::Array(choices)) = object.get_mut("enum") {
                    if !choices.contains(&Value::Null) {
                        choices.push(Value::Null);
                    }
                }
                match object.get("type").cloned() {
                    Some(Value::String(kind)) => {
                        object.insert("type".into(), json!([kind, "null"]));
                    }
                    _ if object.contains_key("$ref") => {
                        let reference = object.remove("$ref").unwrap();
                        object.insert(
                            "anyOf".into(),
                            json!([{"$ref": reference}, {"type": "null"}]),
                        );
                    }
                    _ => {}
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json_schema_of),
        _ => {}
    }
}

struct VendorSpec {
    /// The seed path prefix the spec's server adds (`/beta`); empty for Cloudentity, whose
    /// spec is matched by operation id (its developer paths differ from the seed's).
    prefix: &'static str,
    document: Value,
}

fn load_spec(file: &str, prefix: &'static str) -> VendorSpec {
    let text = std::fs::read_to_string(shared_dir().join("api/specs").join(file)).unwrap();
    let mut document: Value = serde_yaml::from_str(&text).unwrap();
    json_schema_of(&mut document);
    VendorSpec { prefix, document }
}

/// The spec's description of `operation`: by path for SailPoint, by operation id for ACP.
fn spec_operation<'s>(specs: &'s [VendorSpec], operation: &Operation) -> Option<&'s Value> {
    let method = operation.method.to_lowercase();
    specs.iter().find_map(|spec| {
        if spec.prefix.is_empty() {
            spec.document["paths"]
                .as_object()?
                .values()
                .filter_map(|item| item.get(&method))
                .find(|candidate| candidate["operationId"] == operation.name)
        } else {
            let path = operation.path.strip_prefix(spec.prefix)?;
            spec.document["paths"][path].get(&method)
        }
    })
}

/// The spec that describes `operation`, and its description there.
fn spec_of<'s>(
    specs: &'s [VendorSpec],
    operation: &Operation,
) -> Option<(&'s VendorSpec, &'s Value)> {
    specs.iter().find_map(|spec| {
        spec_operation(std::slice::from_ref(spec), operation).map(|described| (spec, described))
    })
}

/// A schema of `spec`, as a root that carries the spec's components or definitions so every
/// `$ref` resolves.
fn rooted(spec: &VendorSpec, schema: Value) -> Value {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
    });
    for shared in ["components", "definitions"] {
        if let Some(section) = spec.document.get(shared) {
            root[shared] = section.clone();
        }
    }
    root
}

/// What `reference` (`#/components/responses/401`) points at in `spec`.
fn resolve<'s>(spec: &'s VendorSpec, reference: &str) -> &'s Value {
    let pointer = reference.trim_start_matches('#');
    spec.document
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{reference} is not in the spec"))
}

/// The body schema of a response object (OpenAPI 3 `content` or Swagger 2 `schema`).
fn body_schema(spec: &VendorSpec, response: &Value) -> Value {
    let response = match response["$ref"].as_str() {
        Some(reference) => resolve(spec, reference),
        None => response,
    };
    if response["content"].is_object() {
        response["content"]["application/json"]["schema"].clone()
    } else {
        response["schema"].clone()
    }
}

/// The vendor's response schema for `operation` at `status`, rooted so `$ref`s resolve.
/// `Ok(None)`: the spec documents no body; `Err`: the spec does not know the operation at all
/// (the seed has it, the older spec does not).
fn response_schema(
    specs: &[VendorSpec],
    operation: &Operation,
    status: u16,
) -> Result<Option<Value>, String> {
    let Some((spec, described)) = spec_of(specs, operation) else {
        return Err(format!("{} is not in the vendor spec", operation.name));
    };
    let response = &described["responses"][status.to_string()];
    assert!(
        !response.is_null(),
        "the spec does not document {status} for {}",
        operation.name
    );
    let schema = body_schema(spec, response);
    if schema.is_null() || schema["type"] == "file" {
        return Ok(None);
    }
    Ok(Some(rooted(spec, schema)))
}

/// What a test needs to call any SailPoint operation: the client on a demo tenant, and one on
/// an empty tenant for creating singletons.
struct SailPoint {
    demo: Sandbox,
    client: SailPointClient,
    empty_client: SailPointClient,
    _empty: Sandbox,
}

fn client_for(sandbox: &Sandbox) -> SailPointClient {
    let credentials = sandbox.credentials();
    SailPointClient::new(
        gatehouse_client::http_client().unwrap(),
        &sandbox.base_url(),
        ClientCredentials {
            token_url: format!("{}/oauth/token", sandbox.base_url()),
            client_id: credentials.sailpoint_client_id.clone(),
            client_secret: SecretString::from(credentials.sailpoint_client_secret.clone()),
        },
    )
}

/// Numbers created objects, whose names must be unique.
static CREATED: AtomicUsize = AtomicUsize::new(1);

/// A create body the vendor accepts, per resource.
fn new_object(key: &str) -> Value {
    match key {
        "oauth-clients" => json!({
            "businessName": "Acme-Solar",
            "homepageUrl": "http://localhost:12345",
            "name": "Contract test client",
            "description": "Created by the contract test",
            "accessTokenValiditySeconds": 750,
            "refreshTokenValiditySeconds": 86400,
            "redirectUris": ["http://localhost:12345"],
            "grantTypes": ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS", "REFRESH_TOKEN"],
            "accessType": "OFFLINE",
            "type": "CONFIDENTIAL",
            "internal": false,
            "enabled": true,
            "strongAuthSupported": false,
            "claimsSupported": false,
            "scope": ["demo:api-client-scope:first"]
        }),
        "personal-access-tokens" => json!({
            "name": format!("Contract test token {}", CREATED.fetch_add(1, Ordering::Relaxed)),
            "scope": ["demo:personal-access-token-scope:first"],
            "accessTokenValiditySeconds": 36900
        }),
        "password-org-config" => json!({"digitTokenLength": 9}),
        other => panic!("no create body for {other}"),
    }
}

/// An edit of one editable field that the vendor accepts.
fn edit(key: &str, original: &Value) -> Value {
    let mut edited = original.clone();
    match key {
        "oauth-clients" => edited["description"] = json!("Edited by the contract test"),
        "personal-access-tokens" => edited["name"] = json!("Renamed by the contract test"),
        "auth-users" => edited["capabilities"] = json!(["HELPDESK", "REPORT_ADMIN"]),
        "password-org-config" => edited["digitTokenLength"] = json!(10),
        other => panic!("no edit for {other}"),
    }
    edited
}

impl SailPoint {
    async fn start() -> Self {
        let demo = Sandbox::start(SandboxConfig::default()).await.unwrap();
        // The contract is about shapes and statuses; the rate limit has tests of its own.
        demo.set_faults(Faults::default());
        let empty = Sandbox::start(SandboxConfig {
            demo_data: false,
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        Self {
            client: client_for(&demo),
            empty_client: client_for(&empty),
            demo,
            _empty: empty,
        }
    }

    /// An existing object's id: one the demo tenant has (created first for deletes, so demo
    /// data survives for the other operations).
    async fn existing_id(&self, description: &'static ResourceDescription) -> Option<String> {
        description.id_param?;
        let demo = match description.key {
            "oauth-clients" => self.demo.oauth_clients(),
            "personal-access-tokens" => self.demo.personal_access_tokens(),
            "auth-users" => self.demo.auth_users(),
            other => panic!("no objects of {other}"),
        };
        demo.first()
            .and_then(|object| object["id"].as_str())
            .map(str::to_owned)
    }

    async fn call(&self, description: &'static ResourceDescription, verb: Verb) -> ApiResponse {
        let resource = self.client.resource(description);
        let request = match verb {
            Verb::List => resource.request(Verb::List, None).unwrap(),
            Verb::Get => {
                let id = self.existing_id(description).await;
                resource.request(Verb::Get, id.as_deref()).unwrap()
            }
            Verb::Create => {
                // A singleton can only be created where none exists yet.
                let client = if description.id_param.is_none() {
                    &self.empty_client
                } else {
                    &self.client
                };
                let request = client
                    .resource(description)
                    .request(Verb::Create, None)
                    .unwrap()
                    .body(RequestBody::Json(new_object(description.key)));
                return client.api().execute(&request).await.expect("create");
            }
            Verb::Update => {
                let id = self.existing_id(description).await;
                let original = self.read(description, id.as_deref()).await;
                let edited = edit(description.key, &original);
                resource
                    .update_request(id.as_deref(), &original, &edited)
                    .unwrap()
            }
            Verb::Delete => {
                let created = resource.create(&new_object(description.key)).await.unwrap();
                let id = description.id_of(&created).unwrap();
                resource.request(Verb::Delete, Some(id)).unwrap()
            }
            Verb::Action => panic!("SailPoint has no operations beyond CRUD"),
        };
        execute(&self.client, &request).await
    }

    /// The current object, read the way the vendor offers (a get, or the list for PATs).
    async fn read(&self, description: &'static ResourceDescription, id: Option<&str>) -> Value {
        let resource = self.client.resource(description);
        if description.operation(Verb::Get).is_some() {
            return resource.get(id).await.unwrap();
        }
        resource
            .list(&[])
            .await
            .unwrap()
            .into_iter()
            .find(|item| description.id_of(item) == id)
            .expect("the object is listed")
    }
}

async fn execute(client: &SailPointClient, request: &ApiRequest) -> ApiResponse {
    client
        .api()
        .execute(request)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", request.operation))
}

/// Calls of the Cloudentity operations against the same sandbox (its demo tenant).
struct Cloudentity {
    client: CloudentityClient,
    spec_server: String,
}

/// A tiny HTTP server with an OpenAPI document, for the import by URL.
async fn serve_specification() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/openapi.json",
        axum::routing::get(|| async { axum::Json(openapi_document()) }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/openapi.json")
}

fn openapi_document() -> Value {
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Payments", "version": "1.0"},
        "paths": {
            "/payments": {"get": {"responses": {"200": {"description": "ok"}}},
                          "post": {"responses": {"201": {"description": "created"}}}},
            "/payments/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}
        }
    })
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", CREATED.fetch_add(1, Ordering::Relaxed))
}

impl Cloudentity {
    async fn start(sandbox: &Sandbox) -> Self {
        let credentials = sandbox.credentials();
        let tenant = credentials.cloudentity_tenant_id.clone();
        let http = gatehouse_client::http_client().unwrap();
        let api_with_tokens_from = |token_url: String| {
            let tokens = gatehouse_client::TokenSource::new(
                http.clone(),
                ClientCredentials {
                    token_url,
                    client_id: credentials.cloudentity_client_id.clone(),
                    client_secret: SecretString::from(
                        credentials.cloudentity_client_secret.clone(),
                    ),
                },
            );
            gatehouse_client::ApiClient::new(http.clone(), &sandbox.base_url(), tokens)
        };
        let base = sandbox.base_url();
        let client = CloudentityClient::with_api(
            api_with_tokens_from(format!("{base}/{tenant}/admin/oauth2/token")),
            &tenant,
        )
        .with_system_api(api_with_tokens_from(format!(
            "{base}/system/system/oauth2/token"
        )));
        Self {
            client,
            spec_server: serve_specification().await,
        }
    }

    fn resource(&self, description: &'static ResourceDescription) -> ResourceClient<'_> {
        self.client.resource(description).with("aid", "default")
    }

    /// A create body the vendor accepts, per resource.
    async fn new_object(&self, key: &str) -> Value {
        match key {
            "servers" => json!({"name": unique("Contract server")}),
            "clients" | "developer-clients" => json!({
                "client_name": unique("Contract client"),
                "authorization_server_id": "default",
                "grant_types": ["client_credentials"]
            }),
            "scopes" => {
                json!({"name": unique("contract.scope"), "authorization_server_id": "default"})
            }
            "claims" => json!({
                "name": unique("contract_claim"), "type": "access_token",
                "mapping": "customer.id", "authorization_server_id": "default"
            }),
            "policies" => json!({
                "policy_name": unique("Contract policy"), "type": "api", "language": "rego",
                "definition": "package acp.authz\ndefault allow = true"
            }),
            "services" => {
                json!({"name": unique("Contract service"), "authorization_server_id": "default"})
            }
            "apis" => {
                let service = self.fresh(&SERVICES).await;
                json!({"service_id": service["id"], "method": "GET", "path": "/contract"})
            }
            "gateways" => {
                json!({"name": unique("Contract gateway"), "type": "pyron", "server_id": "default"})
            }
            "consents" => json!({"name": unique("Contract consent"), "can_be_withdrawn": true}),
            "consent-actions" => json!({"name": unique("contract-action"), "consents": []}),
            other => panic!("no create body for {other}"),
        }
    }

    /// A newly created object, so every call has its own.
    async fn fresh(&self, description: &'static ResourceDescription) -> Value {
        let body = Box::pin(self.new_object(description.key)).await;
        self.resource(description).create(&body).await.unwrap()
    }

    fn edit(key: &str, original: &Value) -> Value {
        let mut edited = original.clone();
        let (field, value) = match key {
            "servers" => ("name", json!("Renamed server")),
            "clients" | "developer-clients" => ("client_name", json!("Renamed client")),
            "scopes" | "services" | "gateways" | "consents" | "consent-actions" => {
                ("description", json!("Edited by the contract test"))
            }
            "claims" => ("mapping", json!("customer.number")),
            "policies" => (
                "definition",
                json!("package acp.authz\ndefault allow = false"),
            ),
            "apis" => ("data_classifications", json!(["PII"])),
            "tenant" => ("name", json!("Renamed tenant")),
            other => panic!("no edit for {other}"),
        };
        edited[field] = value;
        edited
    }

    async fn call(
        &self,
        description: &'static ResourceDescription,
        operation: &Operation,
    ) -> ApiResponse {
        let resource = self.resource(description);
        let id_of = |object: &Value| description.id_of(object).unwrap().to_owned();
        let request = match operation.verb {
            Verb::List => {
                let mut request = resource.request(Verb::List, None).unwrap();
                if description.key == "privacy-ledger-events" {
                    request = request.query("sub", "alice@acme.example");
                }
                request
            }
            Verb::Get if description.id_param.is_none() => {
                let mut request = resource.request(Verb::Get, None).unwrap();
                if description.key == "configuration" {
                    request = request.query("tid", self.client.tenant_id());
                }
                request
            }
            Verb::Get if description.key == "developer-servers" => {
                resource.request(Verb::Get, Some("default")).unwrap()
            }
            Verb::Get => {
                let object = self.fresh(description).await;
                resource.request(Verb::Get, Some(&id_of(&object))).unwrap()
            }
            Verb::Create => {
                let body = self.new_object(description.key).await;
                resource
                    .request(Verb::Create, None)
                    .unwrap()
                    .body(RequestBody::Json(body))
            }
            Verb::Update if description.id_param.is_none() => {
                let original = resource.get(None).await.unwrap();
                let edited = Self::edit(description.key, &original);
                resource.update_request(None, &original, &edited).unwrap()
            }
            Verb::Update => {
                let original = self.fresh(description).await;
                let edited = Self::edit(description.key, &original);
                resource
                    .update_request(Some(&id_of(&original)), &original, &edited)
                    .unwrap()
            }
            Verb::Delete => {
                let object = self.fresh(description).await;
                resource
                    .request(Verb::Delete, Some(&id_of(&object)))
                    .unwrap()
            }
            Verb::Action => self.action(description, operation).await,
        };
        // The system API takes only tokens of the system workspace.
        let api = if operation.path.starts_with("/api/system/") {
            self.client.system_api().unwrap()
        } else {
            self.client.api()
        };
        api.execute(&request)
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", operation.name))
    }

    async fn action(
        &self,
        description: &'static ResourceDescription,
        operation: &Operation,
    ) -> ApiRequest {
        let resource = self.resource(description);
        let service = || async { id(&self.fresh(&SERVICES).await) };
        match operation.name {
            "updateAuthentications" => resource
                .action(operation.name, Some("default"))
                .unwrap()
                .body(RequestBody::Json(
                    json!({"methods": [{"method": "static", "hint": "demo"}]}),
                )),
            "listDashboards" | "listAPIsByServer" => {
                resource.action(operation.name, Some("default")).unwrap()
            }
            "listAPIsByService" => resource
                .action(operation.name, Some(&service().await))
                .unwrap(),
            "removeSpecification" => {
                let service = service().await;
                self.client
                    .import_specification(
                        &service,
                        SpecificationSource::Text(openapi_document().to_string()),
                        None,
                    )
                    .await
                    .unwrap();
                resource.action(operation.name, Some(&service)).unwrap()
            }
            "importSpecificationFromFile" => resource
                .action(operation.name, Some(&service().await))
                .unwrap()
                .body(RequestBody::File {
                    name: "payments.json".into(),
                    bytes: openapi_document().to_string().into_bytes(),
                }),
            "importSpecificationFromText" => resource
                .action(operation.name, Some(&service().await))
                .unwrap()
                .body(RequestBody::Text(openapi_document().to_string())),
            "importSpecificationFromURL" => resource
                .action(operation.name, Some(&service().await))
                .unwrap()
                .body(RequestBody::FormField {
                    field: "url".into(),
                    value: self.spec_server.clone(),
                }),
            "getGatewayPackage" => {
                let gateway = self.fresh(&GATEWAYS).await;
                resource
                    .action(operation.name, Some(&id(&gateway)))
                    .unwrap()
                    .accept("application/octet-stream")
            }
            other => panic!("no call for {other}"),
        }
    }
}

fn id(object: &Value) -> String {
    object["id"].as_str().unwrap().to_owned()
}

fn check_body(specs: &[VendorSpec], operation: &Operation, response: &ApiResponse) -> bool {
    let name = operation.name;
    match response_schema(specs, operation, operation.status) {
        Ok(Some(schema)) => {
            let validator = jsonschema::validator_for(&schema)
                .unwrap_or_else(|error| panic!("{name}: the spec schema compiles: {error}"));
            let problems: Vec<String> = validator
                .iter_errors(&response.body)
                .map(|error| format!("{} at {}", error, error.instance_path))
                .collect();
            assert!(
                problems.is_empty(),
                "{name}: the body does not match the vendor schema: {problems:#?}\n{:#}",
                response.body
            );
            true
        }
        Ok(None) if operation.name == "getGatewayPackage" => {
            assert_eq!(&response.bytes[..2], b"\x1f\x8b", "{name}: a gzip archive");
            true
        }
        Ok(None) => {
            assert!(response.bytes.is_empty(), "{name}: no body documented");
            true
        }
        Err(reason) => {
            println!("contract: {name}: status checked only ({reason})");
            false
        }
    }
}

#[tokio::test]
async fn every_operation_answers_as_the_seed_says_with_a_body_the_vendor_schema_accepts() {
    let specs = [
        load_spec("sailpoint-beta-subset.yaml", "/beta"),
        load_spec("sailpoint-v3-subset.yaml", "/v3"),
        load_spec("acp-1.6.0-admin-developer-subset.yaml", ""),
    ];
    let sailpoint = SailPoint::start().await;
    let cloudentity = Cloudentity::start(&sailpoint.demo).await;
    let endpoints = endpoints();
    assert_eq!(
        endpoints.len(),
        82,
        "endpoints.json lists the seeds' 82 operations"
    );

    let mut covered: BTreeMap<String, usize> = BTreeMap::new();
    let mut schema_checked = 0;
    let mut missing: Vec<String> = Vec::new();
    for endpoint in &endpoints {
        let name = endpoint["operation"].as_str().unwrap();
        let provider = endpoint["provider"].as_str().unwrap().to_owned();
        let Some((description, operation)) = operation_named(name) else {
            missing.push(format!("{provider} {name}"));
            continue;
        };
        assert_eq!(operation.method, endpoint["method"], "{name}: method");
        assert_eq!(operation.path, endpoint["path"], "{name}: path");
        if let Some(documented) = endpoint["responses"].as_array() {
            assert!(
                documented.contains(&json!(operation.status)),
                "{name}: {} is not among the seed's statuses {documented:?}",
                operation.status
            );
        }
        let response = if provider == "sailpoint" {
            sailpoint.call(description, operation.verb).await
        } else {
            cloudentity.call(description, operation).await
        };
        assert_eq!(response.status, operation.status, "{name}: status");
        if check_body(&specs, operation, &response) {
            schema_checked += 1;
        }
        *covered.entry(provider).or_default() += 1;
    }
    let total: usize = covered.values().sum();
    println!(
        "contract: {total}/{} operations covered {covered:?}, {schema_checked} bodies validated against the vendor schema",
        endpoints.len()
    );
    assert!(missing.is_empty(), "operations missing: {missing:#?}");
    assert_eq!(total, endpoints.len());
}

#[test]
fn the_schema_check_refuses_a_body_the_vendor_would_not_send() {
    let specs = [load_spec("sailpoint-beta-subset.yaml", "/beta")];
    let (_, operation) = operation_named("get-oauth-client").unwrap();
    let schema = response_schema(&specs, operation, 200).unwrap().unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let client = json!({
        "id": "2c9180835d2e5168015d32f890ca1581", "businessName": null, "homepageUrl": null,
        "name": "Demo", "description": null, "accessTokenValiditySeconds": 750,
        "refreshTokenValiditySeconds": 86400, "redirectUris": null,
        "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "OFFLINE", "type": "CONFIDENTIAL",
        "internal": false, "enabled": true, "strongAuthSupported": false,
        "claimsSupported": false, "created": "2017-07-11T18:45:37.098Z",
        "modified": "2018-06-25T20:22:28.104Z", "scope": null
    });
    assert!(validator.is_valid(&client), "nullable fields may be null");
    let mut wrong_enum = client.clone();
    wrong_enum["accessType"] = json!("SOMETIMES");
    assert!(!validator.is_valid(&wrong_enum));
    let mut missing = client.clone();
    missing.as_object_mut().unwrap().remove("id");
    assert!(!validator.is_valid(&missing));
    let mut wrong_type = client;
    wrong_type["enabled"] = json!("yes");
    assert!(!validator.is_valid(&wrong_type));
}

// --- Error answers ---------------------------------------------------------------------------

/// The error statuses the vendors document that this test provokes, where it can.
const PROVOKED_ERRORS: [u16; 6] = [400, 401, 403, 404, 409, 422];

/// The statuses the vendor documents for an operation: the seed's list where it has one (the
/// seed wins), else the spec's.
fn documented_statuses(specs: &[VendorSpec], endpoint: &Value, operation: &Operation) -> Vec<u16> {
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
fn error_schema<'s>(
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

fn problems_against(schema: &Value, body: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("the spec schema compiles");
    validator
        .iter_errors(body)
        .map(|error| format!("{error} at {}", error.instance_path))
        .collect()
}

/// A request body as sent on the wire.
#[derive(Clone)]
struct Body {
    content_type: &'static str,
    bytes: Vec<u8>,
}

impl Body {
    fn json(value: &Value) -> Self {
        Self {
            content_type: "application/json",
            bytes: value.to_string().into_bytes(),
        }
    }

    fn json_patch(value: &Value) -> Self {
        Self {
            content_type: "application/json-patch+json",
            bytes: value.to_string().into_bytes(),
        }
    }

    fn text(text: &str) -> Self {
        Self {
            content_type: "text/plain",
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn multipart(field: &str, value: &str) -> Self {
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
struct RawCall {
    method: &'static str,
    path: String,
    query: Option<&'static str>,
    body: Option<Body>,
}

/// Who calls: the built-in clients, clients registered without any scope, or nobody valid.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Authorized,
    WithoutScopes,
    InvalidToken,
}

/// Tokens of each vendor's audiences, for each kind of caller.
struct RawClient {
    http: reqwest::Client,
    base: String,
    tenant: String,
    tokens: BTreeMap<(&'static str, bool), String>,
}

async fn token_from(http: &reqwest::Client, url: String, id: &str, secret: &str) -> String {
    let response = http
        .post(url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

impl RawClient {
    async fn start(sandbox: &Sandbox) -> Self {
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
        Self {
            http,
            base,
            tenant,
            tokens,
        }
    }

    /// Sends `call` as `caller`; the status and the answer (JSON, or the text as a string).
    async fn send(&self, call: &RawCall, caller: Caller) -> (u16, Value) {
        let audience = if call.path.starts_with("/api/system/") {
            "system"
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
fn filled(operation: &Operation, value: impl Fn(&str) -> String) -> String {
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
fn wrong_kind(field: &gatehouse_wire::FieldSpec) -> Value {
    use gatehouse_wire::FieldKind;
    match field.kind {
        FieldKind::Text | FieldKind::DateTime | FieldKind::Choice(_) => json!(12345),
        FieldKind::Integer { .. } | FieldKind::Bool | FieldKind::Object => json!("wrong kind"),
        FieldKind::List { .. } => json!(42),
    }
}

impl Cloudentity {
    /// A request that makes the vendor answer `status` to `operation`, when there is a
    /// generic way to; `None` when the sandbox (like the vendor) has no such case to provoke.
    async fn provoking(
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
    fn provoking(
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
    fn existing_id_now(&self, description: &ResourceDescription) -> Option<String> {
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

#[tokio::test]
async fn documented_error_answers_match_the_vendor_error_schema() {
    let specs = [
        load_spec("sailpoint-beta-subset.yaml", "/beta"),
        load_spec("sailpoint-v3-subset.yaml", "/v3"),
        load_spec("acp-1.6.0-admin-developer-subset.yaml", ""),
    ];
    let sailpoint = SailPoint::start().await;
    let cloudentity = Cloudentity::start(&sailpoint.demo).await;
    let raw = RawClient::start(&sailpoint.demo).await;

    let mut validated: BTreeMap<u16, usize> = BTreeMap::new();
    let mut not_provoked: Vec<String> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    for endpoint in endpoints() {
        let name = endpoint["operation"].as_str().unwrap();
        let provider = endpoint["provider"].as_str().unwrap();
        let (description, operation) = operation_named(name).unwrap();
        let schema_for = error_schema(&specs, operation, provider);
        for status in documented_statuses(&specs, &endpoint, operation) {
            if !PROVOKED_ERRORS.contains(&status) {
                continue;
            }
            let provoked = if provider == "sailpoint" {
                sailpoint.provoking(description, operation, status)
            } else {
                cloudentity
                    .provoking(&raw, description, operation, status)
                    .await
            };
            let Some((call, caller)) = provoked else {
                not_provoked.push(format!("{name} {status}"));
                continue;
            };
            let (answered, body) = raw.send(&call, caller).await;
            if answered != status {
                failures.push(format!(
                    "{name}: expected {status}, answered {answered}: {body}"
                ));
                continue;
            }
            let problems = problems_against(&schema_for(status), &body);
            if problems.is_empty() {
                *validated.entry(status).or_default() += 1;
            } else {
                failures.push(format!("{name} {status}: {problems:?}\n{body:#}"));
            }
        }
    }
    let total: usize = validated.values().sum();
    println!(
        "contract: {total} error answers validated against the vendor error schema {validated:?}"
    );
    println!(
        "contract: {} documented errors have no generic way to be provoked: {}",
        not_provoked.len(),
        not_provoked.join(", ")
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for status in PROVOKED_ERRORS {
        assert!(
            validated.get(&status) > Some(&0),
            "no {status} answer was validated"
        );
    }
}
