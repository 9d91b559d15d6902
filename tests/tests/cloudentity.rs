//! The Cloudentity client against the sandbox over HTTP: no data loss on whole-object PUTs,
//! relations between resources, specification import, the gateway package, the export, the
//! developer view, and each error path.

use std::io::Read;
use std::time::Duration;

use gatehouse_client::cloudentity::{
    Claim, Client, Consent, ConsentAction, DataClassificationFilter, Gateway, GrantType, Policy,
    Scope, Server, Service, SpecificationSource, Tenant,
};
use gatehouse_client::{ClientError, CloudentityClient, RequestBody, Resource, RetryPolicy};
use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig, Vendor};
use gatehouse_tests::developer::developer_api;
use gatehouse_tests::{
    admin_token_url, api_with_tokens_from, assert_forbidden, cloudentity_client as client,
    cloudentity_client_as as client_as, requests_to, system_token_url, unlimited_sandbox,
    vendor_error,
};
use gatehouse_wire::catalog::{CLIENTS, DEVELOPER_CLIENTS, SERVERS, SERVICES};
use gatehouse_wire::Verb;
use serde_json::{json, Value};

#[tokio::test]
async fn a_read_modify_write_keeps_every_field_the_app_does_not_model() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    let servers = acp.resource(&SERVERS);
    let unknown = json!({
        "dynamic_client_registration": {"enabled": true, "initial_access_token": {"required": false}},
        "x_feature_from_a_newer_release": {"levels": [1, 2, 3], "mode": "strict"},
        "rotated_secrets": ["old-secret-that-must-stay-0123456789"]
    });
    let mut body = json!({"id": "payments", "name": "Payments"});
    body.as_object_mut()
        .unwrap()
        .extend(unknown.as_object().unwrap().clone());
    servers.create(&body).await.unwrap();

    let original = servers.get(Some("payments")).await.unwrap();
    let mut edited = original.clone();
    edited["name"] = json!("Payments (EU)");
    edited["access_token_ttl"] = json!("30m0s");
    servers
        .update(Some("payments"), &original, &edited)
        .await
        .unwrap();

    let put = sandbox
        .requests()
        .into_iter()
        .find(|request| request.method == "PUT")
        .unwrap();
    let sent = put.body.unwrap();
    let stored = sandbox
        .cloudentity_objects("servers")
        .into_iter()
        .find(|server| server["id"] == "payments")
        .unwrap();
    for (field, value) in unknown.as_object().unwrap() {
        assert_eq!(&sent[field], value, "{field} was sent back");
        assert_eq!(&stored[field], value, "{field} survived the update");
    }
    assert_eq!(stored["name"], "Payments (EU)");
    assert_eq!(stored["access_token_ttl"], "30m0s");
}

#[tokio::test]
async fn typed_models_send_back_what_they_do_not_model() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    acp.resource(&SERVERS)
        .create(&json!({
            "id": "payments",
            "name": "Payments",
            "grant_types": ["client_credentials"],
            "x_feature_from_a_newer_release": {"levels": [1, 2, 3]},
            "rotated_secrets": ["old-secret-that-must-stay-0123456789"]
        }))
        .await
        .unwrap();
    let servers = acp.typed::<Server>();
    let original = servers.get("payments").await.unwrap();
    assert_eq!(
        original.grant_types.as_deref().unwrap(),
        [GrantType::ClientCredentials]
    );
    assert!(original
        .other
        .contains_key("x_feature_from_a_newer_release"));
    let hashing_secret = sandbox
        .cloudentity_objects("servers")
        .into_iter()
        .find(|server| server["id"] == "payments")
        .unwrap()["secret"]
        .clone();
    assert!(
        !format!("{original:?}").contains(hashing_secret.as_str().unwrap()),
        "secrets never print"
    );

    let mut edited = original.clone();
    edited.name = Some("Payments (EU)".into());
    edited.enforce_pkce = Some(true);
    let saved = servers
        .update("payments", &original, &edited)
        .await
        .unwrap();
    assert_eq!(saved.name.as_deref(), Some("Payments (EU)"));

    let sent = sandbox
        .requests()
        .into_iter()
        .find(|request| request.method == "PUT")
        .unwrap()
        .body
        .unwrap();
    assert_eq!(
        sent["x_feature_from_a_newer_release"],
        json!({"levels": [1, 2, 3]})
    );
    assert_eq!(
        sent["rotated_secrets"],
        json!(["old-secret-that-must-stay-0123456789"])
    );
    assert_eq!(sent["grant_types"], json!(["client_credentials"]));
    assert_eq!(
        sent["secret"],
        json!("REDACTED"),
        "sent (the stored copy below shows it arrived) and kept out of the request log"
    );
    assert!(
        sent.get("color").is_none(),
        "an absent field is not sent as null"
    );
    let stored = sandbox
        .cloudentity_objects("servers")
        .into_iter()
        .find(|server| server["id"] == "payments")
        .unwrap();
    assert_eq!(
        stored["secret"], hashing_secret,
        "the secret was sent back, not lost"
    );
    assert_eq!(
        stored["x_feature_from_a_newer_release"]["levels"],
        json!([1, 2, 3])
    );
    assert_eq!(stored["enforce_pkce"], true);
}

