//! The vendors' error bodies, as their specs define them.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::state::Vendor;

/// A refusal, boxed: responses are large and the success path is the common one.
pub type Refusal = Box<Response>;

/// SailPoint `ErrorResponseDto`: `detailCode`, `trackingId`, `messages[]` (`ErrorMessageDto`).
pub fn sailpoint(
    status: StatusCode,
    detail_code: &str,
    tracking_id: String,
    messages: &[String],
) -> Response {
    let messages: Vec<Value> = messages
        .iter()
        .map(|text| json!({"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}))
        .collect();
    let body = json!({
        "detailCode": detail_code,
        "trackingId": tracking_id,
        "messages": messages,
        "causes": [],
    });
    (status, Json(body)).into_response()
}

/// Cloudentity's `Error`: `status_code`, `error`, and `details`, an object as the spec and
/// the seed's examples have it: `{"reason": ...}` when there is more to say, else `{}`.
pub fn cloudentity(status: StatusCode, error: &str, reason: Option<&str>) -> Response {
    let details: Map<String, Value> = reason
        .map(|reason| ("reason".to_owned(), Value::from(reason)))
        .into_iter()
        .collect();
    cloudentity_with_details(status, error, details)
}

/// A Cloudentity validation failure: `details` names each refused field with its problem
/// (`{"client_name": "is required"}`), as ACP's validation errors do.
pub fn cloudentity_invalid_fields(problems: Vec<(&str, String)>) -> Response {
    let details = problems
        .into_iter()
        .map(|(field, problem)| (field.to_owned(), Value::String(problem)))
        .collect();
    cloudentity_with_details(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation failed",
        details,
    )
}

fn cloudentity_with_details(
    status: StatusCode,
    error: &str,
    details: Map<String, Value>,
) -> Response {
    let body = json!({
        "status_code": status.as_u16(),
        "error": error,
        "details": details,
    });
    (status, Json(body)).into_response()
}

/// 401 with the body each vendor sends for a missing, invalid or expired token.
pub fn unauthorized(vendor: Vendor, reason: &str) -> Response {
    match vendor {
        Vendor::SailPoint => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": format!("JWT validation failed: JWT is {reason}")})),
        )
            .into_response(),
        Vendor::Cloudentity => cloudentity(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            Some(&format!("access token is {reason}")),
        ),
    }
}

/// 429 with `Retry-After` in whole seconds, never 0 (a retry at once would be refused again).
pub fn rate_limited(vendor: Vendor, wait: std::time::Duration) -> Response {
    let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    let mut response = match vendor {
        Vendor::SailPoint => (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({"message": " Rate Limit Exceeded "})),
        )
            .into_response(),
        Vendor::Cloudentity => {
            cloudentity(StatusCode::TOO_MANY_REQUESTS, "too many requests", None)
        }
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// An error status and the code each vendor's body gives it.
struct VendorStatus {
    status: StatusCode,
    sailpoint_detail_code: &'static str,
    cloudentity_error: &'static str,
}

const MISDIRECTED: VendorStatus = VendorStatus {
    status: StatusCode::MISDIRECTED_REQUEST,
    sailpoint_detail_code: "421 Misdirected Request",
    cloudentity_error: "misdirected request",
};

const TOO_LARGE: VendorStatus = VendorStatus {
    status: StatusCode::PAYLOAD_TOO_LARGE,
    sailpoint_detail_code: "413 Payload Too Large",
    cloudentity_error: "request body too large",
};

const FORBIDDEN: VendorStatus = VendorStatus {
    status: StatusCode::FORBIDDEN,
    sailpoint_detail_code: "403 Forbidden",
    cloudentity_error: "forbidden",
};

/// `status` in `vendor`'s error body, with `reason` as its one message or its details' reason.
fn refusal(vendor: Vendor, status: &VendorStatus, reason: String, tracking_id: String) -> Response {
    match vendor {
        Vendor::SailPoint => sailpoint(
            status.status,
            status.sailpoint_detail_code,
            tracking_id,
            &[reason],
        ),
        Vendor::Cloudentity => cloudentity(status.status, status.cloudentity_error, Some(&reason)),
    }
}

/// 421: the request names a host other than the sandbox's own address (a page whose name was
/// rebound to 127.0.0.1, say); nothing of it is served.
pub fn misdirected(vendor: Vendor, tracking_id: String) -> Response {
    let reason = "The request is not addressed to this server: its Host must be 127.0.0.1, \
                  localhost or [::1] with the server's port.";
    refusal(vendor, &MISDIRECTED, reason.to_owned(), tracking_id)
}

/// 413: the body is larger than the sandbox takes.
pub fn too_large(vendor: Vendor, limit: usize, tracking_id: String) -> Response {
    let reason = format!("The request body is larger than {limit} bytes.");
    refusal(vendor, &TOO_LARGE, reason, tracking_id)
}

/// 403: the collection holds as many objects as the sandbox keeps.
pub fn collection_full(vendor: Vendor, what: &str, limit: usize, tracking_id: String) -> Response {
    let reason = format!("{what}: the tenant already holds the most it may ({limit}).");
    refusal(vendor, &FORBIDDEN, reason, tracking_id)
}

/// An OAuth2 token endpoint error (RFC 6749 §5.2).
pub fn oauth(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// 403: the token lacks every scope the operation accepts.
pub fn forbidden(vendor: Vendor, needed: &[&str], tracking_id: String) -> Response {
    let reason = format!("The token needs one of these scopes: {}", needed.join(", "));
    refusal(vendor, &FORBIDDEN, reason, tracking_id)
}

/// 500, as an injected fault.
pub fn internal(vendor: Vendor, tracking_id: String) -> Response {
    match vendor {
        Vendor::SailPoint => sailpoint(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500.0 Internal Fault",
            tracking_id,
            &["An internal fault occurred.".to_owned()],
        ),
        Vendor::Cloudentity => cloudentity(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal server error",
            None,
        ),
    }
}

/// A response whose body fails mid-stream: the server drops the connection, as a crashed
/// proxy would, and the client sees a transport error rather than an HTTP status.
pub fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection dropped by fault injection",
        ))
    });
    Response::new(Body::from_stream(failing))
}
