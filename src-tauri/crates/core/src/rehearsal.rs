//! "Open as sandbox": an export opened as a sandbox tenant of its own, behind a connection
//! that lasts this session, so a restore can be planned and applied there first with the
//! same screens. The sandbox holds the exported objects in place of its vendor's demo data.

use std::sync::Mutex;

use gatehouse_configfiles::read as read_export;
use gatehouse_sandbox::{Sandbox, SandboxConfig};
use gatehouse_wire::{ApiError, ErrorKind, Profile, ProfileView, Vendor};
use secrecy::SecretString;

use crate::app::Gatehouse;
use crate::export::{files_error, typed_folder};

/// The id every rehearsal connection's id starts with.
pub(crate) const REHEARSAL_PREFIX: &str = "rehearsal-";

/// A sandbox opened from an export, and the connection to it.
pub(crate) struct Rehearsal {
    pub profile: Profile,
    pub secret: SecretString,
    _sandbox: Sandbox,
}

/// The rehearsals open in this session; each sandbox stops with the app.
#[derive(Default)]
pub(crate) struct Rehearsals(Mutex<Vec<Rehearsal>>);

impl Rehearsals {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rehearsal>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn profiles(&self) -> Vec<Profile> {
        self.lock()
            .iter()
            .map(|open| open.profile.clone())
            .collect()
    }

    pub fn secret(&self, id: &str) -> Option<SecretString> {
        self.lock()
            .iter()
            .find(|open| open.profile.id == id)
            .map(|open| open.secret.clone())
    }
}

impl Gatehouse {
    /// Opens the export in the folder typed as `folder` as a sandbox tenant, and makes the
    /// connection to it the active one.
    pub async fn open_export_as_sandbox(&self, folder: &str) -> Result<ProfileView, ApiError> {
        let dir = typed_folder(folder, "export")?;
        let export = {
            let dir = dir.clone();
            tokio::task::spawn_blocking(move || read_export(&dir))
                .await
                .map_err(|error| {
                    ApiError::new(ErrorKind::Unexpected, format!("reading stopped: {error}"))
                })?
                .map_err(files_error)?
        };
        let vendor = export.manifest.vendor;
        let config = SandboxConfig {
            from_export: Some(Box::new(export)),
            ..SandboxConfig::default()
        };
        let sandbox = Sandbox::start(config).await.map_err(|error| {
            ApiError::new(
                ErrorKind::Unexpected,
                format!("the sandbox could not start: {error}"),
            )
        })?;
        let credentials = sandbox.credentials().clone();
        let (client_id, secret, tenant_id) = match vendor {
            Vendor::SailPoint => (
                credentials.sailpoint_client_id,
                credentials.sailpoint_client_secret,
                None,
            ),
            Vendor::Cloudentity => (
                credentials.cloudentity_client_id,
                credentials.cloudentity_client_secret,
                Some(credentials.cloudentity_tenant_id),
            ),
        };
        let folder_name = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let id = {
            let open = self.rehearsals.lock();
            format!("{REHEARSAL_PREFIX}{}", open.len() + 1)
        };
        let profile = Profile {
            id: id.clone(),
            name: format!("Rehearsal · {folder_name}"),
            vendor,
            base_url: sandbox.base_url(),
            client_id,
            tenant_id,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        };
        tracing::info!(base_url = %profile.base_url, export = %dir.display(), "export opened as a sandbox");
        self.rehearsals.lock().push(Rehearsal {
            profile,
            secret: SecretString::from(secret),
            _sandbox: sandbox,
        });
        self.select_profile(&id).await
    }
}
