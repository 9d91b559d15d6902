//! SailPoint beta Password Org Config (`/beta/password-org-config`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::resource::{DefaultValue, FieldKind, FieldSpec, ResourceDescription};

/// The vendor's `PasswordOrgConfig`: every property optional, unknown ones kept verbatim so a
/// read-modify-write never drops what this version of the app does not model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordOrgConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_instructions_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digit_token_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digit_token_duration_minutes: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digit_token_length: Option<i32>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Ranges and defaults from the vendor spec (sailpoint-beta `PasswordOrgConfig`).
pub static PASSWORD_ORG_CONFIG: ResourceDescription = ResourceDescription {
    key: "password-org-config",
    title: "Password org config",
    fields: &[
        FieldSpec {
            name: "customInstructionsEnabled",
            label: "Custom password instructions",
            help: "Show the organization's own instructions on the password reset pages.",
            kind: FieldKind::Bool,
            required: false,
            default: Some(DefaultValue::Bool(false)),
        },
        FieldSpec {
            name: "digitTokenEnabled",
            label: "Digit token",
            help: "Allow password resets verified with a numeric one-time token.",
            kind: FieldKind::Bool,
            required: false,
            default: Some(DefaultValue::Bool(false)),
        },
        FieldSpec {
            name: "digitTokenDurationMinutes",
            label: "Digit token lifetime (minutes)",
            help: "How long a digit token stays valid: 1 to 60 minutes.",
            kind: FieldKind::Integer { min: 1, max: 60 },
            required: false,
            default: Some(DefaultValue::Integer(5)),
        },
        FieldSpec {
            name: "digitTokenLength",
            label: "Digit token length",
            help: "Number of digits in a token: 6 to 18.",
            kind: FieldKind::Integer { min: 6, max: 18 },
            required: false,
            default: Some(DefaultValue::Integer(6)),
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_unknown_properties() {
        let wire = json!({"digitTokenLength": 9, "futureFlag": {"a": 1}});
        let config: PasswordOrgConfig = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(config.digit_token_length, Some(9));
        assert_eq!(serde_json::to_value(&config).unwrap(), wire);
    }

    #[test]
    fn description_matches_the_spec_ranges() {
        let length = PASSWORD_ORG_CONFIG.field("digitTokenLength").unwrap();
        assert!(length.check(Some(&json!(6))).is_ok());
        assert!(length.check(Some(&json!(19))).is_err());
        let minutes = PASSWORD_ORG_CONFIG
            .field("digitTokenDurationMinutes")
            .unwrap();
        assert!(minutes.check(Some(&json!(60))).is_ok());
        assert!(minutes.check(Some(&json!(0))).is_err());
        assert_eq!(
            Value::Object(PASSWORD_ORG_CONFIG.defaults()),
            json!({
                "customInstructionsEnabled": false,
                "digitTokenEnabled": false,
                "digitTokenDurationMinutes": 5,
                "digitTokenLength": 6
            })
        );
    }
}