/// Lists a model through its typed API (per server where the vendor lists it so) and checks
/// that every stored object decoded.
async fn decodes_every<K: Resource>(acp: &CloudentityClient, sandbox: &Sandbox, per_server: bool) {
    let collection = K::DESCRIPTION.key;
    let decoded = if per_server {
        let mut all = Vec::new();
        for server in acp.typed::<Server>().list(&[]).await.unwrap() {
            let id = server.id.unwrap();
            all.extend(acp.typed_of_server::<K>(&id).list(&[]).await.unwrap());
        }
        all
    } else {
        acp.typed::<K>().list(&[]).await.unwrap()
    };
    assert_eq!(
        decoded.len(),
        sandbox.cloudentity_objects(collection).len(),
        "{collection}"
    );
    assert!(
        !decoded.is_empty(),
        "{collection}: the demo tenant has some"
    );
}

#[tokio::test]
async fn every_demo_object_decodes_into_its_model() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    decodes_every::<Server>(&acp, &sandbox, false).await;
    decodes_every::<Client>(&acp, &sandbox, true).await;
    decodes_every::<Scope>(&acp, &sandbox, true).await;
    decodes_every::<Claim>(&acp, &sandbox, true).await;
    decodes_every::<Policy>(&acp, &sandbox, false).await;
    decodes_every::<Service>(&acp, &sandbox, true).await;
    decodes_every::<Gateway>(&acp, &sandbox, true).await;
    decodes_every::<Consent>(&acp, &sandbox, false).await;
    decodes_every::<ConsentAction>(&acp, &sandbox, false).await;
    let tenant = acp.typed::<Tenant>().get("demo").await.unwrap();
    assert_eq!(tenant.id.as_deref(), Some("demo"));
    let api = sandbox.cloudentity_objects("apis").remove(0);
    let typed = acp
        .typed::<gatehouse_client::cloudentity::ServiceApi>()
        .get(api["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(typed.path.as_deref(), api["path"].as_str());
}

#[tokio::test]
async fn per_server_lists_agree_with_the_objects_and_follow_a_deleted_server() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    let created = acp
        .resource(&CLIENTS)
        .create(&json!({"client_name": "Partner batch", "authorization_server_id": "partners"}))
        .await
        .unwrap();
    let id = created["client_id"].as_str().unwrap();
    assert!(created["client_secret"]
        .as_str()
        .is_some_and(|secret| secret.len() >= 32));

    let names = |items: Vec<Value>| -> Vec<String> {
        items
            .iter()
            .map(|item| item["client_id"].as_str().unwrap().to_owned())
            .collect()
    };
    let partners = names(acp.of_server(&CLIENTS, "partners").list(&[]).await.unwrap());
    let default = names(acp.of_server(&CLIENTS, "default").list(&[]).await.unwrap());
    assert_eq!(partners, [id]);
    assert!(!default.contains(&id.to_owned()));
    let stored = sandbox.cloudentity_objects("clients");
    assert_eq!(
        default.len() + partners.len(),
        stored.len(),
        "every stored client is listed under its server"
    );

    acp.resource(&SERVERS).delete("partners").await.unwrap();
    let error = acp
        .of_server(&CLIENTS, "partners")
        .list(&[])
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert!(
        sandbox
            .cloudentity_objects("clients")
            .iter()
            .all(|client| client["client_id"] != id),
        "a deleted server takes its clients along"
    );
}

