//! The vendors' check of one property's value, shared by both APIs' handlers.

use gatehouse_wire::{FieldKind, FieldSpec};
use serde_json::Value;

/// Why `value` is refused for `field` (`must be text`), without the field's name: SailPoint
/// puts the name in front, Cloudentity keys its `details` by it. Refused are the wrong kind,
/// out of range, or a list item the spec does not list (the vendors enforce list choices;
/// the console's forms only offer them).
pub(crate) fn value_problem(field: &FieldSpec, value: &Value) -> Option<String> {
    if let Err(message) = field.check(Some(value)) {
        return Some(message);
    }
    let FieldKind::List {
        choices: Some(choices),
    } = field.kind
    else {
        return None;
    };
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|item| !choices.contains(item))
        .map(|item| format!("has {item}, which is not one of {}", choices.join(", ")))
}
