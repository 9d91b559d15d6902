//! SailPoint beta Password Org Config (`/beta/password-org-config`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::profile::Vendor;
use crate::resource::{DefaultValue, FieldKind, FieldSpec, ResourceDescription, UpdateStyle};

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
    singular: "Password org config",
    vendor: Vendor::SailPoint,
    id_field: None,
    id_param: None,
    title_field: None,
    parent: None,
    belongs_to: &[],
    alias_of: None,
    unique: &[],
    list_field: None,
    columns: &[],
    filters: &[],
    fields: &[
        FieldSpec::new(
            "customInstructionsEnabled",
            "Custom password instructions",
            FieldKind::Bool,
        )
        .help("Show the organization's own instructions on the password reset pages.")
        .default(DefaultValue::Bool(false)),
        FieldSpec::new("digitTokenEnabled", "Digit token", FieldKind::Bool)
            .help("Allow password resets verified with a numeric one-time token.")
            .default(DefaultValue::Bool(false)),
        FieldSpec::new(
            "digitTokenDurationMinutes",
            "Digit token lifetime (minutes)",
            FieldKind::Integer { min: 1, max: 60 },
        )
        .help("How long a digit token stays valid: 1 to 60 minutes.")
        .default(DefaultValue::Integer(5)),
        FieldSpec::new(
            "digitTokenLength",
            "Digit token length",
            FieldKind::Integer { min: 6, max: 18 },
        )
        .help("Number of digits in a token: 6 to 18.")
        .default(DefaultValue::Integer(6)),
    ],
    operations: crate::operations![
        Create POST "/beta/password-org-config" 200 "create-password-org-config" [400, 401, 403, 429, 500];
        Get    GET  "/beta/password-org-config" 200 "get-password-org-config"    [400, 401, 403, 429, 500];
        Update PUT  "/beta/password-org-config" 200 "put-password-org-config"    [400, 401, 403, 429, 500];
    ],
    update: UpdateStyle::PutChanges,
    on_screen: true,
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