#[tokio::test]
async fn importing_a_specification_creates_its_apis_and_removing_it_removes_them() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    let service = acp
        .resource(&SERVICES)
        .create(&json!({"name": "Payments", "authorization_server_id": "default"}))
        .await
        .unwrap();
    let service_id = service["id"].as_str().unwrap();
    let yaml = "openapi: 3.0.0\ninfo: {title: Payments, version: '1'}\npaths:\n  /payments:\n    get: {responses: {'200': {description: ok}}}\n    post: {responses: {'201': {description: created}}}\n  /payments/{id}:\n    delete: {responses: {'204': {description: gone}}}\n";
    let imported = acp
        .import_specification(
            service_id,
            SpecificationSource::Text(yaml.into()),
            Some("pyron"),
        )
        .await
        .unwrap();
    let created: Vec<(String, String)> = imported["created_apis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|api| {
            (
                api["method"].as_str().unwrap().into(),
                api["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        created,
        [
            ("GET".to_owned(), "/payments".to_owned()),
            ("POST".to_owned(), "/payments".to_owned()),
            ("DELETE".to_owned(), "/payments/{id}".to_owned())
        ]
    );
    let query = sandbox
        .requests()
        .into_iter()
        .find(|request| request.path.ends_with("/apis/import/text"))
        .unwrap()
        .query;
    assert_eq!(query.as_deref(), Some("gateway_type=pyron"));
    let listed = acp
        .apis_by_service(service_id, &DataClassificationFilter::All)
        .await
        .unwrap();
    assert_eq!(listed.len(), 3);
    let by_server = acp
        .apis_by_server("default", &DataClassificationFilter::All)
        .await
        .unwrap();
    assert_eq!(
        by_server["apis_by_services"][service_id]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let stored = acp.resource(&SERVICES).get(Some(service_id)).await.unwrap();
    assert_eq!(stored["with_specification"], true);

    // The demo Accounts API has one classified API and one without.
    let classified = acp
        .apis_by_server(
            "default",
            &DataClassificationFilter::Any(vec!["PII".into()]),
        )
        .await
        .unwrap();
    let unclassified = acp
        .apis_by_server("default", &DataClassificationFilter::Unclassified)
        .await
        .unwrap();
    let count = |answer: &Value| -> usize {
        answer["apis_by_services"]
            .as_object()
            .unwrap()
            .values()
            .map(|apis| apis.as_array().unwrap().len())
            .sum()
    };
    assert_eq!(count(&classified), 1);
    assert_eq!(count(&unclassified), 3 + 1);

    let removed = acp.remove_specification(service_id).await.unwrap();
    assert_eq!(removed["removed_apis"].as_array().unwrap().len(), 3);
    assert!(acp
        .apis_by_service(service_id, &DataClassificationFilter::All)
        .await
        .unwrap()
        .is_empty());

    let broken = acp
        .import_specification(
            service_id,
            SpecificationSource::Text("just words".into()),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(
        vendor_error(broken, 422).detail_code.as_deref(),
        Some("invalid specification")
    );
}

#[tokio::test]
async fn the_gateway_package_downloads_as_a_real_archive() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    let gateway = sandbox.cloudentity_objects("gateways").remove(0);
    let gateway_id = gateway["id"].as_str().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("gateway.tar.gz");
    let size = acp.save_gateway_package(gateway_id, &path).await.unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len() as usize, size);

    let file = std::fs::File::open(&path).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut config = None;
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.path().unwrap().ends_with("config.json") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            config = Some(serde_json::from_str::<Value>(&text).unwrap());
        }
    }
    let config = config.expect("the archive holds the gateway configuration");
    assert_eq!(config["gateway_id"], gateway["id"]);
    assert_eq!(config["client_id"], gateway["client_id"]);
}

