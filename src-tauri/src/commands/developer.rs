//! A developer's sign-in to a Cloudentity connection's developer portal: in the system
//! browser, back through a loopback redirect core listens for (RFC 8252).

use std::sync::Arc;

use gatehouse_core::{Browser, DEVELOPER_SIGN_IN_TIMEOUT};
use gatehouse_wire::commands::{DeveloperSignIn, DeveloperSignOut, DeveloperSignedIn};
use gatehouse_wire::DeveloperIdentity;
use tauri::AppHandle;

use super::{app, CommandResult};

/// The system browser, as the navigation guard opens links in it.
struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> std::io::Result<()> {
        open::that_detached(url)
    }
}

pub(crate) async fn developer_sign_in(
    shell: &AppHandle,
    _: DeveloperSignIn,
) -> CommandResult<DeveloperIdentity> {
    app(shell)
        .developer_sign_in(Arc::new(SystemBrowser), DEVELOPER_SIGN_IN_TIMEOUT)
        .await
}

pub(crate) async fn developer_signed_in(
    shell: &AppHandle,
    _: DeveloperSignedIn,
) -> CommandResult<Option<DeveloperIdentity>> {
    Ok(app(shell).developer_signed_in().await)
}

pub(crate) async fn developer_sign_out(
    shell: &AppHandle,
    _: DeveloperSignOut,
) -> CommandResult<()> {
    app(shell).developer_sign_out().await
}
