//! Exporting a tenant's configuration from the window: what the Export screen asks for, the
//! progress it shows while the export runs, and what it reports at the end.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The text format of the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[default]
    Json,
    Yaml,
}

/// One file for everything, or a folder per type with a file per object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportLayout {
    #[default]
    Folder,
    File,
}

/// An export as the administrator set it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    /// The connection's id (or name).
    pub connection: String,
    /// Catalogue keys; empty means every type the connection can read.
    pub types: Vec<String>,
    pub format: ExportFormat,
    pub layout: ExportLayout,
    /// Secrets written as they are instead of placeholders: an explicit opt-in.
    pub include_secrets: bool,
    pub include_volatile: bool,
    /// SailPoint lists no auth users: the identities whose auth user to export.
    pub auth_user_ids: Vec<String>,
    /// The folder the export is written to, as typed or chosen (`~/` is the home folder).
    pub destination: String,
}

/// How far one type (or, at the end, the files) has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    /// The catalogue key, or `files` while the files are written.
    pub resource: String,
    pub done: usize,
    pub total: usize,
}

/// A type that could not be read completely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFailure {
    pub resource: String,
    pub message: String,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    /// The folder written, as an absolute path.
    pub destination: String,
    /// Objects written per type.
    pub counts: BTreeMap<String, usize>,
    /// Files written, the manifest included.
    pub files: usize,
    /// Placeholders written in place of secrets.
    pub redacted: usize,
    pub secrets_included: bool,
    /// `false` when a type failed: the export is not the whole tenant.
    pub complete: bool,
    pub failures: Vec<ExportFailure>,
}
