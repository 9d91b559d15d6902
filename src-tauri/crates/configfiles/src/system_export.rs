//! The Cloudentity system export (`/api/system/configuration`, the spec's `Dump`): one object
//! holding every collection of the tenant. Its collections map to catalogue resources where
//! there is one, and its secrets are listed here as data because the dump nests them deeper
//! than any resource description reaches.

use gatehouse_wire::catalog;
use serde_json::Value;

use crate::canonical::{canonical_object, canonical_text, sort_keys, LeftOut};
use crate::redact::{is_placeholder, placeholder, Redactions};

/// The catalogue key of the system export.
pub const SYSTEM_EXPORT: &str = "configuration";

/// The dump's collections that are a described resource: their elements are canonicalized
/// with that description (id, set-like and volatile fields).
const COLLECTIONS: &[(&str, &str)] = &[
    ("apis", "apis"),
    ("claims", "claims"),
    ("clients", "clients"),
    ("consent_actions", "consent-actions"),
    ("consents", "consents"),
    ("gateways", "gateways"),
    ("policies", "policies"),
    ("privacy_ledger_events", "privacy-ledger-events"),
    ("scopes_without_service", "scopes"),
    ("servers", "servers"),
    ("services", "services"),
    ("tenants", "tenant"),
];

/// Where the dump keeps secrets, as paths of keys: `*` is one key or index, `**` any number.
/// The first rule that matches names the secret; a matched value is replaced whole.
const SECRETS: &[&str] = &[
    "servers/*/secret",
    "servers/*/rotated_secrets",
    "servers/*/subject_identifier_algorithm_salt",
    "clients/*/client_secret",
    "clients/*/client_hashed_secret",
    "clients/*/registration_token",
    "idps/*/credentials/**/client_secret",
    "idps/*/credentials/**/password",
    "idps/*/credentials/**/private_key",
    // A JWK's private members (RFC 7518 §6.2.2, §6.3.2, §6.4.1): servers', tenants' and
    // clients' key sets.
    "**/jwks/keys/*/d",
    "**/jwks/keys/*/p",
    "**/jwks/keys/*/q",
    "**/jwks/keys/*/dp",
    "**/jwks/keys/*/dq",
    "**/jwks/keys/*/qi",
    "**/jwks/keys/*/k",
    // Wherever else the vendor puts them (an Okta supervisor client's key in IDP settings).
    "**/client_secret",
    "**/private_key",
];

/// The dump in canonical form: each collection's elements canonical and sorted by id.
pub fn canonical_dump(dump: &Value, leave_out_volatile: bool, left_out: &mut LeftOut) -> Value {
    let Value::Object(collections) = dump else {
        return sort_keys(dump);
    };
    let canonical = collections
        .iter()
        .map(|(name, value)| {
            let value = match (value, described(name)) {
                (Value::Array(items), Some(description)) => {
                    let mut items: Vec<Value> = items
                        .iter()
                        .map(|item| {
                            canonical_object(description, item, leave_out_volatile, left_out)
                        })
                        .collect();
                    crate::canonical::sort_collection(description, &mut items);
                    Value::Array(items)
                }
                // Every collection of the dump is a set of objects: ordering undescribed ones
                // by id, else by text, loses nothing.
                (Value::Array(items), None) => {
                    let mut items: Vec<Value> = items.iter().map(sort_keys).collect();
                    items.sort_by_cached_key(|item| {
                        let id = item.get("id").and_then(Value::as_str).map(str::to_owned);
                        (id.is_none(), id, canonical_text(item))
                    });
                    Value::Array(items)
                }
                (other, _) => sort_keys(other),
            };
            (name.clone(), value)
        })
        .collect();
    sort_keys(&Value::Object(canonical))
}

fn described(collection: &str) -> Option<&'static gatehouse_wire::ResourceDescription> {
    COLLECTIONS
        .iter()
        .find(|(name, _)| *name == collection)
        .and_then(|(_, key)| catalog::resource(key))
}

/// Replaces every secret of the dump with a placeholder naming it
/// (`cloudentity/configuration/servers/secret`).
pub fn redact_dump(dump: &mut Value, redactions: &mut Redactions) {
    let mut path = Vec::new();
    redact_at(dump, &mut path, redactions);
}

