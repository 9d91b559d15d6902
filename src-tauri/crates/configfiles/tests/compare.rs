//! Compare: what is drift and what never is.

use gatehouse_configfiles::{
    compare, prepare, Change, Export, ExportOptions, FieldDifference, Resources, Snapshot,
};
use gatehouse_wire::Vendor;
use serde_json::{json, Value};

fn snapshot(resources: Vec<(&str, Vec<Value>)>) -> Snapshot {
    Snapshot {
        vendor: Vendor::Cloudentity,
        base_url: "https://acme.example".into(),
        tenant: "acme".into(),
        app_version: "0.1.0".into(),
        exported_at: "2026-12-02T06:00:00Z".into(),
        resources: resources
            .into_iter()
            .map(|(key, objects)| (key.to_owned(), objects))
            .collect::<Resources>(),
        failures: vec![],
    }
}

fn export(resources: Vec<(&str, Vec<Value>)>) -> Export {
    prepare(snapshot(resources), &ExportOptions::default()).unwrap()
}

/// What the live tenant answers: secrets and volatile fields as they are.
fn live(resources: Vec<(&str, Vec<Value>)>) -> Export {
    let options = ExportOptions {
        include_secrets: true,
        include_volatile: true,
        ..ExportOptions::default()
    };
    prepare(snapshot(resources), &options).unwrap()
}

fn client(id: &str, name: &str) -> Value {
    json!({"client_id": id, "client_name": name, "authorization_server_id": "s1",
           "grant_types": ["client_credentials", "refresh_token"], "client_secret": "real",
           "scopes": ["openid"], "jwks": {"keys": [{"kid": "a", "use": "sig"}]}})
}

#[test]
fn an_export_compared_at_once_with_its_tenant_shows_no_drift() {
    let objects = vec![client("c1", "One"), client("c2", "Two")];
    let servers =
        vec![json!({"id": "s1", "name": "S", "secret": "hash-secret-of-32-characters-or-more"})];
    let saved = export(vec![
        ("clients", objects.clone()),
        ("servers", servers.clone()),
    ]);
    let tenant = live(vec![("clients", objects), ("servers", servers)]);
    let comparison = compare(&saved, &tenant).unwrap();
    assert!(!comparison.has_drift(), "{comparison:#?}");
}

#[test]
fn added_removed_and_changed_objects_are_listed_field_by_field() {
    let before = export(vec![(
        "clients",
        vec![client("c1", "One"), client("c2", "Two")],
    )]);
    let mut renamed = client("c1", "Uno");
    renamed["jwks"]["keys"][0]["use"] = json!("enc");
    renamed["description"] = json!("new");
    let after = export(vec![("clients", vec![renamed, client("c3", "Three")])]);
    let comparison = compare(&before, &after).unwrap();
    let summary: Vec<_> = comparison
        .differences
        .iter()
        .map(|difference| (difference.id.as_str(), difference.change))
        .collect();
    assert_eq!(
        summary,
        [
            ("c1", Change::Changed),
            ("c2", Change::Removed),
            ("c3", Change::Added)
        ]
    );
    assert_eq!(comparison.differences[0].name, "Uno");
    assert_eq!(
        comparison.differences[0].fields,
        [
            FieldDifference {
                pointer: "/client_name".into(),
                before: Some(json!("One")),
                after: Some(json!("Uno")),
            },
            FieldDifference {
                pointer: "/description".into(),
                before: None,
                after: Some(json!("new")),
            },
            FieldDifference {
                pointer: "/jwks/keys/0/use".into(),
                before: Some(json!("sig")),
                after: Some(json!("enc")),
            },
        ]
    );
}

