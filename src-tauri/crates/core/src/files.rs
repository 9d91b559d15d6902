//! Files the administrator picked in the system's file dialogs (`gatehouse_wire::files`): a
//! specification read and imported, a vendor's file (a gateway package) fetched and written.
//! The shell shows the dialog and grants what was picked; the window only ever holds grants.

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use gatehouse_client::RequestBody;
use gatehouse_wire::{ApiError, ChosenFile, ErrorKind, FilePurpose, SavedFile};
use serde_json::Value;

use crate::app::Gatehouse;
use crate::resources::{without_secrets, ActionCall};

/// The largest file read to send: far above any real OpenAPI document.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Grants kept at once; older ones lapse (the administrator picks the file again).
const GRANTS_KEPT: usize = 16;

/// The files picked in this run, each usable for what it was picked for.
#[derive(Default)]
pub(crate) struct FileGrants(Mutex<VecDeque<Granted>>);

struct Granted {
    grant: String,
    path: PathBuf,
    purpose: FilePurpose,
}

impl FileGrants {
    fn grant(&self, path: PathBuf, purpose: FilePurpose) -> String {
        let grant = format!("file-{:016x}", rand::random::<u64>());
        let mut grants = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if grants.len() == GRANTS_KEPT {
            grants.pop_front();
        }
        grants.push_back(Granted {
            grant: grant.clone(),
            path,
            purpose,
        });
        grant
    }

    /// The path `grant` was given for, if it was given for `purpose`.
    fn path(&self, grant: &str, purpose: FilePurpose) -> Result<PathBuf, ApiError> {
        let grants = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        grants
            .iter()
            .find(|granted| granted.grant == grant && granted.purpose == purpose)
            .map(|granted| granted.path.clone())
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::NotFound,
                    "That file choice has lapsed: choose the file again.",
                )
            })
    }

    fn forget(&self, grant: &str) {
        let mut grants = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        grants.retain(|granted| granted.grant != grant);
    }
}

impl Gatehouse {
    /// Records the file the administrator picked in a dialog for `purpose`.
    pub fn grant_file(&self, path: PathBuf, purpose: FilePurpose) -> ChosenFile {
        let exists = path.exists();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        ChosenFile {
            grant: self.files.grant(path.clone(), purpose),
            name,
            path: path.display().to_string(),
            exists,
        }
    }

    /// Sends the action with the picked file as its multipart body (a specification import).
    pub async fn resource_action_from_file(
        &self,
        call: ActionCall<'_>,
        grant: &str,
    ) -> Result<Value, ApiError> {
        let path = self.files.path(grant, FilePurpose::Open)?;
        let bytes = read_bounded(&path).await?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "specification".to_owned());
        let body = RequestBody::File { name, bytes };
        let (description, answer) = self.send_action(call, &[], Some(body)).await?;
        self.files.forget(grant);
        Ok(without_secrets(description, answer.body))
    }

    /// Fetches the action's file (a gateway package) and writes it where the administrator
    /// chose: all of it or nothing, and over an existing file only when `replace` says they
    /// agreed to.
    pub async fn resource_action_to_file(
        &self,
        call: ActionCall<'_>,
        grant: &str,
        replace: bool,
    ) -> Result<SavedFile, ApiError> {
        let path = self.save_path(grant, replace)?;
        let call = ActionCall {
            answers_file: true,
            ..call
        };
        let (_, answer) = self.send_action(call, &[], None).await?;
        self.write_granted(grant, path, answer.bytes, replace).await
    }

    /// Where `grant` lets the window save, unless a file is there it did not agree to replace.
    fn save_path(&self, grant: &str, replace: bool) -> Result<PathBuf, ApiError> {
        let path = self.files.path(grant, FilePurpose::Save)?;
        if path.exists() && !replace {
            return Err(exists(&path));
        }
        Ok(path)
    }

    /// Writes `bytes` to `path` whole (see [`write_whole`]), off the async threads; the grant is
    /// used up once it is written.
    async fn write_granted(
        &self,
        grant: &str,
        path: PathBuf,
        bytes: Vec<u8>,
        replace: bool,
    ) -> Result<SavedFile, ApiError> {
        let written = path.clone();
        tokio::task::spawn_blocking(move || write_whole(&written, &bytes, replace))
            .await
            .map_err(|error| ApiError::new(ErrorKind::Unexpected, error.to_string()))??;
        self.files.forget(grant);
        Ok(SavedFile {
            path: path.display().to_string(),
            bytes: std::fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0),
        })
    }
}

