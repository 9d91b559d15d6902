//! Everything the sandbox remembers.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use gatehouse_wire::catalog::TENANT;
pub use gatehouse_wire::Vendor;

use crate::cloudentity::sign_in::SignIns;
use crate::store::Store;
use crate::tokens::{IssuedToken, Refused, Tokens};
use crate::{Faults, Limits, RateLimit, RecordedRequest, SandboxConfig, SandboxCredentials};

/// The state every handler shares.
pub type SharedState = Arc<Mutex<State>>;

/// Which API a token opens. Cloudentity's system API (the configuration export) takes only
/// tokens of the system workspace, its admin API only the tenant's admin tokens, its developer
/// API only tokens a developer signed in for. A token of one of the tenant's own authorization
/// servers is for that server's APIs: Cloudentity's APIs take none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    SailPoint,
    CloudentityTenant,
    CloudentitySystem,
    CloudentityDeveloper,
    CloudentityServer,
}

impl Audience {
    pub fn vendor(self) -> Vendor {
        match self {
            Audience::SailPoint => Vendor::SailPoint,
            Audience::CloudentityTenant
            | Audience::CloudentitySystem
            | Audience::CloudentityDeveloper
            | Audience::CloudentityServer => Vendor::Cloudentity,
        }
    }
}

/// A client a test registered with fewer rights than the built-in ones.
pub struct LimitedClient {
    pub vendor: Vendor,
    pub secret: String,
    pub scopes: Vec<String>,
}

/// The identity the built-in SailPoint client acts as (owner of "me" tokens).
pub struct Identity {
    pub id: String,
    pub name: String,
}

pub struct State {
    pub credentials: SandboxCredentials,
    tokens: Tokens,
    pub store: Store,
    pub admin: Identity,
    pub limited_clients: HashMap<String, LimitedClient>,
    /// The request log, a ring of at most `limits.request_log` entries.
    pub requests: VecDeque<RecordedRequest>,
    pub unauthenticated_requests: u64,
    pub limits: Limits,
    pub faults: Faults,
    /// The next this many API requests that reach their handler lose their answer, whatever
    /// the fault percentages say: a lost answer a test can count on.
    pub answers_to_lose: u32,
    /// Per client: when its recent API requests arrived, for the rate limit's sliding window.
    pub request_times: HashMap<String, VecDeque<Instant>>,
    /// Developer-portal sign-ins under way and the refresh tokens they gave.
    pub sign_ins: SignIns,
    rng: StdRng,
}

fn developer_rng(seed: Option<u64>) -> StdRng {
    seed.map_or_else(StdRng::from_os_rng, |seed| {
        StdRng::seed_from_u64(seed.wrapping_add(1))
    })
}

