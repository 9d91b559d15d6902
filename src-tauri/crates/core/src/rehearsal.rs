//! "Open as sandbox": an export opened as a sandbox tenant of its own, behind a connection
//! that lasts this session, so a restore can be planned and applied there first with the
//! same screens. The sandbox holds the exported objects in place of its vendor's demo data.

use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// The connection that was active when it opened, to go back to when it closes.
    opened_from: String,
    /// Stops the sandbox when dropped.
    endpoint: SandboxEndpoint,
}

/// The rehearsals open in this session; each sandbox stops when closed, or with the app.
#[derive(Default)]
pub(crate) struct Rehearsals {
    open: Mutex<Vec<Rehearsal>>,
    /// Rehearsals opened so far: ids are never reused, even after a close.
    opened: AtomicUsize,
}

impl Rehearsals {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Rehearsal>> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn next_id(&self) -> String {
        let number = self.opened.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{REHEARSAL_PREFIX}{number}")
    }

    fn take(&self, id: &str) -> Option<Rehearsal> {
        let mut open = self.lock();
        let position = open
            .iter()
            .position(|rehearsal| rehearsal.profile.id == id)?;
        Some(open.remove(position))
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
        let id = self.rehearsals.next_id();
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
        self.forget_live_ids_at(&profile.base_url);
        let opened_from = self.active_profile_id();
        self.rehearsals.lock().push(Rehearsal {
            profile,
            opened_from,
            endpoint,
        });
        self.select_profile(&id).await
    }

    /// Stops the rehearsal `id`'s sandbox and forgets its connection. When it was the active
    /// one, the connection active before it opened is again (its vendor's built-in sandbox if
    /// that one is gone too); the answer is the connection active afterwards.
    pub async fn close_rehearsal(&self, id: &str) -> Result<ProfileView, ApiError> {
        let was_active = self.active_profile_id() == id;
        let closed = self
            .rehearsals
            .take(id)
            .ok_or_else(|| ApiError::new(ErrorKind::NotFound, format!("no open rehearsal {id}")))?;
        self.end_sessions(|profile| profile == id).await;
        let Rehearsal {
            profile,
            opened_from,
            endpoint,
        } = closed;
        drop(endpoint);
        self.forget_live_ids_at(&profile.base_url);
        tracing::info!(rehearsal = %id, "rehearsal closed, its sandbox stopped");
        if !was_active {
            return self.select_profile(&self.active_profile_id()).await;
        }
        match self.select_profile(&opened_from).await {
            Ok(view) => Ok(view),
            Err(_) => {
                self.select_profile(Self::sandbox_profile_id(profile.vendor))
                    .await
            }
        }
    }
}
