//! OAuth2 tokens, cached until shortly before they expire: a client's own (client credentials),
//! or a person's, from a sign-in and renewed with its refresh token.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use crate::body::read_limited;
use crate::error::{ClientError, VendorError};

const OPERATION: &str = "fetch-token";

/// Where and with what a token is obtained. The secret never leaves a `SecretString`.
#[derive(Clone)]
pub struct ClientCredentials {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
}

/// A token endpoint's answer. `facts` keeps the vendor's extra fields (SailPoint's `org`,
/// `pod`, `tenant_id`...) for "Test connection".
#[derive(Clone)]
pub struct TokenGrant {
    pub access_token: SecretString,
    /// Given with a person's tokens, to renew them without signing in again.
    pub refresh_token: Option<SecretString>,
    pub expires_in: Duration,
    pub scopes: Vec<String>,
    pub facts: Map<String, Value>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

struct CachedToken {
    token: SecretString,
    refresh_at: Instant,
}

/// Told of each refresh token a sign-in is given (`None` once it has ended), so whoever keeps
/// it can keep the current one. Awaited before the next change, so what it keeps ends up in
/// the order the tokens came.
pub type RefreshObserver =
    Arc<dyn Fn(Option<SecretString>) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// How a source gets its tokens.
enum Grant {
    /// The client's own credentials.
    Client(ClientCredentials),
    /// A person's sign-in through a public client (no secret): renewed with the refresh token
    /// it was last given, if any.
    SignIn {
        token_url: String,
        client_id: String,
        refresh_token: Mutex<Option<SecretString>>,
        observer: Option<RefreshObserver>,
    },
}

/// Hands out a valid access token, fetching one only when the cached one is about to expire
/// or was rejected. The lock makes concurrent callers share one fetch.
pub struct TokenSource {
    http: reqwest::Client,
    grant: Grant,
    cached: Mutex<Option<CachedToken>>,
}

impl TokenSource {
    pub fn new(http: reqwest::Client, credentials: ClientCredentials) -> Self {
        Self {
            http,
            grant: Grant::Client(credentials),
            cached: Mutex::new(None),
        }
    }

    /// A source of a person's tokens from `token_url` for the public client `client_id`: none
    /// until a sign-in gives it some ([`Self::exchange_code`], [`Self::resume`]).
    pub fn for_sign_in(
        http: reqwest::Client,
        token_url: String,
        client_id: String,
        observer: Option<RefreshObserver>,
    ) -> Self {
        Self {
            http,
            grant: Grant::SignIn {
                token_url,
                client_id,
                refresh_token: Mutex::new(None),
                observer,
            },
            cached: Mutex::new(None),
        }
    }

    pub fn token_url(&self) -> &str {
        match &self.grant {
            Grant::Client(credentials) => &credentials.token_url,
            Grant::SignIn { token_url, .. } => token_url,
        }
    }

    /// Exchanges a sign-in's authorization code, with the verifier of its challenge (RFC 7636),
    /// and keeps the tokens it gives.
    pub async fn exchange_code(
        &self,
        code: &str,
        code_verifier: &SecretString,
        redirect_uri: &str,
    ) -> Result<TokenGrant, ClientError> {
        let Grant::SignIn { client_id, .. } = &self.grant else {
            return Err(ClientError::invalid(
                OPERATION,
                "a client's own credentials take no authorization code",
            ));
        };
        let mut cached = self.cached.lock().await;
        let grant = self
            .request(&[
                ("grant_type", "authorization_code"),
                ("client_id", client_id),
                ("code", code),
                ("code_verifier", code_verifier.expose_secret()),
                ("redirect_uri", redirect_uri),
            ])
            .await?;
        self.keep_refresh_token(grant.refresh_token.clone()).await;
        *cached = Some(CachedToken {
            token: grant.access_token.clone(),
            refresh_at: refresh_at(Instant::now(), grant.expires_in),
        });
        Ok(grant)
    }

    /// Takes up a sign-in remembered from an earlier run: the first call renews it.
    pub async fn resume(&self, refresh_token: SecretString) {
        if let Grant::SignIn {
            refresh_token: held,
            ..
        } = &self.grant
        {
            *held.lock().await = Some(refresh_token);
        }
    }

