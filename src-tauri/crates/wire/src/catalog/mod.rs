//! Every resource the console manages, described once. Fields, kinds, enums and ranges come
//! from the vendor specs in `shared/api/specs`; paths, verbs and statuses from the seeds.

mod cloudentity;
mod sailpoint;

pub use cloudentity::*;
pub use sailpoint::*;

use crate::password::PASSWORD_ORG_CONFIG;
use crate::resource::{Operation, ResourceDescription};

/// Every described resource.
pub static RESOURCES: &[&ResourceDescription] = &[
    &OAUTH_CLIENTS,
    &PERSONAL_ACCESS_TOKENS,
    &AUTH_USERS,
    &PASSWORD_ORG_CONFIG,
    &SERVERS,
    &CLIENTS,
    &SCOPES,
    &CLAIMS,
    &POLICIES,
    &SERVICES,
    &APIS,
    &GATEWAYS,
    &CONSENTS,
    &CONSENT_ACTIONS,
    &PRIVACY_LEDGER_EVENTS,
    &TENANT,
    &DEVELOPER_CLIENTS,
    &DEVELOPER_SERVERS,
    &CONFIGURATION,
];

pub fn resource(key: &str) -> Option<&'static ResourceDescription> {
    RESOURCES
        .iter()
        .copied()
        .find(|description| description.key == key)
}

/// The resource and operation a seed operation name belongs to.
pub fn operation_named(name: &str) -> Option<(&'static ResourceDescription, &'static Operation)> {
    RESOURCES.iter().find_map(|description| {
        description
            .operations
            .iter()
            .find(|operation| operation.name == name)
            .map(|operation| (*description, operation))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::{Access, FieldKind, Verb};
    use serde_json::Value;
    use std::collections::HashSet;

    #[test]
    fn operation_names_are_unique_and_found() {
        let mut seen = HashSet::new();
        for description in RESOURCES {
            for operation in description.operations {
                assert!(seen.insert(operation.name), "{} twice", operation.name);
                let (found, _) = operation_named(operation.name).unwrap();
                assert_eq!(found.key, description.key);
            }
        }
        assert!(operation_named("no-such-operation").is_none());
    }

    #[test]
    fn id_parameters_appear_in_the_paths_that_need_them() {
        for description in RESOURCES {
            for operation in description.operations {
                let needs_id = matches!(operation.verb, Verb::Get | Verb::Update | Verb::Delete);
                match description.id_param {
                    Some(param) if needs_id => assert!(
                        operation.path.contains(&format!("{{{param}}}")),
                        "{}",
                        operation.name
                    ),
                    _ => assert!(!operation.path.contains("{id}"), "{}", operation.name),
                }
            }
        }
    }

    #[test]
    fn screen_facts_name_described_fields_and_real_parents() {
        for description in RESOURCES {
            let named = description
                .columns
                .iter()
                .chain(description.title_field.iter())
                .chain(description.id_field.iter());
            for name in named {
                assert!(
                    description.field(name).is_some(),
                    "{}: {name} is not a described field",
                    description.key
                );
            }
            if description.id_param.is_some() {
                assert!(description.id_field.is_some(), "{}", description.key);
            }
            if let Some(parent) = description.parent {
                assert!(resource(parent.resource).is_some(), "{}", description.key);
                assert!(
                    description.field(parent.field).is_some(),
                    "{}",
                    description.key
                );
                let list = description.operation(Verb::List).expect("a listed child");
                assert!(
                    list.path.contains(&format!("{{{}}}", parent.param)),
                    "{}: {} does not take {}",
                    description.key,
                    list.path,
                    parent.param
                );
            }
        }
    }

    #[test]
    fn owners_aliases_and_unique_fields_name_described_resources_and_fields() {
        for description in RESOURCES {
            let key = description.key;
            for owner in description.owners() {
                assert!(resource(owner.resource).is_some(), "{key}: {owner:?}");
                assert!(description.field(owner.field).is_some(), "{key}: {owner:?}");
            }
            for name in description.unique {
                assert!(description.field(name).is_some(), "{key}: {name}");
            }
            if let Some(alias_of) = description.alias_of {
                let original = resource(alias_of).expect("an alias of a described resource");
                assert_eq!(original.alias_of, None, "{key}: an alias of an alias");
                assert_eq!(original.vendor, description.vendor, "{key}");
                assert_eq!(original.id_field, description.id_field, "{key}");
            }
        }
        assert_eq!(DEVELOPER_CLIENTS.collection(), CLIENTS.key);
        assert_eq!(CLIENTS.collection(), CLIENTS.key);
    }

    #[test]
    fn set_like_fields_are_lists_and_volatile_fields_are_the_vendors() {
        for description in RESOURCES {
            for field in description.fields {
                let key = description.key;
                if field.set_like {
                    assert!(
                        matches!(field.kind, FieldKind::List { .. }),
                        "{key}: {} is not a list",
                        field.name
                    );
                }
                // Only what the vendor sets by itself may be left out of an export.
                if field.volatile {
                    assert_eq!(field.access, Access::ReadOnly, "{key}: {}", field.name);
                }
            }
        }
        assert!(OAUTH_CLIENTS.field("lastUsed").unwrap().volatile);
        assert!(CLIENTS.field("grant_types").unwrap().set_like);
    }

    #[test]
    fn every_default_is_a_value_its_field_accepts() {
        for description in RESOURCES {
            for (name, value) in description.defaults() {
                let field = description.field(&name).unwrap();
                assert_eq!(
                    field.check(Some(&value)),
                    Ok(()),
                    "{}: {name}",
                    description.key
                );
            }
        }
        let server = Value::Object(SERVERS.defaults());
        assert_eq!(server["access_token_ttl"], "1h0m0s");
        assert_eq!(
            server["grant_types"],
            serde_json::json!(["authorization_code", "refresh_token", "client_credentials"])
        );
    }
}