#[test]
fn volatile_fields_secrets_and_set_order_are_never_drift() {
    let before = export(vec![(
        "oauth-clients",
        vec![
            json!({"id": "o1", "name": "A", "secret": "one", "lastUsed": "2026-01-01T00:00:00Z",
                    "modified": "2026-01-01T00:00:00Z",
                    "grantTypes": ["CLIENT_CREDENTIALS", "REFRESH_TOKEN"]}),
        ],
    )]);
    let after = live(vec![(
        "oauth-clients",
        vec![
            json!({"id": "o1", "name": "A", "secret": "two", "lastUsed": "2026-12-01T00:00:00Z",
                    "modified": "2026-12-01T00:00:00Z",
                    "grantTypes": ["REFRESH_TOKEN", "CLIENT_CREDENTIALS"]}),
        ],
    )]);
    assert!(!compare(&before, &after).unwrap().has_drift());
}

#[test]
fn a_missing_property_and_null_are_the_same_no_value() {
    let before = export(vec![(
        "clients",
        vec![json!({"client_id": "c1", "description": null})],
    )]);
    let after = export(vec![("clients", vec![json!({"client_id": "c1"})])]);
    assert!(!compare(&before, &after).unwrap().has_drift());
}

#[test]
fn a_type_only_one_side_covers_is_never_reported() {
    let before = export(vec![("clients", vec![client("c1", "One")])]);
    let after = export(vec![
        ("clients", vec![client("c1", "One")]),
        ("servers", vec![json!({"id": "s1", "name": "New"})]),
    ]);
    let comparison = compare(&before, &after).unwrap();
    assert!(!comparison.has_drift());
    assert_eq!(comparison.types.iter().collect::<Vec<_>>(), ["clients"]);
    assert!(!compare(&after, &before).unwrap().has_drift());
}

#[test]
fn a_covered_type_with_no_objects_left_reports_each_removal() {
    let before = export(vec![("clients", vec![client("c1", "One")])]);
    let after = export(vec![("clients", vec![])]);
    let comparison = compare(&before, &after).unwrap();
    assert_eq!(comparison.differences.len(), 1);
    assert_eq!(comparison.differences[0].change, Change::Removed);
}

#[test]
fn the_system_export_compares_without_its_secrets_or_volatile_fields() {
    let dump = |secret: &str, active: &str, order: [&str; 2]| {
        json!({
            "servers": [{"id": "s1", "secret": secret, "grant_types": order,
                         "jwks": {"keys": [{"kid": "k", "kty": "RSA", "d": secret, "n": "pub"}]}}],
            "gateways": [{"id": "g1", "last_active": active}],
            "clients": [{"client_id": "c", "client_secret": secret}],
        })
    };
    let before = export(vec![(
        "configuration",
        vec![dump("one", "2026-01-01", ["implicit", "password"])],
    )]);
    let after = live(vec![(
        "configuration",
        vec![dump("two", "2026-12-01", ["password", "implicit"])],
    )]);
    assert!(!compare(&before, &after).unwrap().has_drift());

    let mut changed = dump("two", "2026-12-01", ["password", "implicit"]);
    changed["servers"][0]["jwks"]["keys"][0]["n"] = json!("rotated");
    let after = live(vec![("configuration", vec![changed])]);
    let comparison = compare(&before, &after).unwrap();
    assert_eq!(comparison.differences.len(), 1);
    assert_eq!(comparison.differences[0].id, "configuration");
    assert_eq!(
        comparison.differences[0].fields[0].pointer,
        "/servers/0/jwks/keys/0/n"
    );
}

#[test]
fn a_type_that_failed_part_way_is_not_compared() {
    let before = export(vec![(
        "clients",
        vec![client("c1", "One"), client("c2", "Two")],
    )]);
    let mut partial = snapshot(vec![("clients", vec![client("c1", "One")])]);
    partial.failures.push(gatehouse_configfiles::Failure {
        resource: "clients".into(),
        message: "the second page answered 503".into(),
    });
    let after = prepare(partial, &ExportOptions::default()).unwrap();
    assert!(!after.manifest.complete);
    let comparison = compare(&before, &after).unwrap();
    assert!(!comparison.has_drift() && comparison.types.is_empty());
}
