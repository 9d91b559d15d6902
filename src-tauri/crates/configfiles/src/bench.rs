//! A timed compare of two large exports, for the benchmark report (two 10,000-object exports
//! compared in under a second, optimised): `examples/compare_exports.rs` runs it.

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
}
