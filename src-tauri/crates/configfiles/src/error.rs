//! What can go wrong reading, writing, verifying or comparing an export.

use std::path::PathBuf;

use crate::format::Format;

#[derive(Debug, thiserror::Error)]
pub enum ConfigFilesError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A file that cannot be parsed: never read as "no objects", so a compare cannot turn a
    /// corrupt file into deletes.
    #[error("{path}: not valid {format}: {message}")]
    Parse {
        path: PathBuf,
        format: Format,
        message: String,
    },
    #[error("{path}: format version {found}; this version of Gatehouse reads {supported}")]
    FormatVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{0}: not a resource the catalogue describes")]
    UnknownResource(String),
    /// The files do not have the shape of an export (an object without an id in a folder of
    /// objects, a single file that is not a map of types).
    #[error("{path}: {message}")]
    Layout { path: PathBuf, message: String },
    #[error("cannot write {what} as {format}: {message}")]
    Serialize {
        what: String,
        format: Format,
        message: String,
    },
    #[error("the export was cancelled; the previous files are as they were")]
    Cancelled,
}

impl ConfigFilesError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| ConfigFilesError::Io { path, source }
    }
}

pub type Result<T, E = ConfigFilesError> = std::result::Result<T, E>;
