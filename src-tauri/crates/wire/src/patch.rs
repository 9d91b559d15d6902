//! RFC 6902 patches built from an original and an edited object, limited to what the vendor
//! lets an update change (SailPoint's "patchable" fields).

use json_patch::jsonptr::PointerBuf;
use json_patch::{AddOperation, Patch, PatchOperation, ReplaceOperation};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{changed_fields, in_field_order};
use crate::resource::ResourceDescription;

/// Why no patch can be sent for an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PatchError {
    #[error("{0} must be a JSON object")]
    NotAnObject(&'static str),
    /// The edit changes fields the vendor does not let an update change.
    #[error("{} cannot be changed after creation", .fields.join(", "))]
    NotPatchable { fields: Vec<String> },
    /// The built patch did not reproduce the edit; sending it would save something else.
    #[error("the patch does not reproduce the edit: {0}")]
    Unfaithful(String),
}

/// The patch that turns `original` into `edited`.
///
/// One operation per changed top-level field, in the description's order: `add` for a field
/// the original lacks, otherwise `replace` with the whole new value (arrays are replaced whole,
/// never spliced), and `replace` with `null` for a cleared field. The patch is applied to the
/// original before it is returned, so what is sent is proven to be the edit.
pub fn build_patch(
    description: &ResourceDescription,
    original: &Value,
    edited: &Value,
) -> Result<Patch, PatchError> {
    let original_fields = original
        .as_object()
        .ok_or(PatchError::NotAnObject("the original"))?;
    if !edited.is_object() {
        return Err(PatchError::NotAnObject("the edited object"));
    }
    let changed = changed_fields(original, edited);
    let refused: Vec<String> = changed
        .iter()
        .filter(|name| {
            !description
                .field(name)
                .is_some_and(|field| field.is_editable())
        })
        .cloned()
        .collect();
    if !refused.is_empty() {
        return Err(PatchError::NotPatchable { fields: refused });
    }
    let operations = in_field_order(description, changed)
        .into_iter()
        .map(|name| {
            let value = edited.get(&name).cloned().unwrap_or(Value::Null);
            let path = PointerBuf::from_tokens([name.as_str()]);
            if original_fields.contains_key(&name) {
                PatchOperation::Replace(ReplaceOperation { path, value })
            } else {
                PatchOperation::Add(AddOperation { path, value })
            }
        })
        .collect();
    let patch = Patch(operations);
    verify(original, edited, &patch)?;
    Ok(patch)
}