#[tokio::test]
async fn the_export_holds_the_whole_tenant_in_the_seed_shape() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    let export = acp.export_configuration(Some("demo")).await.unwrap();
    let mut keys: Vec<&str> = export
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "apis",
            "claims",
            "clients",
            "consent_actions",
            "consents",
            "policies",
            "scopes_without_service",
            "servers",
            "services",
            "tenants"
        ]
    );
    for (key, collection) in [
        ("servers", "servers"),
        ("clients", "clients"),
        ("claims", "claims"),
        ("policies", "policies"),
        ("apis", "apis"),
        ("consents", "consents"),
        ("consent_actions", "consent-actions"),
    ] {
        assert_eq!(
            export[key].as_array().unwrap().len(),
            sandbox.cloudentity_objects(collection).len(),
            "{key}"
        );
    }
    let other = acp
        .export_configuration(Some("someone-else"))
        .await
        .unwrap();
    assert!(other["servers"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_export_takes_a_system_token_and_the_admin_api_a_tenant_one() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let credentials = sandbox.credentials();
    let built_in = (
        credentials.cloudentity_client_id.as_str(),
        credentials.cloudentity_client_secret.as_str(),
    );
    let tenant = &credentials.cloudentity_tenant_id;
    let api = |token_url: String| {
        api_with_tokens_from(&sandbox, built_in, token_url, RetryPolicy::STANDARD)
    };

    let admin_only = CloudentityClient::with_api(api(admin_token_url(&sandbox)), tenant);
    let error = admin_only.export_configuration(None).await.unwrap_err();
    assert!(matches!(error, ClientError::Invalid { .. }), "{error}");
    assert_eq!(
        requests_to(&sandbox, "GET", "/api/system/configuration").len(),
        0
    );

    // Each API given the other's token: the vendor's 401, after one token refresh.
    let crossed = CloudentityClient::with_api(api(system_token_url(&sandbox)), tenant)
        .with_system_api(api(admin_token_url(&sandbox)));
    for error in [
        crossed.export_configuration(None).await.unwrap_err(),
        crossed.resource(&SERVERS).list(&[]).await.unwrap_err(),
    ] {
        let refused = vendor_error(error, 401);
        assert!(
            refused.messages.join(" ").contains("another workspace"),
            "{refused:?}"
        );
    }
    // Refused tokens are counted, not logged: each call tried twice, around one refresh.
    assert_eq!(
        requests_to(&sandbox, "GET", "/api/system/configuration").len(),
        0
    );
    assert_eq!(sandbox.unauthenticated_requests(), 4);
}

#[tokio::test]
async fn developers_see_only_the_clients_they_own() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox).with_developer_api(developer_api(&sandbox).await);
    let developer = acp.resource(&DEVELOPER_CLIENTS);
    let owned = developer.list(&[]).await.unwrap();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0]["client_name"], "Partner portal");

    let admin_only = sandbox
        .cloudentity_objects("clients")
        .into_iter()
        .find(|client| client["developer_id"].is_null())
        .unwrap();
    let hidden = developer
        .get(admin_only["client_id"].as_str())
        .await
        .unwrap_err();
    assert_eq!(hidden.status(), Some(404));

    let created = developer
        .create(&json!({"client_name": "Hackathon app", "authorization_server_id": "default"}))
        .await
        .unwrap();
    assert_eq!(developer.list(&[]).await.unwrap().len(), 2);
    let stored = acp
        .resource(&CLIENTS)
        .get(created["client_id"].as_str())
        .await
        .unwrap();
    assert_eq!(stored["developer_id"], created["developer_id"]);
    assert!(!stored["developer_id"].is_null());
}

#[tokio::test]
async fn privacy_ledger_events_filter_by_subject_and_time() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    assert_eq!(
        acp.privacy_ledger_events(None, None, None)
            .await
            .unwrap()
            .len(),
        3
    );
    let alice = acp
        .privacy_ledger_events(Some("alice@acme.example"), None, None)
        .await
        .unwrap();
    assert_eq!(alice.len(), 2);
    // 2026-11-10T00:00:00Z onwards.
    let recent = acp
        .privacy_ledger_events(Some("alice@acme.example"), Some(1_794_268_800), None)
        .await
        .unwrap();
    assert_eq!(recent.len(), 1);
    assert!(recent[0]["payload"]["consent_withdrawn"].is_object());
}

