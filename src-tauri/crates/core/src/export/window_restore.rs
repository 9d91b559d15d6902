//! Restore from the Compare screen: the differences picked there planned into a file in the
//! app's folder (its journal beside it, as `gatehouse plan` and `apply` do), and that plan
//! applied, the new secrets of re-created objects kept for the one-time secret dialog.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use gatehouse_configfiles::plan::{JournalEntry, Outcome};
use gatehouse_wire::{
    catalog, ApiError, ErrorKind, RestorePicks, RestorePlan, RestoreReport, RestoredSecret,
    StepProblem,
};
use secrecy::ExposeSecret;
use serde_json::Value;

use super::{files_error, typed_folder, Picks, ReadOptions};
use crate::app::Gatehouse;

/// The plan the window made last, which Apply runs.
#[derive(Default)]
pub(crate) struct WindowPlan(Mutex<Option<PathBuf>>);

fn problem(entry: &JournalEntry) -> StepProblem {
    let reason = match &entry.outcome {
        Outcome::Refused { reason } => reason.clone(),
        Outcome::Failed { message } => message.clone(),
        Outcome::Done { .. } => String::new(),
    };
    StepProblem {
        step: entry.step,
        resource: entry.resource.clone(),
        id: entry.id.clone(),
        reason,
    }
}

impl Gatehouse {
    /// Plans the restore of the differences picked between the export in `folder` and the
    /// tenant of `connection`; nothing is sent. The plan becomes the one Apply runs.
    pub async fn plan_restore_in_window(
        &self,
        connection: &str,
        folder: &str,
        picks: &RestorePicks,
    ) -> Result<RestorePlan, ApiError> {
        let dir = typed_folder(folder, "export")?;
        if picks.restore.is_empty() && picks.delete.is_empty() {
            return Err(ApiError::new(
                ErrorKind::Validation,
                "Pick at least one difference to restore",
            ));
        }
        let named = |refs: &[gatehouse_wire::ObjectRef]| {
            refs.iter()
                .map(|object| (object.resource.clone(), object.id.clone()))
                .collect()
        };
        let picks = Picks {
            only: Some(named(&picks.restore)),
            delete: named(&picks.delete),
        };
        let plan = self
            .plan_restore(connection, &dir, &picks, &ReadOptions::default())
            .await?;
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_millis());
        let path = self
            .store
            .path()
            .with_file_name("plans")
            .join(format!("restore-{stamp}.json"));
        if let Some(plans) = path.parent() {
            std::fs::create_dir_all(plans).map_err(|error| {
                ApiError::new(
                    ErrorKind::Storage,
                    format!("cannot create {}: {error}", plans.display()),
                )
            })?;
        }
        plan.write(&path).map_err(files_error)?;
        *self.window_plan.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(path.clone());
        Ok(RestorePlan {
            path: path.display().to_string(),
            items: plan.items,
            unrestorable: plan.unrestorable,
        })
    }

    /// Runs the window's last plan against `connection`; run again, it does only what is
    /// left. New secrets are kept for the one-time secret dialog, never written anywhere.
    pub async fn apply_restore_plan(&self, connection: &str) -> Result<RestoreReport, ApiError> {
        let path = self
            .window_plan
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| ApiError::new(ErrorKind::Validation, "Plan the restore first"))?;
        let origin = self.resolve_connection(connection).await?.profile;
        let mut secrets = Vec::new();
        let mut keep = |secret: super::NewSecret| {
            let description = catalog::resource(&secret.resource).ok_or_else(|| {
                ApiError::new(ErrorKind::Unexpected, "a secret of an unknown type")
            })?;
            let mut created = secret.object.clone();
            if let Value::Object(fields) = &mut created {
                fields.insert(
                    secret.field.clone(),
                    Value::String(secret.value.expose_secret().to_owned()),
                );
            }
            let scope = description
                .parent
                .and_then(|parent| secret.object.get(parent.field)?.as_str())
                .map(str::to_owned);
            if let Some(kept) = self.keep_one_time_secret(description, &created, origin.clone()) {
                secrets.push(RestoredSecret {
                    resource: secret.resource,
                    scope,
                    object: secret.object,
                    secret: kept,
                });
            }
            Ok(())
        };
        let report = self.apply_plan(connection, &path, &mut keep).await?;
        Ok(RestoreReport {
            done: report.done,
            already_done: report.already_done,
            refused: report.refused.iter().map(problem).collect(),
            failed: report.failed.iter().map(problem).collect(),
            secrets,
        })
    }
}
