//! Secrets in exported files: a typed placeholder in their place, and the way back out of a
//! file that will be sent, so a placeholder never overwrites a real secret.

use std::collections::BTreeMap;

use gatehouse_wire::{ResourceDescription, Vendor};
use serde_json::Value;

/// Every placeholder starts with this; nothing a vendor generates does.
pub const PLACEHOLDER_PREFIX: &str = "gatehouse:redacted:";

/// The short vendor name used in placeholders and paths.
pub fn vendor_slug(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::SailPoint => "sailpoint",
        Vendor::Cloudentity => "cloudentity",
    }
}

/// The placeholder for the secret named `secret` (`cloudentity/clients/client_secret`).
pub fn placeholder(secret: &str) -> String {
    format!("{PLACEHOLDER_PREFIX}{secret}")
}

/// The name of the secret a resource field holds: `vendor/resource/field`.
pub fn secret_name(description: &ResourceDescription, field: &str) -> String {
    format!(
        "{}/{}/{field}",
        vendor_slug(description.vendor),
        description.key
    )
}

pub fn is_placeholder(value: &Value) -> bool {
    placeholder_for(value).is_some()
}

/// Which secret a placeholder stands for, `None` when `value` is not one.
pub fn placeholder_for(value: &Value) -> Option<&str> {
    value.as_str()?.strip_prefix(PLACEHOLDER_PREFIX)
}

/// How many values of each secret a redaction replaced, by secret name.
pub type Redactions = BTreeMap<String, usize>;

/// Replaces every field the description marks secret with its placeholder. Missing and null
/// fields stay as they are: there is nothing to hide, and nothing to ask for on restore.
pub fn redact_object(
    description: &ResourceDescription,
    object: &mut Value,
    redactions: &mut Redactions,
) {
    let Value::Object(properties) = object else {
        return;
    };
    for field in description.secret_fields() {
        match properties.get_mut(field.name) {
            None | Some(Value::Null) => {}
            Some(value) if is_placeholder(value) => {}
            Some(value) => {
                let name = secret_name(description, field.name);
                *value = Value::String(placeholder(&name));
                *redactions.entry(name).or_default() += 1;
            }
        }
    }
}

/// A secret an object to send has no value for: the administrator must supply it, or the
/// vendor generates one.
pub use gatehouse_wire::restore::NeedsValue;

/// `object` without any placeholder, at any depth, and the list of what was taken out. What
/// goes to a tenant passes through here first.
pub fn strip_placeholders(object: &Value) -> (Value, Vec<NeedsValue>) {
    let mut needs = Vec::new();
    let stripped = strip(object, &mut String::new(), &mut needs);
    needs.sort_by(|left, right| left.pointer.cmp(&right.pointer));
    (stripped, needs)
}

fn strip(value: &Value, pointer: &mut String, needs: &mut Vec<NeedsValue>) -> Value {
    let mut keep = |child: &Value, token: &str, pointer: &mut String| {
        let length = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(token));
        let kept = match placeholder_for(child) {
            Some(secret) => {
                needs.push(NeedsValue {
                    pointer: pointer.clone(),
                    secret: secret.to_owned(),
                });
                None
            }
            None => Some(strip(child, pointer, needs)),
        };
        pointer.truncate(length);
        kept
    };
    match value {
        Value::Object(properties) => Value::Object(
            properties
                .iter()
                .filter_map(|(key, child)| Some((key.clone(), keep(child, key, pointer)?)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .filter_map(|(index, child)| keep(child, &index.to_string(), pointer))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// One reference token of a JSON Pointer (RFC 6901): `~` and `/` escaped.
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::{CLIENTS, OAUTH_CLIENTS, SERVERS};
    use serde_json::json;

    #[test]
    fn secret_fields_become_placeholders_that_name_the_secret() {
        let mut client = json!({"client_id": "c1", "client_secret": "s3cr3t", "scopes": []});
        let mut redactions = Redactions::new();
        redact_object(&CLIENTS, &mut client, &mut redactions);
        assert_eq!(
            client["client_secret"],
            "gatehouse:redacted:cloudentity/clients/client_secret"
        );
        assert!(is_placeholder(&client["client_secret"]));
        assert_eq!(
            placeholder_for(&client["client_secret"]),
            Some("cloudentity/clients/client_secret")
        );
        assert_eq!(redactions["cloudentity/clients/client_secret"], 1);

        let mut oauth = json!({"id": "o1", "secret": "x"});
        redact_object(&OAUTH_CLIENTS, &mut oauth, &mut redactions);
        assert_eq!(
            oauth["secret"],
            "gatehouse:redacted:sailpoint/oauth-clients/secret"
        );
    }

    #[test]
    fn absent_or_null_secrets_are_not_counted() {
        let mut server = json!({"id": "s1", "secret": null});
        let mut redactions = Redactions::new();
        redact_object(&SERVERS, &mut server, &mut redactions);
        assert_eq!(server, json!({"id": "s1", "secret": null}));
        assert!(redactions.is_empty());
    }

    #[test]
    fn placeholders_are_taken_out_of_what_is_sent_and_listed() {
        let object = json!({
            "client_id": "c1",
            "client_secret": placeholder("cloudentity/clients/client_secret"),
            "nested": {"a/b": placeholder("x/y"), "keep": "gatehouse:other"},
            "list": ["plain", placeholder("z")],
        });
        let (stripped, needs) = strip_placeholders(&object);
        assert_eq!(
            stripped,
            json!({"client_id": "c1", "nested": {"keep": "gatehouse:other"}, "list": ["plain"]})
        );
        let pointers: Vec<_> = needs.iter().map(|need| need.pointer.as_str()).collect();
        assert_eq!(pointers, ["/client_secret", "/list/1", "/nested/a~1b"]);
        assert_eq!(needs[0].secret, "cloudentity/clients/client_secret");
    }
}
