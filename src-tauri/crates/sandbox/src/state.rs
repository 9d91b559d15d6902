//! Everything the sandbox remembers.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use crate::cloudentity::AcpState;
use crate::{Faults, RateLimit, RecordedRequest, SandboxConfig, SandboxCredentials};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    SailPoint,
    Cloudentity,
}

/// Which API a token opens. Cloudentity's system API (the configuration export) takes only
/// tokens of the system workspace; its admin and developer APIs only the tenant's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    SailPoint,
    CloudentityTenant,
    CloudentitySystem,
}

impl Audience {
    pub fn vendor(self) -> Vendor {
        match self {
            Audience::SailPoint => Vendor::SailPoint,
            Audience::CloudentityTenant | Audience::CloudentitySystem => Vendor::Cloudentity,
        }
    }
}

pub struct IssuedToken {
    pub audience: Audience,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_at: Instant,
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
    pub tokens: HashMap<String, IssuedToken>,
    pub password_org_config: Option<Map<String, Value>>,
    pub oauth_clients: Vec<Map<String, Value>>,
    pub personal_access_tokens: Vec<Map<String, Value>>,
    pub auth_users: Vec<Map<String, Value>>,
    pub acp: AcpState,
    pub admin: Identity,
    pub limited_clients: HashMap<String, LimitedClient>,
    pub requests: Vec<RecordedRequest>,
    pub faults: Faults,
    /// Per client: when its recent API requests arrived, for the rate limit's sliding window.
    pub request_times: HashMap<String, VecDeque<Instant>>,
    rng: StdRng,
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
        let mut rng = StdRng::seed_from_u64(config.seed);
        let credentials = config
            .credentials
            .clone()
            .unwrap_or_else(|| SandboxCredentials {
                sailpoint_client_id: hex(&mut rng, 16),
                sailpoint_client_secret: hex(&mut rng, 32),
                cloudentity_tenant_id: "demo".to_owned(),
                cloudentity_client_id: hex(&mut rng, 10),
                cloudentity_client_secret: hex(&mut rng, 24),
            });
        let password_org_config = config.demo_data.then(|| {
            let demo = json!({
                "customInstructionsEnabled": false,
                "digitTokenEnabled": true,
                "digitTokenDurationMinutes": 10,
                "digitTokenLength": 8
            });
            demo.as_object().cloned().unwrap_or_default()
        });
        let admin = Identity {
            id: hex(&mut rng, 16),
            name: "Sandbox Admin".to_owned(),
        };
        let mut state = Self {
            credentials,
            tokens: HashMap::new(),
            password_org_config,
            oauth_clients: Vec::new(),
            personal_access_tokens: Vec::new(),
            auth_users: Vec::new(),
            acp: AcpState::default(),
            admin,
            limited_clients: HashMap::new(),
            requests: Vec::new(),
            faults: Faults {
                rate_limit: Some(RateLimit::SAILPOINT_DEFAULT),
                ..Faults::default()
            },
            request_times: HashMap::new(),
            rng,
        };
        let tenant = state.credentials.cloudentity_tenant_id.clone();
        state.acp.tenant = crate::demo::object(json!({
            "id": tenant,
            "name": "Demo tenant",
            "url": format!("https://sandbox.local/{tenant}"),
        }));
        if config.demo_data {
            crate::demo::seed_sailpoint(&mut state);
            crate::demo::seed_cloudentity(&mut state);
        }
        crate::demo::seed_bulk(&mut state, config.bulk);
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
        self.tokens.insert(
            token.clone(),
            IssuedToken {
                audience,
                client_id: client_id.to_owned(),
                scopes,
                expires_at: Instant::now() + lifetime,
            },
        );
        token
    }

    pub fn expire_tokens(&mut self) {
        let now = Instant::now();
        for token in self.tokens.values_mut() {
            token.expires_at = now;
        }
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

    #[test]
    fn the_seed_reproduces_the_credentials() {
        let config = SandboxConfig::default();
        assert_eq!(
            State::new(&config).credentials,
            State::new(&config).credentials
        );
        let other = SandboxConfig {
            seed: 7,
            ..SandboxConfig::default()
        };
        assert_ne!(
            State::new(&config).credentials,
            State::new(&other).credentials
        );
    }

    #[test]
    fn bulk_adds_generated_clients_and_tokens_after_the_demo_data() {
        let demo = State::new(&SandboxConfig::default());
        let bulk = State::new(&SandboxConfig {
            bulk: 3,
            ..SandboxConfig::default()
        });
        assert_eq!(bulk.oauth_clients[..2], demo.oauth_clients[..]);
        assert_eq!(bulk.oauth_clients.len(), demo.oauth_clients.len() + 3);
        assert_eq!(
            bulk.personal_access_tokens.len(),
            demo.personal_access_tokens.len() + 3
        );
        let names: std::collections::HashSet<_> = bulk
            .personal_access_tokens
            .iter()
            .map(|token| token["name"].clone())
            .collect();
        assert_eq!(
            names.len(),
            bulk.personal_access_tokens.len(),
            "PAT names are unique"
        );
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
