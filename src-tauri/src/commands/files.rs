//! The commands behind the system's file dialogs: the shell shows the dialog, core keeps a
//! grant for the file picked, and the window sends only that grant back.

use gatehouse_core::ActionCall;
use gatehouse_wire::commands::{
    ChooseFile, Json, ResourceActionFromFile, ResourceActionToFile, ResourceToFile,
};
use gatehouse_wire::{ChosenFile, FilePurpose, SavedFile};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::{app, CommandResult};

/// Shows the system's dialog to open a file or to choose where to save one; `None` when the
/// administrator cancels.
pub(crate) async fn choose_file(
    shell: &AppHandle,
    request: ChooseFile,
) -> CommandResult<Option<ChosenFile>> {
    let ChooseFile {
        purpose,
        suggested_name,
    } = request;
    let (answer, picked) = tokio::sync::oneshot::channel();
    let mut dialog = shell.dialog().file();
    if let Some(window) = shell.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    let reply = move |path: Option<FilePath>| {
        let _ = answer.send(path.and_then(|path| path.into_path().ok()));
    };
    match purpose {
        FilePurpose::Open => dialog
            .set_title("Choose an OpenAPI specification")
            .add_filter("OpenAPI (YAML or JSON)", &["yaml", "yml", "json"])
            .pick_file(reply),
        FilePurpose::Save => dialog
            .set_title("Save as")
            .set_file_name(suggested_name.unwrap_or_default())
            .save_file(reply),
    }
    let path = picked.await.ok().flatten();
    Ok(path.map(|path| app(shell).grant_file(path, purpose)))
}

pub(crate) async fn resource_action_from_file(
    shell: &AppHandle,
    request: ResourceActionFromFile,
) -> CommandResult<Json> {
    let call = ActionCall {
        key: &request.key,
        scope: request.scope.as_deref(),
        id: request.id.as_deref(),
        operation: &request.operation,
        answers_file: false,
    };
    app(shell)
        .resource_action_from_file(call, &request.grant)
        .await
}

pub(crate) async fn resource_action_to_file(
    shell: &AppHandle,
    request: ResourceActionToFile,
) -> CommandResult<SavedFile> {
    let call = ActionCall {
        key: &request.key,
        scope: request.scope.as_deref(),
        id: request.id.as_deref(),
        operation: &request.operation,
        answers_file: true,
    };
    app(shell)
        .resource_action_to_file(call, &request.grant, request.replace)
        .await
}

pub(crate) async fn resource_to_file(
    shell: &AppHandle,
    request: ResourceToFile,
) -> CommandResult<SavedFile> {
    app(shell)
        .resource_to_file(
            &request.key,
            request.scope.as_deref(),
            request.id.as_deref(),
            &request.grant,
            request.replace,
        )
        .await
}
