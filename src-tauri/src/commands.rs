//! The Tauri commands: each forwards to the plain async function of the same name in
//! `gatehouse-core`. The resource commands are generic: the resource key says which
//! description drives them.
//!
//! Every command is `async`: Tauri runs a synchronous command on the window's main thread,
//! where there is no Tokio runtime and a panic cannot unwind, so one mistake there aborts the
//! app with whatever the administrator had on screen. [`AsyncCommand`] holds the command
//! list to that at compile time.

use std::sync::Arc;

use gatehouse_core::{Clipboard, Gatehouse};
use gatehouse_wire::{
    ActionBody, ApiError, ConnectionReport, CopiedSecret, Created, ProfileFileProblem,
    ProfileInput, ProfileView, RefusedProfile, Review, SailEnvironment, SaveOutcome, SecretStorage,
};
use serde_json::Value;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

mod developer;
mod export;
mod files;

pub(crate) use developer::*;
pub(crate) use export::*;
pub(crate) use files::*;

type CommandResult<T> = Result<T, ApiError>;

#[tauri::command]
pub(crate) async fn list_profiles(app: State<'_, Gatehouse>) -> CommandResult<Vec<ProfileView>> {
    app.list_profiles().await
}

/// Async, so reading the file never holds the window's main thread.
#[tauri::command]
pub(crate) async fn profile_file_problem(
    app: State<'_, Gatehouse>,
) -> CommandResult<Option<ProfileFileProblem>> {
    Ok(app.profile_file_problem())
}

/// The saved connections the file holds but that are not used, each with why.
#[tauri::command]
pub(crate) async fn refused_profiles(
    app: State<'_, Gatehouse>,
) -> CommandResult<Vec<RefusedProfile>> {
    Ok(app.refused_profiles())
}

/// The SailPoint CLI's environments on this machine, offered as connections.
#[tauri::command]
pub(crate) async fn sail_cli_environments(
    app: State<'_, Gatehouse>,
) -> CommandResult<Vec<SailEnvironment>> {
    app.sail_cli_environments().await
}

#[tauri::command]
pub(crate) async fn import_sail_environment(
    app: State<'_, Gatehouse>,
    name: String,
    client_secret: Option<String>,
    storage: SecretStorage,
) -> CommandResult<ProfileView> {
    app.import_sail_environment(&name, client_secret, storage)
        .await
}

#[tauri::command]
pub(crate) async fn move_profile_file_aside(app: State<'_, Gatehouse>) -> CommandResult<String> {
    app.move_profile_file_aside().await
}

#[tauri::command]
pub(crate) async fn save_profile(
    app: State<'_, Gatehouse>,
    input: ProfileInput,
) -> CommandResult<ProfileView> {
    app.save_profile(input).await
}

#[tauri::command]
pub(crate) async fn delete_profile(app: State<'_, Gatehouse>, id: String) -> CommandResult<()> {
    app.delete_profile(&id).await
}

#[tauri::command]
pub(crate) async fn select_profile(
    app: State<'_, Gatehouse>,
    id: String,
) -> CommandResult<ProfileView> {
    app.select_profile(&id).await
}

#[tauri::command]
pub(crate) async fn test_connection(
    app: State<'_, Gatehouse>,
    id: String,
) -> CommandResult<ConnectionReport> {
    app.test_connection(&id).await
}

#[tauri::command]
pub(crate) async fn resource_list(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    query: Vec<(String, String)>,
) -> CommandResult<Vec<Value>> {
    app.resource_list(&key, scope.as_deref(), &query).await
}

#[tauri::command]
pub(crate) async fn resource_get(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
) -> CommandResult<Option<Value>> {
    app.resource_get(&key, scope.as_deref(), id.as_deref())
        .await
}

#[tauri::command]
pub(crate) async fn resource_preview(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    original: Option<Value>,
    edited: Value,
) -> CommandResult<Review> {
    app.resource_preview(
        &key,
        scope.as_deref(),
        id.as_deref(),
        original.as_ref(),
        &edited,
    )
    .await
}

#[tauri::command]
pub(crate) async fn resource_create(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    body: Value,
) -> CommandResult<Created> {
    app.resource_create(&key, scope.as_deref(), &body).await
}

#[tauri::command]
pub(crate) async fn resource_save(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    original: Value,
    edited: Value,
) -> CommandResult<SaveOutcome> {
    app.resource_save(&key, scope.as_deref(), id.as_deref(), &original, &edited)
        .await
}

#[tauri::command]
pub(crate) async fn resource_delete(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: String,
) -> CommandResult<()> {
    app.resource_delete(&key, scope.as_deref(), &id).await
}

#[tauri::command]
pub(crate) async fn resource_action(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    operation: String,
    query: Vec<(String, String)>,
    body: Option<ActionBody>,
) -> CommandResult<Value> {
    app.resource_action(
        &key,
        scope.as_deref(),
        id.as_deref(),
        &operation,
        &query,
        body,
    )
    .await
}

#[tauri::command]
pub(crate) async fn forget_secret(app: State<'_, Gatehouse>, handle: String) -> CommandResult<()> {
    app.forget_secret(&handle);
    Ok(())
}

#[tauri::command]
pub(crate) async fn copy_secret(
    app: State<'_, Gatehouse>,
    window: AppHandle,
    handle: String,
) -> CommandResult<CopiedSecret> {
    app.copy_secret(&handle, Arc::new(SystemClipboard(window)))
        .await
}

#[tauri::command]
pub(crate) async fn test_secret(
    app: State<'_, Gatehouse>,
    handle: String,
) -> CommandResult<ConnectionReport> {
    app.test_secret(&handle).await
}

#[tauri::command]
pub(crate) async fn save_secret_as_connection(
    app: State<'_, Gatehouse>,
    handle: String,
    name: String,
    session_only: Option<bool>,
) -> CommandResult<ProfileView> {
    app.save_secret_as_connection(&handle, &name, session_only.unwrap_or(false))
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

/// Implemented by every function that answers with a future, whatever its arguments (as
/// axum's `Handler` is). `lib.rs` passes every app command to [`is_async`], so a synchronous
/// one is a compile error, not an abort on the first click.
pub(crate) trait AsyncCommand<Arguments> {}

macro_rules! async_command_of_arity {
    ($($argument:ident),+) => {
        impl<Command, Answer, $($argument),+> AsyncCommand<($($argument,)+)> for Command
        where
            Command: Fn($($argument),+) -> Answer,
            Answer: std::future::Future,
        {
        }
    };
}
async_command_of_arity!(A);
async_command_of_arity!(A, B);
async_command_of_arity!(A, B, C);
async_command_of_arity!(A, B, C, D);
async_command_of_arity!(A, B, C, D, E);
async_command_of_arity!(A, B, C, D, E, F);
async_command_of_arity!(A, B, C, D, E, F, G);
async_command_of_arity!(A, B, C, D, E, F, G, H);

/// Compiles only for an async command.
pub(crate) fn is_async<Arguments>(_command: impl AsyncCommand<Arguments>) {}
