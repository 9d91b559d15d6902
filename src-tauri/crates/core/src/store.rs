//! The profile file: saved connections and the active one, in the platform config dir.
//! It never holds a secret.
//!
//! Every change is a read-modify-write under a lock, one writer at a time within the process
//! and across running instances (an advisory lock on `profiles.lock`), so two saves never
//! lose each other's profile. The file is written to a unique temporary file, flushed, and
//! renamed over the old one, and the folder is synced: a crash leaves the old file or the new
//! one, never half of either. Properties this version does not know are kept. A file that
//! cannot be read is never overwritten; it can only be moved aside, under a new name.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use gatehouse_wire::{ApiError, ErrorKind, Profile, ProfileFileProblem};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileFile {
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// The profiles whose secret this app put in the keychain: listing connections can say
    /// where a secret is without reading it.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub in_keychain: BTreeSet<String>,
    /// What a newer version wrote, kept as it is.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The profile file is there but cannot be used: not JSON of the expected shape, or not
/// readable at all.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the connections file {} could not be read ({reason}); it was left untouched, and connections can be saved again once it is moved aside", path.display())]
pub struct UnusableFile {
    pub path: PathBuf,
    pub reason: String,
}

impl From<&UnusableFile> for ProfileFileProblem {
    fn from(unusable: &UnusableFile) -> Self {
        ProfileFileProblem {
            path: unusable.path.display().to_string(),
            message: unusable.reason.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Unusable(#[from] UnusableFile),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Only a file that cannot be used is moved aside.
    #[error("the connections file {} can be read (or is absent), so it was not moved", path.display())]
    NothingToMoveAside { path: PathBuf },
}

impl StoreError {
    fn path(&self) -> &Path {
        match self {
            StoreError::Unusable(unusable) => &unusable.path,
            StoreError::Io { path, .. } | StoreError::NothingToMoveAside { path } => path,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        let kind = match error {
            StoreError::NothingToMoveAside { .. } => ErrorKind::Conflict,
            StoreError::Unusable(_) | StoreError::Io { .. } => ErrorKind::Storage,
        };
        let mut api = ApiError::new(kind, error.to_string());
        api.details.path = Some(error.path().display().to_string());
        api
    }
}

impl From<UnusableFile> for ApiError {
    fn from(unusable: UnusableFile) -> Self {
        StoreError::from(unusable).into()
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[derive(Clone)]
pub struct ProfileStore {
    path: PathBuf,
    /// One writer at a time within this process (the file lock is per open file, not thread).
    writer: Arc<Mutex<()>>,
}

/// Both locks on the profile file: this process's and the one across instances.
struct Locked<'a> {
    _file: File,
    _in_process: MutexGuard<'a, ()>,
}

impl ProfileStore {
    /// `dir` is Gatehouse's own config folder (`~/.config/gatehouse` on Linux).
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("profiles.json"),
            writer: Arc::new(Mutex::new(())),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    pub fn load(&self) -> Result<ProfileFile, UnusableFile> {
        let unusable = |reason: String| UnusableFile {
            path: self.path.clone(),
            reason,
        };
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|error| unusable(error.to_string()))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(ProfileFile::default())
            }
            Err(error) => Err(unusable(error.to_string())),
        }
    }

    fn lock(&self) -> Result<Locked<'_>, StoreError> {
        let in_process = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let dir = self.dir();
        create_private_dir(dir)?;
        let lock_path = dir.join("profiles.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error(&lock_path))?;
        file.lock().map_err(io_error(&lock_path))?;
        Ok(Locked {
            _file: file,
            _in_process: in_process,
        })
    }

    /// Applies `change` to the file as it is on disk now and writes the result, holding the
    /// lock throughout. A file that cannot be read is never overwritten.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut ProfileFile) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let _locked = self.lock()?;
        let mut file = self.load()?;
        let outcome = change(&mut file)?;
        self.write(&file)?;
        Ok(outcome)
    }

    /// Renames a file that cannot be used to `profiles.json.corrupt-<UTC time>`, so the app
    /// starts over with none while every byte of it stays for the administrator. Returns
    /// the new path.
    pub fn move_aside(&self) -> Result<PathBuf, StoreError> {
        let _locked = self.lock()?;
        let present = self.path.symlink_metadata().is_ok();
        if !present || self.load().is_ok() {
            return Err(StoreError::NothingToMoveAside {
                path: self.path.clone(),
            });
        }
        let stamp: String = humantime::format_rfc3339_seconds(SystemTime::now())
            .to_string()
            .chars()
            .filter(|character| !matches!(character, '-' | ':'))
            .collect();
        let base = format!("{}.corrupt-{stamp}", self.path.display());
        // Another file moved aside within the same second keeps its name: the lock keeps
        // other instances out between this check and the rename.
        let target = std::iter::once(PathBuf::from(&base))
            .chain((2..).map(|number| PathBuf::from(format!("{base}-{number}"))))
            .find(|candidate| candidate.symlink_metadata().is_err())
            .expect("an unbounded list of names has a free one");
        std::fs::rename(&self.path, &target).map_err(io_error(&self.path))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if target.is_file() {
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600))
                    .map_err(io_error(&target))?;
            }
        }
        sync_dir(self.dir())?;
        tracing::warn!(moved_to = %target.display(), "unusable profile file moved aside");
        Ok(target)
    }

    fn write(&self, file: &ProfileFile) -> Result<(), StoreError> {
        let dir = self.dir();
        let bytes = serde_json::to_vec_pretty(file).map_err(|error| StoreError::Io {
            path: self.path.clone(),
            source: error.into(),
        })?;
        // A unique name (no two writers share it) created with mode 0600 on Unix.
        let mut temporary = tempfile::NamedTempFile::new_in(dir).map_err(io_error(dir))?;
        temporary
            .write_all(&bytes)
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(|source| StoreError::Io {
                path: temporary.path().to_path_buf(),
                source,
            })?;
        temporary
            .persist(&self.path)
            .map_err(|error| io_error(&self.path)(error.error))?;
        sync_dir(dir)
    }
}