fn verify(original: &Value, edited: &Value, patch: &Patch) -> Result<(), PatchError> {
    let mut patched = original.clone();
    json_patch::patch(&mut patched, patch)
        .map_err(|error| PatchError::Unfaithful(error.to_string()))?;
    let faithful = changed_fields(&patched, edited).is_empty();
    if faithful {
        Ok(())
    } else {
        Err(PatchError::Unfaithful(
            "fields still differ after applying it".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{AUTH_USERS, OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};
    use crate::resource::{Access, FieldKind};
    use proptest::prelude::*;
    use serde_json::{json, Map};

    fn oauth_client() -> Value {
        json!({
            "id": "2c9180835d2e5168015d32f890ca1581",
            "businessName": "Acme-Solar",
            "homepageUrl": "http://localhost:12345",
            "name": "Demo API Client",
            "description": "Used by the nightly export",
            "accessTokenValiditySeconds": 750,
            "refreshTokenValiditySeconds": 86400,
            "redirectUris": ["http://localhost:12345"],
            "grantTypes": ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS"],
            "accessType": "OFFLINE",
            "type": "CONFIDENTIAL",
            "internal": false,
            "enabled": true,
            "strongAuthSupported": false,
            "claimsSupported": false,
            "created": "2017-07-11T18:45:37.098Z",
            "modified": "2018-06-25T20:22:28.104Z",
            "scope": ["sp:scopes:all"],
            "somethingNew": {"kept": true}
        })
    }

    #[test]
    fn replaces_changed_fields_and_arrays_whole() {
        let original = oauth_client();
        let mut edited = original.clone();
        edited["enabled"] = json!(false);
        edited["grantTypes"] = json!(["CLIENT_CREDENTIALS"]);
        let patch = build_patch(&OAUTH_CLIENTS, &original, &edited).unwrap();
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!([
                {"op": "replace", "path": "/grantTypes", "value": ["CLIENT_CREDENTIALS"]},
                {"op": "replace", "path": "/enabled", "value": false}
            ])
        );
    }

    #[test]
    fn a_cleared_field_is_replaced_with_null() {
        let original = oauth_client();
        let mut edited = original.clone();
        edited.as_object_mut().unwrap().remove("homepageUrl");
        edited["businessName"] = Value::Null;
        let patch = build_patch(&OAUTH_CLIENTS, &original, &edited).unwrap();
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!([
                {"op": "replace", "path": "/businessName", "value": null},
                {"op": "replace", "path": "/homepageUrl", "value": null}
            ])
        );
    }

    #[test]
    fn a_field_the_original_lacks_is_added() {
        let original = json!({"id": "p1", "name": "CI", "owner": {"id": "o"}});
        let edited =
            json!({"id": "p1", "name": "CI", "owner": {"id": "o"}, "scope": ["sp:scopes:all"]});
        let patch = build_patch(&PERSONAL_ACCESS_TOKENS, &original, &edited).unwrap();
        assert_eq!(
            serde_json::to_value(&patch).unwrap(),
            json!([{"op": "add", "path": "/scope", "value": ["sp:scopes:all"]}])
        );
    }

    #[test]
    fn refuses_fields_that_are_not_patchable_or_unknown() {
        let original = oauth_client();
        let mut edited = original.clone();
        edited["type"] = json!("PUBLIC");
        edited["somethingNew"] = json!({"kept": false});
        edited["name"] = json!("Renamed");
        assert_eq!(
            build_patch(&OAUTH_CLIENTS, &original, &edited),
            Err(PatchError::NotPatchable {
                fields: vec!["somethingNew".into(), "type".into()]
            })
        );
        let user = json!({"id": "u1", "email": "a@example.com", "capabilities": []});
        let mut changed = user.clone();
        changed["email"] = json!("b@example.com");
        assert!(build_patch(&AUTH_USERS, &user, &changed).is_err());
    }

    #[test]
    fn an_unchanged_object_needs_no_operations() {
        let original = oauth_client();
        let patch = build_patch(&OAUTH_CLIENTS, &original, &original).unwrap();
        assert!(patch.0.is_empty());
    }

    #[test]
    fn the_seed_lists_exactly_the_patchable_fields() {
        let patchable = |description: &ResourceDescription| -> Vec<&str> {
            description
                .fields
                .iter()
                .filter(|field| field.access == Access::Editable)
                .map(|field| field.name)
                .collect()
        };
        let mut oauth = patchable(&OAUTH_CLIENTS);
        oauth.sort_unstable();
        let mut seed = vec![
            "tenant",
            "businessName",
            "homepageUrl",
            "name",
            "description",
            "accessTokenValiditySeconds",
            "refreshTokenValiditySeconds",
            "redirectUris",
            "grantTypes",
            "accessType",
            "enabled",
            "strongAuthSupported",
            "claimsSupported",
        ];
        seed.sort_unstable();
        assert_eq!(oauth, seed);
        assert_eq!(patchable(&PERSONAL_ACCESS_TOKENS), ["name", "scope"]);
        assert_eq!(patchable(&AUTH_USERS), ["capabilities"]);
    }

    /// A random value of the field's kind, sometimes `null` (a cleared field).
    fn value_of(kind: FieldKind) -> BoxedStrategy<Value> {
        let value = match kind {
            FieldKind::Bool => any::<bool>().prop_map(Value::from).boxed(),
            FieldKind::Integer { min, max } => (min..=max).prop_map(Value::from).boxed(),
            FieldKind::Choice(choices) => proptest::sample::select(choices)
                .prop_map(Value::from)
                .boxed(),
            FieldKind::List {
                choices: Some(choices),
            } => proptest::sample::subsequence(choices, 0..=choices.len())
                .prop_map(Value::from)
                .boxed(),
            FieldKind::List { choices: None } => proptest::collection::vec("[a-z:/]{1,12}", 0..4)
                .prop_map(Value::from)
                .boxed(),
            FieldKind::Object => proptest::collection::btree_map("[a-z]{1,6}", "[a-z]{0,6}", 0..3)
                .prop_map(|map| json!(map))
                .boxed(),
            FieldKind::ObjectList => proptest::collection::vec(
                proptest::collection::btree_map("[a-z]{1,6}", "[a-z]{0,6}", 0..3),
                0..3,
            )
            .prop_map(|maps| json!(maps))
            .boxed(),
            FieldKind::Text | FieldKind::DateTime => "[ -~]{0,16}".prop_map(Value::from).boxed(),
        };
        prop_oneof![1 => Just(Value::Null), 6 => value].boxed()
    }

    /// Random edits of a random subset of the editable fields, some fields removed outright.
    fn edits(description: &'static ResourceDescription) -> BoxedStrategy<Map<String, Value>> {
        let editable: Vec<_> = description
            .fields
            .iter()
            .filter(|field| field.is_editable())
            .collect();
        let strategies: Vec<_> = editable
            .iter()
            .map(|field| (any::<u8>(), value_of(field.kind)))
            .collect();
        strategies
            .prop_map(move |choices| {
                editable
                    .iter()
                    .zip(choices)
                    .filter(|(_, (roll, _))| roll % 3 != 0)
                    .map(|(field, (_, value))| (field.name.to_owned(), value))
                    .collect()
            })
            .boxed()
    }

    fn check_patch(
        description: &'static ResourceDescription,
        original: Value,
        edits: Map<String, Value>,
    ) {
        let mut edited = original.clone();
        for (name, value) in edits {
            if value.is_null() && name.len() % 2 == 0 {
                // Some cleared fields are dropped instead of nulled: both mean "no value".
                edited.as_object_mut().unwrap().remove(&name);
            } else {
                edited[name.as_str()] = value;
            }
        }
        let patch = build_patch(description, &original, &edited).unwrap();
        let mut patched = original.clone();
        json_patch::patch(&mut patched, &patch).unwrap();
        for (name, value) in edited.as_object().unwrap() {
            assert_eq!(patched.get(name), Some(value), "{name}");
        }
        for name in original.as_object().unwrap().keys() {
            if !edited.as_object().unwrap().contains_key(name) {
                assert_eq!(patched[name.as_str()], Value::Null, "{name} cleared");
            }
        }
        for operation in &patch.0 {
            let field = operation.path().to_string();
            let field = field.trim_start_matches('/');
            assert!(
                description
                    .field(field)
                    .is_some_and(|spec| spec.is_editable()),
                "{field} is not patchable"
            );
        }
    }

    proptest! {
        #[test]
        fn oauth_client_patches_reproduce_the_edit(edits in edits(&OAUTH_CLIENTS)) {
            check_patch(&OAUTH_CLIENTS, oauth_client(), edits);
        }

        #[test]
        fn personal_access_token_patches_reproduce_the_edit(edits in edits(&PERSONAL_ACCESS_TOKENS)) {
            let original = json!({"id": "86f1", "name": "CI", "scope": ["sp:scopes:all"], "owner": {"id": "o", "type": "IDENTITY", "name": "Support"}, "created": "2017-07-11T18:45:37.098Z"});
            check_patch(&PERSONAL_ACCESS_TOKENS, original, edits);
        }

        #[test]
        fn auth_user_patches_reproduce_the_edit(edits in edits(&AUTH_USERS)) {
            let original = json!({"id": "2c91", "uid": "will.smith", "capabilities": ["ORG_ADMIN"], "email": "w@example.com"});
            check_patch(&AUTH_USERS, original, edits);
        }
    }
}
