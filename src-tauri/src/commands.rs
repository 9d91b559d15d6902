//! The handlers of the window's commands, one per entry of `gatehouse_wire::with_commands!`,
//! each forwarding to the plain async function of the same name in `gatehouse-core`. The
//! resource commands are generic: the resource key says which description drives them.
//! [`crate::ipc`] makes each a Tauri command; the compiler holds each handler to its entry's
//! request and answer.

use std::sync::Arc;

use gatehouse_core::{Clipboard, Gatehouse};
use gatehouse_wire::commands::*;
use gatehouse_wire::{
    ApiError, ConnectionReport, CopiedSecret, Created, ProfileFileProblem, ProfileView,
    RefusedProfile, Review, SailEnvironment, SaveOutcome,
};
use tauri::{AppHandle, Manager};
use tauri_plugin_clipboard_manager::ClipboardExt;

mod developer;
mod export;
mod files;

pub(crate) use developer::*;
pub(crate) use export::*;
pub(crate) use files::*;

type CommandResult<T> = Result<T, ApiError>;

/// The app's state, which the builder manages from the start.
fn app(shell: &AppHandle) -> &Gatehouse {
    shell.state::<Gatehouse>().inner()
}

pub(crate) async fn list_profiles(
    shell: &AppHandle,
    _: ListProfiles,
) -> CommandResult<Vec<ProfileView>> {
    app(shell).list_profiles().await
}

pub(crate) async fn profile_file_problem(
    shell: &AppHandle,
    _: GetProfileFileProblem,
) -> CommandResult<Option<ProfileFileProblem>> {
    Ok(app(shell).profile_file_problem())
}

pub(crate) async fn refused_profiles(
    shell: &AppHandle,
    _: RefusedProfiles,
) -> CommandResult<Vec<RefusedProfile>> {
    Ok(app(shell).refused_profiles())
}

pub(crate) async fn sail_cli_environments(
    shell: &AppHandle,
    _: SailCliEnvironments,
) -> CommandResult<Vec<SailEnvironment>> {
    app(shell).sail_cli_environments().await
}

pub(crate) async fn import_sail_environment(
    shell: &AppHandle,
    request: ImportSailEnvironment,
) -> CommandResult<ProfileView> {
    app(shell)
        .import_sail_environment(&request.name, request.client_secret, request.storage)
        .await
}

pub(crate) async fn move_profile_file_aside(
    shell: &AppHandle,
    _: MoveProfileFileAside,
) -> CommandResult<String> {
    app(shell).move_profile_file_aside().await
}

pub(crate) async fn save_profile(
    shell: &AppHandle,
    request: SaveProfile,
) -> CommandResult<ProfileView> {
    app(shell).save_profile(request.input).await
}

pub(crate) async fn delete_profile(shell: &AppHandle, request: DeleteProfile) -> CommandResult<()> {
    app(shell).delete_profile(&request.id).await
}

pub(crate) async fn select_profile(
    shell: &AppHandle,
    request: SelectProfile,
) -> CommandResult<ProfileView> {
    app(shell).select_profile(&request.id).await
}

pub(crate) async fn test_connection(
    shell: &AppHandle,
    request: TestConnection,
) -> CommandResult<ConnectionReport> {
    app(shell).test_connection(&request.id).await
}

pub(crate) async fn resource_list(
    shell: &AppHandle,
    request: ResourceList,
) -> CommandResult<Vec<Json>> {
    app(shell)
        .resource_list(&request.key, request.scope.as_deref(), &request.query)
        .await
}

pub(crate) async fn resource_get(
    shell: &AppHandle,
    request: ResourceGet,
) -> CommandResult<Option<Json>> {
    app(shell)
        .resource_get(
            &request.key,
            request.scope.as_deref(),
            request.id.as_deref(),
        )
        .await
}

pub(crate) async fn resource_preview(
    shell: &AppHandle,
    request: ResourcePreview,
) -> CommandResult<Review> {
    app(shell)
        .resource_preview(
            &request.key,
            request.scope.as_deref(),
            request.id.as_deref(),
            request.original.as_ref(),
            &request.edited,
        )
        .await
}

pub(crate) async fn resource_create(
    shell: &AppHandle,
    request: ResourceCreate,
) -> CommandResult<Created> {
    app(shell)
        .resource_create(&request.key, request.scope.as_deref(), &request.body)
        .await
}

pub(crate) async fn resource_save(
    shell: &AppHandle,
    request: ResourceSave,
) -> CommandResult<SaveOutcome> {
    app(shell)
        .resource_save(
            &request.key,
            request.scope.as_deref(),
            request.id.as_deref(),
            &request.original,
            &request.edited,
        )
        .await
}

pub(crate) async fn resource_delete(
    shell: &AppHandle,
    request: ResourceDelete,
) -> CommandResult<()> {
    app(shell)
        .resource_delete(&request.key, request.scope.as_deref(), &request.id)
        .await
}

pub(crate) async fn resource_action(
    shell: &AppHandle,
    request: ResourceAction,
) -> CommandResult<Json> {
    app(shell)
        .resource_action(
            &request.key,
            request.scope.as_deref(),
            request.id.as_deref(),
            &request.operation,
            &request.query,
            request.body,
        )
        .await
}

pub(crate) async fn forget_secret(shell: &AppHandle, request: ForgetSecret) -> CommandResult<()> {
    app(shell).forget_secret(&request.handle);
    Ok(())
}

pub(crate) async fn copy_secret(
    shell: &AppHandle,
    request: CopySecret,
) -> CommandResult<CopiedSecret> {
    let clipboard = Arc::new(SystemClipboard(shell.clone()));
    app(shell).copy_secret(&request.handle, clipboard).await
}

pub(crate) async fn test_secret(
    shell: &AppHandle,
    request: TestSecret,
) -> CommandResult<ConnectionReport> {
    app(shell).test_secret(&request.handle).await
}

pub(crate) async fn save_secret_as_connection(
    shell: &AppHandle,
    request: SaveSecretAsConnection,
) -> CommandResult<ProfileView> {
    app(shell)
        .save_secret_as_connection(&request.handle, &request.name, request.session_only)
        .await
}

/// The system clipboard through Tauri's clipboard plugin, used from Rust only: the secret
/// never passes through the web view on its way there.
struct SystemClipboard(AppHandle);

impl Clipboard for SystemClipboard {
    fn write_text(&self, text: &str) -> Result<(), String> {
        self.0
            .clipboard()
            .write_text(text)
            .map_err(|error| error.to_string())
    }

    fn read_text(&self) -> Option<String> {
        self.0.clipboard().read_text().ok()
    }

    fn clear(&self) -> Result<(), String> {
        self.0
            .clipboard()
            .clear()
            .map_err(|error| error.to_string())
    }
}
