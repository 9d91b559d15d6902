//! The profile file: saved connections and the active one, in the platform config dir.
//! It never holds a secret.
//!
//! Every change is a read-modify-write under a lock, one writer at a time within the process
//! and across running instances (an advisory lock on `profiles.lock`), so two saves never
//! lose each other's profile. The file is written to a unique temporary file, flushed, and
//! renamed over the old one, and the folder is synced: a crash leaves the old file or the new
//! one, never half of either. Properties this version does not know are kept.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gatehouse_wire::{ApiError, ErrorKind, Profile};
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

#[derive(Clone)]
pub struct ProfileStore {
    path: PathBuf,
    /// One writer at a time within this process (the file lock is per open file, not thread).
    writer: Arc<Mutex<()>>,
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

    pub fn load(&self) -> Result<ProfileFile, ApiError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
                ApiError::new(
                    ErrorKind::Storage,
                    format!(
                        "{} is not a valid profile file ({error}); it was left untouched",
                        self.path.display()
                    ),
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                Ok(ProfileFile::default())
            }
            Err(error) => Err(io_error(&self.path, error)),
        }
    }

    /// Applies `change` to the file as it is on disk now and writes the result, holding the
    /// lock throughout. A file that cannot be read is never overwritten.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut ProfileFile) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let _in_process = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let dir = self.dir();
        create_private_dir(dir)?;
        let lock_path = dir.join("profiles.lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|error| io_error(&lock_path, error))?;
        lock.lock().map_err(|error| io_error(&lock_path, error))?;
        let mut file = self.load()?;
        let outcome = change(&mut file)?;
        self.write(&file)?;
        Ok(outcome)
    }

    fn write(&self, file: &ProfileFile) -> Result<(), ApiError> {
        let dir = self.dir();
        let bytes = serde_json::to_vec_pretty(file)
            .map_err(|error| ApiError::new(ErrorKind::Unexpected, error.to_string()))?;
        // A unique name (no two writers share it) created with mode 0600 on Unix.
        let mut temporary =
            tempfile::NamedTempFile::new_in(dir).map_err(|error| io_error(dir, error))?;
        temporary
            .write_all(&bytes)
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(|error| io_error(temporary.path(), error))?;
        temporary
            .persist(&self.path)
            .map_err(|error| io_error(&self.path, error.error))?;
        // The rename itself is durable only once the folder is synced.
        File::open(dir)
            .and_then(|folder| folder.sync_all())
            .map_err(|error| io_error(dir, error))
    }
}

/// The config folder, readable by its owner only.
fn create_private_dir(dir: &Path) -> Result<(), ApiError> {
    std::fs::create_dir_all(dir).map_err(|error| io_error(dir, error))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|error| io_error(dir, error))?;
    }
    Ok(())
}

fn io_error(path: &Path, error: std::io::Error) -> ApiError {
    ApiError::new(ErrorKind::Storage, format!("{}: {error}", path.display()))
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
        assert_eq!(store.load().unwrap_err().kind, ErrorKind::Storage);
        let refused = store.update(|file| {
            file.profiles.push(profile("p1"));
            Ok(())
        });
        assert_eq!(refused.unwrap_err().kind, ErrorKind::Storage);
        assert_eq!(std::fs::read(store.path()).unwrap(), b"{not json");
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
