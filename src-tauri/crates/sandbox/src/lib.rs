//! A local, stateful emulator of the SailPoint ISC and Cloudentity ACP admin APIs.
//!
//! The app opens on it when no tenant is configured, and every test talks to it. It issues its
//! own client credentials and tokens, answers with the vendors' status codes and error bodies,
//! records what it received, and can inject faults (rate limits, latency, 500s, connections
//! dropped before or after the change was made).
//!
//! Its credentials and tokens come from the OS's random source at each start unless a seed is
//! given. It answers only requests addressed to its own loopback address (no DNS rebinding
//! from a web page), holds every collection and its request log to a cap, and refuses bodies
//! over a limit, so a flood or a hostile page cannot grow it without bound.

mod auth;
mod call;
mod cloudentity;
mod config;
mod demo;
mod dialect;
mod errors;
mod generic;
mod hooks;
mod http;
mod recording;
mod rehearsal;
mod sailpoint;
mod scopes;
mod spec_fetch;
mod state;
mod store;
mod tls;
mod tokens;
mod validation;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use gatehouse_wire::catalog::{AUTH_USERS, OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};
use gatehouse_wire::PASSWORD_ORG_CONFIG;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    Faults, InjectedFault, Limits, RateLimit, RecordedRequest, SandboxConfig, SandboxCredentials,
};
pub use state::Vendor;
use state::{SharedState, State};
pub use tls::TlsIdentity;

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    address: SocketAddr,
    scheme: &'static str,
    credentials: SandboxCredentials,
    state: SharedState,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl Sandbox {
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let tcp = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let address = tcp.local_addr()?;
        let acceptor = config.tls.as_ref().map(tls::acceptor).transpose()?;
        let state = Arc::new(Mutex::new(State::new(&config)));
        let credentials = lock(&state).credentials.clone();
        let app = http::router(state.clone(), address.port());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let stopped = async {
            let _ = stopped.await;
        };
        let scheme = if acceptor.is_some() { "https" } else { "http" };
        let server = tokio::spawn(async move {
            let served = match acceptor {
                Some(acceptor) => {
                    let listener = tls::TlsListener { tcp, acceptor };
                    axum::serve(listener, app)
                        .with_graceful_shutdown(stopped)
                        .await
                }
                None => axum::serve(tcp, app).with_graceful_shutdown(stopped).await,
            };
            if let Err(error) = served {
                tracing::error!(%error, "sandbox server failed");
            }
        });
        Ok(Sandbox {
            address,
            scheme,
            credentials,
            state,
            shutdown: Some(shutdown),
            server: Some(server),
        })
    }

    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme, self.address)
    }

    pub fn credentials(&self) -> &SandboxCredentials {
        &self.credentials
    }

    pub fn password_org_config(&self) -> Option<Value> {
        lock(&self.state)
            .store
            .singleton(PASSWORD_ORG_CONFIG.key)
            .cloned()
            .map(Value::Object)
    }

    /// Takes the tenant back to "no password org config yet", as a fresh tenant is.
    pub fn remove_password_org_config(&self) {
        lock(&self.state)
            .store
            .remove_singleton(PASSWORD_ORG_CONFIG.key);
    }

    /// Stored SailPoint objects as the vendor would hold them (secrets never kept).
    pub fn oauth_clients(&self) -> Vec<Value> {
        self.objects(OAUTH_CLIENTS.key)
    }

    pub fn personal_access_tokens(&self) -> Vec<Value> {
        self.objects(PERSONAL_ACCESS_TOKENS.key)
    }

    pub fn auth_users(&self) -> Vec<Value> {
        self.objects(AUTH_USERS.key)
    }

    /// Stored Cloudentity objects of one collection (`servers`, `clients`, `consent-actions`...).
    pub fn cloudentity_objects(&self, collection: &str) -> Vec<Value> {
        self.objects(collection)
    }

    fn objects(&self, collection: &str) -> Vec<Value> {
        let state = lock(&self.state);
        let objects = state.store.objects(collection);
        objects.iter().cloned().map(Value::Object).collect()
    }

    /// Registers a client that may only use `scopes`; returns its id and secret.
    pub fn add_limited_client(&self, vendor: Vendor, scopes: &[&str]) -> (String, String) {
        let mut state = lock(&self.state);
        let id = state.random_hex(16);
        let secret = state.random_hex(32);
        let client = state::LimitedClient {
            vendor,
            secret: secret.clone(),
            scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        };
        state.limited_clients.insert(id.clone(), client);
        (id, secret)
    }

    /// The access tokens still live (expired ones are pruned), for tests that look for them where
    /// none may be.
    pub fn issued_tokens(&self) -> Vec<String> {
        lock(&self.state).issued_tokens()
    }

    /// The request log, oldest first: the last [`Limits::request_log`] authenticated requests.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.iter().cloned().collect()
    }

    /// How many requests were refused for want of a valid token or client credentials; they
    /// are counted, not recorded.
    pub fn unauthenticated_requests(&self) -> u64 {
        lock(&self.state).unauthenticated_requests
    }

    pub fn set_faults(&self, faults: Faults) {
        let mut state = lock(&self.state);
        state.faults = faults;
        state.request_times.clear();
    }

    /// The next `count` API requests that reach their handler are carried out, then their
    /// connection drops before the answer ([`InjectedFault::LostAnswer`]).
    pub fn lose_next_answers(&self, count: u32) {
        lock(&self.state).answers_to_lose = count;
    }

    /// Every token issued so far is treated as expired from now on.
    pub fn expire_tokens(&self) {
        lock(&self.state).expire_tokens();
    }

    /// Stops the server and waits until it has stopped.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Every critical section is a few field updates; a panic in one cannot leave state torn in a
/// way worth refusing to serve over.
pub(crate) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_tls_keys_print_redacted_in_debug() {
        let credentials = SandboxCredentials {
            sailpoint_client_id: "sp-id".to_owned(),
            sailpoint_client_secret: "sp-secret-0123".to_owned(),
            cloudentity_tenant_id: "demo".to_owned(),
            cloudentity_client_id: "acp-id".to_owned(),
            cloudentity_client_secret: "acp-secret-4567".to_owned(),
            developer_portal_client_id: "portal-id".to_owned(),
            developer_username: "dev@example.com".to_owned(),
            developer_password: "dev-password-cdef".to_owned(),
        };
        let config = SandboxConfig {
            credentials: Some(credentials),
            tls: Some(TlsIdentity {
                certificate_chain_pem: "-----BEGIN CERTIFICATE-----".to_owned(),
                private_key_pem: "-----BEGIN PRIVATE KEY----- key-bytes-89ab".to_owned(),
            }),
            ..SandboxConfig::default()
        };
        let printed = format!("{config:?}");
        for secret in [
            "sp-secret-0123",
            "acp-secret-4567",
            "dev-password-cdef",
            "key-bytes-89ab",
        ] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
        assert!(printed.contains("[REDACTED]"), "{printed}");
        assert!(printed.contains("sp-id") && printed.contains("acp-id"));
    }
}
