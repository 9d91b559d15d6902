//! Types that cross the boundary between the Leptos UI (wasm32) and the Tauri shell.
//!
//! Everything here compiles for both targets, so the UI validates and previews with exactly the
//! code the shell uses before it sends anything.

pub mod catalog;
pub mod commands;
pub mod compare;
pub mod diff;
pub mod error;
pub mod export;
mod field;
pub mod files;
pub mod password;
pub mod patch;
pub mod profile;
pub mod registry;
pub mod resource;
pub mod restore;
pub mod review;

pub use compare::{Change, Comparison, FieldDifference, ObjectDifference};
pub use diff::{Conflict, ConflictField, FieldChange};
pub use error::{ApiError, ErrorDetails, ErrorKind, FieldError};
pub use export::{
    ExportFailure, ExportFormat, ExportLayout, ExportProgress, ExportRequest, ExportSummary,
};
pub use files::{ChosenFile, FilePurpose, SavedFile};
pub use password::{PasswordOrgConfig, PASSWORD_ORG_CONFIG};
pub use patch::{build_patch, PatchError};
pub use profile::{
    ConnectionReport, DeveloperIdentity, Endpoints, Profile, ProfileFileProblem, ProfileInput,
    ProfileSource, ProfileView, RefusedProfile, SailEnvironment, SecretStatus, SecretStorage,
    Vendor,
};
pub use resource::{
    Access, Ahead, DefaultValue, FieldKind, FieldSpec, FilterKind, ListFilter, Operation, Owner,
    Parent, ResourceDescription, UpdateStyle, Verb, Workspace, NEVER_USED,
};
pub use restore::{
    NeedsValue, ObjectRef, PlanItem, RestoreAction, RestorePicks, RestorePlan, RestoreReport,
    RestoredSecret, StepProblem, Unrestorable,
};
pub use review::{
    ActionBody, CopiedSecret, Created, OneTimeSecret, PlannedRequest, Review, SaveOutcome,
};
