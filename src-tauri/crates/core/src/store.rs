//! The profile file: saved connections and the active one, in the platform config dir.
//! It never holds a secret.

use std::path::{Path, PathBuf};

use gatehouse_wire::{ApiError, ErrorKind, Profile};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileFile {
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

pub struct ProfileStore {
    path: PathBuf,
}

impl ProfileStore {
    /// `dir` is Gatehouse's own config folder (`~/.config/gatehouse` on Linux).
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("profiles.json"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load(&self) -> Result<ProfileFile, ApiError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
                ApiError::new(
                    ErrorKind::Configuration,
                    format!(
                        "{} is not a valid profile file: {error}",
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

    /// Writes through a temporary file and a rename, so a crash never leaves half a file.
    pub fn save(&self, file: &ProfileFile) -> Result<(), ApiError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|error| io_error(dir, error))?;
        let bytes = serde_json::to_vec_pretty(file)
            .map_err(|error| ApiError::new(ErrorKind::Unexpected, error.to_string()))?;
        let temporary = self.path.with_extension("json.tmp");
        std::fs::write(&temporary, bytes).map_err(|error| io_error(&temporary, error))?;
        std::fs::rename(&temporary, &self.path).map_err(|error| io_error(&self.path, error))
    }
}

fn io_error(path: &Path, error: std::io::Error) -> ApiError {
    ApiError::new(
        ErrorKind::Configuration,
        format!("{}: {error}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::Vendor;

    #[test]
    fn missing_file_is_empty_and_saves_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(&dir.path().join("nested"));
        assert_eq!(store.load().unwrap(), ProfileFile::default());
        let file = ProfileFile {
            active: Some("p1".into()),
            profiles: vec![Profile {
                id: "p1".into(),
                name: "Prod".into(),
                vendor: Vendor::SailPoint,
                base_url: "https://acme.api.identitynow.com".into(),
                client_id: "id".into(),
                tenant_id: None,
                admin_token_url: None,
                system_token_url: None,
                ca_certificate_pem: None,
            }],
        };
        store.save(&file).unwrap();
        assert_eq!(store.load().unwrap(), file);
    }

    #[test]
    fn corrupt_file_is_a_configuration_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path());
        std::fs::write(store.path(), b"{not json").unwrap();
        assert_eq!(store.load().unwrap_err().kind, ErrorKind::Configuration);
    }
}
