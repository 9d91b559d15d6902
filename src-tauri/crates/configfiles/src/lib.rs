//! Configuration as files: a tenant's configuration as a canonical, redacted, verifiable set
//! of JSON or YAML files, and the comparison of two such sets. Driven by the catalogue's
//! resource descriptions; no network, no window.
//!
//! The flow: [`prepare`] a [`Snapshot`] of what the API returned into an [`Export`],
//! [`write_export`] it (atomically) to a folder, [`read`] it back, [`verify`] it against its
//! manifest, [`compare`] it with another export or a live snapshot, and pass whatever will
//! be sent through [`strip_placeholders`].
//!
//! On disk an export is a folder: `manifest.json` (always JSON, so any export is checked the
//! same way) beside either `export.json`/`export.yaml` ([`Layout::File`]) or one folder per
//! type holding `<id>--<title-slug>.json`/`.yaml` per object ([`Layout::Folder`]). Anything
//! else in the folder (`.git`, a README) is the administrator's and survives a rewrite.

pub mod bench;
pub mod canonical;
pub mod compare;
pub mod error;
pub mod format;
pub mod model;
pub mod names;
pub mod plan;
pub mod read;
pub mod recreated;
pub mod redact;
pub mod render;
pub mod system_export;
pub mod verify;
pub mod write;

pub use compare::{compare, Change, Comparison, FieldDifference, ObjectDifference};
pub use error::{ConfigFilesError, Result};
pub use format::Format;
pub use model::{
    prepare, Export, ExportOptions, Failure, Layout, Manifest, Resources, Snapshot, FORMAT_VERSION,
};
pub use read::read;
pub use redact::{is_placeholder, placeholder_for, strip_placeholders, NeedsValue};
pub use render::{render, Files, MANIFEST_FILE};
pub use verify::{verify, Verification};
pub use write::{write_export, write_files, Uncontrolled, WriteControl};
