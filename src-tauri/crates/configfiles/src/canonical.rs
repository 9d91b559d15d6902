//! The canonical form of exported objects: the same configuration always gives the same
//! value, whatever order the vendor answered in.

use std::cmp::Ordering;

use gatehouse_wire::ResourceDescription;
use serde_json::{Map, Value};

/// `value` with the keys of every object in sorted order. serde_json keeps insertion order
/// when any crate in the build enables `preserve_order`, so the order is made, not assumed.
pub fn sort_keys(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<_> = object.iter().collect();
            entries.sort_by_key(|(key, _)| *key);
            Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key.clone(), sort_keys(value)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

/// A total order on JSON values by their compact canonical text: deterministic, and the
/// same on every platform.
pub fn canonical_text(value: &Value) -> String {
    serde_json::to_string(&sort_keys(value)).unwrap_or_default()
}

fn by_canonical_text(left: &Value, right: &Value) -> Ordering {
    match (left, right) {
        (Value::String(left), Value::String(right)) => left.cmp(right),
        _ => canonical_text(left).cmp(&canonical_text(right)),
    }
}

/// Sorts a list the vendor treats as a set; duplicates are kept, as the vendor keeps them.
pub fn sort_set(items: &mut [Value]) {
    items.sort_by(by_canonical_text);
}

/// What canonicalizing objects left out, as `resource/field` names.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub volatile: Vec<String>,
}

/// One object in canonical form: set-like lists sorted, volatile fields dropped when
/// `leave_out_volatile`, keys sorted. Unknown properties are kept as they are.
pub fn canonical_object(
    description: &ResourceDescription,
    object: &Value,
    leave_out_volatile: bool,
    left_out: &mut LeftOut,
) -> Value {
    let Value::Object(properties) = object else {
        return sort_keys(object);
    };
    let mut properties = properties.clone();
    for field in description.fields {
        if field.volatile && leave_out_volatile {
            if properties.remove(field.name).is_some() {
                left_out
                    .volatile
                    .push(format!("{}/{}", description.key, field.name));
            }
        } else if field.set_like {
            if let Some(Value::Array(items)) = properties.get_mut(field.name) {
                sort_set(items);
            }
        }
    }
    sort_keys(&Value::Object(properties))
}

/// The order of a collection: by the id the description names, then (objects without one,
/// or two with the same id) by canonical text, so the order never depends on the vendor's.
pub fn sort_collection(description: &ResourceDescription, objects: &mut [Value]) {
    objects.sort_by(|left, right| {
        let left_id = description.id_of(left);
        let right_id = description.id_of(right);
        // Objects with an id first, then the rest.
        match (left_id, right_id) {
            (Some(left_id), Some(right_id)) => left_id.cmp(right_id),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then_with(|| by_canonical_text(left, right))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::{CLIENTS, OAUTH_CLIENTS};
    use serde_json::json;

    #[test]
    fn set_like_lists_are_sorted_and_ordered_lists_are_not() {
        let object = json!({
            "client_id": "c1",
            "grant_types": ["refresh_token", "authorization_code"],
            "redirect_uris": ["https://b", "https://a"],
            "unknown_list": ["z", "a"],
        });
        let canonical = canonical_object(&CLIENTS, &object, true, &mut LeftOut::default());
        assert_eq!(
            canonical["grant_types"],
            json!(["authorization_code", "refresh_token"])
        );
        assert_eq!(
            canonical["redirect_uris"],
            json!(["https://a", "https://b"])
        );
        assert_eq!(canonical["unknown_list"], json!(["z", "a"]));
    }

    #[test]
    fn volatile_fields_are_left_out_only_when_asked_and_recorded() {
        let object = json!({"id": "o1", "name": "n", "lastUsed": "2026-01-01T00:00:00Z",
            "created": "2025-01-01T00:00:00Z"});
        let mut left_out = LeftOut::default();
        let canonical = canonical_object(&OAUTH_CLIENTS, &object, true, &mut left_out);
        assert_eq!(canonical, json!({"id": "o1", "name": "n"}));
        assert_eq!(
            left_out.volatile,
            ["oauth-clients/created", "oauth-clients/lastUsed"]
        );
        let kept = canonical_object(&OAUTH_CLIENTS, &object, false, &mut LeftOut::default());
        assert_eq!(kept, object);
    }

    #[test]
    fn collections_sort_by_id_then_text() {
        let mut objects = vec![
            json!({"client_name": "no id b"}),
            json!({"client_id": "b"}),
            json!({"client_name": "no id a"}),
            json!({"client_id": "a"}),
        ];
        sort_collection(&CLIENTS, &mut objects);
        assert_eq!(
            objects,
            [
                json!({"client_id": "a"}),
                json!({"client_id": "b"}),
                json!({"client_name": "no id a"}),
                json!({"client_name": "no id b"}),
            ]
        );
    }

    #[test]
    fn keys_are_sorted_at_every_depth() {
        let value = json!({"b": [{"y": 1, "x": 2}], "a": {"d": 1, "c": 2}});
        let text = serde_json::to_string(&sort_keys(&value)).unwrap();
        assert_eq!(text, r#"{"a":{"c":2,"d":1},"b":[{"x":2,"y":1}]}"#);
    }
}
