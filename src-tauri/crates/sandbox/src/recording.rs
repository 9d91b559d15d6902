//! What the request log keeps of a request: its query and body with secrets redacted, the
//! body cut to a bounded length.

use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

use gatehouse_configfiles::redact::PLACEHOLDER_PREFIX;

use crate::auth;

/// Properties that carry a credential: a client's secret, a server's hashing secret.
const SECRET_KEYS: [&str; 2] = ["client_secret", "secret"];

/// A secret property's value as logged: redacted, unless it is one of Gatehouse's export
/// placeholders, which stands for a secret and is none; logged as sent, a placeholder that
/// reached a tenant can be seen in the log.
fn redact(key: &str, value: String) -> String {
    if SECRET_KEYS.contains(&key) && !value.starts_with(PLACEHOLDER_PREFIX) {
        "REDACTED".to_owned()
    } else {
        value
    }
}

/// What else a form carries that opens an account: the sign-in's code, verifier, refresh
/// token and password.
const FORM_SECRET_KEYS: [&str; 4] = ["code", "code_verifier", "refresh_token", "password"];

fn redacted_form(form: &str) -> Vec<(String, String)> {
    auth::parse_form(form)
        .into_iter()
        .map(|(key, value)| {
            let value = if FORM_SECRET_KEYS.contains(&key.as_str()) {
                "REDACTED".to_owned()
            } else {
                redact(&key, value)
            };
            (key, value)
        })
        .collect()
}

/// The query string as logged: SailPoint accepts token parameters there, secret included.
pub fn redacted_query(query: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(redacted_form(query))
        .finish()
}

/// What the request log keeps of a body, and whether it was cut to `limit` bytes: JSON as is,
/// forms as an object, secrets redacted. A body over the limit is kept as the text of its
/// first `limit` bytes (a form's after redaction, so the cut never reveals a secret).
pub fn recorded_body(headers: &HeaderMap, bytes: &[u8], limit: usize) -> (Option<Value>, bool) {
    if bytes.is_empty() {
        return (None, false);
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let fields = redacted_form(&String::from_utf8_lossy(bytes));
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        if encoded.len() > limit {
            return (Some(start_of(encoded.as_bytes(), limit)), true);
        }
        let fields: Map<String, Value> = fields
            .into_iter()
            .map(|(key, value)| (key, Value::String(value)))
            .collect();
        return (Some(Value::Object(fields)), false);
    }
    match serde_json::from_slice(bytes).map(redacted_json) {
        // Redacted before it is cut, so the cut never reveals a secret either.
        Ok(json) => {
            let text = json.to_string();
            if text.len() > limit {
                (Some(start_of(text.as_bytes(), limit)), true)
            } else {
                (Some(json), false)
            }
        }
        Err(_) if bytes.len() > limit => (Some(start_of(bytes, limit)), true),
        Err(_) => (
            Some(Value::String(String::from_utf8_lossy(bytes).into_owned())),
            false,
        ),
    }
}

/// `json` with every secret property, at any depth, replaced (a whole-object PUT sends the
/// stored secret back).
fn redacted_json(json: Value) -> Value {
    match json {
        Value::Object(properties) => Value::Object(
            properties
                .into_iter()
                .map(|(key, value)| match value {
                    Value::String(text) => {
                        let text = redact(&key, text);
                        (key, Value::String(text))
                    }
                    other => (key, redacted_json(other)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redacted_json).collect()),
        other => other,
    }
}

/// The first `limit` bytes as text, a character cut in two dropped.
fn start_of(bytes: &[u8], limit: usize) -> Value {
    let start = &bytes[..limit.min(bytes.len())];
    let text = match std::str::from_utf8(start) {
        Ok(text) => text.to_owned(),
        Err(error) if error.error_len().is_none() => {
            String::from_utf8_lossy(&start[..error.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(start).into_owned(),
    };
    Value::String(text)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_body_over_the_limit_is_recorded_cut_and_marked_truncated() {
        let headers = HeaderMap::new();
        // Compact, as the log writes JSON again after redacting it.
        let body = format!("{{\"description\":\"{}\"}}", "é".repeat(100));
        let (recorded, truncated) = recorded_body(&headers, body.as_bytes(), 32);
        assert!(truncated);
        let text = recorded.unwrap();
        let text = text.as_str().unwrap();
        assert!(text.len() <= 32 && body.starts_with(text), "{text}");
        assert!(!text.contains('\u{fffd}'), "no character is cut in two");

        let (recorded, truncated) = recorded_body(&headers, br#"{"name": "small"}"#, 32);
        assert_eq!(recorded, Some(serde_json::json!({"name": "small"})));
        assert!(!truncated);
    }

    #[test]
    fn the_request_log_keeps_no_secret_of_a_json_body() {
        let body = serde_json::json!({"client_name": "A", "client_secret": "s1",
            "nested": [{"secret": "s2", "kept": "k"}]});
        let (recorded, _) = recorded_body(&HeaderMap::new(), body.to_string().as_bytes(), 1024);
        assert_eq!(
            recorded,
            Some(
                serde_json::json!({"client_name": "A", "client_secret": "REDACTED",
                "nested": [{"secret": "REDACTED", "kept": "k"}]})
            )
        );
    }

    #[test]
    fn a_placeholder_sent_for_a_secret_is_logged_as_sent() {
        let placeholder = format!("{PLACEHOLDER_PREFIX}cloudentity/clients/client_secret");
        let body = serde_json::json!({"client_secret": placeholder});
        let (recorded, _) = recorded_body(&HeaderMap::new(), body.to_string().as_bytes(), 1024);
        assert_eq!(recorded, Some(body));
    }

    #[test]
    fn a_cut_form_never_shows_its_secret() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        let form = format!("client_secret=s3cr3t&padding={}", "x".repeat(200));
        let (recorded, truncated) = recorded_body(&headers, form.as_bytes(), 64);
        assert!(truncated);
        let text = recorded.unwrap().to_string();
        assert!(
            text.contains("REDACTED") && !text.contains("s3cr3t"),
            "{text}"
        );
    }
}