#[tokio::test]
async fn invalid_bodies_duplicates_and_missing_objects_answer_in_the_vendor_shape() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    let clients = acp.resource(&CLIENTS);

    // A body that is not JSON is a 400 where the seed documents one (servers), else the 422
    // it does document (clients).
    for (resource, status) in [(&SERVERS, 400), (&CLIENTS, 422)] {
        let malformed = acp
            .resource(resource)
            .request(Verb::Create, None)
            .unwrap()
            .body(RequestBody::Text("{not json".into()));
        let error = acp.api().execute(&malformed).await.unwrap_err();
        assert_eq!(
            vendor_error(error, status).messages,
            ["the body must be a JSON object"]
        );
    }

    let invalid = clients
        .create(&json!({"client_name": "X", "authorization_server_id": "default", "grant_types": ["telepathy"]}))
        .await
        .unwrap_err();
    let invalid = vendor_error(invalid, 422);
    assert!(
        invalid.messages.join(" ").contains("telepathy"),
        "{invalid:?}"
    );

    let duplicate = acp
        .resource(&SERVERS)
        .create(&json!({"id": "default", "name": "Again"}))
        .await
        .unwrap_err();
    assert_eq!(
        vendor_error(duplicate, 409).detail_code.as_deref(),
        Some("conflict")
    );

    let missing = clients.get(Some("no-such-client")).await.unwrap_err();
    assert_eq!(
        vendor_error(missing, 404).detail_code.as_deref(),
        Some("not found")
    );
    let orphan = clients
        .create(&json!({"client_name": "Orphan", "authorization_server_id": "nowhere"}))
        .await
        .unwrap_err();
    assert_eq!(orphan.status(), Some(404));
}

#[tokio::test]
async fn tokens_are_refreshed_once_and_scopes_are_enforced() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    acp.resource(&SERVERS).list(&[]).await.unwrap();
    sandbox.expire_tokens();
    acp.resource(&SERVERS).list(&[]).await.unwrap();
    assert_eq!(
        requests_to(&sandbox, "POST", "/demo/admin/oauth2/token").len(),
        2
    );

    let (id, secret) = sandbox.add_limited_client(Vendor::Cloudentity, &["view_configuration"]);
    let viewer = client_as(&sandbox, &id, &secret, RetryPolicy::STANDARD);
    assert_eq!(viewer.resource(&SERVERS).list(&[]).await.unwrap().len(), 2);
    let refused = viewer
        .resource(&SERVERS)
        .create(&json!({"name": "Not mine to make"}))
        .await
        .unwrap_err();
    assert_forbidden(refused, "forbidden", "manage_configuration");
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_failures_retried_only_where_safe() {
    let sandbox = unlimited_sandbox(SandboxConfig::default()).await;
    let acp = client(&sandbox);
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 1,
            window: Duration::from_secs(1),
        }),
        ..Faults::default()
    });
    acp.resource(&SERVERS).list(&[]).await.unwrap();
    acp.resource(&SERVERS).list(&[]).await.unwrap();
    let limited = sandbox
        .requests()
        .iter()
        .filter(|request| request.status == 429)
        .count();
    assert_eq!(limited, 1, "one 429, waited out, then success");

    // Beyond the bound the 429 is reported at once, with the vendor's wait, for the countdown.
    let credentials = sandbox.credentials();
    let hasty = client_as(
        &sandbox,
        &credentials.cloudentity_client_id,
        &credentials.cloudentity_client_secret,
        RetryPolicy {
            max_rate_limit_wait: Duration::from_millis(500),
            ..RetryPolicy::STANDARD
        },
    );
    let error = hasty.resource(&SERVERS).list(&[]).await.unwrap_err();
    assert!(
        matches!(error, ClientError::RateLimited { retry_after: Some(wait), .. } if wait == Duration::from_secs(1)),
        "{error}"
    );

    sandbox.set_faults(Faults {
        server_errors_percent: 100,
        ..Faults::default()
    });
    let before_get = requests_to(&sandbox, "GET", "/api/admin/demo/servers").len();
    let error = acp.resource(&SERVERS).list(&[]).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        requests_to(&sandbox, "GET", "/api/admin/demo/servers").len() - before_get,
        3
    );

    let error = acp
        .resource(&SERVERS)
        .create(&json!({"name": "Once"}))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        requests_to(&sandbox, "POST", "/api/admin/demo/servers").len(),
        1,
        "never repeated"
    );
}
