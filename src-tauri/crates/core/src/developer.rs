//! The developer portal sign-in of the active Cloudentity connection. The developer API takes
//! only a developer's token, which a person gets by signing in through the system browser
//! (`gatehouse_client::sign_in`); it is kept in memory with the session, and its refresh token
//! in the keychain only when the connection asks to remember the sign-in.

use std::sync::Arc;
use std::time::Duration;

use gatehouse_client::sign_in::{sign_in, SignInRequest};
use gatehouse_client::{ApiClient, RefreshObserver, TokenSource};
use gatehouse_wire::{ApiError, DeveloperIdentity, ErrorKind, Profile, Vendor};

pub use gatehouse_client::sign_in::Browser;

use crate::app::Gatehouse;
use crate::secrets::Keychain;
use crate::sessions::Session;

/// How long the browser has to come back from the sign-in page before the listener closes.
pub const DEVELOPER_SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// Who is signed in, named by the connection signed in to.
fn identity_of(profile: &Profile) -> DeveloperIdentity {
    DeveloperIdentity {
        connection: profile.id.clone(),
        connection_name: profile.name.clone(),
        remembered: profile.remember_developer_sign_in,
    }
}

/// The keychain account a connection's remembered developer sign-in is kept under.
fn refresh_token_account(profile: &Profile) -> String {
    format!("{}#developer-sign-in", profile.id)
}

/// The developer API client of a Cloudentity session: no token until a developer signs in,
/// or until a remembered sign-in (`remembered`) is renewed at its first call.
pub(crate) async fn developer_api(
    http: &reqwest::Client,
    profile: &Profile,
    keychain: &Keychain,
) -> ApiClient {
    let observer = profile
        .remember_developer_sign_in
        .then(|| keeping_in(keychain.clone(), refresh_token_account(profile)));
    let tokens = TokenSource::for_sign_in(
        http.clone(),
        profile.developer_token_url(),
        profile.developer_client_id.clone().unwrap_or_default(),
        observer,
    );
    if profile.remember_developer_sign_in {
        let (keychain, account) = (keychain.clone(), refresh_token_account(profile));
        let remembered = tokio::task::spawn_blocking(move || keychain.load(&account)).await;
        match remembered {
            Ok(Ok(Some(refresh_token))) => tokens.resume(refresh_token).await,
            Ok(Ok(None)) => {}
            // Not fatal: the developer signs in again.
            Ok(Err(error)) => tracing::warn!(%error, "the remembered sign-in could not be read"),
            Err(error) => tracing::warn!(%error, "the keychain read stopped"),
        }
    }
    ApiClient::new(http.clone(), &profile.base_url, tokens)
}

/// Keeps each refresh token a sign-in is given in `keychain`, and removes it when it ends.
fn keeping_in(keychain: Keychain, account: String) -> RefreshObserver {
    Arc::new(move |refresh_token| {
        let (keychain, account) = (keychain.clone(), account.clone());
        Box::pin(async move {
            // Keychain calls block: they run on the blocking pool.
            let kept = tokio::task::spawn_blocking(move || match refresh_token {
                Some(token) => keychain.store(&account, &token),
                None => keychain.delete(&account),
            })
            .await;
            match kept {
                Ok(Ok(())) => {}
                // The sign-in goes on; it is only not remembered.
                Ok(Err(error)) => tracing::warn!(%error, "the developer sign-in was not kept"),
                Err(error) => tracing::warn!(%error, "the keychain write stopped"),
            }
        })
    })
}

/// The token source of a session's developer API.
fn developer_tokens(session: &Session) -> Result<&TokenSource, ApiError> {
    let api = session.developer_api().ok_or_else(|| {
        ApiError::new(
            ErrorKind::Configuration,
            "only Cloudentity has a developer portal",
        )
    })?;
    Ok(api.tokens())
}

impl Gatehouse {
    /// The active connection's profile and session, which must be Cloudentity's.
    async fn developer_session(&self) -> Result<(Profile, Arc<Session>), ApiError> {
        let resolved = self.active().await?;
        if resolved.profile.vendor != Vendor::Cloudentity {
            return Err(ApiError::new(
                ErrorKind::Configuration,
                format!(
                    "{} is a {} connection; the developer portal is Cloudentity's",
                    resolved.profile.name,
                    resolved.profile.vendor.label()
                ),
            ));
        }
        let session = self.session(&resolved).await?;
        Ok((resolved.profile, session))
    }

    /// Signs a developer in to the active Cloudentity connection's developer portal through
    /// `browser`, waiting at most `timeout` for the browser to come back.
    pub async fn developer_sign_in(
        &self,
        browser: Arc<dyn Browser>,
        timeout: Duration,
    ) -> Result<DeveloperIdentity, ApiError> {
        let (profile, session) = self.developer_session().await?;
        let client_id = profile
            .developer_client_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::Configuration,
                    format!(
                        "{} names no developer portal client to sign in through",
                        profile.name
                    ),
                )
            })?;
        let request = SignInRequest {
            authorize_url: profile.developer_authorize_url(),
            client_id,
            timeout,
        };
        sign_in(developer_tokens(&session)?, browser.as_ref(), &request).await?;
        Ok(identity_of(&profile))
    }

    /// Who is signed in to the active connection's developer portal, if anyone.
    pub async fn developer_signed_in(&self) -> Option<DeveloperIdentity> {
        let (profile, session) = self.developer_session().await.ok()?;
        let tokens = developer_tokens(&session).ok()?;
        tokens.is_signed_in().await.then(|| identity_of(&profile))
    }

    /// Ends the developer sign-in of the active connection: its tokens leave memory and, if
    /// it was remembered, the keychain.
    pub async fn developer_sign_out(&self) -> Result<(), ApiError> {
        let (profile, session) = self.developer_session().await?;
        developer_tokens(&session)?.sign_out().await;
        // Deleted again, so that a keychain failure is reported rather than only logged.
        if profile.remember_developer_sign_in {
            self.vault.forget(&refresh_token_account(&profile)).await?;
        }
        Ok(())
    }
}
