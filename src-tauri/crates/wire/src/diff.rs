//! The one comparison of two versions of an object. Reviews, JSON Patches, changes-only PUTs
//! and conflict checks all start from [`changed_fields`], so they can never disagree about
//! what changed.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::resource::{Access, ResourceDescription};

/// One field whose value a save would change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    /// `null` when the field had no value.
    pub old: Value,
    pub new: Value,
}

const NO_VALUE: &Value = &Value::Null;

fn property<'v>(object: &'v Value, name: &str) -> &'v Value {
    object.get(name).unwrap_or(NO_VALUE)
}

/// Top-level properties whose value differs between `before` and `after`, `before`'s order
/// first; a missing property and `null` are the same "no value".
pub fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    let empty = Map::new();
    let before_map = before.as_object().unwrap_or(&empty);
    let after_map = after.as_object().unwrap_or(&empty);
    before_map
        .keys()
        .chain(
            after_map
                .keys()
                .filter(|name| !before_map.contains_key(*name)),
        )
        .filter(|name| property(before, name) != property(after, name))
        .cloned()
        .collect()
}

/// `names` in the description's field order, unknown properties last in their own order.
pub fn in_field_order(description: &ResourceDescription, mut names: Vec<String>) -> Vec<String> {
    names.sort_by_key(|name| {
        description
            .fields
            .iter()
            .position(|field| field.name == name.as_str())
            .unwrap_or(usize::MAX)
    });
    names
}

/// The changes from `before` to `after`, labelled as the form labels them.
pub fn field_changes(
    description: &ResourceDescription,
    before: &Value,
    after: &Value,
) -> Vec<FieldChange> {
    in_field_order(description, changed_fields(before, after))
        .into_iter()
        .map(|name| FieldChange {
            label: label(description, &name),
            old: property(before, &name).clone(),
            new: property(after, &name).clone(),
            field: name,
        })
        .collect()
}

fn label(description: &ResourceDescription, name: &str) -> String {
    description
        .field(name)
        .map_or(name, |field| field.label)
        .to_owned()
}

/// The changed properties of `after` with their new values: a changes-only PUT body.
pub fn changed_values(before: &Value, after: &Value) -> Map<String, Value> {
    changed_fields(before, after)
        .into_iter()
        .map(|name| {
            let value = property(after, &name).clone();
            (name, value)
        })
        .collect()
}

/// What the server changed since `base` that a save could overwrite: everything except the
/// fields the vendor maintains itself (timestamps, last use), which no save sends back.
pub fn server_changes(
    description: &ResourceDescription,
    base: &Value,
    server: &Value,
) -> Vec<String> {
    changed_fields(base, server)
        .into_iter()
        .filter(|name| {
            description
                .field(name)
                .is_none_or(|field| field.access != Access::ReadOnly)
        })
        .collect()
}

/// One field of a conflict: the version the edit started from, the edit, and the server's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictField {
    pub field: String,
    pub label: String,
    pub base: Value,
    pub mine: Value,
    pub server: Value,
}

/// The server changed the object after it was opened; nothing was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The object as it was opened.
    pub base: Value,
    /// The edit.
    pub mine: Value,
    /// The object as the server has it now.
    pub server: Value,
    /// Every field either side changed, in the form's order.
    pub fields: Vec<ConflictField>,
}

impl Conflict {
    pub fn new(description: &ResourceDescription, base: Value, mine: Value, server: Value) -> Self {
        let mut names = server_changes(description, &base, &server);
        for name in changed_fields(&base, &mine) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let fields = in_field_order(description, names)
            .into_iter()
            .map(|name| ConflictField {
                label: label(description, &name),
                base: property(&base, &name).clone(),
                mine: property(&mine, &name).clone(),
                server: property(&server, &name).clone(),
                field: name,
            })
            .collect();
        Self {
            base,
            mine,
            server,
            fields,
        }
    }

    /// The edit replayed onto the server's version: the fields the user changed take the
    /// user's value, everything else the server's. Review it again before sending.
    pub fn rebased(&self) -> Value {
        let mut rebased = self.server.clone();
        if let Value::Object(object) = &mut rebased {
            for name in changed_fields(&self.base, &self.mine) {
                match property(&self.mine, &name) {
                    Value::Null => object.remove(&name),
                    value => object.insert(name, value.clone()),
                };
            }
        }
        rebased
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::OAUTH_CLIENTS;
    use serde_json::json;

    #[test]
    fn missing_and_null_are_the_same_no_value() {
        let before = json!({"a": 1, "b": null, "c": [1]});
        let after = json!({"a": 2, "c": [1], "d": "new"});
        assert_eq!(changed_fields(&before, &after), ["a", "d"]);
        assert_eq!(
            Value::Object(changed_values(&before, &after)),
            json!({"a": 2, "d": "new"})
        );
    }

    #[test]
    fn changes_follow_the_form_order_and_labels() {
        let before = json!({"enabled": true, "name": "A", "extra": 1});
        let after = json!({"enabled": false, "name": "B", "extra": 2});
        let changes = field_changes(&OAUTH_CLIENTS, &before, &after);
        let labels: Vec<_> = changes.iter().map(|change| change.label.as_str()).collect();
        assert_eq!(labels, ["Name", "Enabled", "extra"]);
        assert_eq!(changes[0].old, json!("A"));
        assert_eq!(changes[0].new, json!("B"));
    }

    #[test]
    fn vendor_maintained_fields_are_not_a_conflict() {
        let base = json!({"name": "A", "lastUsed": null, "modified": "1"});
        let server = json!({"name": "A", "lastUsed": "2024", "modified": "2"});
        assert!(server_changes(&OAUTH_CLIENTS, &base, &server).is_empty());
        let renamed = json!({"name": "B", "lastUsed": "2024"});
        assert_eq!(server_changes(&OAUTH_CLIENTS, &base, &renamed), ["name"]);
    }

    #[test]
    fn a_rebase_keeps_the_server_and_replays_my_fields() {
        let base = json!({"name": "A", "description": "d", "enabled": true, "homepageUrl": "h"});
        let mine = json!({"name": "Mine", "description": "d", "enabled": true});
        let server =
            json!({"name": "A", "description": "server", "enabled": false, "homepageUrl": "h"});
        let conflict = Conflict::new(&OAUTH_CLIENTS, base, mine, server);
        let fields: Vec<_> = conflict.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "description", "homepageUrl", "enabled"]);
        assert_eq!(
            conflict.rebased(),
            json!({"name": "Mine", "description": "server", "enabled": false})
        );
    }
}
