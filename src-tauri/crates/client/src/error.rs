//! Client errors, carrying what the vendor said, and their mapping to the UI's error shape.

use std::time::Duration;

use gatehouse_wire::{ApiError, ErrorDetails, ErrorKind};
use serde_json::Value;

use crate::redirect::RedirectRefusal;

/// A vendor error body, parsed from either vendor's shape.
///
/// SailPoint: `ErrorResponseDto {detailCode, trackingId, messages[].text}`, `{error}` on 401,
/// `{message}` on 429. Cloudentity: `{error, status_code, details}` with `details` an object
/// (`{"reason": ...}`, or one property per refused field), OAuth `{error, error_description}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorError {
    pub detail_code: Option<String>,
    pub tracking_id: Option<String>,
    pub messages: Vec<String>,
}

impl VendorError {
    /// What `body` says, each text cut to [`MAX_MESSAGE_CHARS`] and at most
    /// [`MAX_VENDOR_MESSAGES`] messages: an error body can be a proxy's page of any size.
    pub fn parse(body: &[u8]) -> Self {
        let parsed = Self::parse_whole(body);
        Self {
            detail_code: parsed.detail_code.map(readable),
            tracking_id: parsed.tracking_id.map(readable),
            messages: parsed
                .messages
                .into_iter()
                .take(MAX_VENDOR_MESSAGES)
                .map(readable)
                .collect(),
        }
    }