impl Gatehouse {
    /// Writes the object as [`Gatehouse::resource_get`] reads it, without its secrets, to the
    /// file the administrator chose: JSON with sorted keys, written whole, and over an
    /// existing file only when `replace` says they agreed to.
    pub async fn resource_to_file(
        &self,
        key: &str,
        scope: Option<&str>,
        id: Option<&str>,
        grant: &str,
        replace: bool,
    ) -> Result<SavedFile, ApiError> {
        let path = self.save_path(grant, replace)?;
        let object = self
            .resource_get(key, scope, id)
            .await?
            .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "There is nothing to save yet."))?;
        // serde_json's maps are sorted: the same object is the same file, byte for byte.
        let mut text = serde_json::to_string_pretty(&object)
            .map_err(|error| ApiError::new(ErrorKind::Unexpected, error.to_string()))?;
        text.push('\n');
        self.write_granted(grant, path, text.into_bytes(), replace)
            .await
    }
}

fn exists(path: &Path) -> ApiError {
    ApiError::new(
        ErrorKind::Conflict,
        format!(
            "{} appeared after it was chosen; nothing was written over it. Choose again.",
            path.display()
        ),
    )
}

fn storage(path: &Path, error: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorKind::Storage, format!("{}: {error}", path.display()))
}

async fn read_bounded(path: &Path) -> Result<Vec<u8>, ApiError> {
    let size = tokio::fs::metadata(path)
        .await
        .map_err(|error| storage(path, error))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(ApiError::new(
            ErrorKind::Validation,
            format!(
                "{} is {size} bytes; a specification of over {MAX_FILE_BYTES} bytes is not sent.",
                path.display()
            ),
        ));
    }
    tokio::fs::read(path)
        .await
        .map_err(|error| storage(path, error))
}

/// Writes `bytes` to a temporary file beside `path` and moves it into place: a failure leaves
/// no half-written file, and without `replace` an existing file is never overwritten, even
/// one that appeared meanwhile.
fn write_whole(path: &Path, bytes: &[u8], replace: bool) -> Result<(), ApiError> {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(|error| storage(path, error))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|error| storage(path, error))?;
    let placed = if replace {
        file.persist(path).map(drop)
    } else {
        file.persist_noclobber(path).map(drop)
    };
    placed.map_err(|failure| match failure.error.kind() {
        std::io::ErrorKind::AlreadyExists => exists(path),
        _ => storage(path, failure.error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_never_replaces_one_without_consent() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("gateway.tar.gz");
        write_whole(&path, b"first", false).unwrap();
        let refused = write_whole(&path, b"second", false).unwrap_err();
        assert_eq!(refused.kind, ErrorKind::Conflict);
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_whole(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let left: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_grant_is_only_good_for_what_it_was_given_for_and_lapses() {
        let grants = FileGrants::default();
        let open = grants.grant(PathBuf::from("/tmp/spec.yaml"), FilePurpose::Open);
        assert_eq!(
            grants.path(&open, FilePurpose::Save).unwrap_err().kind,
            ErrorKind::NotFound,
            "a file picked to read is not one to write"
        );
        assert_eq!(
            grants.path(&open, FilePurpose::Open).unwrap(),
            PathBuf::from("/tmp/spec.yaml")
        );
        assert!(grants.path("file-made-up", FilePurpose::Open).is_err());
        for _ in 0..GRANTS_KEPT {
            grants.grant(PathBuf::from("/tmp/other"), FilePurpose::Open);
        }
        assert!(
            grants.path(&open, FilePurpose::Open).is_err(),
            "the oldest lapses"
        );
        grants.forget(&open);
    }
}
