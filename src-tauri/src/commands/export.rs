//! The Export and Compare screens' commands: the export runs in core; the window reads its
//! progress and may cancel it while the first command is still waiting for the end.

use std::path::PathBuf;

use gatehouse_wire::commands::{
    ApplyRestore, CancelExport, ChooseExportFolder, CloseRehearsal, CompareExports,
    CompareWithLive, ExportConfiguration, GetExportProgress, OpenExportAsSandbox, PlanRestore,
};
use gatehouse_wire::{
    Comparison, ExportProgress, ExportSummary, ProfileView, RestorePlan, RestoreReport,
};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::{app, CommandResult};

pub(crate) async fn export_configuration(
    shell: &AppHandle,
    request: ExportConfiguration,
) -> CommandResult<ExportSummary> {
    app(shell).export_configuration(&request.export).await
}

pub(crate) async fn export_progress(
    shell: &AppHandle,
    _: GetExportProgress,
) -> CommandResult<Vec<ExportProgress>> {
    Ok(app(shell).export_progress())
}

pub(crate) async fn cancel_export(shell: &AppHandle, _: CancelExport) -> CommandResult<()> {
    app(shell).cancel_export();
    Ok(())
}

/// Shows the system's dialog to choose the export's folder, open where `current` (the box's
/// whole path) points with that folder picked; the path chosen goes into the screen's
/// destination box (`None` when the administrator cancels).
pub(crate) async fn choose_export_folder(
    shell: &AppHandle,
    request: ChooseExportFolder,
) -> CommandResult<Option<String>> {
    let (answer, picked) = tokio::sync::oneshot::channel();
    let mut dialog = shell
        .dialog()
        .file()
        .set_title("Choose the folder to export to");
    let current = request
        .current
        .map(PathBuf::from)
        .filter(|path| path.is_absolute());
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

pub(crate) async fn compare_with_live(
    shell: &AppHandle,
    request: CompareWithLive,
) -> CommandResult<Comparison> {
    app(shell)
        .compare_with_live(&request.connection, &request.folder)
        .await
}

pub(crate) async fn compare_exports(
    shell: &AppHandle,
    request: CompareExports,
) -> CommandResult<Comparison> {
    app(shell)
        .compare_exports(&request.folder, &request.other)
        .await
}

pub(crate) async fn plan_restore(
    shell: &AppHandle,
    request: PlanRestore,
) -> CommandResult<RestorePlan> {
    app(shell)
        .plan_restore_in_window(&request.connection, &request.folder, &request.picks)
        .await
}

pub(crate) async fn apply_restore(
    shell: &AppHandle,
    request: ApplyRestore,
) -> CommandResult<RestoreReport> {
    app(shell).apply_restore_plan(&request.connection).await
}

pub(crate) async fn open_export_as_sandbox(
    shell: &AppHandle,
    request: OpenExportAsSandbox,
) -> CommandResult<ProfileView> {
    app(shell).open_export_as_sandbox(&request.folder).await
}

pub(crate) async fn close_rehearsal(
    shell: &AppHandle,
    request: CloseRehearsal,
) -> CommandResult<ProfileView> {
    app(shell).close_rehearsal(&request.id).await
}
