//! A profile file that cannot be used (not JSON, not readable): it is never overwritten, the
//! built-in and environment connections keep working with the choice held in memory, and
//! the administrator can move the file aside to start over. A saved connection in a usable
//! file that breaks a rule a save enforces is refused alone; the others load.

use gatehouse_wire::{ApiError, ErrorKind, Profile, ProfileFileProblem, RefusedProfile};

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

    /// The saved connections the console does not use, each with what is wrong with it: an
    /// earlier version accepted `http://` for any host, and a hand-edited file can hold
    /// anything.
    pub fn refused_profiles(&self) -> Vec<RefusedProfile> {
        let (file, _) = self.profile_file();
        file.profiles
            .iter()
            .filter_map(|profile| self.refused(profile))
            .collect()
    }

    /// Why the saved profile `id` is not used, as the error a use of it answers.
    pub(crate) fn refusal(&self, file: &ProfileFile, id: &str) -> Option<ApiError> {
        let refused = file
            .profiles
            .iter()
            .find(|profile| profile.id == id)
            .and_then(|profile| self.refused(profile))?;
        tracing::warn!(profile = %id, message = %refused.message, "a refused connection was asked for");
        let mut error = ApiError::new(ErrorKind::Configuration, refused.message);
        error.details.field_errors = refused.problems;
        error.details.path = Some(self.store.path().display().to_string());
        Some(error)
    }

    fn refused(&self, profile: &Profile) -> Option<RefusedProfile> {
        let problems = profile.problems_as_saved();
        if problems.is_empty() {
            return None;
        }
        let described: Vec<String> = problems
            .iter()
            .map(|problem| format!("{} {}", problem.field, problem.message))
            .collect();
        Some(RefusedProfile {
            message: format!(
                "the connection \"{}\" in {} is not used: {}; save it again with this corrected, or delete it",
                profile.name,
                self.store.path().display(),
                described.join("; ")
            ),
            profile: profile.clone(),
            problems,
        })
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
