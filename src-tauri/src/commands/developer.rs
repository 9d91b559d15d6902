//! A developer's sign-in to a Cloudentity connection's developer portal: in the system
//! browser, back through a loopback redirect core listens for (RFC 8252).

use std::sync::Arc;

use gatehouse_core::{Browser, Gatehouse, DEVELOPER_SIGN_IN_TIMEOUT};
use gatehouse_wire::DeveloperIdentity;
use tauri::State;

use super::CommandResult;

/// The system browser, as the navigation guard opens links in it.
struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> std::io::Result<()> {
        open::that_detached(url)
    }
}

#[tauri::command]
pub(crate) async fn developer_sign_in(
    app: State<'_, Gatehouse>,
) -> CommandResult<DeveloperIdentity> {
    app.developer_sign_in(Arc::new(SystemBrowser), DEVELOPER_SIGN_IN_TIMEOUT)
        .await
}

#[tauri::command]
pub(crate) async fn developer_signed_in(
    app: State<'_, Gatehouse>,
) -> CommandResult<Option<DeveloperIdentity>> {
    Ok(app.developer_signed_in().await)
}

#[tauri::command]
pub(crate) async fn developer_sign_out(app: State<'_, Gatehouse>) -> CommandResult<()> {
    app.developer_sign_out().await
}
