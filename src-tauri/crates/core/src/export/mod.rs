//! Configuration as files, against a tenant: read a connection into a
//! [`Snapshot`](gatehouse_configfiles::Snapshot) through the generic resource path, write it
//! as an export, and compare an export with the live tenant or with another export.

mod live_ids;
mod pace;
mod read;
mod restore;
mod walk;
mod window;
mod window_restore;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use tokio::sync::Notify;

use gatehouse_configfiles::{
    compare, prepare, read as read_export, write_export, Comparison, ConfigFilesError, Export,
    ExportOptions, Manifest, Snapshot,
};
use gatehouse_wire::catalog::AUTH_USERS;
use gatehouse_wire::{ApiError, ErrorKind, Profile, Vendor};

pub use pace::Pace;
pub use restore::{ApplyReport, NewSecret, Picks};

use crate::app::Gatehouse;
use pace::Pacer;
use read::TenantReader;
pub(crate) use window::{typed_folder, WindowExport};
pub(crate) use window_restore::WindowPlan;

/// How far one resource type (or, while writing, the files) has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The resource's catalogue key, or [`WRITING`] while the files are written.
    pub resource: &'static str,
    /// Requests (or files) done of `total`.
    pub done: usize,
    pub total: usize,
}

/// The [`Progress::resource`] of writing the files.
pub const WRITING: &str = "files";

pub type ProgressSink = Arc<dyn Fn(&Progress) + Send + Sync>;

/// Set from anywhere to stop an export before its next request or file, or during a wait
/// for the vendor; the previous export stays as it was.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<CancelState>);

#[derive(Debug, Default)]
struct CancelState {
    cancelled: AtomicBool,
    notify: Notify,
}

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// Returns once [`Self::cancel`] has been called.
    pub async fn until_cancelled(&self) {
        let notified = self.0.notify.notified();
        tokio::pin!(notified);
        // Registered before the check, so a cancel in between is not missed.
        notified.as_mut().enable();
        if !self.is_cancelled() {
            notified.await;
        }
    }
}

/// How a tenant is read.
#[derive(Clone)]
pub struct ReadOptions {
    pub pace: Pace,
    /// SailPoint lists no auth users: the identities whose auth user to read.
    pub auth_user_ids: Vec<String>,
    /// Only these types (catalogue keys) and what they are read under; every type without.
    pub types: Option<BTreeSet<String>>,
    /// Read Cloudentity's system export too (it needs the connection's system client).
    pub system_export: bool,
    pub progress: Option<ProgressSink>,
    pub cancel: CancelFlag,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            pace: Pace::DEFAULT,
            auth_user_ids: Vec::new(),
            types: None,
            system_export: true,
            progress: None,
            cancel: CancelFlag::default(),
        }
    }
}

pub(crate) fn cancelled() -> ApiError {
    ApiError::new(
        ErrorKind::Cancelled,
        ConfigFilesError::Cancelled.to_string(),
    )
}

/// A problem with the files, as the one error shape.
pub(crate) fn files_error(error: ConfigFilesError) -> ApiError {
    let (kind, path) = match &error {
        ConfigFilesError::Cancelled => return cancelled(),
        ConfigFilesError::Io { path, .. } => (ErrorKind::Storage, Some(path.clone())),
        ConfigFilesError::Parse { path, .. }
        | ConfigFilesError::FormatVersion { path, .. }
        | ConfigFilesError::Layout { path, .. } => (ErrorKind::Validation, Some(path.clone())),
        ConfigFilesError::UnknownResource(_) | ConfigFilesError::Serialize { .. } => {
            (ErrorKind::Unexpected, None)
        }
    };
    let mut api_error = ApiError::new(kind, error.to_string());
    api_error.details.path = path.map(|path| path.display().to_string());
    api_error
}

/// What people call the tenant of `profile`: Cloudentity's tenant id, else the API's host.
fn tenant_name(profile: &Profile) -> String {
    profile.tenant_id.clone().unwrap_or_else(|| {
        let rest = profile
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or(&profile.base_url);
        rest.split(['/', ':']).next().unwrap_or(rest).to_owned()
    })
}

impl Gatehouse {
    /// Everything the connection named `connection` (a name or an id) lets an export read,
    /// as the API returned it. Types that failed are listed in the snapshot's failures.
    pub async fn read_tenant(
        &self,
        connection: &str,
        options: &ReadOptions,
    ) -> Result<Snapshot, ApiError> {
        let (profile, session) = self.batch_session(connection).await?;
        read_with(profile, &session, options).await
    }

