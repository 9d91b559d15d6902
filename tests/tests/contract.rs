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
use gatehouse_tests::{endpoints, id, shared_dir};
use gatehouse_wire::catalog::{operation_named, GATEWAYS, SERVICES};
use gatehouse_wire::{Operation, ResourceDescription, Verb};
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use secrecy::SecretString;
use serde_json::{json, Value};

#[path = "contract/bodies.rs"]
mod bodies;
#[path = "contract/calls.rs"]
mod calls;
#[path = "contract/errors.rs"]
mod errors;
#[path = "contract/generated.rs"]
mod generated;
#[path = "contract/schema.rs"]
mod schema;

use bodies::*;
use calls::*;
use errors::*;
use generated::*;
use schema::*;

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
