//! Generated tenants for the benchmark: a timed compare of two large exports (two
//! 10,000-object exports compared in under a second, optimised: `examples/compare_exports.rs`
//! runs it), and a Cloudentity tenant spread over many servers for the export's run against
//! the rate limit.

use std::time::{Duration, Instant};

use gatehouse_wire::Vendor;
use serde_json::{json, Value};

use crate::compare::compare;
use crate::error::Result;
use crate::model::{prepare, ExportOptions, Resources, Snapshot};

/// `objects` Cloudentity clients, each with lists, nesting and a secret.
pub fn synthetic_snapshot(objects: usize) -> Snapshot {
    let clients: Vec<Value> = (0..objects)
        .map(|index| {
            json!({
                "client_id": format!("client-{index:06}"),
                "client_name": format!("Client {index}"),
                "authorization_server_id": format!("server-{}", index % 20),
                "grant_types": ["refresh_token", "client_credentials", "authorization_code"],
                "redirect_uris": [format!("https://app{index}.example/cb"), "https://b.example/cb"],
                "scopes": ["openid", "profile", "email"],
                "client_secret": format!("secret-{index}"),
                "jwks": {"keys": [{"kid": format!("k{index}"), "kty": "RSA", "n": "abc", "e": "AQAB"}]},
                "trusted": index % 2 == 0,
            })
        })
        .collect();
    Snapshot {
        vendor: Vendor::Cloudentity,
        base_url: "https://acme.example".into(),
        tenant: "acme".into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        exported_at: "2026-01-01T00:00:00Z".into(),
        resources: Resources::from([("clients".to_owned(), clients)]),
        failures: Vec::new(),
    }
}

/// Objects each generated server holds: clients, scopes and claims.
const PER_SERVER: (usize, usize, usize) = (30, 12, 7);

/// A Cloudentity tenant `tenant_id`: its settings and `servers` authorization servers, each
/// holding 30 clients, 12 scopes and 7 claims (50 objects a server), so an export of it needs
/// one list per server and resource, as a real tenant's does.
pub fn synthetic_tenant(tenant_id: &str, servers: usize) -> Snapshot {
    let (clients, scopes, claims) = PER_SERVER;
    let mut resources = Resources::new();
    let mut push =
        |key: &str, object: Value| resources.entry(key.to_owned()).or_default().push(object);
    push(
        "tenant",
        json!({"id": tenant_id, "name": "Generated tenant", "url": format!("https://acme.example/{tenant_id}")}),
    );
    for server in 0..servers {
        let server_id = format!("server-{server:03}");
        push(
            "servers",
            json!({
                "id": server_id,
                "tenant_id": tenant_id,
                "name": format!("Server {server}"),
                "type": "regular",
                "profile": "default",
                "access_token_ttl": "1h0m0s",
                "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
            }),
        );
        for index in 0..clients {
            push(
                "clients",
                json!({
                    "client_id": format!("{server_id}-client-{index:02}"),
                    "client_name": format!("Client {index} of server {server}"),
                    "authorization_server_id": server_id,
                    "tenant_id": tenant_id,
                    "application_type": "web",
                    "grant_types": ["authorization_code", "refresh_token"],
                    "redirect_uris": [format!("https://app{index}.example/{server_id}/cb")],
                    "scopes": ["openid", "profile"],
                    "client_secret": format!("secret-{server}-{index}"),
                }),
            );
        }
        for index in 0..scopes {
            push(
                "scopes",
                json!({
                    "id": format!("{server_id}-scope-{index:02}"),
                    "name": format!("scope.{index}"),
                    "display_name": format!("Scope {index}"),
                    "authorization_server_id": server_id,
                    "tenant_id": tenant_id,
                }),
            );
        }
        for index in 0..claims {
            push(
                "claims",
                json!({
                    "id": format!("{server_id}-claim-{index:02}"),
                    "name": format!("claim_{index}"),
                    "type": "access_token",
                    "mapping": format!("attribute_{index}"),
                    "authorization_server_id": server_id,
                    "tenant_id": tenant_id,
                }),
            );
        }
    }
    Snapshot {
        vendor: Vendor::Cloudentity,
        base_url: "https://acme.example".into(),
        tenant: tenant_id.into(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        exported_at: "2026-01-01T00:00:00Z".into(),
        resources,
        failures: Vec::new(),
    }
}

/// Prepares two exports of `objects` clients, one with 1% changed, 1% removed and 1% added,
/// and returns how long comparing them took (preparation not included).
pub fn time_compare(objects: usize) -> Result<Duration> {
    let before = prepare(synthetic_snapshot(objects), &ExportOptions::default())?;
    let mut changed = synthetic_snapshot(objects);
    let clients = changed.resources.get_mut("clients").expect("clients");
    let step = 100;
    for (index, client) in clients.iter_mut().enumerate().step_by(step) {
        client["client_name"] = json!(format!("Renamed {index}"));
    }
    clients.retain(|client| !client["client_id"].as_str().unwrap_or("").ends_with("01"));
    for index in 0..objects / step {
        clients.push(json!({"client_id": format!("new-{index}"), "client_name": "New"}));
    }
    let after = prepare(changed, &ExportOptions::default())?;
    let started = Instant::now();
    let comparison = compare(&before, &after)?;
    let elapsed = started.elapsed();
    debug_assert!(comparison.has_drift());
    Ok(elapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benchmark_runs_on_a_small_export() {
        time_compare(300).unwrap();
    }

    #[test]
    fn a_generated_tenant_holds_fifty_objects_a_server_each_under_its_server() {
        let tenant = synthetic_tenant("acme", 3);
        let count = |key: &str| tenant.resources[key].len();
        assert_eq!(
            (
                count("servers"),
                count("clients"),
                count("scopes"),
                count("claims")
            ),
            (3, 90, 36, 21)
        );
        let export = prepare(tenant, &ExportOptions::default()).unwrap();
        let under_server_1 = export.resources["clients"]
            .iter()
            .filter(|client| client["authorization_server_id"] == "server-001")
            .count();
        assert_eq!(under_server_1, 30);
    }
}
