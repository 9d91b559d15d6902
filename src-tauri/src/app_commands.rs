// The build script reads this file too (`include!`), so it holds the list and nothing else.

/// Calls `$then!` with every command the window may call. This is the one place a command is
/// named: the shell registers these handlers, and the build script gives each an
/// `allow-<command>` permission and the `app-commands` set of all of them, which the
/// capability grants.
macro_rules! with_app_commands {
    ($then:ident) => {
        $then! {
            list_profiles,
            profile_file_problem,
            refused_profiles,
            sail_cli_environments,
            import_sail_environment,
            move_profile_file_aside,
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
            choose_file,
            resource_action_from_file,
            resource_action_to_file,
            resource_to_file,
            developer_sign_in,
            developer_signed_in,
            developer_sign_out,
            forget_secret,
            copy_secret,
            test_secret,
            save_secret_as_connection,
            export_configuration,
            export_progress,
            cancel_export,
            choose_export_folder,
            compare_with_live,
            compare_exports,
            plan_restore,
            apply_restore,
            open_export_as_sandbox,
        }
    };
}

macro_rules! command_names {
    ($($command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every app command by the name the IPC calls it.
pub const APP_COMMANDS: &[&str] = with_app_commands!(command_names);
