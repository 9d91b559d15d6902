//! An authenticated client per connection, for either vendor, kept while the connection is in
//! use so its token cache is reused.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use gatehouse_client::{
    ApiClient, CloudentityClient, ResourceClient, RetryPolicy, SailPointClient, TokenSource,
};
use gatehouse_wire::{ApiError, ErrorKind, Profile, ResourceDescription, Vendor};

use crate::app::Gatehouse;
use crate::developer::developer_api;
use crate::profiles::Resolved;

/// The console retries transient failures itself but reports a 429 at once: the page shows
/// the countdown and keeps the user's action until the vendor accepts requests again.
const INTERACTIVE_RETRIES: RetryPolicy = RetryPolicy {
    max_rate_limit_wait: std::time::Duration::ZERO,
    rate_limit_retries: 0,
    ..RetryPolicy::STANDARD
};

/// An unattended read paces itself below the vendor's limit, so a 429 is rare; when one
/// comes it waits (at most a minute, five times in a row) rather than fail the export, and
/// rides out a few more transient failures than the console.
const BATCH_RETRIES: RetryPolicy = RetryPolicy {
    max_rate_limit_wait: std::time::Duration::from_secs(60),
    rate_limit_retries: 5,
    transient_retries: 4,
    ..RetryPolicy::STANDARD
};

/// The vendor client of one connection.
// Sessions live behind an `Arc`, one per connection: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Session {
    SailPoint(SailPointClient),
    Cloudentity(CloudentityClient),
}

impl Session {
    /// The client that speaks to the admin API, with its token cache.
    fn admin_api(&self) -> &ApiClient {
        match self {
            Session::SailPoint(client) => client.api(),
            Session::Cloudentity(client) => client.api(),
        }
    }

    /// The client that speaks to the developer API with a developer's sign-in: Cloudentity's.
    pub fn developer_api(&self) -> Option<&ApiClient> {
        match self {
            Session::SailPoint(_) => None,
            Session::Cloudentity(client) => client.developer_api(),
        }
    }

    /// The operations of `description` on this connection, under the parent `scope` when the
    /// resource lives under one. Without a scope, only the operations whose paths do not name
    /// the parent can be sent (a service read by its id alone, from its API's page).
    pub fn resource(
        &self,
        description: &'static ResourceDescription,
        scope: Option<&str>,
    ) -> Result<ResourceClient<'_>, ApiError> {
        let client = match self {
            Session::SailPoint(client) => client.resource(description),
            Session::Cloudentity(client) => client.resource(description),
        };
        Ok(
            match (description.parent, scope.filter(|id| !id.is_empty())) {
                (Some(parent), Some(id)) => client.with(parent.param, id),
                _ => client,
            },
        )
    }

    /// A list of `description`'s objects within the parent `scope`, which it cannot be without.
    pub fn list_within(
        &self,
        description: &'static ResourceDescription,
        scope: Option<&str>,
    ) -> Result<ResourceClient<'_>, ApiError> {
        match (description.parent, scope.filter(|id| !id.is_empty())) {
            (Some(parent), None) => Err(ApiError::new(
                ErrorKind::Validation,
                format!(
                    "{} belong to one of the {}: choose one first",
                    description.title, parent.resource
                ),
            )),
            _ => self.resource(description, scope),
        }
    }
}

impl Gatehouse {
    /// The active connection, which must be of `description`'s vendor, and its session: the
    /// profile is the one the session speaks to, whatever is active by the time it answers.
    pub(crate) async fn session_for(
        &self,
        description: &ResourceDescription,
    ) -> Result<(Profile, Arc<Session>), ApiError> {
        let resolved = self.active().await?;
        if resolved.profile.vendor != description.vendor {
            return Err(ApiError::new(
                ErrorKind::Configuration,
                format!(
                    "{} is a {} connection; {} need a {} one",
                    resolved.profile.name,
                    resolved.profile.vendor.label(),
                    description.title,
                    description.vendor.label()
                ),
            ));
        }
        let session = self.session(&resolved).await?;
        Ok((resolved.profile, session))
    }

    /// Start-up work the first page would otherwise wait for: the embedded sandbox started,
    /// the active connection's client opened and its token fetched. Run beside the window's
    /// creation; a failure is left for the page's own request to meet and report.
    pub async fn warm_up(&self) {
        let warmed = async {
            let resolved = self.active().await?;
            let session = self.session(&resolved).await?;
            session.admin_api().tokens().token().await?;
            Ok::<_, ApiError>(())
        };
        if let Err(error) = warmed.await {
            tracing::debug!(%error, "warm-up stopped; the first request will try again");
        }
    }

    /// Ends the sessions of the connections `ending` names, so their secrets and tokens leave
    /// memory; a session being opened meanwhile is not kept either.
    pub(crate) async fn end_sessions(&self, ending: impl Fn(&str) -> bool) {
        let mut sessions = self.sessions.lock().await;
        self.sessions_epoch.fetch_add(1, Ordering::SeqCst);
        sessions.retain(|profile, _| !ending(profile));
    }

    /// The open session of `resolved`, opened now if it has none.
    pub(crate) async fn session(&self, resolved: &Resolved) -> Result<Arc<Session>, ApiError> {
        if let Some(session) = self.sessions.lock().await.get(&resolved.profile.id) {
            return Ok(session.clone());
        }
        // Opened without the lock held (it reads the keychain); if two callers raced, the
        // first session stored is the one both use.
        let epoch = self.sessions_epoch.load(Ordering::SeqCst);
        let opened = Arc::new(self.open_session(resolved, INTERACTIVE_RETRIES).await?);
        let mut sessions = self.sessions.lock().await;
        if self.sessions_epoch.load(Ordering::SeqCst) != epoch {
            return Ok(opened);
        }
        Ok(sessions
            .entry(resolved.profile.id.clone())
            .or_insert(opened)
            .clone())
    }

    /// A session of its own for a long unattended read (an export) of the connection named
    /// `connection`, whichever is active: it waits out the vendor's `Retry-After`s, bounded,
    /// where the console reports them at once.
    pub(crate) async fn batch_session(
        &self,
        connection: &str,
    ) -> Result<(Profile, Session), ApiError> {
        let resolved = self.resolve_connection(connection).await?;
        let session = self.open_session(&resolved, BATCH_RETRIES).await?;
        Ok((resolved.profile, session))
    }

    async fn open_session(
        &self,
        resolved: &Resolved,
        policy: RetryPolicy,
    ) -> Result<Session, ApiError> {
        let profile = &resolved.profile;
        let http = self.http_for(profile)?;
        let api_for = |credentials| {
            let tokens = TokenSource::new(http.clone(), credentials);
            ApiClient::new(http.clone(), &profile.base_url, tokens).with_policy(policy)
        };
        let admin = api_for(self.credentials(resolved, profile.token_url()).await?);
        Ok(match profile.vendor {
            Vendor::SailPoint => Session::SailPoint(SailPointClient::with_api(admin)),
            Vendor::Cloudentity => {
                let system = api_for(
                    self.credentials(resolved, profile.system_token_url())
                        .await?,
                );
                let developer = developer_api(&http, profile, self.vault.keychain())
                    .await
                    .with_policy(INTERACTIVE_RETRIES);
                let tenant = profile.tenant_id.as_deref().unwrap_or_default();
                Session::Cloudentity(
                    CloudentityClient::with_api(admin, tenant)
                        .with_system_api(system)
                        .with_developer_api(developer),
                )
            }
        })
    }
}
