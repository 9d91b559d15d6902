//! The Export and Compare screens' commands: the export runs in core; the window reads its
//! progress and may cancel it while the first command is still waiting for the end.

use std::path::PathBuf;

use gatehouse_core::Gatehouse;
use gatehouse_wire::{
    Comparison, ExportProgress, ExportRequest, ExportSummary, ProfileView, RestorePicks,
    RestorePlan, RestoreReport,
};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::CommandResult;

#[tauri::command]
pub(crate) async fn export_configuration(
    app: State<'_, Gatehouse>,
    request: ExportRequest,
) -> CommandResult<ExportSummary> {
    app.export_configuration(&request).await
}

#[tauri::command]
pub(crate) async fn export_progress(
    app: State<'_, Gatehouse>,
) -> CommandResult<Vec<ExportProgress>> {
    Ok(app.export_progress())
}

#[tauri::command]
pub(crate) async fn cancel_export(app: State<'_, Gatehouse>) -> CommandResult<()> {
    app.cancel_export();
    Ok(())
}

/// Shows the system's dialog to choose the export's folder, open where `current` (the box's
/// whole path) points with that folder picked; the path chosen goes into the screen's
/// destination box (`None` when the administrator cancels).
#[tauri::command]
pub(crate) async fn choose_export_folder(
    shell: AppHandle,
    current: Option<String>,
) -> CommandResult<Option<String>> {
    let (answer, picked) = tokio::sync::oneshot::channel();
    let mut dialog = shell
        .dialog()
        .file()
        .set_title("Choose the folder to export to");
    let current = current.map(PathBuf::from).filter(|path| path.is_absolute());
    if let Some((parent, name)) = current
        .as_ref()
        .and_then(|path| Some((path.parent()?, path.file_name()?)))
    {
        dialog = dialog
            .set_directory(parent)
            .set_file_name(name.to_string_lossy());
    }
    if let Some(window) = shell.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.pick_folder(move |path: Option<FilePath>| {
        let _ = answer.send(path.and_then(|path| path.into_path().ok()));
    });
    let path = picked.await.ok().flatten();
    Ok(path.map(|path| path.display().to_string()))
}

#[tauri::command]
pub(crate) async fn compare_with_live(
    app: State<'_, Gatehouse>,
    connection: String,
    folder: String,
) -> CommandResult<Comparison> {
    app.compare_with_live(&connection, &folder).await
}

#[tauri::command]
pub(crate) async fn plan_restore(
    app: State<'_, Gatehouse>,
    connection: String,
    folder: String,
    picks: RestorePicks,
) -> CommandResult<RestorePlan> {
    app.plan_restore_in_window(&connection, &folder, &picks)
        .await
}

#[tauri::command]
pub(crate) async fn apply_restore(
    app: State<'_, Gatehouse>,
    connection: String,
) -> CommandResult<RestoreReport> {
    app.apply_restore_plan(&connection).await
}

#[tauri::command]
pub(crate) async fn open_export_as_sandbox(
    app: State<'_, Gatehouse>,
    folder: String,
) -> CommandResult<ProfileView> {
    app.open_export_as_sandbox(&folder).await
}

#[tauri::command]
pub(crate) async fn compare_exports(
    app: State<'_, Gatehouse>,
    folder: String,
    other: String,
) -> CommandResult<Comparison> {
    app.compare_exports(&folder, &other).await
}
