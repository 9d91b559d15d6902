//! A profile file that cannot be used (not JSON, not readable): it is never overwritten, the
//! built-in and environment connections keep working with the choice held in memory, and
//! the administrator can move the file aside to start over.

use gatehouse_wire::{ApiError, ErrorKind, ProfileFileProblem};

use crate::app::Gatehouse;
use crate::store::{ProfileFile, UnusableFile};

impl Gatehouse {
    fn chosen_without_file(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        // One assignment per update: a panic elsewhere cannot leave it half-written.
        self.chosen_without_file
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The profile file as it is on disk, refused when it cannot be used.
    pub(crate) fn usable_profile_file(&self) -> Result<ProfileFile, UnusableFile> {
        let mut file = self.store.load()?;
        // A file just moved aside records no choice: the one made meanwhile holds.
        if file.active.is_none() {
            file.active = self.chosen_without_file().clone();
        }
        Ok(file)
    }

    /// The profile file; while it cannot be used, an empty one holding the connection chosen
    /// meanwhile, and why.
    pub(crate) fn profile_file(&self) -> (ProfileFile, Option<ProfileFileProblem>) {
        match self.usable_profile_file() {
            Ok(file) => (file, None),
            Err(unusable) => {
                let file = ProfileFile {
                    active: self.chosen_without_file().clone(),
                    ..ProfileFile::default()
                };
                (file, Some(ProfileFileProblem::from(&unusable)))
            }
        }
    }

    /// Why the profile file cannot be used, if it cannot.
    pub fn profile_file_problem(&self) -> Option<ProfileFileProblem> {
        self.profile_file().1
    }

    /// Remembers `id` as the active connection: in the file when it can be used, else in
    /// memory for this run.
    pub(crate) async fn record_choice(&self, id: &str) -> Result<(), ApiError> {
        if self.profile_file_problem().is_some() {
            *self.chosen_without_file() = Some(id.to_owned());
            return Ok(());
        }
        let active = id.to_owned();
        self.update_profiles(move |file| {
            file.active = Some(active);
            Ok(())
        })
        .await?;
        *self.chosen_without_file() = None;
        Ok(())
    }

    /// Renames an unusable profile file to `profiles.json.corrupt-<UTC time>` and returns
    /// the new path. The app then starts with no saved connections; their keychain entries
    /// stay where they are.
    pub async fn move_profile_file_aside(&self) -> Result<String, ApiError> {
        let store = self.store.clone();
        let moved = tokio::task::spawn_blocking(move || store.move_aside())
            .await
            .map_err(|error| {
                ApiError::new(ErrorKind::Unexpected, format!("moving stopped: {error}"))
            })??;
        Ok(moved.display().to_string())
    }
}
