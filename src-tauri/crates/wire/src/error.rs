//! The one error shape the UI receives: `{kind, message, details}`.

use serde::{Deserialize, Serialize};

/// What went wrong, coarse enough for the UI to decide how to react.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Input failed validation (in the app before sending, or a vendor 400/422, including a
    /// token request the token endpoint called malformed): show field errors.
    Validation,
    /// 401 after one token refresh, or the token endpoint refused the credentials: re-authenticate.
    Unauthorized,
    Forbidden,
    /// What was asked for does not exist: a vendor 404, a token URL of an unknown tenant.
    NotFound,
    Conflict,
    /// 429: `details.retry_after_seconds` says when a retry can succeed.
    RateLimited,
    /// 5xx from the vendor.
    Server,
    /// Connection refused, DNS, TLS or timeout: nothing reached the vendor, or no answer came back.
    Network,
    /// The server's certificate is not trusted (unknown issuer, expired, wrong name): a private
    /// CA may need adding to the connection.
    UntrustedCertificate,
    /// The connection's client secret must be entered (again) before it is used: none is
    /// stored, or the one stored was entered for other endpoints (vendor, base URL, token
    /// URLs, tenant or CA) and is not sent to these. The UI opens the connection's form.
    SecretRequired,
    /// The OS keychain cannot be used; the UI offers keeping the secret for this run only.
    KeychainUnavailable,
    /// The profile itself is incomplete or malformed (bad URL, missing secret), or its token URL
    /// leads somewhere that is not a token endpoint (a 405, a redirect not followed).
    Configuration,
    /// Local storage failed: the profile file could not be read or written, or the keychain
    /// refused an operation it otherwise supports.
    Storage,
    /// The call needs a person's sign-in (the developer portal's) that there is not, or that
    /// ended: the UI offers signing in.
    SignInRequired,
    /// The administrator stopped it (an export) before it finished; nothing was left half done.
    Cancelled,
    /// Anything else (an unexpected response shape, an internal failure).
    Unexpected,
}

/// One field that failed validation, named by its wire name (`digitTokenLength`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Everything the vendor or the app said about an error, for display and for reacting to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The vendor operation that failed, e.g. `put-password-org-config`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// SailPoint `detailCode`, Cloudentity `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_code: Option<String>,
    /// SailPoint `trackingId`: what the vendor's support asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_id: Option<String>,
    /// Human-readable messages from the vendor body (`messages[].text`, `details`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// The local file a `storage` error is about, for the administrator to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// Boxed: errors travel in every `Result`, and the details are the bulky, rare part.
    #[serde(default)]
    pub details: Box<ErrorDetails>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            details: Box::default(),
        }
    }

    /// A validation failure found before any request was sent.
    pub fn invalid_fields(field_errors: Vec<FieldError>) -> Self {
        let message = match field_errors.as_slice() {
            [only] => format!("{}: {}", only.field, only.message),
            many => format!("{} fields are invalid", many.len()),
        };
        Self {
            kind: ErrorKind::Validation,
            message,
            details: Box::new(ErrorDetails {
                field_errors,
                ..ErrorDetails::default()
            }),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_message_details() {
        let mut error = ApiError::new(ErrorKind::RateLimited, "Too many requests");
        error.details.retry_after_seconds = Some(7);
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "rate_limited",
                "message": "Too many requests",
                "details": {"retry_after_seconds": 7}
            })
        );
        let back: ApiError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }

    #[test]
    fn invalid_fields_names_the_single_field() {
        let error = ApiError::invalid_fields(vec![FieldError {
            field: "digitTokenLength".into(),
            message: "must be at most 18".into(),
        }]);
        assert_eq!(error.kind, ErrorKind::Validation);
        assert_eq!(error.message, "digitTokenLength: must be at most 18");
        assert_eq!(error.details.field_errors.len(), 1);
    }
}
