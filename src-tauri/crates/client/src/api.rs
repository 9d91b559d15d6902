//! One authenticated request path for every operation, and the one place resilience lives:
//! bearer token with one refresh on 401, bounded waits on 429, retries with backoff for
//! transient failures of idempotent requests only (a re-sent DELETE answered 404 is done),
//! vendor errors parsed.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::body::{read_limited, MAX_BODY_BYTES};
use crate::error::{ClientError, VendorError};
use crate::token::TokenSource;

/// What a request carries.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RequestBody {
    #[default]
    Empty,
    Json(Value),
    /// An RFC 6902 patch, sent as `application/json-patch+json`.
    JsonPatch(json_patch::Patch),
    /// Plain text (an OpenAPI document pasted by the user).
    Text(String),
    /// One file in a `multipart/form-data` body, under the form field `file`.
    File {
        name: String,
        bytes: Vec<u8>,
    },
    /// One text field in a `multipart/form-data` body (Cloudentity's import by URL).
    FormField {
        field: String,
        value: String,
    },
}

/// One call of a vendor operation, path parameters already filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// The seed's operation name, carried into errors and logs.
    pub operation: &'static str,
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: RequestBody,
    /// What the answer should be; JSON unless the operation returns a file.
    pub accept: &'static str,
}

impl ApiRequest {
    pub fn new(operation: &'static str, method: Method, path: impl Into<String>) -> Self {
        Self {
            operation,
            method,
            path: path.into(),
            query: Vec::new(),
            body: RequestBody::Empty,
            accept: "application/json",
        }
    }

    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self
    }

    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    pub fn body(mut self, body: RequestBody) -> Self {
        self.body = body;
        self
    }

    /// Safe to send twice: a retry cannot create or change something twice.
    ///
    /// A 5xx or a dropped connection says nothing about whether the vendor already carried
    /// the request out, so only these are re-sent after one. Never a POST: a create whose
    /// answer was lost would exist twice. Never a PATCH either: RFC 6902 operations are not
    /// idempotent in general (`add` to `/-` appends again, `remove` by index removes the
    /// next element), and even the whole-field `replace`s the console sends would, re-sent,
    /// overwrite a colleague's change made since the conflict check that preceded the first
    /// send. After such a failure the caller reads the object again and decides.
    fn is_idempotent(&self) -> bool {
        matches!(self.method, Method::GET | Method::PUT | Method::DELETE)
    }
}

/// A successful answer: its status, its JSON body (`Value::Null` when empty or not JSON) and
/// the raw bytes (a gateway package is an archive, not JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Value,
    pub bytes: Vec<u8>,
}

/// How hard a request tries before it reports a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The longest `Retry-After` worth waiting for; a longer one is reported at once.
    pub max_rate_limit_wait: Duration,
    /// How many 429s in a row are waited out, for every method: a 429 refuses the request
    /// before it is carried out.
    pub rate_limit_retries: u32,
    /// Retries of 5xx answers and connection failures, for GET/PUT/DELETE only.
    pub transient_retries: u32,
    /// The first backoff; it doubles on every retry.
    pub backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::STANDARD
    }
}

impl RetryPolicy {
    /// Waits out up to three `Retry-After`s of at most 30 s; retries transient failures twice.
    pub const STANDARD: RetryPolicy = RetryPolicy {
        max_rate_limit_wait: Duration::from_secs(30),
        rate_limit_retries: 3,
        transient_retries: 2,
        backoff: Duration::from_millis(250),
    };
}

/// Why a request is about to be retried, so a UI can say "retrying in 3 s".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    pub operation: &'static str,
    /// 1 for the first retry.
    pub attempt: u32,
    pub wait: Duration,
    pub reason: RetryReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryReason {
    RateLimited,
    ServerError(u16),
    Network,
}

pub type RetryObserver = Arc<dyn Fn(&RetryNotice) + Send + Sync>;

pub struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    tokens: TokenSource,
    policy: RetryPolicy,
    observer: Option<RetryObserver>,
}

