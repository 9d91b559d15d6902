//! The Tauri shell: window, state, and thin commands that forward to `gatehouse-core`. The
//! resource commands are generic: the resource key says which description drives them.

use std::sync::Arc;

use gatehouse_core::{AppConfig, Clipboard, Gatehouse};
use gatehouse_wire::{
    ApiError, ConnectionReport, Created, ProfileInput, ProfileView, Review, SaveOutcome,
};
use serde_json::Value;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

type CommandResult<T> = Result<T, ApiError>;

#[tauri::command]
async fn list_profiles(app: State<'_, Gatehouse>) -> CommandResult<Vec<ProfileView>> {
    app.list_profiles().await
}

#[tauri::command]
async fn save_profile(
    app: State<'_, Gatehouse>,
    input: ProfileInput,
) -> CommandResult<ProfileView> {
    app.save_profile(input).await
}

#[tauri::command]
async fn delete_profile(app: State<'_, Gatehouse>, id: String) -> CommandResult<()> {
    app.delete_profile(&id).await
}

#[tauri::command]
async fn select_profile(app: State<'_, Gatehouse>, id: String) -> CommandResult<ProfileView> {
    app.select_profile(&id).await
}

#[tauri::command]
async fn test_connection(app: State<'_, Gatehouse>, id: String) -> CommandResult<ConnectionReport> {
    app.test_connection(&id).await
}

#[tauri::command]
async fn resource_list(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    query: Vec<(String, String)>,
) -> CommandResult<Vec<Value>> {
    app.resource_list(&key, scope.as_deref(), &query).await
}

#[tauri::command]
async fn resource_get(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
) -> CommandResult<Option<Value>> {
    app.resource_get(&key, scope.as_deref(), id.as_deref())
        .await
}

#[tauri::command]
async fn resource_preview(
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
async fn resource_create(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    body: Value,
) -> CommandResult<Created> {
    app.resource_create(&key, scope.as_deref(), &body).await
}

#[tauri::command]
async fn resource_save(
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
async fn resource_delete(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: String,
) -> CommandResult<()> {
    app.resource_delete(&key, scope.as_deref(), &id).await
}

#[tauri::command]
async fn resource_action(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    operation: String,
    query: Vec<(String, String)>,
    body: Option<Value>,
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
fn forget_secret(app: State<'_, Gatehouse>, handle: String) {
    app.forget_secret(&handle);
}

#[tauri::command]
fn copy_secret(app: State<'_, Gatehouse>, window: AppHandle, handle: String) -> CommandResult<()> {
    app.copy_secret(&handle, Arc::new(SystemClipboard(window)))
}

#[tauri::command]
async fn test_secret(app: State<'_, Gatehouse>, handle: String) -> CommandResult<ConnectionReport> {
    app.test_secret(&handle).await
}

#[tauri::command]
async fn save_secret_as_connection(
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

/// Builds the app state from the environment and runs the window until it closes.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let app = Gatehouse::new(AppConfig::from_environment()?)?;
    tauri::Builder::default()
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(app)
        // The first page's connection and token are readied while the window is being created.
        .setup(|app| {
            use tauri::Manager as _;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { handle.state::<Gatehouse>().warm_up().await });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            list_profiles,
            save_profile,
            delete_profile,
            select_profile,
            test_connection,
            resource_list,
            resource_get,
            resource_preview,
            resource_create,
            resource_save,
            resource_delete,
            resource_action,
            forget_secret,
            copy_secret,
            test_secret,
            save_secret_as_connection,
        ])
        .run(tauri::generate_context!())?;
    Ok(())
}