    /// Forgets the sign-in: its tokens, and the refresh token.
    pub async fn sign_out(&self) {
        let mut cached = self.cached.lock().await;
        *cached = None;
        self.keep_refresh_token(None).await;
    }

    /// Whether a person's tokens are held or can be renewed. A client's source always can.
    pub async fn is_signed_in(&self) -> bool {
        match &self.grant {
            Grant::Client(_) => true,
            Grant::SignIn { refresh_token, .. } => {
                // One lock at a time: the others take the cache's first.
                let renewable = refresh_token.lock().await.is_some();
                renewable || self.cached.lock().await.is_some()
            }
        }
    }

    async fn keep_refresh_token(&self, renewed: Option<SecretString>) {
        if let Grant::SignIn {
            refresh_token,
            observer,
            ..
        } = &self.grant
        {
            let mut held = refresh_token.lock().await;
            if let Some(observer) = observer {
                observer(renewed.clone()).await;
            }
            *held = renewed;
        }
    }

    /// A token that is valid for a while yet.
    pub async fn token(&self) -> Result<SecretString, ClientError> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.as_ref().filter(|c| Instant::now() < c.refresh_at) {
            return Ok(current.token.clone());
        }
        let grant = self.fetch().await?;
        *cached = Some(CachedToken {
            token: grant.access_token.clone(),
            refresh_at: refresh_at(Instant::now(), grant.expires_in),
        });
        Ok(grant.access_token)
    }

    /// Drops `rejected` from the cache (a 401 said it is no longer good), unless another caller
    /// already replaced it.
    pub async fn invalidate(&self, rejected: &SecretString) {
        let mut cached = self.cached.lock().await;
        if cached
            .as_ref()
            .is_some_and(|c| c.token.expose_secret() == rejected.expose_secret())
        {
            *cached = None;
        }
    }

    /// Asks the token endpoint for a new token, bypassing the cache: with the client's
    /// credentials, or a sign-in's refresh token (which it replaces). A sign-in that is over,
    /// or whose refresh token is refused, needs signing in again.
    pub async fn fetch(&self) -> Result<TokenGrant, ClientError> {
        let (client_id, refresh_token) = match &self.grant {
            Grant::Client(credentials) => {
                return self
                    .request(&[
                        ("grant_type", "client_credentials"),
                        ("client_id", credentials.client_id.as_str()),
                        ("client_secret", credentials.client_secret.expose_secret()),
                    ])
                    .await
            }
            Grant::SignIn {
                client_id,
                refresh_token,
                ..
            } => (client_id, refresh_token.lock().await.clone()),
        };
        let Some(refresh_token) = refresh_token else {
            return Err(ClientError::SignInRequired {
                operation: OPERATION,
            });
        };
        let renewed = self
            .request(&[
                ("grant_type", "refresh_token"),
                ("client_id", client_id),
                ("refresh_token", refresh_token.expose_secret()),
            ])
            .await;
        match renewed {
            Ok(grant) => {
                // Some servers keep the refresh token; the old one stays good then.
                let next = grant.refresh_token.clone().unwrap_or(refresh_token);
                self.keep_refresh_token(Some(next)).await;
                Ok(grant)
            }
            Err(error) if error.is_refused_grant() => {
                self.keep_refresh_token(None).await;
                Err(ClientError::SignInRequired {
                    operation: OPERATION,
                })
            }
            Err(error) => Err(error),
        }
    }