    /// Reads the connection and writes its export to `destination`, replacing what was there
    /// only once every file is written: a failure or a cancel leaves the previous export.
    pub async fn export(
        &self,
        connection: &str,
        options: &ReadOptions,
        files: &ExportOptions,
        destination: &Path,
    ) -> Result<Manifest, ApiError> {
        let snapshot = self.read_tenant(connection, options).await?;
        let export = prepare(snapshot, files).map_err(files_error)?;
        let destination = destination.to_owned();
        let (progress, cancel) = (options.progress.clone(), options.cancel.clone());
        tokio::task::spawn_blocking(move || {
            let mut control = |_: &str, done: usize, total: usize| {
                if cancel.is_cancelled() {
                    return Err(ConfigFilesError::Cancelled);
                }
                if let Some(progress) = &progress {
                    progress(&Progress {
                        resource: WRITING,
                        done,
                        total,
                    });
                }
                Ok(())
            };
            let manifest = write_export(&destination, &export, &mut control)?;
            // The manifest is the last file: every file is in place now.
            if let Some(progress) = &progress {
                let written = manifest.files.len() + 1;
                progress(&Progress {
                    resource: WRITING,
                    done: written,
                    total: written,
                });
            }
            Ok(manifest)
        })
        .await
        .map_err(|error| ApiError::new(ErrorKind::Unexpected, format!("writing stopped: {error}")))?
        .map_err(files_error)
    }

    /// The differences from the export in `dir` (before) to the live tenant (after), over
    /// the types the export covers. The auth users read are those the export holds.
    pub async fn diff_live(
        &self,
        connection: &str,
        dir: &Path,
        options: &ReadOptions,
    ) -> Result<Comparison, ApiError> {
        let mut exported = read_export(dir).map_err(files_error)?;
        let (profile, session) = self.batch_session(connection).await?;
        // Objects a restore re-created are compared under the ids the tenant gave them.
        self.live_ids(&profile)?
            .ids
            .apply_to(&mut exported.resources);
        let snapshot = read_live(profile, &session, &exported, dir, options).await?;
        let live = prepare(snapshot, &ExportOptions::default()).map_err(files_error)?;
        compare(&exported, &live).map_err(files_error)
    }
}

/// Everything `session` (of `profile`) lets an export read, as the API returned it.
pub(crate) async fn read_with(
    profile: Profile,
    session: &crate::sessions::Session,
    options: &ReadOptions,
) -> Result<Snapshot, ApiError> {
    // A type of the other vendor, or none at all, would make an export that covers nothing.
    if let Some(unknown) = options.types.iter().flatten().find(|key| {
        gatehouse_wire::catalog::resource(key)
            .is_none_or(|description| description.vendor != profile.vendor)
    }) {
        return Err(ApiError::new(
            ErrorKind::Validation,
            format!(
                "{unknown} is not a {} resource type",
                profile.vendor.label()
            ),
        ));
    }
    let mut reader = TenantReader {
        session,
        options,
        pacer: Pacer::new(options.pace),
    };
    let (resources, failures) = reader.read(profile.vendor).await?;
    Ok(Snapshot {
        vendor: profile.vendor,
        tenant: tenant_name(&profile),
        base_url: profile.base_url,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        exported_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        resources,
        failures,
    })
}

/// The live tenant as the API returns it, over what `exported` covers: only that is
/// compared, so nothing else is worth a request. The auth users read are those it holds.
pub(crate) async fn read_live(
    profile: Profile,
    session: &crate::sessions::Session,
    exported: &Export,
    dir: &Path,
    options: &ReadOptions,
) -> Result<Snapshot, ApiError> {
    if profile.vendor != exported.manifest.vendor {
        return Err(vendor_mismatch(
            exported.manifest.vendor,
            profile.vendor,
            dir,
        ));
    }
    let mut options = options.clone();
    options.auth_user_ids.extend(
        exported
            .resources
            .get(AUTH_USERS.key)
            .into_iter()
            .flatten()
            .filter_map(|user| AUTH_USERS.id_of(user).map(str::to_owned)),
    );
    options.types = Some(exported.manifest.types.clone());
    read_with(profile, session, &options).await
}

fn vendor_mismatch(exported: Vendor, live: Vendor, dir: &Path) -> ApiError {
    ApiError::new(
        ErrorKind::Validation,
        format!(
            "{} is a {} export; the connection is {}",
            dir.display(),
            exported.label(),
            live.label()
        ),
    )
}

/// The differences from the export in `before` to the export in `after`, over the types
/// both cover.
pub fn diff_exports(before: &Path, after: &Path) -> Result<Comparison, ApiError> {
    let before = read_export(before).map_err(files_error)?;
    let after = read_export(after).map_err(files_error)?;
    compare(&before, &after).map_err(files_error)
}

/// Checks the export in `dir` against its manifest.
pub fn verify_export(dir: &Path) -> Result<gatehouse_configfiles::Verification, ApiError> {
    gatehouse_configfiles::verify(dir).map_err(files_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_cancel_wakes_whoever_waits_for_it_even_if_it_came_first() {
        let flag = CancelFlag::default();
        let waiting = tokio::spawn({
            let flag = flag.clone();
            async move { flag.until_cancelled().await }
        });
        tokio::task::yield_now().await;
        flag.cancel();
        waiting.await.unwrap();
        flag.until_cancelled().await;
        assert!(flag.is_cancelled());
    }
}
