//! What a sandbox is started with (config, limits, credentials, faults) and what it records.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use gatehouse_configfiles::Export;

use crate::TlsIdentity;

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// 0 picks a free port. The sandbox only ever binds 127.0.0.1.
    pub port: u16,
    /// Drives generated credentials, tokens and ids, so a seed reproduces a sandbox (tests,
    /// `--seed`). `None`, the default, draws them from the OS's random source.
    pub seed: Option<u64>,
    /// Start with believable demo data; `false` starts an empty tenant.
    pub demo_data: bool,
    /// This many generated SailPoint OAuth clients, and as many personal access tokens, on top
    /// of the demo data: for trying long lists.
    pub bulk: usize,
    /// Accept exactly these credentials instead of generating them from the seed.
    pub credentials: Option<SandboxCredentials>,
    /// Serve HTTPS with this identity instead of plain HTTP.
    pub tls: Option<TlsIdentity>,
    /// Caps on what it holds and accepts; the defaults suit the app and most tests.
    pub limits: Limits,
    /// Hold this export's objects in place of its vendor's demo data, as the exported tenant
    /// (its Cloudentity tenant id too): a copy to rehearse a restore on.
    pub from_export: Option<Box<Export>>,
}

/// How much the sandbox holds and accepts, so nothing a client sends grows it without bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries the request log keeps; the oldest go first.
    pub request_log: usize,
    /// Bytes of a body the request log keeps; a longer one is kept cut, marked truncated.
    pub recorded_body_bytes: usize,
    /// Bytes of a request body; a larger one is answered 413.
    pub request_body_bytes: usize,
    /// Objects one collection holds; a create beyond it is refused with the vendor's 403.
    pub collection: usize,
    /// Unexpired tokens held; issuing one more drops the one closest to expiring.
    pub live_tokens: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            request_log: 10_000,
            recorded_body_bytes: 64 * 1024,
            // Far above any OpenAPI document a spec import takes.
            request_body_bytes: 8 * 1024 * 1024,
            // Above what `bulk` seeding creates in tests (10,000).
            collection: 50_000,
            live_tokens: 10_000,
        }
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            port: 0,
            seed: None,
            demo_data: true,
            bulk: 0,
            credentials: None,
            tls: None,
            limits: Limits::default(),
            from_export: None,
        }
    }
}

/// The client credentials the sandbox accepts, per vendor. `Debug` prints the secrets
/// redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxCredentials {
    pub sailpoint_client_id: String,
    pub sailpoint_client_secret: String,
    pub cloudentity_tenant_id: String,
    pub cloudentity_client_id: String,
    pub cloudentity_client_secret: String,
    /// The developer portal's public client: no secret, PKCE instead.
    pub developer_portal_client_id: String,
    /// The demo developer who signs in to the developer portal.
    pub developer_username: String,
    pub developer_password: String,
}

impl std::fmt::Debug for SandboxCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxCredentials")
            .field("sailpoint_client_id", &self.sailpoint_client_id)
            .field("sailpoint_client_secret", &format_args!("[REDACTED]"))
            .field("cloudentity_tenant_id", &self.cloudentity_tenant_id)
            .field("cloudentity_client_id", &self.cloudentity_client_id)
            .field("cloudentity_client_secret", &format_args!("[REDACTED]"))
            .field(
                "developer_portal_client_id",
                &self.developer_portal_client_id,
            )
            .field("developer_username", &self.developer_username)
            .field("developer_password", &format_args!("[REDACTED]"))
            .finish()
    }
}

/// One authenticated request as the sandbox received it. Secrets are redacted; the
/// Authorization header is never kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The JSON body, or form fields as an object; when longer than
    /// [`Limits::recorded_body_bytes`], its start as text.
    pub body: Option<Value>,
    /// The body was cut to [`Limits::recorded_body_bytes`].
    pub body_truncated: bool,
    pub status: u16,
    /// Whether the request reached its handler, so could have changed state: false when the
    /// gate refused it (token, rate limit, scope, an injected 500 or dropped connection).
    pub reached_handler: bool,
    /// The fault injected into this request, if one was.
    pub fault: Option<InjectedFault>,
}

/// A fault the sandbox injected into one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InjectedFault {
    /// Answered with the vendor's 500 before the handler ran.
    ServerError,
    /// The connection dropped before the handler ran.
    DroppedConnection,
    /// The handler ran (and may have changed state), then the connection dropped.
    LostAnswer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_requests: u32,
    pub window: Duration,
}

impl RateLimit {
    /// SailPoint's documented limit: 100 requests per 10 seconds.
    pub const SAILPOINT_DEFAULT: RateLimit = RateLimit {
        max_requests: 100,
        window: Duration::from_secs(10),
    };
}

/// Faults injected into API responses (token endpoints are never affected).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Faults {
    pub rate_limit: Option<RateLimit>,
    pub latency: Duration,
    /// Share of API requests answered with the vendor's 500, in percent.
    pub server_errors_percent: u8,
    /// Share of API requests whose connection is dropped before an answer, in percent.
    pub dropped_connections_percent: u8,
    /// Share of API requests that are carried out but whose answer is lost (the connection
    /// drops after the handler ran), in percent: a vendor gives no promise that a request
    /// which failed in transit changed nothing.
    pub lost_answers_percent: u8,
}
