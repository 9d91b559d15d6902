//! The Tauri shell: window, state, and thin commands that forward to `gatehouse-core`.

use gatehouse_core::{AppConfig, Gatehouse};
use gatehouse_wire::{
    ApiError, ChangePreview, ConnectionReport, PasswordOrgConfig, ProfileInput, ProfileView,
};
use tauri::State;

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
async fn get_password_org_config(
    app: State<'_, Gatehouse>,
) -> CommandResult<Option<PasswordOrgConfig>> {
    app.get_password_org_config().await
}

#[tauri::command]
fn preview_password_org_config(
    app: State<'_, Gatehouse>,
    original: Option<PasswordOrgConfig>,
    edited: PasswordOrgConfig,
) -> CommandResult<ChangePreview> {
    app.preview_password_org_config(original.as_ref(), &edited)
}

#[tauri::command]
async fn save_password_org_config(
    app: State<'_, Gatehouse>,
    original: Option<PasswordOrgConfig>,
    edited: PasswordOrgConfig,
) -> CommandResult<PasswordOrgConfig> {
    app.save_password_org_config(original, edited).await
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
        .manage(app)
        .invoke_handler(tauri::generate_handler![
            list_profiles,
            save_profile,
            delete_profile,
            select_profile,
            test_connection,
            get_password_org_config,
            preview_password_org_config,
            save_password_org_config,
        ])
        .run(tauri::generate_context!())?;
    Ok(())
}
