//! The console's behaviour as plain async functions over [`Gatehouse`]. The Tauri shell only
//! forwards to these, so tests exercise the real commands without a window.

mod app;
mod profiles;
mod secrets;

pub use app::{AppConfig, Gatehouse, SandboxSource, SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT};
pub use profiles::{ProfileFile, ProfileStore};
pub use secrets::{Keychain, SecretError, SecretVault, KEYCHAIN_SERVICE};
