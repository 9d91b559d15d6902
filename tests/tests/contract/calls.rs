//! Calling every operation through the client: the objects each needs, per vendor.

use super::*;

/// What a test needs to call any SailPoint operation: the client on a demo tenant, and one on
/// an empty tenant for creating singletons.
pub(crate) struct SailPoint {
    pub(crate) demo: Sandbox,
    pub(crate) client: SailPointClient,
    pub(crate) empty_client: SailPointClient,
    pub(crate) _empty: Sandbox,
}

pub(crate) fn client_for(sandbox: &Sandbox) -> SailPointClient {
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
pub(crate) static CREATED: AtomicUsize = AtomicUsize::new(1);

/// A create body the vendor accepts, per resource.
pub(crate) fn new_object(key: &str) -> Value {
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
pub(crate) fn edit(key: &str, original: &Value) -> Value {
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
    pub(crate) async fn start() -> Self {
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
    pub(crate) async fn existing_id(
        &self,
        description: &'static ResourceDescription,
    ) -> Option<String> {
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

    pub(crate) async fn call(
        &self,
        description: &'static ResourceDescription,
        verb: Verb,
    ) -> ApiResponse {
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
    pub(crate) async fn read(
        &self,
        description: &'static ResourceDescription,
        id: Option<&str>,
    ) -> Value {
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

pub(crate) async fn execute(client: &SailPointClient, request: &ApiRequest) -> ApiResponse {
    client
        .api()
        .execute(request)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", request.operation))
}

/// Calls of the Cloudentity operations against the same sandbox (its demo tenant).
pub(crate) struct Cloudentity {
    pub(crate) client: CloudentityClient,
    pub(crate) spec_server: String,
}

/// A tiny HTTP server with an OpenAPI document, for the import by URL.
pub(crate) async fn serve_specification() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/openapi.json",
        axum::routing::get(|| async { axum::Json(openapi_document()) }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/openapi.json")
}

pub(crate) fn openapi_document() -> Value {
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

pub(crate) fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", CREATED.fetch_add(1, Ordering::Relaxed))
}

impl Cloudentity {
    pub(crate) async fn start(sandbox: &Sandbox) -> Self {
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

    pub(crate) fn resource(&self, description: &'static ResourceDescription) -> ResourceClient<'_> {
        self.client.resource(description).with("aid", "default")
    }

    /// A create body the vendor accepts, per resource.
    pub(crate) async fn new_object(&self, key: &str) -> Value {
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
    pub(crate) async fn fresh(&self, description: &'static ResourceDescription) -> Value {
        let body = Box::pin(self.new_object(description.key)).await;
        self.resource(description).create(&body).await.unwrap()
    }

    pub(crate) fn edit(key: &str, original: &Value) -> Value {
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

    pub(crate) async fn call(
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

    pub(crate) async fn action(
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

pub(crate) fn check_body(
    specs: &[VendorSpec],
    operation: &Operation,
    response: &ApiResponse,
) -> bool {
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
pub(crate) const STATUS_ONLY: &[&str] = &["updateAuthentications"];
