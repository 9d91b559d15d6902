//! One typed async function per shell command. Failures arrive as the shell's `ApiError`.

use std::sync::LazyLock;

use gatehouse_wire::{
    registry, ActionBody, ApiError, ChosenFile, Comparison, ConnectionReport, CopiedSecret,
    Created, DeveloperIdentity, ErrorKind, ExportProgress, ExportRequest, ExportSummary,
    FilePurpose, ProfileFileProblem, ProfileInput, ProfileView, RefusedProfile, RestorePicks,
    RestorePlan, RestoreReport, Review, SailEnvironment, SaveOutcome, SavedFile, SecretStorage,
};
use leptos::prelude::{ArcRwSignal, Update};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::marks;

#[wasm_bindgen]
extern "C" {
    /// `withGlobalTauri` exposes the IPC entry point here.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// How many commands are waiting for the shell; the progress bar shows while any is.
/// Global because commands are called from resources and actions all over the app.
static IN_FLIGHT: LazyLock<ArcRwSignal<usize>> = LazyLock::new(|| ArcRwSignal::new(0));

pub fn in_flight() -> ArcRwSignal<usize> {
    IN_FLIGHT.clone()
}

/// Counts one command for as long as it runs, even if its future is dropped half-way.
struct InFlight;

impl InFlight {
    fn start() -> Self {
        IN_FLIGHT.update(|count| *count += 1);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.update(|count| *count = count.saturating_sub(1));
    }
}

async fn invoke<T: DeserializeOwned>(command: &str, args: impl Serialize) -> Result<T, ApiError> {
    let unexpected = |message: String| ApiError::new(ErrorKind::Unexpected, message);
    // JSON-compatible: maps become plain objects and `None` becomes `null`, as serde_json would.
    let args = args
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| unexpected(error.to_string()))?;
    let _counted = InFlight::start();
    marks::mark(&format!("{command}:sent"));
    let answer = tauri_invoke(command, args).await;
    marks::mark(&format!("{command}:answered"));
    match answer {
        Ok(value) => {
            let decoded = serde_wasm_bindgen::from_value(value).map_err(|error| {
                unexpected(format!(
                    "{command} answered in an unexpected shape: {error}"
                ))
            });
            marks::mark(&format!("{command}:decoded"));
            decoded
        }
        Err(error) => Err(
            serde_wasm_bindgen::from_value(error.clone()).unwrap_or_else(|_| {
                unexpected(error.as_string().unwrap_or_else(|| format!("{error:?}")))
            }),
        ),
    }
}

pub async fn list_profiles() -> Result<Vec<ProfileView>, ApiError> {
    invoke("list_profiles", json!({})).await
}

/// Why the profile file cannot be used, if it cannot.
pub async fn profile_file_problem() -> Result<Option<ProfileFileProblem>, ApiError> {
    invoke("profile_file_problem", json!({})).await
}

/// Renames the unusable profile file; the new path.
pub async fn move_profile_file_aside() -> Result<String, ApiError> {
    invoke("move_profile_file_aside", json!({})).await
}

pub async fn save_profile(input: &ProfileInput) -> Result<ProfileView, ApiError> {
    invoke("save_profile", json!({ "input": input })).await
}

pub async fn delete_profile(id: &str) -> Result<(), ApiError> {
    invoke("delete_profile", json!({ "id": id })).await
}

pub async fn select_profile(id: &str) -> Result<ProfileView, ApiError> {
    invoke("select_profile", json!({ "id": id })).await
}

pub async fn test_connection(id: &str) -> Result<ConnectionReport, ApiError> {
    invoke("test_connection", json!({ "id": id })).await
}

/// Where a resource's objects live: its catalogue key and, for a child resource, the parent's
/// id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub key: &'static str,
    pub scope: Option<String>,
}

impl Target {
    /// The address of this target's list (within its parent's object, for a child resource).
    pub fn list_route(&self) -> String {
        registry::list_route_in(self.key, self.scope.as_deref())
    }

