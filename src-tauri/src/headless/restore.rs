//! `gatehouse apply`: a plan run against its tenant, the secrets of re-created objects
//! written only to the file the administrator names, readable by them alone.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use gatehouse_core::configfiles::plan::{Action, Outcome, Plan};
use gatehouse_core::{Gatehouse, NewSecret};
use gatehouse_wire::{catalog, ApiError, ErrorKind};
use secrecy::ExposeSecret;
use serde_json::json;

use super::cli::ApplyArgs;
use super::{output, print, DIFFERENT, SUCCESS};

fn storage(path: &Path, error: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorKind::Storage, format!("{}: {error}", path.display()))
}

/// The secrets file, opened for appending; created for its owner only, and refused if it
/// exists readable by anyone else.
fn open_secrets_file(path: &Path) -> Result<File, ApiError> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        let file = options.open(path).map_err(|error| storage(path, error))?;
        let mode = file
            .metadata()
            .map_err(|error| storage(path, error))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(storage(
                path,
                format!(
                    "others may read it (mode {:o}); it must be 600",
                    mode & 0o777
                ),
            ));
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path).map_err(|error| storage(path, error))
}

/// Whether a step of `plan` re-creates an object the vendor gives a secret.
fn makes_secrets(plan: &Plan) -> bool {
    plan.items.iter().any(|item| {
        item.action == Action::Create
            && catalog::resource(&item.resource)
                .is_some_and(|description| description.secret_fields().next().is_some())
    })
}

pub(super) async fn apply(args: ApplyArgs, app: Gatehouse) -> Result<i32, ApiError> {
    let plan = Plan::read(&args.plan).map_err(|error| storage(&args.plan, error))?;
    let secrets_path: Option<PathBuf> = args.secrets_file.clone();
    if makes_secrets(&plan) && secrets_path.is_none() {
        return Err(ApiError::new(
            ErrorKind::Validation,
            "the plan re-creates objects the vendor gives a new secret, shown only once: name a --secrets-file for them",
        ));
    }
    let mut secrets = secrets_path.as_deref().map(open_secrets_file).transpose()?;
    let mut keep_secret = |secret: NewSecret| -> Result<(), ApiError> {
        let (Some(file), Some(path)) = (secrets.as_mut(), secrets_path.as_deref()) else {
            return Err(ApiError::new(
                ErrorKind::Validation,
                "a new secret has nowhere to go: name a --secrets-file",
            ));
        };
        let line = json!({
            "resource": secret.resource,
            "id": secret.id,
            "field": secret.field,
            "value": secret.value.expose_secret(),
        });
        writeln!(file, "{line}")
            .and_then(|()| file.sync_data())
            .map_err(|error| storage(path, error))?;
        eprintln!(
            "{} {}: its new {} is in {}",
            secret.resource,
            secret.id,
            secret.field,
            path.display()
        );
        Ok(())
    };
    let report = app
        .apply_plan(&args.connection.connection, &args.plan, &mut keep_secret)
        .await?;
    for entry in report.refused.iter().chain(&report.failed) {
        let why = match &entry.outcome {
            Outcome::Refused { reason } => format!("refused: {reason}"),
            Outcome::Failed { message } => format!("failed: {message}"),
            Outcome::Done { .. } => continue,
        };
        eprintln!("step {} {} {}: {why}", entry.step, entry.resource, entry.id);
    }
    print(&output::apply_text(&args.plan, &report));
    Ok(if report.is_complete() {
        SUCCESS
    } else {
        DIFFERENT
    })
}
