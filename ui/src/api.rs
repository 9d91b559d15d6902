//! The window's side of the shell's commands: [`call`] sends any request of
//! `gatehouse_wire::commands` and answers with its answer; the functions below adapt the
//! screens' arguments to those requests. Failures arrive as the shell's `ApiError`.

use std::sync::LazyLock;

use gatehouse_wire::commands::{self as request, Command};
use gatehouse_wire::{
    registry, ActionBody, ApiError, ChosenFile, Comparison, ConnectionReport, CopiedSecret,
    Created, DeveloperIdentity, ErrorKind, ExportProgress, ExportRequest, ExportSummary,
    FilePurpose, ProfileFileProblem, ProfileInput, ProfileView, RefusedProfile, RestorePicks,
    RestorePlan, RestoreReport, Review, SailEnvironment, SaveOutcome, SavedFile, SecretStorage,
};
use leptos::prelude::{ArcRwSignal, Update};
use serde::Serialize;
use serde_json::Value;
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

/// A command's arguments: its request, as the one argument every command takes.
#[derive(Serialize)]
struct Arguments<C> {
    request: C,
}

/// Sends `request` to the shell as the command the list names for it.
pub async fn call<C: Command>(request: C) -> Result<C::Answer, ApiError> {
    // JSON-compatible: maps become plain objects and `None` becomes `null`, as serde_json would.
    let args = Arguments { request }
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| unexpected(error.to_string()))?;
    let answer = send(C::NAME, args).await?;
    let decoded = serde_wasm_bindgen::from_value(answer).map_err(|error| {
        unexpected(format!(
            "{} answered in an unexpected shape: {error}",
            C::NAME
        ))
    });
    marks::mark(&format!("{}:decoded", C::NAME));
    decoded
}

/// What every command shares, kept out of [`call`] so it is compiled once, not per command.
async fn send(command: &str, args: JsValue) -> Result<JsValue, ApiError> {
    let _counted = InFlight::start();
    marks::mark(&format!("{command}:sent"));
    let answer = tauri_invoke(command, args).await;
    marks::mark(&format!("{command}:answered"));
    answer.map_err(|error| {
        serde_wasm_bindgen::from_value(error.clone()).unwrap_or_else(|_| {
            unexpected(error.as_string().unwrap_or_else(|| format!("{error:?}")))
        })
    })
}

fn unexpected(message: String) -> ApiError {
    ApiError::new(ErrorKind::Unexpected, message)
}

pub async fn list_profiles() -> Result<Vec<ProfileView>, ApiError> {
    call(request::ListProfiles {}).await
}

/// Why the profile file cannot be used, if it cannot.
pub async fn profile_file_problem() -> Result<Option<ProfileFileProblem>, ApiError> {
    call(request::GetProfileFileProblem {}).await
}

/// Renames the unusable profile file; the new path.
pub async fn move_profile_file_aside() -> Result<String, ApiError> {
    call(request::MoveProfileFileAside {}).await
}

pub async fn save_profile(input: &ProfileInput) -> Result<ProfileView, ApiError> {
    let input = input.clone();
    call(request::SaveProfile { input }).await
}

pub async fn delete_profile(id: &str) -> Result<(), ApiError> {
    call(request::DeleteProfile { id: id.to_owned() }).await
}

pub async fn select_profile(id: &str) -> Result<ProfileView, ApiError> {
    call(request::SelectProfile { id: id.to_owned() }).await
}

pub async fn test_connection(id: &str) -> Result<ConnectionReport, ApiError> {
    call(request::TestConnection { id: id.to_owned() }).await
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

    fn key(&self) -> String {
        self.key.to_owned()
    }
}

pub async fn resource_list(
    target: &Target,
    query: &[(String, String)],
) -> Result<Vec<Value>, ApiError> {
    call(request::ResourceList {
        key: target.key(),
        scope: target.scope.clone(),
        query: query.to_vec(),
    })
    .await
}

pub async fn resource_get(target: &Target, id: Option<&str>) -> Result<Option<Value>, ApiError> {
    call(request::ResourceGet {
        key: target.key(),
        scope: target.scope.clone(),
        id: id.map(str::to_owned),
    })
    .await
}