fn redact_at(value: &mut Value, path: &mut Vec<String>, redactions: &mut Redactions) {
    if !path.is_empty() && !value.is_null() && !is_placeholder(value) {
        if let Some(rule) = SECRETS.iter().find(|rule| matches(rule, path)) {
            let name = secret_name(rule);
            *value = Value::String(placeholder(&name));
            *redactions.entry(name).or_default() += 1;
            return;
        }
    }
    let mut descend = |key: String, child: &mut Value| {
        path.push(key);
        redact_at(child, path, redactions);
        path.pop();
    };
    match value {
        Value::Object(properties) => {
            for (key, child) in properties.iter_mut() {
                descend(key.clone(), child);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                descend(index.to_string(), child);
            }
        }
        _ => {}
    }
}

/// The secret a rule names: its literal keys, `cloudentity/configuration/...`.
fn secret_name(rule: &str) -> String {
    let literal: Vec<&str> = rule
        .split('/')
        .filter(|segment| *segment != "*" && *segment != "**")
        .collect();
    format!("cloudentity/{SYSTEM_EXPORT}/{}", literal.join("/"))
}

fn matches(rule: &str, path: &[String]) -> bool {
    let segments: Vec<&str> = rule.split('/').collect();
    matches_segments(&segments, path)
}

fn matches_segments(segments: &[&str], path: &[String]) -> bool {
    match (segments.first(), path.first()) {
        (None, None) => true,
        (Some(&"**"), _) => {
            matches_segments(&segments[1..], path)
                || (!path.is_empty() && matches_segments(segments, &path[1..]))
        }
        (Some(segment), Some(key)) => {
            (*segment == "*" || segment == key) && matches_segments(&segments[1..], &path[1..])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::strip_placeholders;
    use serde_json::json;

    fn dump() -> Value {
        json!({
            "servers": [
                {"id": "s2", "secret": "hash-me", "rotated_secrets": ["old"],
                 "grant_types": ["refresh_token", "authorization_code"],
                 "jwks": {"keys": [{"kid": "k1", "kty": "RSA", "n": "public", "e": "AQAB",
                                    "d": "private", "p": "p", "q": "q"}]}},
                {"id": "s1", "name": "first"}
            ],
            "clients": [{"client_id": "c1", "client_secret": "cs", "client_hashed_secret": "h",
                         "scopes": ["b", "a"]}],
            "tenants": [{"id": "t", "jwks": {"keys": [{"kid": "t1", "kty": "oct", "k": "sym"}]}}],
            "idps": [{"id": "i1", "credentials": {"static": {"users": [
                {"username": "peter", "password": "pw"}]}, "oidc": {"client_secret": "o"}},
                "settings": {"supervisor": {"client_id": "x", "private_key": "pem"}}}],
            "gateways": [{"id": "g", "last_active": "2026-01-01T00:00:00Z"}],
            "consent_grants": [{"subject": "b"}, {"subject": "a"}],
        })
    }

    #[test]
    fn every_secret_of_the_dump_becomes_a_named_placeholder() {
        let mut value = dump();
        let mut redactions = Redactions::new();
        redact_dump(&mut value, &mut redactions);
        let text = value.to_string();
        for secret in [
            "hash-me",
            "\"old\"",
            "\"private\"",
            "\"sym\"",
            "\"pw\"",
            "\"cs\"",
            "\"pem\"",
        ] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        assert!(text.contains("\"public\"") && text.contains("peter"));
        assert_eq!(
            value["servers"][0]["secret"],
            "gatehouse:redacted:cloudentity/configuration/servers/secret"
        );
        assert_eq!(
            value["servers"][0]["jwks"]["keys"][0]["d"],
            "gatehouse:redacted:cloudentity/configuration/jwks/keys/d"
        );
        assert_eq!(redactions["cloudentity/configuration/jwks/keys/p"], 1);
        assert_eq!(
            redactions["cloudentity/configuration/idps/credentials/password"],
            1
        );
        let (_, needs) = strip_placeholders(&value);
        assert_eq!(needs.len(), redactions.values().sum::<usize>());
    }

    #[test]
    fn the_dump_is_canonical_by_the_catalogue() {
        let mut left_out = LeftOut::default();
        let canonical = canonical_dump(&dump(), true, &mut left_out);
        assert_eq!(canonical["servers"][0]["id"], "s1");
        assert_eq!(
            canonical["servers"][1]["grant_types"],
            json!(["authorization_code", "refresh_token"])
        );
        assert_eq!(canonical["clients"][0]["scopes"], json!(["a", "b"]));
        assert_eq!(canonical["gateways"][0], json!({"id": "g"}));
        assert_eq!(left_out.volatile, ["gateways/last_active"]);
        assert_eq!(
            canonical["consent_grants"],
            json!([{"subject": "a"}, {"subject": "b"}])
        );
    }
}
