//! How a JSON value reads in a table cell or a review.

use serde_json::Value;

/// A description's singular inside a sentence: "New personal access token", but "New OAuth
/// client" (an acronym keeps its capital).
pub fn in_sentence(singular: &str) -> String {
    let mut letters = singular.chars();
    match (letters.next(), letters.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => first
            .to_lowercase()
            .chain(singular.chars().skip(1))
            .collect(),
        _ => singular.to_owned(),
    }
}

/// Strings as they are, lists joined, objects by their name (a token's owner) or as compact
/// JSON, booleans as Yes/No, no value as "—".
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => "Yes".to_owned(),
        Value::Bool(false) => "No".to_owned(),
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Array(items) => items
            .iter()
            .map(display_value)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(properties) => match properties.get("name").and_then(Value::as_str) {
            Some(name) => name.to_owned(),
            None => value.to_string(),
        },
    }
}