    fn parse_whole(body: &[u8]) -> Self {
        let Ok(json) = serde_json::from_slice::<Value>(body) else {
            let Some(text) = readable_text(body) else {
                return Self {
                    messages: vec![format!("a body that is not text ({} bytes)", body.len())],
                    ..Self::default()
                };
            };
            let text = html_summary(text).unwrap_or_else(|| text.trim().to_owned());
            return Self {
                messages: (!text.is_empty()).then_some(text).into_iter().collect(),
                ..Self::default()
            };
        };
        let text = |key: &str| match json.get(key) {
            Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Some(Value::Null) | None => None,
            Some(Value::String(_)) => None,
            Some(other) => Some(other.to_string()),
        };
        let listed = json
            .get("messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|message| message.get("text").and_then(Value::as_str))
            .map(str::to_owned);
        let details: Vec<String> = match json.get("details") {
            Some(Value::Object(details)) => details
                .iter()
                .filter_map(|(key, value)| detail_message(key, value))
                .collect(),
            _ => text("details").into_iter().collect(),
        };
        let messages = listed
            .chain(text("error_description"))
            .chain(details)
            .chain(text("message"))
            .collect();
        Self {
            detail_code: text("detailCode").or_else(|| text("error")),
            tracking_id: text("trackingId"),
            messages,
        }
    }
}

/// At most this many vendor messages are kept from one error answer.
pub const MAX_VENDOR_MESSAGES: usize = 20;

/// `body` as text, unless it is binary (not UTF-8, or control characters besides spacing).
fn readable_text(body: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(body).ok()?;
    (!text
        .chars()
        .any(|c| c.is_control() && !c.is_ascii_whitespace()))
    .then_some(text)
}

/// An HTML page (a proxy's or load balancer's error page) said in one line: its title or
/// first heading, not its markup.
fn html_summary(text: &str) -> Option<String> {
    let text = text.trim_start();
    // ASCII lower-casing keeps every byte offset, so offsets found in `lower` slice `text`.
    let lower = text.to_ascii_lowercase();
    if !(lower.starts_with("<!doctype html") || lower.starts_with("<html")) {
        return None;
    }
    let inner = |tag: &str| {
        let open = lower.find(&format!("<{tag}>"))? + tag.len() + 2;
        let close = open + lower[open..].find(&format!("</{tag}"))?;
        Some(
            text[open..close]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    let summary = inner("title")
        .filter(|title| !title.is_empty())
        .or_else(|| inner("h1").filter(|heading| !heading.is_empty()));
    Some(match summary {
        Some(summary) => format!("an HTML page instead of the vendor's answer: {summary}"),
        None => "an HTML page instead of the vendor's answer".to_owned(),
    })
}

/// One entry of a Cloudentity `details` object as a message: the `reason` as it is, a field's
/// problem as `field problem` (the shape the console turns into an error under that field).
fn detail_message(key: &str, value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) if text.trim().is_empty() => None,
        Value::String(text) if key == "reason" => Some(text.trim().to_owned()),
        Value::String(text) => Some(format!("{key} {}", text.trim())),
        other => Some(format!("{key}: {other}")),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The vendor answered with an error status.
    #[error("{operation} failed with HTTP {status}{}", summary(.vendor))]
    Vendor {
        operation: &'static str,
        status: u16,
        vendor: VendorError,
    },
    /// 429: `retry_after` is the vendor's `Retry-After`, when it sent one.
    #[error("{operation} was rate limited by the vendor{}", summary(.vendor))]
    RateLimited {
        operation: &'static str,
        retry_after: Option<Duration>,
        vendor: VendorError,
    },
    /// The token endpoint refused the client credentials: 401, or 400 with OAuth's
    /// `invalid_client` or `unauthorized_client`.
    #[error("the token endpoint {token_url} refused the client credentials (HTTP {status}){}; check the client id and secret", summary(.vendor))]
    CredentialsRejected {
        token_url: String,
        status: u16,
        vendor: VendorError,
    },
    /// 404 from the token URL: no such tenant, or a mistyped URL.
    #[error("there is no token endpoint at {token_url} (HTTP 404){}; check the tenant and the connection's URLs", summary(.vendor))]
    TokenUrlNotFound {
        token_url: String,
        vendor: VendorError,
    },
    /// 400 with OAuth's `invalid_request`: the endpoint could not make sense of the request.
    #[error("the token endpoint {token_url} refused the token request as malformed (HTTP 400){}; check the client id and the token URL", summary(.vendor))]
    TokenRequestMalformed {
        token_url: String,
        vendor: VendorError,
    },
    /// 405, or a redirect the client did not follow: the URL is not that of a token endpoint.
    #[error("{token_url} is not a token endpoint: {}{}; check that the connection's token URL is the tenant's OAuth token URL", not_a_token_answer(*.status), summary(.vendor))]
    NotATokenEndpoint {
        token_url: String,
        status: u16,
        vendor: VendorError,
    },
    /// Any other error status from the token endpoint (a 403, a 400 with another OAuth error).
    #[error("the token endpoint {token_url} gave no token (HTTP {status}){}", summary(.vendor))]
    TokenRefused {
        token_url: String,
        status: u16,
        vendor: VendorError,
    },
    #[error("{operation} timed out")]
    Timeout { operation: &'static str },
    /// TLS verification refused the server's certificate (unknown issuer, expired, wrong name).
    #[error("{operation}: the server's certificate is not trusted ({reason}); if the server uses a private CA, add that CA certificate to the connection")]
    UntrustedCertificate {
        operation: &'static str,
        reason: String,
    },
    #[error("{operation} could not reach the server: {message}")]
    Network {
        operation: &'static str,
        message: String,
    },
    /// A 2xx answer whose body is not what the vendor documents.
    #[error("{operation} returned an unexpected response: {message}")]
    UnexpectedResponse {
        operation: &'static str,
        message: String,
    },
    /// The server redirected the request to another scheme, host or port (`target`, an
    /// origin), and the request, possibly carrying a secret, was not re-sent there.
    #[error("{operation}: the server redirected the request to {target}, another server; Gatehouse sends requests and secrets only to the server the connection names, so it did not follow (check the connection's URLs)")]
    RedirectRefused {
        operation: &'static str,
        target: String,
    },
    #[error("the HTTP client could not be set up: {0}")]
    Setup(String),
    /// The call needs a person's sign-in (the developer portal's) and there is none, or it
    /// ended (its refresh token was refused).
    #[error("{operation}: sign in to the developer portal first")]
    SignInRequired { operation: &'static str },
    /// The call was refused before any request: a missing parameter, an edit the vendor
    /// would not accept (a field that is not patchable).
    #[error("{operation}: {message}")]
    Invalid {
        operation: &'static str,
        message: String,
    },
}

/// How a URL that is not a token endpoint answered a token request.
fn not_a_token_answer(status: u16) -> String {
    match status {
        405 => "it does not take a POST there (HTTP 405)".to_owned(),
        _ => format!("it answered with a redirect (HTTP {status}) that was not followed"),
    }
}

fn summary(vendor: &VendorError) -> String {
    match (&vendor.detail_code, vendor.messages.first()) {
        (Some(code), Some(message)) => format!(": {code}: {message}"),
        (Some(only), None) | (None, Some(only)) => format!(": {only}"),
        (None, None) => String::new(),
    }
}

impl ClientError {
    pub fn invalid(operation: &'static str, message: impl Into<String>) -> Self {
        ClientError::Invalid {
            operation,
            message: message.into(),
        }
    }

    /// Classifies a transport failure. reqwest's messages carry the URL but never a header or
    /// body, so no credential can leak through them.
    pub(crate) fn transport(operation: &'static str, error: reqwest::Error) -> Self {
        if let Some(target) = refused_redirect(&error) {
            ClientError::RedirectRefused { operation, target }
        } else if error.is_timeout() {
            ClientError::Timeout { operation }
        } else if error.is_decode() {
            ClientError::UnexpectedResponse {
                operation,
                message: error.to_string(),
            }
        } else if let Some(reason) = refused_certificate(&error) {
            ClientError::UntrustedCertificate { operation, reason }
        } else {
            // The chain holds the useful part ("connection refused", a TLS failure).
            ClientError::Network {
                operation,
                message: with_causes(&error),
            }
        }
    }

    /// What the token endpoint's error answer of `status` says went wrong, unless it is a
    /// rate limit or a server failure, reported as for any other answer.
    pub(crate) fn token_refusal(token_url: &str, status: u16, vendor: VendorError) -> Self {
        let token_url = token_url.to_owned();
        match (status, vendor.detail_code.as_deref()) {
            (401, _) | (400, Some("invalid_client" | "unauthorized_client")) => {
                ClientError::CredentialsRejected {
                    token_url,
                    status,
                    vendor,
                }
            }
            (400, Some("invalid_request")) => {
                ClientError::TokenRequestMalformed { token_url, vendor }
            }
            (404, _) => ClientError::TokenUrlNotFound { token_url, vendor },
            (300..=399 | 405, _) => ClientError::NotATokenEndpoint {
                token_url,
                status,
                vendor,
            },
            _ => ClientError::TokenRefused {
                token_url,
                status,
                vendor,
            },
        }
    }

    /// Whether the token endpoint refused the grant itself (OAuth's `invalid_grant`): an
    /// expired, used or revoked code or refresh token.
    pub fn is_refused_grant(&self) -> bool {
        matches!(
            self,
            ClientError::TokenRefused { vendor, .. }
                if vendor.detail_code.as_deref() == Some("invalid_grant")
        )
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Vendor { status, .. }
            | ClientError::CredentialsRejected { status, .. }
            | ClientError::NotATokenEndpoint { status, .. }
            | ClientError::TokenRefused { status, .. } => Some(*status),
            ClientError::TokenUrlNotFound { .. } => Some(404),
            ClientError::TokenRequestMalformed { .. } => Some(400),
            ClientError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
}

/// The kind of a vendor's error answer of `status`, when nothing more specific is known.
fn kind_of_status(status: u16) -> ErrorKind {
    match status {
        400 | 422 => ErrorKind::Validation,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 => ErrorKind::NotFound,
        409 => ErrorKind::Conflict,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Unexpected,
    }
}

/// The error's message followed by each of its causes.
pub(crate) fn with_causes(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    message
}

/// Where a redirect the policy refused for leaving the server pointed.
fn refused_redirect(error: &reqwest::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(RedirectRefusal::OtherServer { target }) = current.downcast_ref() {
            return Some(target.clone());
        }
        cause = current.source();
    }
    None
}

/// Why rustls refused the server's certificate, when that is what failed. rustls' error sits
/// inside nested `io::Error`s, whose `source()` skips the wrapped error, so those are unwrapped
/// as well as followed.
fn refused_certificate(error: &reqwest::Error) -> Option<String> {
    let mut pending: Vec<&(dyn std::error::Error + 'static)> = vec![error];
    while let Some(cause) = pending.pop() {
        if let Some(rustls::Error::InvalidCertificate(reason)) = cause.downcast_ref() {
            return Some(reason.to_string());
        }
        if let Some(wrapped) = cause
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            pending.push(wrapped);
        }
        pending.extend(cause.source());
    }
    None
}

/// The longest message an error carries to the UI; a server can put anything in its body.
pub const MAX_MESSAGE_CHARS: usize = 600;

/// `text` cut to [`MAX_MESSAGE_CHARS`], marked where it was cut.
fn readable(text: String) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

impl From<ClientError> for ApiError {
    fn from(error: ClientError) -> Self {
        let message = readable(error.to_string());
        let mut details = ErrorDetails {
            status: error.status(),
            ..ErrorDetails::default()
        };
        let kind = match error {
            ClientError::Vendor {
                operation,
                status,
                vendor,
            } => {
                details.operation = Some(operation.to_owned());
                fill(&mut details, vendor);
                kind_of_status(status)
            }
            ClientError::RateLimited {
                operation,
                retry_after,
                vendor,
            } => {
                details.operation = Some(operation.to_owned());
                // Round up: retrying a fraction of a second early would just be refused again.
                details.retry_after_seconds =
                    retry_after.map(|wait| wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
                fill(&mut details, vendor);
                ErrorKind::RateLimited
            }
            ClientError::CredentialsRejected { vendor, .. } => {
                fill(&mut details, vendor);
                ErrorKind::Unauthorized
            }
            // An unknown tenant: nothing is found at the address the connection gives.
            ClientError::TokenUrlNotFound { vendor, .. } => {
                fill(&mut details, vendor);
                ErrorKind::NotFound
            }
            ClientError::TokenRequestMalformed { vendor, .. } => {
                fill(&mut details, vendor);
                ErrorKind::Validation
            }
            // Like a refused redirect: it is the connection's URL that needs fixing.
            ClientError::NotATokenEndpoint { vendor, .. } => {
                fill(&mut details, vendor);
                ErrorKind::Configuration
            }
            ClientError::TokenRefused { status, vendor, .. } => {
                fill(&mut details, vendor);
                kind_of_status(status)
            }
            ClientError::Timeout { operation } | ClientError::Network { operation, .. } => {
                details.operation = Some(operation.to_owned());
                ErrorKind::Network
            }
            ClientError::UntrustedCertificate { operation, .. } => {
                details.operation = Some(operation.to_owned());
                ErrorKind::UntrustedCertificate
            }
            ClientError::UnexpectedResponse { operation, .. } => {
                details.operation = Some(operation.to_owned());
                ErrorKind::Unexpected
            }
            // The connection's URL leads elsewhere (a moved tenant, http to https, a login
            // page): it is the connection that needs fixing.
            ClientError::RedirectRefused { operation, .. } => {
                details.operation = Some(operation.to_owned());
                ErrorKind::Configuration
            }
            ClientError::Setup(_) => ErrorKind::Configuration,
            ClientError::SignInRequired { operation } => {
                details.operation = Some(operation.to_owned());
                ErrorKind::SignInRequired
            }
            ClientError::Invalid { operation, .. } => {
                details.operation = Some(operation.to_owned());
                ErrorKind::Validation
            }
        };
        ApiError {
            kind,
            message,
            details: Box::new(details),
        }
    }
}

fn fill(details: &mut ErrorDetails, vendor: VendorError) {
    details.detail_code = vendor.detail_code;
    details.tracking_id = vendor.tracking_id;
    details.messages = vendor.messages;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_sailpoint_error_response_dto() {
        let body = br#"{"detailCode":"400.1 Bad Request Content","trackingId":"abc123",
            "messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"digitTokenLength must be between 6 and 18"}],"causes":[]}"#;
        let vendor = VendorError::parse(body);
        assert_eq!(
            vendor.detail_code.as_deref(),
            Some("400.1 Bad Request Content")
        );
        assert_eq!(vendor.tracking_id.as_deref(), Some("abc123"));
        assert_eq!(
            vendor.messages,
            ["digitTokenLength must be between 6 and 18"]
        );
    }

    #[test]
    fn parses_cloudentity_and_oauth_and_rate_limit_bodies() {
        let acp = VendorError::parse(
            br#"{"status_code":401,"error":"unauthorized","details":{"reason":"token expired"}}"#,
        );
        assert_eq!(acp.detail_code.as_deref(), Some("unauthorized"));
        assert_eq!(acp.messages, ["token expired"]);
        let older_acp = VendorError::parse(
            br#"{"status_code":401,"error":"unauthorized","details":"token expired"}"#,
        );
        assert_eq!(older_acp.messages, ["token expired"]);
        let oauth = VendorError::parse(
            br#"{"error":"invalid_client","error_description":"Bad client credentials"}"#,
        );
        assert_eq!(oauth.detail_code.as_deref(), Some("invalid_client"));
        assert_eq!(oauth.messages, ["Bad client credentials"]);
        let limited = VendorError::parse(br#"{"message":" Rate Limit Exceeded "}"#);
        assert_eq!(limited.messages, ["Rate Limit Exceeded"]);
        let plain = VendorError::parse(b"upstream failure");
        assert_eq!(plain.messages, ["upstream failure"]);
    }

    #[test]
    fn an_html_error_page_is_summed_up_by_its_title() {
        let page = VendorError::parse(
            b"<!DOCTYPE html>\n<html><head><title>502 Bad\n  Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
        );
        assert_eq!(
            page.messages,
            ["an HTML page instead of the vendor's answer: 502 Bad Gateway"]
        );
        let untitled = VendorError::parse(b"<html><body><p>oops</p></body></html>");
        assert_eq!(
            untitled.messages,
            ["an HTML page instead of the vendor's answer"]
        );
    }

    #[test]
    fn a_binary_error_body_is_named_not_shown() {
        let binary = VendorError::parse(&[0x89, b'P', b'N', b'G', 0x00, 0xff]);
        assert_eq!(binary.messages, ["a body that is not text (6 bytes)"]);
    }

    #[test]
    fn a_huge_error_body_is_cut_to_readable_messages() {
        let huge = "x".repeat(10 * MAX_MESSAGE_CHARS);
        let plain = VendorError::parse(huge.as_bytes());
        assert_eq!(plain.messages[0].chars().count(), MAX_MESSAGE_CHARS + 1);
        let many: Vec<_> = (0..100).map(|n| json!({"text": format!("m{n}")})).collect();
        let listed = VendorError::parse(
            json!({"detailCode": huge, "messages": many})
                .to_string()
                .as_bytes(),
        );
        assert_eq!(listed.messages.len(), MAX_VENDOR_MESSAGES);
        assert!(listed.detail_code.unwrap().chars().count() <= MAX_MESSAGE_CHARS + 1);
    }

    #[test]
    fn cloudentity_field_details_become_one_message_per_field() {
        let acp = VendorError::parse(
            br#"{"status_code":422,"error":"validation failed",
                "details":{"client_name":"is required","grant_types":["bad"],"empty":{},"none":null}}"#,
        );
        assert_eq!(acp.detail_code.as_deref(), Some("validation failed"));
        assert_eq!(
            acp.messages,
            [
                "client_name is required",
                "empty: {}",
                r#"grant_types: ["bad"]"#
            ]
        );
        let nothing_more =
            VendorError::parse(br#"{"status_code":403,"error":"forbidden","details":{}}"#);
        assert!(nothing_more.messages.is_empty());
    }

    #[test]
    fn maps_to_the_ui_error_shape() {
        let error = ClientError::Vendor {
            operation: "put-password-org-config",
            status: 400,
            vendor: VendorError {
                detail_code: Some("400.1 Bad Request Content".into()),
                tracking_id: Some("t1".into()),
                messages: vec!["digitTokenLength must be between 6 and 18".into()],
            },
        };
        let api = ApiError::from(error);
        assert_eq!(api.kind, ErrorKind::Validation);
        assert_eq!(api.details.status, Some(400));
        assert_eq!(
            api.details.operation.as_deref(),
            Some("put-password-org-config")
        );
        assert_eq!(api.details.tracking_id.as_deref(), Some("t1"));
        assert_eq!(
            api.message,
            "put-password-org-config failed with HTTP 400: 400.1 Bad Request Content: digitTokenLength must be between 6 and 18"
        );
    }

    #[test]
    fn rate_limit_rounds_the_wait_up() {
        let api = ApiError::from(ClientError::RateLimited {
            operation: "get-password-org-config",
            retry_after: Some(Duration::from_millis(2_100)),
            vendor: VendorError::default(),
        });
        assert_eq!(api.kind, ErrorKind::RateLimited);
        assert_eq!(api.details.retry_after_seconds, Some(3));
        assert_eq!(api.details.status, Some(429));
    }

    #[test]
    fn a_refused_redirect_is_a_configuration_error_naming_the_target() {
        let api = ApiError::from(ClientError::RedirectRefused {
            operation: "fetch-token",
            target: "https://elsewhere.example:8443".into(),
        });
        assert_eq!(api.kind, ErrorKind::Configuration);
        assert_eq!(api.details.operation.as_deref(), Some("fetch-token"));
        assert!(
            api.message.contains("https://elsewhere.example:8443"),
            "{}",
            api.message
        );
    }
}
