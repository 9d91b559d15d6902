//! Comparing two exports, or an export and a live snapshot in the same model: per object
//! added, removed or changed, field by field. Volatile fields and secrets are never drift,
//! set-like lists compare as sets, and a type only one side covers is not compared.

use std::collections::{BTreeSet, HashMap};

use gatehouse_wire::diff::changed_fields;
use gatehouse_wire::ResourceDescription;
pub use gatehouse_wire::{Change, Comparison, FieldDifference, ObjectDifference};
use serde_json::Value;

use crate::canonical::{canonical_object, canonical_text, LeftOut};
use crate::error::Result;
use crate::model::{description, Export};
use crate::redact::{escape_pointer_token, redact_object, strip_placeholders, Redactions};
use crate::system_export::{canonical_dump, redact_dump, SYSTEM_EXPORT};

/// Compares `before` with `after` over the types both cover.
pub fn compare(before: &Export, after: &Export) -> Result<Comparison> {
    let types: BTreeSet<String> = before
        .manifest
        .types
        .intersection(&after.manifest.types)
        .cloned()
        .collect();
    let mut differences = Vec::new();
    let nothing = Vec::new();
    for key in &types {
        let before_objects = before.resources.get(key).unwrap_or(&nothing);
        let after_objects = after.resources.get(key).unwrap_or(&nothing);
        differences.extend(compare_objects(key, before_objects, after_objects)?);
    }
    Ok(Comparison { types, differences })
}

/// The differences between two lists of one type's objects, matched by id.
pub fn compare_objects(
    key: &str,
    before: &[Value],
    after: &[Value],
) -> Result<Vec<ObjectDifference>> {
    let description = description(key)?;
    let before = by_identity(description, before);
    let mut after = by_identity(description, after);
    let mut differences = Vec::new();
    for (id, old) in before {
        let new = after.remove(&id);
        let fields = match new {
            None => Vec::new(),
            // Most objects have not changed: equal as they are means equal as configuration.
            Some(new) if old == new => continue,
            Some(new) => {
                let old = comparable(key, description, old);
                let new = comparable(key, description, new);
                let fields = field_differences(&old, &new);
                // Values can differ only by a null where the other side has nothing.
                if fields.is_empty() {
                    continue;
                }
                fields
            }
        };
        differences.push(ObjectDifference {
            resource: key.to_owned(),
            name: description.name_of(new.unwrap_or(old)),
            change: if new.is_some() {
                Change::Changed
            } else {
                Change::Removed
            },
            id,
            fields,
        });
    }
    differences.extend(after.into_iter().map(|(id, new)| ObjectDifference {
        resource: key.to_owned(),
        name: description.name_of(new),
        change: Change::Added,
        id,
        fields: Vec::new(),
    }));
    differences.sort_by(|left, right| left.id.cmp(&right.id));
    Ok(differences)
}

/// Objects by what identifies them: the id, the type for a singleton, else the content.
fn by_identity<'v>(
    description: &ResourceDescription,
    objects: &'v [Value],
) -> HashMap<String, &'v Value> {
    objects
        .iter()
        .map(|object| {
            let id = match description.id_of(object) {
                Some(id) => id.to_owned(),
                None if objects.len() == 1 => description.key.to_owned(),
                None => canonical_text(object),
            };
            (id, object)
        })
        .collect()
}

/// What of an object counts as configuration: canonical, without volatile fields, without
/// secrets (real ones and placeholders alike).
fn comparable(key: &str, description: &ResourceDescription, object: &Value) -> Value {
    let mut left_out = LeftOut::default();
    let mut redactions = Redactions::new();
    let mut object = if key == SYSTEM_EXPORT {
        let mut dump = canonical_dump(object, true, &mut left_out);
        redact_dump(&mut dump, &mut redactions);
        dump
    } else {
        let mut object = canonical_object(description, object, true, &mut left_out);
        redact_object(description, &mut object, &mut redactions);
        object
    };
    object = strip_placeholders(&object).0;
    object
}

/// Each differing value, by JSON Pointer. A missing property and `null` are the same "no
/// value", as in every review of the app; lists of the same length compare item by item.
pub fn field_differences(before: &Value, after: &Value) -> Vec<FieldDifference> {
    let mut differences = Vec::new();
    for name in changed_fields(before, after) {
        let pointer = format!("/{}", escape_pointer_token(&name));
        differ(
            before.get(&name).filter(|value| !value.is_null()),
            after.get(&name).filter(|value| !value.is_null()),
            pointer,
            &mut differences,
        );
    }
    differences.sort_by(|left, right| left.pointer.cmp(&right.pointer));
    differences
}

fn differ(
    before: Option<&Value>,
    after: Option<&Value>,
    pointer: String,
    differences: &mut Vec<FieldDifference>,
) {
    match (before, after) {
        (Some(before @ Value::Object(_)), Some(after @ Value::Object(_))) => {
            for name in changed_fields(before, after) {
                differ(
                    before.get(&name).filter(|value| !value.is_null()),
                    after.get(&name).filter(|value| !value.is_null()),
                    format!("{pointer}/{}", escape_pointer_token(&name)),
                    differences,
                );
            }
        }
        (Some(Value::Array(old)), Some(Value::Array(new))) if old.len() == new.len() => {
            for (index, (old, new)) in old.iter().zip(new).enumerate() {
                if old != new {
                    differ(
                        Some(old),
                        Some(new),
                        format!("{pointer}/{index}"),
                        differences,
                    );
                }
            }
        }
        (before, after) if before != after => differences.push(FieldDifference {
            pointer,
            before: before.cloned(),
            after: after.cloned(),
        }),
        _ => {}
    }
}
