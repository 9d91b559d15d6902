//! Files the administrator picks in the system's file dialogs: a specification to import, a
//! gateway package to save. The window never names a path itself; it holds a grant for what
//! was picked, so a page cannot read or write a file the administrator did not choose.

use serde::{Deserialize, Serialize};

/// What a file dialog is for: a file to read, or where to write one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    Open,
    Save,
}

/// The file the administrator picked, and the grant that lets the window use it once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChosenFile {
    pub grant: String,
    /// The file's name, to show.
    pub name: String,
    /// The whole path, to show.
    pub path: String,
    /// Whether there is a file there already (a save then asks before replacing it).
    pub exists: bool,
}

/// A file written from a vendor's answer (a gateway package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}