impl ApiClient {
    pub fn new(http: reqwest::Client, base_url: &str, tokens: TokenSource) -> Self {
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            tokens,
            policy: RetryPolicy::default(),
            observer: None,
        }
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Called before every wait, with what is being waited for.
    pub fn on_retry(mut self, observer: RetryObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    pub fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    /// Sends `request`, retrying as the policy allows.
    pub async fn execute(&self, request: &ApiRequest) -> Result<ApiResponse, ClientError> {
        let mut rate_limited = 0;
        let mut transient = 0;
        loop {
            let outcome = self.send_once(request).await;
            if transient > 0 && deleted_before_resend(request, &outcome) {
                tracing::info!(
                    operation = request.operation,
                    attempt = transient,
                    "a re-sent DELETE found the object gone: an earlier attempt deleted it"
                );
                return Ok(ApiResponse {
                    status: StatusCode::NOT_FOUND.as_u16(),
                    content_type: None,
                    body: Value::Null,
                    bytes: Vec::new(),
                });
            }
            let (reason, wait) = match &outcome {
                Err(ClientError::RateLimited {
                    retry_after: Some(wait),
                    ..
                }) if rate_limited < self.policy.rate_limit_retries
                    && *wait <= self.policy.max_rate_limit_wait =>
                {
                    rate_limited += 1;
                    (RetryReason::RateLimited, *wait)
                }
                Err(error)
                    if request.is_idempotent() && transient < self.policy.transient_retries =>
                {
                    let Some(reason) = transient_reason(error) else {
                        return outcome;
                    };
                    let wait = self.policy.backoff * 2u32.pow(transient);
                    transient += 1;
                    (reason, wait)
                }
                _ => return outcome,
            };
            let notice = RetryNotice {
                operation: request.operation,
                attempt: rate_limited + transient,
                wait,
                reason,
            };
            tracing::info!(operation = notice.operation, attempt = notice.attempt, wait_ms = wait.as_millis() as u64, reason = ?notice.reason, "retrying");
            if let Some(observer) = &self.observer {
                observer(&notice);
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt, with one token refresh if the vendor refuses the token.
    async fn send_once(&self, request: &ApiRequest) -> Result<ApiResponse, ClientError> {
        let operation = request.operation;
        let mut refreshed = false;
        loop {
            let token = self.tokens.token().await?;
            let mut builder = self
                .http
                .request(
                    request.method.clone(),
                    format!("{}{}", self.base_url, request.path),
                )
                .bearer_auth(token.expose_secret())
                .header(header::ACCEPT, request.accept);
            if !request.query.is_empty() {
                builder = builder.query(&request.query);
            }
            builder = match &request.body {
                RequestBody::Empty => builder,
                RequestBody::Json(body) => builder.json(body),
                RequestBody::JsonPatch(patch) => builder
                    .header(header::CONTENT_TYPE, "application/json-patch+json")
                    .body(serde_json::to_vec(patch).map_err(|error| {
                        ClientError::UnexpectedResponse {
                            operation,
                            message: format!("patch could not be encoded: {error}"),
                        }
                    })?),
                RequestBody::Text(text) => builder
                    .header(header::CONTENT_TYPE, "text/plain")
                    .body(text.clone()),
                RequestBody::FormField { field, value } => builder
                    .multipart(reqwest::multipart::Form::new().text(field.clone(), value.clone())),
                RequestBody::File { name, bytes } => {
                    let part =
                        reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone());
                    builder.multipart(reqwest::multipart::Form::new().part("file", part))
                }
            };
            let response = builder
                .send()
                .await
                .map_err(|error| ClientError::transport(operation, error))?;
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let content_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let bytes = read_limited(operation, response, MAX_BODY_BYTES).await?;
            // A token can be revoked or expire early; one fresh token settles whether the
            // credentials themselves are the problem.
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                self.tokens.invalidate(&token).await;
                refreshed = true;
                continue;
            }
            return interpret(operation, status, retry_after, content_type, &bytes);
        }
    }
}

/// Whether `outcome`, the answer to a re-send of `request`, is a 404 to a DELETE. The earlier
/// attempt failed in transit or with a 5xx, so may have deleted the object before it failed:
/// either way the object is gone, which is all a DELETE asks. A 404 to a first attempt stays an
/// error (nothing was deleted; the id was wrong or someone else deleted it).
fn deleted_before_resend(request: &ApiRequest, outcome: &Result<ApiResponse, ClientError>) -> bool {
    request.method == Method::DELETE
        && matches!(outcome, Err(ClientError::Vendor { status: 404, .. }))
}

/// Whether a failure may pass on its own: a 5xx or a connection that failed or dropped.
fn transient_reason(error: &ClientError) -> Option<RetryReason> {
    match error {
        ClientError::Vendor { status, .. } if *status >= 500 => {
            Some(RetryReason::ServerError(*status))
        }
        ClientError::Network { .. } | ClientError::Timeout { .. } => Some(RetryReason::Network),
        _ => None,
    }
}

fn interpret(
    operation: &'static str,
    status: StatusCode,
    retry_after: Option<Duration>,
    content_type: Option<String>,
    bytes: &[u8],
) -> Result<ApiResponse, ClientError> {
    if status == StatusCode::TOO_MANY_REQUESTS {
        return Err(ClientError::RateLimited {
            operation,
            retry_after,
            vendor: VendorError::parse(bytes),
        });
    }
    if !status.is_success() {
        return Err(ClientError::Vendor {
            operation,
            status: status.as_u16(),
            vendor: VendorError::parse(bytes),
        });
    }
    let is_json = content_type
        .as_deref()
        .is_none_or(|kind| kind.contains("json"));
    let body = if bytes.is_empty() || !is_json {
        Value::Null
    } else {
        serde_json::from_slice(bytes).map_err(|error| ClientError::UnexpectedResponse {
            operation,
            message: format!("body is not JSON: {error}"),
        })?
    };
    Ok(ApiResponse {
        status: status.as_u16(),
        content_type,
        body,
        bytes: bytes.to_vec(),
    })
}

/// `Retry-After` in seconds (the form both vendors use); an HTTP date is not worth guessing at.
pub(crate) fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_retry_after_seconds() {
        let mut headers = header::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn only_get_put_and_delete_are_retried() {
        let request = |method| ApiRequest::new("op", method, "/x");
        assert!(request(Method::GET).is_idempotent());
        assert!(request(Method::PUT).is_idempotent());
        assert!(request(Method::DELETE).is_idempotent());
        assert!(!request(Method::POST).is_idempotent());
        assert!(!request(Method::PATCH).is_idempotent());
    }

    #[test]
    fn interprets_statuses() {
        let json = Some("application/json".to_owned());
        let ok = interpret("op", StatusCode::OK, None, json.clone(), br#"{"a":1}"#).unwrap();
        assert_eq!(ok.body, serde_json::json!({"a": 1}));
        let empty = interpret("op", StatusCode::NO_CONTENT, None, None, b"").unwrap();
        assert_eq!(empty.body, Value::Null);
        let archive = interpret(
            "op",
            StatusCode::OK,
            None,
            Some("application/zip".to_owned()),
            b"PK\x03\x04",
        )
        .unwrap();
        assert_eq!(archive.body, Value::Null);
        assert_eq!(archive.bytes, b"PK\x03\x04");
        let limited = interpret(
            "op",
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(3)),
            json.clone(),
            br#"{"message":"Rate Limit Exceeded"}"#,
        );
        assert!(matches!(
            limited,
            Err(ClientError::RateLimited { retry_after: Some(wait), .. }) if wait == Duration::from_secs(3)
        ));
        let missing = interpret("op", StatusCode::NOT_FOUND, None, json.clone(), b"{}");
        assert!(matches!(
            missing,
            Err(ClientError::Vendor { status: 404, .. })
        ));
        let garbage = interpret("op", StatusCode::OK, None, json, b"<html>");
        assert!(matches!(
            garbage,
            Err(ClientError::UnexpectedResponse { .. })
        ));
    }

    #[test]
    fn only_a_404_to_a_delete_counts_as_deleted_before_the_resend() {
        let missing = || {
            Err(ClientError::Vendor {
                operation: "op",
                status: 404,
                vendor: VendorError::default(),
            })
        };
        let delete = ApiRequest::new("op", Method::DELETE, "/x");
        assert!(deleted_before_resend(&delete, &missing()));
        let get = ApiRequest::new("op", Method::GET, "/x");
        assert!(!deleted_before_resend(&get, &missing()));
        let conflict = Err(ClientError::Vendor {
            operation: "op",
            status: 409,
            vendor: VendorError::default(),
        });
        assert!(!deleted_before_resend(&delete, &conflict));
    }

    #[test]
    fn transient_failures_are_server_errors_and_lost_connections() {
        let vendor = |status| ClientError::Vendor {
            operation: "op",
            status,
            vendor: VendorError::default(),
        };
        assert_eq!(
            transient_reason(&vendor(503)),
            Some(RetryReason::ServerError(503))
        );
        assert_eq!(transient_reason(&vendor(409)), None);
        let network = ClientError::Network {
            operation: "op",
            message: "connection reset".into(),
        };
        assert_eq!(transient_reason(&network), Some(RetryReason::Network));
    }
}