    /// Sends a token request with `form`, and reads the answer.
    async fn request(&self, form: &[(&str, &str)]) -> Result<TokenGrant, ClientError> {
        let token_url = self.token_url();
        let response = self
            .http
            .post(token_url)
            .header(reqwest::header::ACCEPT, "application/json")
            .form(form)
            .send()
            .await
            .map_err(|error| ClientError::transport(OPERATION, error))?;
        let status = response.status();
        let retry_after = crate::api::retry_after(response.headers());
        // A token answer is a few hundred bytes; anything near this is not one.
        let body = read_limited(OPERATION, response, 64 * 1024).await?;
        // Mapped by status and OAuth error: only a refusal of the client is about the
        // credentials; a wrong URL or tenant is told as such.
        match status.as_u16() {
            200..=299 => {}
            429 => {
                return Err(ClientError::RateLimited {
                    operation: OPERATION,
                    retry_after,
                    vendor: VendorError::parse(&body),
                })
            }
            code @ 500..=599 => {
                return Err(ClientError::Vendor {
                    operation: OPERATION,
                    status: code,
                    vendor: VendorError::parse(&body),
                })
            }
            code => {
                return Err(ClientError::token_refusal(
                    token_url,
                    code,
                    VendorError::parse(&body),
                ))
            }
        }
        let parsed: TokenResponse =
            serde_json::from_slice(&body).map_err(|error| ClientError::UnexpectedResponse {
                operation: OPERATION,
                message: format!("token response is not the OAuth2 shape: {error}"),
            })?;
        if !sendable_in_a_header(&parsed.access_token) {
            // Named, never shown: it is a credential, however malformed.
            return Err(ClientError::UnexpectedResponse {
                operation: OPERATION,
                message: "the access token holds characters an Authorization header cannot carry"
                    .to_owned(),
            });
        }
        let mut facts = parsed.extra;
        // Token material and the token's own id say nothing about what was reached.
        facts.retain(|key, _| !key.contains("token") && key != "jti");
        Ok(TokenGrant {
            access_token: SecretString::from(parsed.access_token),
            refresh_token: parsed.refresh_token.map(SecretString::from),
            expires_in: Duration::from_secs(parsed.expires_in.unwrap_or(300)),
            scopes: parsed
                .scope
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            facts,
        })
    }
}

/// Whether `token` can follow "Bearer " in a header: visible ASCII only (RFC 6750's b64token
/// is a subset). Anything else would fail every call as a transport error, not a bad answer.
fn sendable_in_a_header(token: &str) -> bool {
    token.bytes().all(|byte| byte.is_ascii_graphic())
}

/// The longest a token is kept, whatever lifetime its answer claims: an `expires_in` of years
/// (or `u64::MAX` seconds, past what an `Instant` can hold) is a broken answer, not a promise.
const LONGEST_CACHE: Duration = Duration::from_secs(24 * 60 * 60);

/// When a token obtained at `now` is to be replaced.
fn refresh_at(now: Instant, expires_in: Duration) -> Instant {
    now.checked_add(refresh_after(expires_in)).unwrap_or(now)
}

/// Refresh a little before expiry, so a token never dies in flight: 30 s early, or a tenth of
/// the lifetime for short-lived tokens; and after [`LONGEST_CACHE`] at the latest.
fn refresh_after(expires_in: Duration) -> Duration {
    let margin = (expires_in / 10).min(Duration::from_secs(30));
    expires_in.saturating_sub(margin).min(LONGEST_CACHE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshes_before_expiry() {
        assert_eq!(
            refresh_after(Duration::from_secs(749)),
            Duration::from_secs(719)
        );
        assert_eq!(
            refresh_after(Duration::from_secs(60)),
            Duration::from_secs(54)
        );
        assert_eq!(refresh_after(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn a_token_answer_with_an_absurd_lifetime_is_cached_for_a_day_at_most() {
        let now = Instant::now();
        for expires_in in [u64::MAX, i64::MAX as u64, 10 * 365 * 24 * 60 * 60] {
            assert_eq!(
                refresh_at(now, Duration::from_secs(expires_in)),
                now + LONGEST_CACHE,
                "expires_in {expires_in}"
            );
        }
        assert_eq!(
            refresh_at(now, Duration::from_secs(24 * 60 * 60 + 30)),
            now + LONGEST_CACHE
        );
    }

    #[test]
    fn only_a_token_a_header_can_carry_is_accepted() {
        assert!(sendable_in_a_header("eyJhbGciOi.J9-_~+/="));
        assert!(!sendable_in_a_header("two words"));
        assert!(!sendable_in_a_header("\u{a5}\u{7f}5"));
        assert!(!sendable_in_a_header("line\nbreak"));
    }
}
