//! Types that cross the boundary between the Leptos UI (wasm32) and the Tauri shell.
//!
//! Everything here compiles for both targets, so the UI validates and previews with exactly the
//! code the shell uses before it sends anything.

pub mod catalog;
pub mod error;
pub mod password;
pub mod patch;
pub mod profile;
pub mod resource;

pub use error::{ApiError, ErrorDetails, ErrorKind, FieldError};
pub use password::{PasswordOrgConfig, PASSWORD_ORG_CONFIG};
pub use patch::{build_patch, PatchError};
pub use profile::{
    ConnectionReport, Profile, ProfileInput, ProfileSource, ProfileView, SecretStatus,
    SecretStorage, Vendor,
};
pub use resource::{
    Access, ChangePreview, DefaultValue, FieldChange, FieldKind, FieldSpec, Operation,
    ResourceDescription, UpdateStyle, Verb,
};
