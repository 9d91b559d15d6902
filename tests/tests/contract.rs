//! Contract test: every operation of `shared/api/endpoints.json` is called through the client
//! against the sandbox; its status must be the seed's and its body must validate against the
//! vendor's own schema in `shared/api/specs/`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use gatehouse_client::cloudentity::SpecificationSource;
use gatehouse_client::{
    ApiRequest, ApiResponse, ClientCredentials, CloudentityClient, RequestBody, ResourceClient,
    SailPointClient,
};
use gatehouse_sandbox::{Faults, Sandbox, SandboxConfig};
use gatehouse_tests::developer::{developer_api, developer_token, developer_token_for_scope};
use gatehouse_tests::{endpoints, shared_dir};
use gatehouse_wire::catalog::{operation_named, GATEWAYS, SERVICES};
use gatehouse_wire::{Operation, ResourceDescription, Verb};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use secrecy::SecretString;
use serde_json::{json, Value};

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

/// The three vendor specs the seeds are checked against: SailPoint beta and v3, and ACP.
fn vendor_specs() -> [VendorSpec; 3] {
    [
        load_spec("sailpoint-beta-subset.yaml", "/beta"),
        load_spec("sailpoint-v3-subset.yaml", "/v3"),
        load_spec("acp-1.6.0-admin-developer-subset.yaml", ""),
    ]
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
            // The authorization code grant would make redirectUris required as well.
            "grantTypes": ["CLIENT_CREDENTIALS", "REFRESH_TOKEN"],
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
        )))
        .with_developer_api(developer_api(sandbox).await);
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
        // The system and developer APIs take only tokens of their own workspace.
        let api = if operation.path.starts_with("/api/system/") {
            self.client.system_api().unwrap()
        } else if operation.path.starts_with("/api/developer/") {
            self.client.developer_api().unwrap()
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

/// The operations whose success body no vendor schema describes, so only their status is
/// checked: `updateAuthentications` is in the seed but not in the vendor's spec. Any other
/// operation falling back to a status-only check fails the contract test.
const STATUS_ONLY: &[&str] = &["updateAuthentications"];

#[tokio::test]
async fn every_operation_answers_as_the_seed_says_with_a_body_the_vendor_schema_accepts() {
    let specs = vendor_specs();
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
    let mut status_only: Vec<&str> = Vec::new();
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
        } else {
            status_only.push(name);
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
    assert_eq!(
        status_only, STATUS_ONLY,
        "only the listed operations are checked by status alone"
    );
    assert_eq!(
        schema_checked,
        endpoints.len() - STATUS_ONLY.len(),
        "every other success body is checked against the vendor's schema (81 today)"
    );
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

#[test]
fn each_operation_documents_the_statuses_the_seed_or_the_spec_does() {
    let specs = vendor_specs();
    for endpoint in endpoints() {
        let (_, operation) = operation_named(endpoint["operation"].as_str().unwrap()).unwrap();
        let mut documented = documented_statuses(&specs, &endpoint, operation);
        documented.sort_unstable();
        let mut catalogued: Vec<u16> = operation.errors.to_vec();
        catalogued.push(operation.status);
        catalogued.sort_unstable();
        assert_eq!(catalogued, documented, "{}", operation.name);
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
    async fn send(&self, call: &RawCall, caller: Caller) -> (u16, Value) {
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
        FieldKind::Integer { .. } | FieldKind::Bool | FieldKind::Object | FieldKind::ObjectList => {
            json!("wrong kind")
        }
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
    let specs = vendor_specs();
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

// --- Request bodies ----------------------------------------------------------------------------

/// The spec's schema of `operation`'s JSON body, unresolved (`$ref` as written); `None` when
/// it takes none (or no JSON: files, forms, text).
fn request_schema(specs: &[VendorSpec], operation: &Operation) -> Option<Value> {
    let (_, described) = spec_of(specs, operation)?;
    let content = &described["requestBody"]["content"];
    let schema = if content.is_object() {
        ["application/json", "application/json-patch+json"]
            .iter()
            .map(|kind| content[kind]["schema"].clone())
            .find(|schema| !schema.is_null())?
    } else {
        described["parameters"]
            .as_array()?
            .iter()
            .find(|parameter| parameter["in"] == "body")?["schema"]
            .clone()
    };
    let resolved = resolved_in(specs, operation, &schema);
    (resolved["type"] == "object"
        || resolved["type"] == "array"
        || resolved["properties"].is_object())
    .then_some(schema)
}

/// `schema` with its own `$ref` (not those inside it) followed.
fn resolved_in(specs: &[VendorSpec], operation: &Operation, schema: &Value) -> Value {
    let (spec, _) = spec_of(specs, operation).unwrap();
    resolved(spec, schema).clone()
}

fn resolved<'s>(spec: &'s VendorSpec, mut schema: &'s Value) -> &'s Value {
    while let Some(reference) = schema["$ref"].as_str() {
        schema = resolve(spec, reference);
    }
    schema
}

/// A date-time the vendors take for "a while from now" (PAT expiry is at most 6 months out).
fn next_month() -> String {
    let time = std::time::SystemTime::now() + std::time::Duration::from_secs(30 * 24 * 3600);
    humantime::format_rfc3339_millis(time).to_string()
}

/// A value `schema` accepts: its example, else its first enum value, else the plainest value
/// of its type, with every property of an object.
fn sample(spec: &VendorSpec, schema: &Value, depth: u32) -> Value {
    let schema = resolved(spec, schema);
    if let Some(first) = ["allOf", "oneOf", "anyOf"]
        .iter()
        .find_map(|key| schema[key].as_array()?.first())
    {
        return sample(spec, first, depth);
    }
    if schema["format"] == "date-time" {
        return json!(next_month());
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema["enum"]
        .as_array()
        .and_then(|choices| choices.first())
    {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds[0].as_str().unwrap_or("string").to_owned(),
        kind => kind.as_str().unwrap_or("object").to_owned(),
    };
    match kind.as_str() {
        "object" if depth < 3 => Value::Object(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, property)| (name.clone(), sample(spec, property, depth + 1)))
                .collect(),
        ),
        "object" => json!({}),
        "array" if depth < 3 => json!([sample(spec, &schema["items"], depth + 1)]),
        "array" => json!([]),
        "integer" => schema["minimum"]
            .as_i64()
            .map_or(json!(1), |min| json!(min.max(1))),
        "number" => json!(1.5),
        "boolean" => json!(false),
        _ => json!(format!(
            "contract-{}",
            CREATED.fetch_add(1, Ordering::Relaxed)
        )),
    }
}

/// The properties `schema` lists, and those it requires.
fn properties(spec: &VendorSpec, schema: &Value) -> (Vec<String>, Vec<String>) {
    let schema = resolved(spec, schema);
    let names = |value: &Value| -> Vec<String> {
        match value {
            Value::Object(map) => map.keys().cloned().collect(),
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    (names(&schema["properties"]), names(&schema["required"]))
}

/// Where a body goes and what it is based on: a create body the vendor accepts, or the current
/// object for an update.
struct Target {
    path: String,
    base: Value,
}

impl Cloudentity {
    async fn target(
        &self,
        raw: &RawClient,
        description: &'static ResourceDescription,
        operation: &Operation,
    ) -> Target {
        let (id, base) = match operation.verb {
            Verb::Create => (String::new(), self.new_object(description.key).await),
            Verb::Update if description.id_param.is_none() => (
                String::new(),
                self.resource(description).get(None).await.unwrap(),
            ),
            _ => {
                let object = self.fresh(description).await;
                (description.id_of(&object).unwrap().to_owned(), object)
            }
        };
        let path = filled(operation, |param| match param {
            "tid" => raw.tenant.clone(),
            "aid" if description.key != "servers" => "default".to_owned(),
            _ => id.clone(),
        });
        Target { path, base }
    }
}

/// The answer to a body, checked: a documented success within the schema, or a documented
/// error within the error schema, never a server error. `Ok(true)` for a success.
struct AnswerCheck<'s> {
    specs: &'s [VendorSpec],
    documented: Vec<u16>,
    operation: &'static Operation,
    provider: &'s str,
}

impl AnswerCheck<'_> {
    fn check(&self, status: u16, body: &Value) -> Result<bool, String> {
        let name = self.operation.name;
        if status >= 500 || !self.documented.contains(&status) {
            return Err(format!("{name}: undocumented {status}: {body}"));
        }
        let (schema, success) = if status == self.operation.status {
            (
                response_schema(self.specs, self.operation, status)
                    .ok()
                    .flatten(),
                true,
            )
        } else if status < 300 {
            return Err(format!(
                "{name}: {status} instead of {}",
                self.operation.status
            ));
        } else {
            (
                Some(error_schema(self.specs, self.operation, self.provider)(
                    status,
                )),
                false,
            )
        };
        let problems = schema.map_or_else(Vec::new, |schema| problems_against(&schema, body));
        if problems.is_empty() {
            Ok(success)
        } else {
            Err(format!("{name} {status}: {problems:#?}\n{body:#}"))
        }
    }
}

/// Every create and update with a JSON object body, by seed entry.
fn object_body_operations() -> Vec<(Value, &'static ResourceDescription, &'static Operation)> {
    endpoints()
        .into_iter()
        .filter_map(|endpoint| {
            let (description, operation) = operation_named(endpoint["operation"].as_str()?)?;
            let writes = matches!(operation.verb, Verb::Create | Verb::Update);
            (writes && operation.method != "PATCH").then_some((endpoint, description, operation))
        })
        .collect()
}

#[tokio::test]
async fn bodies_with_only_the_required_fields_or_every_optional_field_get_documented_answers() {
    let specs = vendor_specs();
    let sailpoint = SailPoint::start().await;
    let cloudentity = Cloudentity::start(&sailpoint.demo).await;
    let raw = RawClient::start(&sailpoint.demo).await;

    let mut sent = 0;
    let mut succeeded = 0;
    let mut failures = Vec::new();
    for (endpoint, description, operation) in object_body_operations() {
        let name = operation.name;
        let provider = endpoint["provider"].as_str().unwrap();
        let Some(schema) = request_schema(&specs, operation) else {
            continue;
        };
        let (spec, _) = spec_of(&specs, operation).unwrap();
        let (listed, spec_required) = properties(spec, &schema);
        // The spec's required list, and what the console and the seed treat as required
        // (ACP's old spec requires nothing, while its API refuses a client without a name).
        let required: Vec<String> = listed
            .iter()
            .filter(|property| {
                spec_required.contains(property)
                    || description
                        .field(property)
                        .is_some_and(|field| field.required)
            })
            .cloned()
            .collect();
        let checker = AnswerCheck {
            specs: &specs,
            documented: documented_statuses(&specs, &endpoint, operation),
            operation,
            provider,
        };
        for every_optional in [false, true] {
            // A singleton is created on a tenant that has none yet.
            let on_empty_tenant;
            let (raw, target) = match operation.verb {
                Verb::Create if description.is_singleton() => {
                    let empty = Sandbox::start(SandboxConfig {
                        demo_data: false,
                        ..SandboxConfig::default()
                    })
                    .await
                    .unwrap();
                    on_empty_tenant = (RawClient::start(&empty).await, empty);
                    let target = Target {
                        path: operation.path.to_owned(),
                        base: new_object(description.key),
                    };
                    (&on_empty_tenant.0, target)
                }
                _ if provider == "sailpoint" => {
                    let base = match operation.verb {
                        Verb::Create => new_object(description.key),
                        _ => sailpoint.demo.password_org_config().unwrap_or_default(),
                    };
                    let path = operation.path.to_owned();
                    (&raw, Target { path, base })
                }
                _ => (&raw, cloudentity.target(&raw, description, operation).await),
            };
            let body: serde_json::Map<String, Value> = listed
                .iter()
                .filter(|property| every_optional || required.contains(property))
                .map(|property| {
                    let value = target.base.get(property).cloned().unwrap_or_else(|| {
                        sample(spec, &resolved(spec, &schema)["properties"][property], 1)
                    });
                    (property.clone(), value)
                })
                .collect();
            let call = RawCall {
                method: operation.method,
                path: target.path,
                query: None,
                body: Some(Body::json(&Value::Object(body.clone()))),
            };
            let (status, answer) = raw.send(&call, Caller::Authorized).await;
            sent += 1;
            match checker.check(status, &answer) {
                Ok(true) => succeeded += 1,
                // The required fields alone, and every optional field too, with values the
                // vendor's schema allows, must succeed.
                Ok(false) if !every_optional => failures.push(format!(
                    "{name}: the required fields alone were refused with {status}: {answer}\n{body:?}"
                )),
                Ok(false) => failures.push(format!(
                    "{name}: every optional field was refused with {status}: {answer}\n{body:?}"
                )),
                Err(problem) => failures.push(format!("{problem}\nsent {body:?}")),
            }
        }
    }
    println!(
        "contract: {sent} bodies with only the required or every optional field, {succeeded} accepted"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(sent >= 50, "only {sent} bodies were sent");
    assert_eq!(succeeded, sent, "every body the schema allows is accepted");
}

// --- Generated bodies ----------------------------------------------------------------------------

/// Generated requests per operation: enough to wander the schema, few enough for seconds.
const GENERATED_PER_OPERATION: u32 = 8;

/// Values `schema` describes, of its kinds and ranges; with `wrong_kinds`, now and then one of
/// another kind, which the vendor must refuse rather than store.
fn generated(
    spec: &VendorSpec,
    schema: &Value,
    depth: u32,
    wrong_kinds: bool,
    modeled: &dyn Fn(&str) -> bool,
) -> BoxedStrategy<Value> {
    let typed = typed(spec, resolved(spec, schema), depth, modeled);
    if wrong_kinds {
        prop_oneof![9 => typed, 1 => any_scalar()].boxed()
    } else {
        typed
    }
}

fn any_scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..3).prop_map(Value::from),
        "[a-z]{0,6}".prop_map(Value::from),
    ]
    .boxed()
}

/// Values of `schema`'s own kinds. Wrong kinds go only into the body itself and the top-level
/// properties the sandbox models (`modeled`): those it checks as the vendor does, while it
/// keeps the others as sent.
fn typed(
    spec: &VendorSpec,
    schema: &Value,
    depth: u32,
    modeled: &dyn Fn(&str) -> bool,
) -> BoxedStrategy<Value> {
    for key in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[key].as_array() {
            let each = choices
                .iter()
                .map(|choice| generated(spec, choice, depth, false, modeled));
            return Union::new(each).boxed();
        }
    }
    if let Some(first) = schema["allOf"].as_array().and_then(|parts| parts.first()) {
        return typed(spec, resolved(spec, first), depth, modeled);
    }
    if let Some(choices) = schema["enum"].as_array() {
        return proptest::sample::select(choices.clone()).boxed();
    }
    if schema["format"] == "date-time" {
        let times = vec![
            json!(next_month()),
            json!("2020-01-01T00:00:00Z"),
            json!("not a time"),
        ];
        return proptest::sample::select(times).boxed();
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds[0].as_str().unwrap_or("string"),
        kind => kind
            .as_str()
            .unwrap_or(if schema["properties"].is_object() {
                "object"
            } else {
                "string"
            }),
    };
    match kind {
        "object" => {
            let required = schema["required"].as_array().cloned().unwrap_or_default();
            let is_required = |name: &str| required.contains(&Value::from(name));
            // Deep down only what is required, so generation ends.
            let entries: Vec<BoxedStrategy<Option<(String, Value)>>> = schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(name, _)| depth < 3 || is_required(name))
                .map(|(name, property)| {
                    let wrong_kinds = depth == 0 && modeled(name);
                    let value = generated(spec, property, depth + 1, wrong_kinds, modeled);
                    // Nested objects keep what they require: the sandbox checks the body's own
                    // properties only, and keeps nested values as sent.
                    let kept = depth > 0 && is_required(name);
                    let value = if kept {
                        value.prop_map(Some).boxed()
                    } else {
                        proptest::option::of(value).boxed()
                    };
                    let name = name.clone();
                    value
                        .prop_map(move |value| value.map(|value| (name.clone(), value)))
                        .boxed()
                })
                .collect();
            entries
                .prop_map(|entries| Value::Object(entries.into_iter().flatten().collect()))
                .boxed()
        }
        "array" if depth < 3 => proptest::collection::vec(
            generated(spec, &schema["items"], depth + 1, false, modeled),
            0..3,
        )
        .prop_map(Value::Array)
        .boxed(),
        "array" => Just(json!([])).boxed(),
        "integer" => {
            let min = schema["minimum"].as_i64().unwrap_or(-10);
            let max = schema["maximum"].as_i64().unwrap_or(100_000);
            prop_oneof![8 => min..=max, 1 => Just(min - 1), 1 => Just(max + 1)]
                .prop_map(Value::from)
                .boxed()
        }
        "number" => (-100.0..100.0f64).prop_map(Value::from).boxed(),
        "boolean" => any::<bool>().prop_map(Value::from).boxed(),
        _ => {
            let example = schema["example"].as_str().unwrap_or("example").to_owned();
            prop_oneof![
                Just(Value::from(example)),
                "[a-zA-Z0-9 ._-]{0,12}".prop_map(Value::from)
            ]
            .boxed()
        }
    }
}

