//! Every command the window sends the shell, declared once: its name, its request and its
//! answer. The shell's handlers and the capability that lets the window call them, and the
//! window's calls, all come from this one list, so a renamed argument or a changed answer is
//! a compile error on both sides rather than a command that fails when pressed.
//!
//! A command carries one argument, `request`: the struct named beside it here.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A command's request: its name on the IPC and the answer it gets.
pub trait Command: Serialize + DeserializeOwned {
    const NAME: &'static str;
    type Answer: Serialize + DeserializeOwned;
}

/// A JSON value as a command carries it (an object, a body, an answer).
pub type Json = serde_json::Value;

/// Calls `$then!` with the declaration of every command: `name(Request { fields }) -> Answer;`,
/// each with its documentation. Types are named from this crate (`$crate::…`), so the list
/// expands the same in the shell and in the window.
#[macro_export]
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            /// The saved connections, the built-in sandboxes and this session's.
            list_profiles(ListProfiles {}) -> Vec<$crate::ProfileView>;
            /// Why the profile file cannot be used, if it cannot.
            profile_file_problem(GetProfileFileProblem {}) -> Option<$crate::ProfileFileProblem>;
            /// The saved connections the file holds but that are not used, each with why.
            refused_profiles(RefusedProfiles {}) -> Vec<$crate::RefusedProfile>;
            /// The SailPoint CLI's environments on this machine, offered as connections.
            sail_cli_environments(SailCliEnvironments {}) -> Vec<$crate::SailEnvironment>;
            /// Imports one of the SailPoint CLI's environments as a connection.
            import_sail_environment(ImportSailEnvironment {
                name: String,
                client_secret: Option<String>,
                storage: $crate::SecretStorage,
            }) -> $crate::ProfileView;
            /// Renames the unusable profile file; the new path.
            move_profile_file_aside(MoveProfileFileAside {}) -> String;
            save_profile(SaveProfile { input: $crate::ProfileInput }) -> $crate::ProfileView;
            delete_profile(DeleteProfile { id: String }) -> ();
            select_profile(SelectProfile { id: String }) -> $crate::ProfileView;
            test_connection(TestConnection { id: String }) -> $crate::ConnectionReport;
            /// The objects of a resource (within its parent object `scope`, for a child).
            resource_list(ResourceList {
                key: String,
                scope: Option<String>,
                query: Vec<(String, String)>,
            }) -> Vec<$crate::commands::Json>;
            resource_get(ResourceGet {
                key: String,
                scope: Option<String>,
                id: Option<String>,
            }) -> Option<$crate::commands::Json>;
            /// The exact request a create or save would send; nothing is sent.
            resource_preview(ResourcePreview {
                key: String,
                scope: Option<String>,
                id: Option<String>,
                original: Option<$crate::commands::Json>,
                edited: $crate::commands::Json,
            }) -> $crate::Review;
            resource_create(ResourceCreate {
                key: String,
                scope: Option<String>,
                body: $crate::commands::Json,
            }) -> $crate::Created;
            resource_save(ResourceSave {
                key: String,
                scope: Option<String>,
                id: Option<String>,
                original: $crate::commands::Json,
                edited: $crate::commands::Json,
            }) -> $crate::SaveOutcome;
            resource_delete(ResourceDelete {
                key: String,
                scope: Option<String>,
                id: String,
            }) -> ();
            /// Runs the action `operation` of an object (a server's dashboards, a service's
            /// specification import); its answer, less the description's secrets.
            resource_action(ResourceAction {
                key: String,
                scope: Option<String>,
                id: Option<String>,
                operation: String,
                query: Vec<(String, String)>,
                body: Option<$crate::ActionBody>,
            }) -> $crate::commands::Json;
            /// Shows the system's dialog to open a file or to choose where to save one; `None`
            /// when the administrator cancels. The window gets a grant for the file, never a
            /// path to use.
            choose_file(ChooseFile {
                purpose: $crate::FilePurpose,
                suggested_name: Option<String>,
            }) -> Option<$crate::ChosenFile>;
            /// An action whose body is the file `grant` names (a specification import).
            resource_action_from_file(ResourceActionFromFile {
                key: String,
                scope: Option<String>,
                id: Option<String>,
                operation: String,
                grant: String,
            }) -> $crate::commands::Json;
            /// An action whose answer is a file (a gateway package), written where `grant`
            /// says; over an existing file only with `replace`.
            resource_action_to_file(ResourceActionToFile {
                key: String,
                scope: Option<String>,
                id: Option<String>,
                operation: String,
                grant: String,
                replace: bool,
            }) -> $crate::SavedFile;
            /// Writes the object as `resource_get` reads it (without its secrets) to the file
            /// `grant` names, as JSON; over an existing file only with `replace`.
            resource_to_file(ResourceToFile {
                key: String,
                scope: Option<String>,
                id: Option<String>,
                grant: String,
                replace: bool,
            }) -> $crate::SavedFile;
            /// Signs a developer in to the active connection's developer portal, in the
            /// system browser.
            developer_sign_in(DeveloperSignIn {}) -> $crate::DeveloperIdentity;
            developer_signed_in(DeveloperSignedIn {}) -> Option<$crate::DeveloperIdentity>;
            developer_sign_out(DeveloperSignOut {}) -> ();
            /// The one-time secret commands name the secret by its handle; its value never
            /// travels back to the window.
            forget_secret(ForgetSecret { handle: String }) -> ();
            copy_secret(CopySecret { handle: String }) -> $crate::CopiedSecret;
            test_secret(TestSecret { handle: String }) -> $crate::ConnectionReport;
            save_secret_as_connection(SaveSecretAsConnection {
                handle: String,
                name: String,
                session_only: bool,
            }) -> $crate::ProfileView;
            /// Runs an export to its end; `export_progress` says how far it has come meanwhile.
            export_configuration(ExportConfiguration {
                export: $crate::ExportRequest,
            }) -> $crate::ExportSummary;
            export_progress(GetExportProgress {}) -> Vec<$crate::ExportProgress>;
            cancel_export(CancelExport {}) -> ();
            /// Shows the system's dialog to choose a folder to export to, open where `current`
            /// points; the path chosen, to show and edit.
            choose_export_folder(ChooseExportFolder {
                current: Option<String>,
            }) -> Option<String>;
            /// The differences from the export in `folder` to the live tenant of `connection`.
            compare_with_live(CompareWithLive {
                connection: String,
                folder: String,
            }) -> $crate::Comparison;
            /// The differences from the export in `folder` to the export in `other`.
            compare_exports(CompareExports {
                folder: String,
                other: String,
            }) -> $crate::Comparison;
            /// Plans the restore of the differences picked; nothing is sent.
            plan_restore(PlanRestore {
                connection: String,
                folder: String,
                picks: $crate::RestorePicks,
            }) -> $crate::RestorePlan;
            /// Runs the last plan; run again, only what is left.
            apply_restore(ApplyRestore { connection: String }) -> $crate::RestoreReport;
            /// Opens the export in `folder` as a sandbox tenant behind a connection of this
            /// session, and makes that connection the active one.
            open_export_as_sandbox(OpenExportAsSandbox {
                folder: String,
            }) -> $crate::ProfileView;
            /// Stops a rehearsal's sandbox and forgets its connection; the connection active
            /// afterwards (the one before the rehearsal, when it was the active one).
            close_rehearsal(CloseRehearsal { id: String }) -> $crate::ProfileView;
        }
    };
}

/// One request struct and its [`Command`] for every command of the list.
macro_rules! declare_commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident($request:ident { $($field:ident: $type:ty),* $(,)? }) -> $answer:ty;
    )*) => {
        $(
            $(#[doc = $doc])*
            // No `Debug`: a request may carry a secret (an imported environment's), and what
            // cannot be formatted cannot reach a log.
            #[derive(Clone, Serialize, Deserialize)]
            pub struct $request {
                $(pub $field: $type,)*
            }

            impl Command for $request {
                const NAME: &'static str = stringify!($name);
                type Answer = $answer;
            }
        )*

        /// Every command by the name the IPC calls it.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

with_commands!(declare_commands);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_named_once() {
        let mut names = COMMAND_NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMAND_NAMES.len());
        assert_eq!(COMMAND_NAMES.len(), 38);
        assert_eq!(SaveProfile::NAME, "save_profile");
    }

    #[test]
    fn a_request_travels_as_its_fields_by_their_rust_names() {
        let request = SaveSecretAsConnection {
            handle: "h".into(),
            name: "n".into(),
            session_only: true,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            serde_json::json!({"handle": "h", "name": "n", "session_only": true})
        );
    }
}
