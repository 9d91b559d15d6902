//! The console's behaviour as plain async functions over [`Gatehouse`]. The Tauri shell only
//! forwards to these, so tests exercise the real commands without a window.
//!
//! Split by concern, never by resource: `config` (how it starts), `sandbox` (the built-in
//! tenant), `profiles` (connections), `profile_file` (when their file cannot be used),
//! `sessions` (an authenticated client per connection), `developer` (the developer portal
//! sign-in), `resources` (the generic commands every resource uses), `files` (files picked in
//! the system's dialogs), `one_time` (secrets shown once), `sail_cli` (the SailPoint CLI's environments), `export` (a tenant's configuration
//! as files, and its drift).

mod app;
mod config;
mod developer;
mod export;
mod files;
mod one_time;
mod profile_file;
mod profiles;
mod rehearsal;
mod resources;
mod sail_cli;
mod sandbox;
mod secrets;
mod sessions;
mod store;
mod timing;

pub use app::Gatehouse;
pub use config::{AppConfig, SandboxSource};
pub use developer::{Browser, DEVELOPER_SIGN_IN_TIMEOUT};
pub use export::{
    diff_exports, verify_export, ApplyReport, CancelFlag, NewSecret, Pace, Picks, Progress,
    ProgressSink, ReadOptions, WRITING,
};
pub use files::MAX_FILE_BYTES;
/// The export model, its files and their comparison, for callers of [`Gatehouse::export`].
pub use gatehouse_configfiles as configfiles;
pub use one_time::{
    Clipboard, CLIPBOARD_CLEAR_AFTER, ONE_TIME_SECRETS_KEPT, ONE_TIME_SECRET_KEPT_FOR,
};
pub use resources::ActionCall;
pub use sail_cli::{SAIL_CLIENT_ID_SERVICE, SAIL_SECRET_SERVICE};
pub use sandbox::{SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT};
pub use secrets::{
    EndpointsFingerprint, Keychain, PreviousEntry, SecretError, SecretVault, KEYCHAIN_SERVICE,
};
pub use store::{ProfileFile, ProfileStore, StoreError, UnusableFile};