/// RFC 6902 patches of the resource's own properties (and a made-up one), with the values
/// the spec's `JsonPatchOperation` allows.
fn patches(
    spec: &VendorSpec,
    schema: &Value,
    description: &ResourceDescription,
) -> BoxedStrategy<Value> {
    let operation = resolved(spec, &resolved(spec, schema)["items"]).clone();
    let ops: Vec<Value> = operation["properties"]["op"]["enum"]
        .as_array()
        .unwrap()
        .clone();
    let mut paths: Vec<String> = description
        .fields
        .iter()
        .map(|field| format!("/{}", field.name))
        .collect();
    paths.push("/madeUp".to_owned());
    let value = generated(spec, &operation["properties"]["value"], 1, true, &|_| true);
    let one = (
        proptest::sample::select(ops),
        proptest::sample::select(paths),
        proptest::option::of(value),
    )
        .prop_map(|(op, path, value)| {
            let mut operation = json!({"op": op, "path": path});
            if let Some(value) = value {
                operation["value"] = value;
            }
            operation
        });
    proptest::collection::vec(one, 1..3)
        .prop_map(Value::Array)
        .boxed()
}

#[test]
fn generated_bodies_get_documented_answers_and_never_a_server_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let specs = vendor_specs();
    let (sailpoint, cloudentity, raw) = runtime.block_on(async {
        let sailpoint = SailPoint::start().await;
        let cloudentity = Cloudentity::start(&sailpoint.demo).await;
        let raw = RawClient::start(&sailpoint.demo).await;
        (sailpoint, cloudentity, raw)
    });

    // Counted from inside the runner's closure, which may only borrow.
    let (sent, server_errors, accepted) = (Cell::new(0u32), Cell::new(0u32), Cell::new(0u32));
    let mut operations = 0u32;
    let endpoints = endpoints();
    for endpoint in &endpoints {
        let name = endpoint["operation"].as_str().unwrap();
        let provider = endpoint["provider"].as_str().unwrap();
        let (description, operation) = operation_named(name).unwrap();
        if !matches!(operation.verb, Verb::Create | Verb::Update) {
            continue;
        }
        let Some(schema) = request_schema(&specs, operation) else {
            continue;
        };
        let (spec, _) = spec_of(&specs, operation).unwrap();
        let (path, bodies, body_of): (String, BoxedStrategy<Value>, fn(&Value) -> Body) =
            if operation.method == "PATCH" {
                let id = sailpoint.existing_id_now(description).unwrap();
                let path = filled(operation, |_| id.clone());
                (path, patches(spec, &schema, description), Body::json_patch)
            } else {
                let modeled = |name: &str| description.field(name).is_some();
                let bodies = generated(spec, &schema, 0, true, &modeled);
                let path = if provider == "sailpoint" {
                    operation.path.to_owned()
                } else {
                    let target = cloudentity.target(&raw, description, operation);
                    runtime.block_on(target).path
                };
                (path, bodies, Body::json)
            };
        let checker = AnswerCheck {
            specs: &specs,
            documented: documented_statuses(&specs, endpoint, operation),
            operation,
            provider,
        };
        let mut runner = TestRunner::new(ProptestConfig {
            cases: GENERATED_PER_OPERATION,
            failure_persistence: None,
            ..ProptestConfig::default()
        });
        let outcome = runner.run(&bodies, |body| {
            let call = RawCall {
                method: operation.method,
                path: path.clone(),
                query: None,
                body: Some(body_of(&body)),
            };
            let (status, answer) = runtime.block_on(raw.send(&call, Caller::Authorized));
            sent.set(sent.get() + 1);
            server_errors.set(server_errors.get() + u32::from(status >= 500));
            match checker.check(status, &answer) {
                Ok(success) => {
                    accepted.set(accepted.get() + u32::from(success));
                    Ok(())
                }
                Err(problem) => Err(TestCaseError::fail(format!("{problem}\nsent {body}"))),
            }
        });
        if let Err(failure) = outcome {
            panic!("{name}: {failure}");
        }
        operations += 1;
    }
    let (sent, server_errors, accepted) = (sent.get(), server_errors.get(), accepted.get());
    println!(
        "contract: {sent} generated requests over {operations} operations, {accepted} accepted, {server_errors} server errors"
    );
    assert_eq!(server_errors, 0);
    assert!(
        operations >= 25,
        "only {operations} operations take a generated body"
    );
    assert!(sent >= operations * GENERATED_PER_OPERATION);
}