pub async fn resource_preview(
    target: &Target,
    id: Option<&str>,
    original: Option<&Value>,
    edited: &Value,
) -> Result<Review, ApiError> {
    call(request::ResourcePreview {
        key: target.key(),
        scope: target.scope.clone(),
        id: id.map(str::to_owned),
        original: original.cloned(),
        edited: edited.clone(),
    })
    .await
}

pub async fn resource_create(target: &Target, body: &Value) -> Result<Created, ApiError> {
    call(request::ResourceCreate {
        key: target.key(),
        scope: target.scope.clone(),
        body: body.clone(),
    })
    .await
}

pub async fn resource_save(
    target: &Target,
    id: Option<&str>,
    original: &Value,
    edited: &Value,
) -> Result<SaveOutcome, ApiError> {
    call(request::ResourceSave {
        key: target.key(),
        scope: target.scope.clone(),
        id: id.map(str::to_owned),
        original: original.clone(),
        edited: edited.clone(),
    })
    .await
}

pub async fn resource_delete(target: &Target, id: &str) -> Result<(), ApiError> {
    call(request::ResourceDelete {
        key: target.key(),
        scope: target.scope.clone(),
        id: id.to_owned(),
    })
    .await
}

/// Runs the action `operation` of the object `id` (a server's dashboards, a service's
/// specification import); its answer, less the description's secrets.
pub async fn resource_action(
    target: &Target,
    id: &str,
    operation: &str,
    body: Option<ActionBody>,
) -> Result<Value, ApiError> {
    call(request::ResourceAction {
        key: target.key(),
        scope: target.scope.clone(),
        id: Some(id.to_owned()),
        operation: operation.to_owned(),
        query: Vec::new(),
        body,
    })
    .await
}

/// Signs a developer in to the active connection's developer portal, in the system browser.
pub async fn developer_sign_in() -> Result<DeveloperIdentity, ApiError> {
    call(request::DeveloperSignIn {}).await
}

pub async fn developer_signed_in() -> Result<Option<DeveloperIdentity>, ApiError> {
    call(request::DeveloperSignedIn {}).await
}

pub async fn developer_sign_out() -> Result<(), ApiError> {
    call(request::DeveloperSignOut {}).await
}

/// The SailPoint CLI's environments on this machine, offered as connections.
pub async fn sail_cli_environments() -> Result<Vec<SailEnvironment>, ApiError> {
    call(request::SailCliEnvironments {}).await
}

pub async fn import_sail_environment(
    name: &str,
    client_secret: Option<&str>,
    storage: SecretStorage,
) -> Result<ProfileView, ApiError> {
    call(request::ImportSailEnvironment {
        name: name.to_owned(),
        client_secret: client_secret.map(str::to_owned),
        storage,
    })
    .await
}

/// The saved connections the file holds but that are not used, each with why.
pub async fn refused_profiles() -> Result<Vec<RefusedProfile>, ApiError> {
    call(request::RefusedProfiles {}).await
}

/// Shows the system's dialog to open a file or to choose where to save one; `None` when the
/// administrator cancels. The window gets a grant for the file, never a path to use.
pub async fn choose_file(
    purpose: FilePurpose,
    suggested_name: Option<&str>,
) -> Result<Option<ChosenFile>, ApiError> {
    call(request::ChooseFile {
        purpose,
        suggested_name: suggested_name.map(str::to_owned),
    })
    .await
}

/// An action whose body is the file `grant` names (a specification import).
pub async fn resource_action_from_file(
    target: &Target,
    id: &str,
    operation: &str,
    grant: &str,
) -> Result<Value, ApiError> {
    call(request::ResourceActionFromFile {
        key: target.key(),
        scope: target.scope.clone(),
        id: Some(id.to_owned()),
        operation: operation.to_owned(),
        grant: grant.to_owned(),
    })
    .await
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
    call(request::ResourceActionToFile {
        key: target.key(),
        scope: target.scope.clone(),
        id: Some(id.to_owned()),
        operation: operation.to_owned(),
        grant: grant.to_owned(),
        replace,
    })
    .await
}

