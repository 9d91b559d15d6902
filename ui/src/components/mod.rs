//! Pieces several pages use.

mod error_panel;
mod resource_form;

pub use error_panel::ErrorPanel;
pub use resource_form::{FormState, ResourceForm};

/// How a JSON value reads in a review: "—" for no value.
pub fn display_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::Bool(true) => "on".to_owned(),
        serde_json::Value::Bool(false) => "off".to_owned(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
