//! One authenticated request path for every operation: bearer token, one refresh on 401,
//! vendor errors parsed, 429 reported with its `Retry-After`.

use std::time::Duration;

use reqwest::{header, Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::error::{ClientError, VendorError};
use crate::token::TokenSource;

/// A successful answer: its status and JSON body (`Value::Null` when empty).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    pub body: Value,
}

pub struct ApiClient {
    http: reqwest::Client,
    base_url: String,
    tokens: TokenSource,
}

impl ApiClient {
    pub fn new(http: reqwest::Client, base_url: &str, tokens: TokenSource) -> Self {
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            tokens,
        }
    }

    pub fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    /// Sends `method path` with an optional JSON body for the vendor operation `operation`.
    pub async fn send(
        &self,
        operation: &'static str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<ApiResponse, ClientError> {
        let mut refreshed = false;
        loop {
            let token = self.tokens.token().await?;
            let mut request = self
                .http
                .request(method.clone(), format!("{}{path}", self.base_url))
                .bearer_auth(token.expose_secret())
                .header(header::ACCEPT, "application/json");
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request
                .send()
                .await
                .map_err(|error| ClientError::transport(operation, error))?;
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let bytes = response
                .bytes()
                .await
                .map_err(|error| ClientError::transport(operation, error))?;
            // A token can be revoked or expire early; one fresh token settles whether the
            // credentials themselves are the problem.
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                self.tokens.invalidate(&token).await;
                refreshed = true;
                continue;
            }
            return interpret(operation, status, retry_after, &bytes);
        }
    }
}

fn interpret(
    operation: &'static str,
    status: StatusCode,
    retry_after: Option<Duration>,
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
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(bytes).map_err(|error| ClientError::UnexpectedResponse {
            operation,
            message: format!("body is not JSON: {error}"),
        })?
    };
    Ok(ApiResponse {
        status: status.as_u16(),
        body,
    })
}

/// `Retry-After` in seconds (the form both vendors use); an HTTP date is not worth guessing at.
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
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
    fn interprets_statuses() {
        let ok = interpret("op", StatusCode::OK, None, br#"{"a":1}"#).unwrap();
        assert_eq!(ok.body, serde_json::json!({"a": 1}));
        let empty = interpret("op", StatusCode::NO_CONTENT, None, b"").unwrap();
        assert_eq!(empty.body, Value::Null);
        let limited = interpret(
            "op",
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(3)),
            br#"{"message":"Rate Limit Exceeded"}"#,
        );
        assert!(matches!(
            limited,
            Err(ClientError::RateLimited { retry_after: Some(wait), .. }) if wait == Duration::from_secs(3)
        ));
        let missing = interpret("op", StatusCode::NOT_FOUND, None, b"{}");
        assert!(matches!(
            missing,
            Err(ClientError::Vendor { status: 404, .. })
        ));
        let garbage = interpret("op", StatusCode::OK, None, b"<html>");
        assert!(matches!(
            garbage,
            Err(ClientError::UnexpectedResponse { .. })
        ));
    }
}
