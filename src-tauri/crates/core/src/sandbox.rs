//! The sandbox behind the built-in profiles: started on first use, or one running elsewhere.

use gatehouse_sandbox::{Sandbox, SandboxCredentials};
use gatehouse_wire::{ApiError, ErrorKind, Profile, Vendor};

use crate::app::Gatehouse;
use crate::config::SandboxSource;

/// Ids of the built-in profiles that talk to the sandbox.
pub const SANDBOX_SAILPOINT: &str = "sandbox-sailpoint";
pub const SANDBOX_CLOUDENTITY: &str = "sandbox-cloudentity";
pub(crate) const SANDBOX_PROFILES: [&str; 2] = [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY];

/// A sandbox the built-in profiles can reach; holds the embedded one alive.
pub(crate) struct SandboxEndpoint {
    pub base_url: String,
    pub credentials: SandboxCredentials,
    _embedded: Option<Sandbox>,
}

impl SandboxEndpoint {
    /// A sandbox started inside the app, kept alive as long as this.
    pub fn embedded(sandbox: Sandbox) -> Self {
        Self {
            base_url: sandbox.base_url(),
            credentials: sandbox.credentials().clone(),
            _embedded: Some(sandbox),
        }
    }

    pub fn secret(&self, vendor: Vendor) -> &str {
        match vendor {
            Vendor::SailPoint => &self.credentials.sailpoint_client_secret,
            Vendor::Cloudentity => &self.credentials.cloudentity_client_secret,
        }
    }
}

impl Gatehouse {
    /// The sandbox, started now if it is the embedded one and not running yet. A failed start
    /// can be tried again: the source stays configured.
    pub(crate) async fn sandbox(&self) -> Result<&SandboxEndpoint, ApiError> {
        self.sandbox
            .get_or_try_init(|| async {
                match self.sandbox_source.clone() {
                    SandboxSource::External {
                        base_url,
                        credentials,
                    } => Ok(SandboxEndpoint {
                        base_url,
                        credentials,
                        _embedded: None,
                    }),
                    SandboxSource::Embedded(config) => {
                        let sandbox = Sandbox::start(config).await.map_err(|error| {
                            ApiError::new(
                                ErrorKind::Unexpected,
                                format!("the embedded sandbox could not start: {error}"),
                            )
                        })?;
                        tracing::info!(base_url = %sandbox.base_url(), "embedded sandbox started");
                        self.forget_live_ids_at(&sandbox.base_url());
                        Ok(SandboxEndpoint::embedded(sandbox))
                    }
                }
            })
            .await
    }

    /// The built-in profile of `vendor`.
    pub(crate) fn sandbox_profile_id(vendor: Vendor) -> &'static str {
        match vendor {
            Vendor::SailPoint => SANDBOX_SAILPOINT,
            Vendor::Cloudentity => SANDBOX_CLOUDENTITY,
        }
    }

    /// A built-in profile; until the sandbox runs, its address and client are not known yet.
    pub(crate) fn sandbox_profile(id: &str, endpoint: Option<&SandboxEndpoint>) -> Option<Profile> {
        const NOT_STARTED: &str = "not started yet";
        let base_url = endpoint.map_or(NOT_STARTED.to_owned(), |e| e.base_url.clone());
        let issued = |pick: fn(&SandboxCredentials) -> &String| {
            endpoint.map_or(NOT_STARTED.to_owned(), |e| pick(&e.credentials).clone())
        };
        let (name, vendor, client_id, tenant_id, developer_client_id) = match id {
            SANDBOX_SAILPOINT => (
                "Sandbox · SailPoint",
                Vendor::SailPoint,
                issued(|c| &c.sailpoint_client_id),
                None,
                None,
            ),
            SANDBOX_CLOUDENTITY => (
                "Sandbox · Cloudentity",
                Vendor::Cloudentity,
                issued(|c| &c.cloudentity_client_id),
                Some(issued(|c| &c.cloudentity_tenant_id)),
                Some(issued(|c| &c.developer_portal_client_id)),
            ),
            _ => return None,
        };
        Some(Profile {
            id: id.to_owned(),
            name: name.to_owned(),
            vendor,
            base_url,
            client_id,
            tenant_id,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id,
            remember_developer_sign_in: false,
        })
    }
}