/// A rename is durable only once its folder is synced.
fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|folder| folder.sync_all())
        .map_err(io_error(dir))
}

/// The config folder, readable by its owner only.
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(io_error(dir))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::Vendor;

    fn profile(id: &str) -> Profile {
        Profile {
            id: id.into(),
            name: "Prod".into(),
            vendor: Vendor::SailPoint,
            base_url: "https://acme.api.identitynow.com".into(),
            client_id: "id".into(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        }
    }

    #[test]
    fn missing_file_is_empty_and_updates_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(&dir.path().join("nested"));
        assert_eq!(store.load().unwrap(), ProfileFile::default());
        store
            .update(|file| {
                file.active = Some("p1".into());
                file.profiles.push(profile("p1"));
                Ok(())
            })
            .unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(loaded.active.as_deref(), Some("p1"));
        assert_eq!(loaded.profiles, [profile("p1")]);
    }

    #[test]
    fn a_corrupt_file_is_a_storage_error_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path());
        std::fs::write(store.path(), b"{not json").unwrap();
        assert_eq!(store.load().unwrap_err().path, store.path());
        let refused = store
            .update(|file| {
                file.profiles.push(profile("p1"));
                Ok(())
            })
            .unwrap_err();
        assert_eq!(refused.kind, ErrorKind::Storage);
        let named = store.path().display().to_string();
        assert_eq!(refused.details.path.as_deref(), Some(named.as_str()));
        assert!(refused.message.contains(&named), "{}", refused.message);
        assert_eq!(std::fs::read(store.path()).unwrap(), b"{not json");
    }

    #[test]
    fn only_an_unusable_file_is_moved_aside_and_no_earlier_one_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path());
        let nothing = store.move_aside().unwrap_err();
        assert!(matches!(nothing, StoreError::NothingToMoveAside { .. }));
        store.update(|_| Ok(())).unwrap();
        let readable = store.move_aside().unwrap_err();
        assert_eq!(ApiError::from(readable).kind, ErrorKind::Conflict);
        assert!(store.load().is_ok(), "a readable file stays where it is");

        // Two unusable files in a row (within one second, most likely) keep two names.
        std::fs::write(store.path(), b"first").unwrap();
        let first = store.move_aside().unwrap();
        std::fs::write(store.path(), b"second").unwrap();
        let second = store.move_aside().unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read(&first).unwrap(), b"first");
        assert_eq!(std::fs::read(&second).unwrap(), b"second");
        assert!(!store.path().exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_0600_and_its_folder_0700() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(&dir.path().join("gatehouse"));
        store.update(|_| Ok(())).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(store.path()), 0o600);
        assert_eq!(mode(&dir.path().join("gatehouse")), 0o700);
    }

    #[test]
    fn properties_a_newer_version_wrote_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path());
        std::fs::write(
            store.path(),
            br#"{"active": null, "profiles": [], "layout": {"sidebar": "wide"}}"#,
        )
        .unwrap();
        store
            .update(|file| {
                file.active = Some("x".into());
                Ok(())
            })
            .unwrap();
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"sidebar\": \"wide\""), "{text}");
    }

    #[test]
    fn two_concurrent_saves_keep_both_profiles() {
        let dir = tempfile::tempdir().unwrap();
        // Two stores on one folder behave as two running instances: only the file lock
        // keeps them apart.
        let stores = [ProfileStore::new(dir.path()), ProfileStore::new(dir.path())];
        std::thread::scope(|scope| {
            for (index, store) in stores.iter().enumerate() {
                scope.spawn(move || {
                    for round in 0..25 {
                        store
                            .update(|file| {
                                file.profiles.push(profile(&format!("p{index}-{round}")));
                                Ok(())
                            })
                            .unwrap();
                    }
                });
            }
        });
        assert_eq!(stores[0].load().unwrap().profiles.len(), 50);
    }
}