/// `bytes` random bytes as lower-case hex. Written out by hand: bulk seeding calls it tens of
/// thousands of times, and a `format!` per byte made that slow.
pub fn hex(rng: &mut impl Rng, bytes: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes * 2);
    for _ in 0..bytes {
        let byte = rng.random::<u8>();
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

impl State {
    pub fn new(config: &SandboxConfig) -> Self {
        let mut rng = config
            .seed
            .map_or_else(StdRng::from_os_rng, StdRng::seed_from_u64);
        let mut credentials = config
            .credentials
            .clone()
            .unwrap_or_else(|| SandboxCredentials {
                sailpoint_client_id: hex(&mut rng, 16),
                sailpoint_client_secret: hex(&mut rng, 32),
                cloudentity_tenant_id: "demo".to_owned(),
                cloudentity_client_id: hex(&mut rng, 10),
                cloudentity_client_secret: hex(&mut rng, 24),
                developer_portal_client_id: "developer-portal".to_owned(),
                developer_username: "developer@sandbox.local".to_owned(),
                // Its own generator, so a seed gives every other credential and id it gave
                // before the developer portal existed.
                developer_password: hex(&mut developer_rng(config.seed), 16),
            });
        if let Some(export) = config
            .from_export
            .as_ref()
            .filter(|export| export.manifest.vendor == gatehouse_wire::Vendor::Cloudentity)
        {
            credentials.cloudentity_tenant_id = export.manifest.tenant.clone();
        }
        let admin = Identity {
            id: hex(&mut rng, 16),
            name: "Sandbox Admin".to_owned(),
        };
        let mut state = Self {
            credentials,
            tokens: Tokens::new(config.limits.live_tokens),
            store: Store::default(),
            admin,
            limited_clients: HashMap::new(),
            requests: VecDeque::new(),
            unauthenticated_requests: 0,
            limits: config.limits,
            faults: Faults {
                rate_limit: Some(RateLimit::SAILPOINT_DEFAULT),
                ..Faults::default()
            },
            answers_to_lose: 0,
            request_times: HashMap::new(),
            sign_ins: SignIns::default(),
            rng,
        };
        let tenant = state.credentials.cloudentity_tenant_id.clone();
        let settings = crate::demo::object(json!({
            "id": tenant,
            "name": "Demo tenant",
            "url": format!("https://sandbox.local/{tenant}"),
        }));
        state.store.set_singleton(TENANT.key, settings);
        if config.demo_data {
            crate::demo::seed_sailpoint(&mut state);
            crate::demo::seed_cloudentity(&mut state);
        }
        crate::demo::seed_bulk(&mut state, config.bulk);
        if let Some(export) = &config.from_export {
            crate::rehearsal::seed_from_export(&mut state, export);
        }
        state
    }

    /// A whole-number percentage roll: `true` in `percent` of calls.
    pub fn roll(&mut self, percent: u8) -> bool {
        percent > 0 && self.rng.random_range(0..100) < percent
    }

    pub fn random_hex(&mut self, bytes: usize) -> String {
        hex(&mut self.rng, bytes)
    }

    pub fn issue_token(
        &mut self,
        audience: Audience,
        client_id: &str,
        scopes: Vec<String>,
        lifetime: Duration,
    ) -> String {
        let token = self.random_hex(32);
        let now = Instant::now();
        let issued = IssuedToken {
            audience,
            client_id: client_id.to_owned(),
            scopes,
            expires_at: now + lifetime,
        };
        self.tokens.insert(token.clone(), issued, now);
        token
    }

    /// The client a bearer token was issued to and its scopes, or why it is refused.
    pub fn validate_token(
        &mut self,
        token: &str,
        audience: Audience,
    ) -> Result<(String, Vec<String>), Refused> {
        self.tokens.validate(token, audience, Instant::now())
    }

    /// The access tokens held now (expired ones are pruned).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.tokens.values().cloned().collect()
    }

    pub fn expire_tokens(&mut self) {
        self.tokens.expire_all(Instant::now());
        self.sign_ins.expire_codes(Instant::now());
    }

    /// Adds to the request log, dropping its oldest entry when it is full.
    pub fn record(&mut self, request: RecordedRequest) {
        if self.limits.request_log == 0 {
            return;
        }
        while self.requests.len() >= self.limits.request_log {
            self.requests.pop_front();
        }
        self.requests.push_back(request);
    }

    /// Whether a collection of `len` objects may take `adding` more.
    pub fn has_room(&self, len: usize, adding: usize) -> bool {
        len.saturating_add(adding) <= self.limits.collection
    }

    /// Counts a request against the client's rate limit; `Some(wait)` when it is over.
    pub fn rate_limited(&mut self, client_id: &str, now: Instant) -> Option<Duration> {
        let limit = self.faults.rate_limit?;
        let times = self.request_times.entry(client_id.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|oldest| now.duration_since(*oldest) >= limit.window)
        {
            times.pop_front();
        }
        if times.len() < limit.max_requests as usize {
            times.push_back(now);
            return None;
        }
        // With a limit of 0 nothing is in the window: a full window must pass.
        Some(times.front().map_or(limit.window, |oldest| {
            limit.window.saturating_sub(now.duration_since(*oldest))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::{OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};

    #[test]
    fn an_explicit_seed_reproduces_the_credentials() {
        let config = SandboxConfig {
            seed: Some(42),
            ..SandboxConfig::default()
        };
        assert_eq!(
            State::new(&config).credentials,
            State::new(&config).credentials
        );
        let other = SandboxConfig {
            seed: Some(7),
            ..SandboxConfig::default()
        };
        assert_ne!(
            State::new(&config).credentials,
            State::new(&other).credentials
        );
    }

    #[test]
    fn without_a_seed_each_start_draws_new_credentials() {
        let config = SandboxConfig::default();
        let first = State::new(&config).credentials;
        let second = State::new(&config).credentials;
        assert_ne!(
            first.sailpoint_client_secret,
            second.sailpoint_client_secret
        );
        assert_ne!(
            first.cloudentity_client_secret,
            second.cloudentity_client_secret
        );
        assert_ne!(first.sailpoint_client_id, second.sailpoint_client_id);
    }

    #[test]
    fn the_request_log_keeps_only_the_newest_entries_up_to_its_cap() {
        let mut state = State::new(&SandboxConfig {
            limits: Limits {
                request_log: 3,
                ..Limits::default()
            },
            ..SandboxConfig::default()
        });
        for status in 0..5 {
            state.record(RecordedRequest {
                method: "GET".to_owned(),
                path: "/beta/oauth-clients".to_owned(),
                query: None,
                body: None,
                body_truncated: false,
                status,
                reached_handler: true,
                fault: None,
            });
        }
        let kept: Vec<u16> = state
            .requests
            .iter()
            .map(|request| request.status)
            .collect();
        assert_eq!(kept, [2, 3, 4]);
    }

    #[test]
    fn bulk_adds_generated_clients_and_tokens_after_the_demo_data() {
        let seeded = SandboxConfig {
            seed: Some(42),
            ..SandboxConfig::default()
        };
        let demo = State::new(&seeded);
        let bulk = State::new(&SandboxConfig { bulk: 3, ..seeded });
        let clients = |state: &State| state.store.objects(OAUTH_CLIENTS.key).to_vec();
        let tokens = |state: &State| state.store.objects(PERSONAL_ACCESS_TOKENS.key).to_vec();
        assert_eq!(clients(&bulk)[..2], clients(&demo)[..]);
        assert_eq!(clients(&bulk).len(), clients(&demo).len() + 3);
        assert_eq!(tokens(&bulk).len(), tokens(&demo).len() + 3);
        let names: std::collections::HashSet<_> = tokens(&bulk)
            .iter()
            .map(|token| token["name"].clone())
            .collect();
        assert_eq!(names.len(), tokens(&bulk).len(), "PAT names are unique");
    }

    #[test]
    fn the_sliding_window_refuses_and_says_how_long_to_wait() {
        let mut state = State::new(&SandboxConfig::default());
        state.faults.rate_limit = Some(RateLimit {
            max_requests: 2,
            window: Duration::from_secs(10),
        });
        let start = Instant::now();
        assert_eq!(state.rate_limited("c", start), None);
        assert_eq!(
            state.rate_limited("c", start + Duration::from_secs(4)),
            None
        );
        assert_eq!(
            state.rate_limited("c", start + Duration::from_secs(6)),
            Some(Duration::from_secs(4))
        );
        // Another client has its own budget.
        assert_eq!(
            state.rate_limited("d", start + Duration::from_secs(6)),
            None
        );
        assert_eq!(
            state.rate_limited("c", start + Duration::from_secs(10)),
            None
        );
    }
}
