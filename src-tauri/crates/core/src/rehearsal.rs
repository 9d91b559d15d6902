//! "Open as sandbox": an export opened as a sandbox tenant of its own, behind a connection
//! that lasts this session, so a restore can be planned and applied there first with the
//! same screens. The sandbox holds the exported objects in place of its vendor's demo data.

use std::sync::Mutex;

use gatehouse_configfiles::read as read_export;
use gatehouse_sandbox::{Sandbox, SandboxConfig};
use gatehouse_wire::{ApiError, ErrorKind, Profile, ProfileView};
use secrecy::SecretString;

use crate::app::Gatehouse;
use crate::export::{files_error, typed_folder};
use crate::sandbox::SandboxEndpoint;

/// The id every rehearsal connection's id starts with.
pub(crate) const REHEARSAL_PREFIX: &str = "rehearsal-";

/// A sandbox opened from an export, and the connection to it.
pub(crate) struct Rehearsal {
    pub profile: Profile,
    endpoint: SandboxEndpoint,
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
            .map(|open| SecretString::from(open.endpoint.secret(open.profile.vendor)))
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
        let endpoint = SandboxEndpoint::embedded(sandbox);
        let folder_name = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        let id = {
            let open = self.rehearsals.lock();
            format!("{REHEARSAL_PREFIX}{}", open.len() + 1)
        };
        // The built-in connection of its vendor, at this sandbox, under a name of its own.
        let built_in = Self::sandbox_profile(Self::sandbox_profile_id(vendor), Some(&endpoint));
        let profile = Profile {
            id: id.clone(),
            name: format!("Rehearsal · {folder_name}"),
            ..built_in.ok_or_else(|| {
                ApiError::new(ErrorKind::Unexpected, "no built-in sandbox connection")
            })?
        };
        tracing::info!(base_url = %profile.base_url, export = %dir.display(), "export opened as a sandbox");
        self.rehearsals.lock().push(Rehearsal { profile, endpoint });
        self.select_profile(&id).await
    }
}
