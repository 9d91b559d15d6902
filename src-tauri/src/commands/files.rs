//! The commands behind the system's file dialogs: the shell shows the dialog, core keeps a
//! grant for the file picked, and the window sends only that grant back.

use gatehouse_core::{ActionCall, Gatehouse};
use gatehouse_wire::{ChosenFile, FilePurpose, SavedFile};
use serde_json::Value;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::{DialogExt, FilePath};

use super::CommandResult;

/// Shows the system's dialog to open a file or to choose where to save one; `None` when the
/// administrator cancels.
#[tauri::command]
pub(crate) async fn choose_file(
    app: State<'_, Gatehouse>,
    shell: AppHandle,
    purpose: FilePurpose,
    suggested_name: Option<String>,
) -> CommandResult<Option<ChosenFile>> {
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
    Ok(path.map(|path| app.grant_file(path, purpose)))
}

#[tauri::command]
pub(crate) async fn resource_action_from_file(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    operation: String,
    grant: String,
) -> CommandResult<Value> {
    let call = ActionCall {
        key: &key,
        scope: scope.as_deref(),
        id: id.as_deref(),
        operation: &operation,
        answers_file: false,
    };
    app.resource_action_from_file(call, &grant).await
}

#[tauri::command]
pub(crate) async fn resource_action_to_file(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    operation: String,
    grant: String,
    replace: bool,
) -> CommandResult<SavedFile> {
    let call = ActionCall {
        key: &key,
        scope: scope.as_deref(),
        id: id.as_deref(),
        operation: &operation,
        answers_file: true,
    };
    app.resource_action_to_file(call, &grant, replace).await
}

#[tauri::command]
pub(crate) async fn resource_to_file(
    app: State<'_, Gatehouse>,
    key: String,
    scope: Option<String>,
    id: Option<String>,
    grant: String,
    replace: bool,
) -> CommandResult<SavedFile> {
    app.resource_to_file(&key, scope.as_deref(), id.as_deref(), &grant, replace)
        .await
}