/// Writes the object as `resource_get` reads it (without its secrets) to the file `grant`
/// names, as JSON; over an existing file only with `replace`.
pub async fn resource_to_file(
    target: &Target,
    id: Option<&str>,
    grant: &str,
    replace: bool,
) -> Result<SavedFile, ApiError> {
    call(request::ResourceToFile {
        key: target.key(),
        scope: target.scope.clone(),
        id: id.map(str::to_owned),
        grant: grant.to_owned(),
        replace,
    })
    .await
}

/// The one-time secret commands name the secret by its handle; its value never travels back.
pub async fn copy_secret(handle: &str) -> Result<CopiedSecret, ApiError> {
    call(request::CopySecret {
        handle: handle.to_owned(),
    })
    .await
}

pub async fn save_secret_as_connection(
    handle: &str,
    name: &str,
    session_only: bool,
) -> Result<ProfileView, ApiError> {
    call(request::SaveSecretAsConnection {
        handle: handle.to_owned(),
        name: name.to_owned(),
        session_only,
    })
    .await
}

pub async fn test_secret(handle: &str) -> Result<ConnectionReport, ApiError> {
    call(request::TestSecret {
        handle: handle.to_owned(),
    })
    .await
}

pub async fn forget_secret(handle: &str) -> Result<(), ApiError> {
    call(request::ForgetSecret {
        handle: handle.to_owned(),
    })
    .await
}

/// Runs an export to its end; [`export_progress`] says how far it has come meanwhile.
pub async fn export_configuration(export: &ExportRequest) -> Result<ExportSummary, ApiError> {
    let export = export.clone();
    call(request::ExportConfiguration { export }).await
}

pub async fn export_progress() -> Result<Vec<ExportProgress>, ApiError> {
    call(request::GetExportProgress {}).await
}

pub async fn cancel_export() -> Result<(), ApiError> {
    call(request::CancelExport {}).await
}

/// Shows the system's dialog to choose a folder to export to, open at `current`; the path
/// chosen, to show and edit.
pub async fn choose_export_folder(current: &str) -> Result<Option<String>, ApiError> {
    call(request::ChooseExportFolder {
        current: Some(current.to_owned()),
    })
    .await
}

/// The differences from the export in `folder` to the live tenant of `connection`.
pub async fn compare_with_live(connection: &str, folder: &str) -> Result<Comparison, ApiError> {
    call(request::CompareWithLive {
        connection: connection.to_owned(),
        folder: folder.to_owned(),
    })
    .await
}

/// Plans the restore of the differences picked; nothing is sent.
pub async fn plan_restore(
    connection: &str,
    folder: &str,
    picks: &RestorePicks,
) -> Result<RestorePlan, ApiError> {
    call(request::PlanRestore {
        connection: connection.to_owned(),
        folder: folder.to_owned(),
        picks: picks.clone(),
    })
    .await
}

/// Runs the last plan; run again, only what is left.
pub async fn apply_restore(connection: &str) -> Result<RestoreReport, ApiError> {
    call(request::ApplyRestore {
        connection: connection.to_owned(),
    })
    .await
}

/// Opens the export in `folder` as a sandbox tenant behind a connection of this session, and
/// makes that connection the active one.
pub async fn open_export_as_sandbox(folder: &str) -> Result<ProfileView, ApiError> {
    call(request::OpenExportAsSandbox {
        folder: folder.to_owned(),
    })
    .await
}

/// Stops the rehearsal `id`'s sandbox; the connection active afterwards.
pub async fn close_rehearsal(id: &str) -> Result<ProfileView, ApiError> {
    call(request::CloseRehearsal { id: id.to_owned() }).await
}

/// The differences from the export in `folder` to the export in `other`.
pub async fn compare_exports(folder: &str, other: &str) -> Result<Comparison, ApiError> {
    call(request::CompareExports {
        folder: folder.to_owned(),
        other: other.to_owned(),
    })
    .await
}