    pub fn object_route(&self, id: &str) -> String {
        registry::object_route_in(self.key, self.scope.as_deref(), id)
    }

    pub fn new_route(&self) -> String {
        format!("{}/new", self.list_route())
    }

    /// The command's arguments: `key` and `scope`, then the command's own.
    fn with(&self, own: Value) -> Value {
        let mut args = json!({ "key": self.key, "scope": self.scope });
        if let (Value::Object(args), Value::Object(own)) = (&mut args, own) {
            args.extend(own);
        }
        args
    }
}

pub async fn resource_list(
    target: &Target,
    query: &[(String, String)],
) -> Result<Vec<Value>, ApiError> {
    invoke("resource_list", target.with(json!({ "query": query }))).await
}

pub async fn resource_get(target: &Target, id: Option<&str>) -> Result<Option<Value>, ApiError> {
    invoke("resource_get", target.with(json!({ "id": id }))).await
}

pub async fn resource_preview(
    target: &Target,
    id: Option<&str>,
    original: Option<&Value>,
    edited: &Value,
) -> Result<Review, ApiError> {
    let args = json!({ "id": id, "original": original, "edited": edited });
    invoke("resource_preview", target.with(args)).await
}

pub async fn resource_create(target: &Target, body: &Value) -> Result<Created, ApiError> {
    invoke("resource_create", target.with(json!({ "body": body }))).await
}

pub async fn resource_save(
    target: &Target,
    id: Option<&str>,
    original: &Value,
    edited: &Value,
) -> Result<SaveOutcome, ApiError> {
    let args = json!({ "id": id, "original": original, "edited": edited });
    invoke("resource_save", target.with(args)).await
}

pub async fn resource_delete(target: &Target, id: &str) -> Result<(), ApiError> {
    invoke("resource_delete", target.with(json!({ "id": id }))).await
}

/// Runs the action `operation` of the object `id` (a server's dashboards, a service's
/// specification import); its answer, less the description's secrets.
pub async fn resource_action(
    target: &Target,
    id: &str,
    operation: &str,
    body: Option<ActionBody>,
) -> Result<Value, ApiError> {
    let query: [(String, String); 0] = [];
    let args = json!({ "id": id, "operation": operation, "query": query, "body": body });
    invoke("resource_action", target.with(args)).await
}

/// Signs a developer in to the active connection's developer portal, in the system browser.
pub async fn developer_sign_in() -> Result<DeveloperIdentity, ApiError> {
    invoke("developer_sign_in", json!({})).await
}

pub async fn developer_signed_in() -> Result<Option<DeveloperIdentity>, ApiError> {
    invoke("developer_signed_in", json!({})).await
}

pub async fn developer_sign_out() -> Result<(), ApiError> {
    invoke("developer_sign_out", json!({})).await
}

/// The SailPoint CLI's environments on this machine, offered as connections.
pub async fn sail_cli_environments() -> Result<Vec<SailEnvironment>, ApiError> {
    invoke("sail_cli_environments", json!({})).await
}

pub async fn import_sail_environment(
    name: &str,
    client_secret: Option<&str>,
    storage: SecretStorage,
) -> Result<ProfileView, ApiError> {
    let args = json!({ "name": name, "clientSecret": client_secret, "storage": storage });
    invoke("import_sail_environment", args).await
}

/// The saved connections the file holds but that are not used, each with why.
pub async fn refused_profiles() -> Result<Vec<RefusedProfile>, ApiError> {
    invoke("refused_profiles", json!({})).await
}

/// Shows the system's dialog to open a file or to choose where to save one; `None` when the
/// administrator cancels. The window gets a grant for the file, never a path to use.
pub async fn choose_file(
    purpose: FilePurpose,
    suggested_name: Option<&str>,
) -> Result<Option<ChosenFile>, ApiError> {
    let args = json!({ "purpose": purpose, "suggestedName": suggested_name });
    invoke("choose_file", args).await
}

/// An action whose body is the file `grant` names (a specification import).
pub async fn resource_action_from_file(
    target: &Target,
    id: &str,
    operation: &str,
    grant: &str,
) -> Result<Value, ApiError> {
    let args = json!({ "id": id, "operation": operation, "grant": grant });
    invoke("resource_action_from_file", target.with(args)).await
}

/// An action whose answer is a file (a gateway package), written where `grant` says; over an
/// existing file only with `replace`.
pub async fn resource_action_to_file(
    target: &Target,
    id: &str,
    operation: &str,
    grant: &str,
    replace: bool,
) -> Result<SavedFile, ApiError> {
    let args = json!({ "id": id, "operation": operation, "grant": grant, "replace": replace });
    invoke("resource_action_to_file", target.with(args)).await
}

/// Writes the object as `resource_get` reads it (without its secrets) to the file `grant`
/// names, as JSON; over an existing file only with `replace`.
pub async fn resource_to_file(
    target: &Target,
    id: Option<&str>,
    grant: &str,
    replace: bool,
) -> Result<SavedFile, ApiError> {
    let args = json!({ "id": id, "grant": grant, "replace": replace });
    invoke("resource_to_file", target.with(args)).await
}

/// The one-time secret commands name the secret by its handle; its value never travels back.
pub async fn copy_secret(handle: &str) -> Result<CopiedSecret, ApiError> {
    invoke("copy_secret", json!({ "handle": handle })).await
}

pub async fn save_secret_as_connection(
    handle: &str,
    name: &str,
    session_only: bool,
) -> Result<ProfileView, ApiError> {
    let args = json!({ "handle": handle, "name": name, "sessionOnly": session_only });
    invoke("save_secret_as_connection", args).await
}

pub async fn test_secret(handle: &str) -> Result<ConnectionReport, ApiError> {
    invoke("test_secret", json!({ "handle": handle })).await
}

pub async fn forget_secret(handle: &str) -> Result<(), ApiError> {
    invoke("forget_secret", json!({ "handle": handle })).await
}

/// Runs an export to its end; [`export_progress`] says how far it has come meanwhile.
pub async fn export_configuration(request: &ExportRequest) -> Result<ExportSummary, ApiError> {
    invoke("export_configuration", json!({ "request": request })).await
}

pub async fn export_progress() -> Result<Vec<ExportProgress>, ApiError> {
    invoke("export_progress", json!({})).await
}

pub async fn cancel_export() -> Result<(), ApiError> {
    invoke("cancel_export", json!({})).await
}

/// Shows the system's dialog to choose a folder to export to, open at `current`; the path
/// chosen, to show and edit.
pub async fn choose_export_folder(current: &str) -> Result<Option<String>, ApiError> {
    invoke("choose_export_folder", json!({ "current": current })).await
}

/// The differences from the export in `folder` to the live tenant of `connection`.
pub async fn compare_with_live(connection: &str, folder: &str) -> Result<Comparison, ApiError> {
    invoke(
        "compare_with_live",
        json!({ "connection": connection, "folder": folder }),
    )
    .await
}

/// Plans the restore of the differences picked; nothing is sent.
pub async fn plan_restore(
    connection: &str,
    folder: &str,
    picks: &RestorePicks,
) -> Result<RestorePlan, ApiError> {
    let args = json!({ "connection": connection, "folder": folder, "picks": picks });
    invoke("plan_restore", args).await
}

/// Runs the last plan; run again, only what is left.
pub async fn apply_restore(connection: &str) -> Result<RestoreReport, ApiError> {
    invoke("apply_restore", json!({ "connection": connection })).await
}

/// Opens the export in `folder` as a sandbox tenant behind a connection of this session, and
/// makes that connection the active one.
pub async fn open_export_as_sandbox(folder: &str) -> Result<ProfileView, ApiError> {
    invoke("open_export_as_sandbox", json!({ "folder": folder })).await
}

/// The differences from the export in `folder` to the export in `other`.
pub async fn compare_exports(folder: &str, other: &str) -> Result<Comparison, ApiError> {
    invoke(
        "compare_exports",
        json!({ "folder": folder, "other": other }),
    )
    .await
}
