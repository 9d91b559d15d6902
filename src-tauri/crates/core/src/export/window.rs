//! The export the window runs: set up on the Export screen, one at a time, its progress read
//! by the screen while it runs and cancelled from another command.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use gatehouse_configfiles::{ExportOptions, Format, Layout, Manifest};
use gatehouse_wire::{
    ApiError, Comparison, ErrorKind, ExportFailure, ExportFormat, ExportLayout, ExportProgress,
    ExportRequest, ExportSummary, FieldError,
};

use super::{CancelFlag, Progress, ReadOptions};
use crate::app::Gatehouse;

/// The window's export in flight, if any, and the progress of the last one.
#[derive(Default)]
pub(crate) struct WindowExport(Mutex<Run>);

#[derive(Default)]
struct Run {
    running: bool,
    progress: Arc<Mutex<Vec<ExportProgress>>>,
    cancel: CancelFlag,
}

/// Marks the export finished however its future ends, dropped half-way included.
struct Finished<'a>(&'a WindowExport);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        lock(&self.0 .0).running = false;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere cannot leave a progress list half-written: each update is one push.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records `progress` in `progress_list`, one line per type in the order they start.
fn record(progress_list: &Mutex<Vec<ExportProgress>>, progress: &Progress) {
    let mut list = lock(progress_list);
    match list
        .iter_mut()
        .find(|line| line.resource == progress.resource)
    {
        Some(line) => {
            line.done = progress.done;
            line.total = progress.total;
        }
        None => list.push(ExportProgress {
            resource: progress.resource.to_owned(),
            done: progress.done,
            total: progress.total,
        }),
    }
}

/// The folder `typed` in the box `field` names: a whole path, or one under the home folder
/// (`~/…`).
pub(crate) fn typed_folder(typed: &str, field: &str) -> Result<PathBuf, ApiError> {
    let typed = typed.trim();
    let refused = |message: &str| {
        ApiError::invalid_fields(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    };
    if typed.is_empty() {
        return Err(refused("Choose or type the folder"));
    }
    let path = match typed.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            let home =
                dirs::home_dir().ok_or_else(|| refused("This system names no home folder"))?;
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    };
    if !path.is_absolute() {
        return Err(refused(
            "Type the whole path of the folder (starting with / or ~/)",
        ));
    }
    Ok(path)
}

fn summary(destination: &Path, manifest: &Manifest) -> ExportSummary {
    ExportSummary {
        destination: destination.display().to_string(),
        counts: manifest.counts.clone(),
        files: manifest.files.len() + 1,
        redacted: manifest.redacted.values().sum(),
        secrets_included: manifest.secrets_included,
        complete: manifest.complete,
        failures: manifest
            .failures
            .iter()
            .map(|failure| ExportFailure {
                resource: failure.resource.clone(),
                message: failure.message.clone(),
            })
            .collect(),
    }
}

impl Gatehouse {
    /// Runs the export set up on the Export screen. Only one runs at a time: the screen
    /// reads its progress with [`Self::export_progress`] and stops it with
    /// [`Self::cancel_export`]; a failed or cancelled export leaves the previous files.
    pub async fn export_configuration(
        &self,
        request: &ExportRequest,
    ) -> Result<ExportSummary, ApiError> {
        let destination = typed_folder(&request.destination, "destination")?;
        let (progress_list, cancel) = {
            let mut run = lock(&self.window_export.0);
            if run.running {
                return Err(ApiError::new(
                    ErrorKind::Conflict,
                    "An export is running already: wait for it or cancel it",
                ));
            }
            *run = Run {
                running: true,
                ..Run::default()
            };
            (run.progress.clone(), run.cancel.clone())
        };
        let _finished = Finished(&self.window_export);
        let options = ReadOptions {
            auth_user_ids: request
                .auth_user_ids
                .iter()
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .collect(),
            types: (!request.types.is_empty()).then(|| request.types.iter().cloned().collect()),
            progress: Some(Arc::new(move |progress: &Progress| {
                record(&progress_list, progress)
            })),
            cancel,
            ..ReadOptions::default()
        };
        let files = ExportOptions {
            include_secrets: request.include_secrets,
            include_volatile: request.include_volatile,
            format: match request.format {
                ExportFormat::Json => Format::Json,
                ExportFormat::Yaml => Format::Yaml,
            },
            layout: match request.layout {
                ExportLayout::Folder => Layout::Folder,
                ExportLayout::File => Layout::File,
            },
        };
        let manifest = self
            .export(&request.connection, &options, &files, &destination)
            .await?;
        Ok(summary(&destination, &manifest))
    }

    /// The differences from the export in the folder typed as `folder` to the live tenant of
    /// `connection`, over the types the export covers.
    pub async fn compare_with_live(
        &self,
        connection: &str,
        folder: &str,
    ) -> Result<Comparison, ApiError> {
        let dir = typed_folder(folder, "export")?;
        self.diff_live(connection, &dir, &ReadOptions::default())
            .await
    }

    /// The differences from the export in the folder typed as `before` to the one typed as
    /// `after`, over the types both cover.
    pub async fn compare_exports(&self, before: &str, after: &str) -> Result<Comparison, ApiError> {
        let before = typed_folder(before, "export")?;
        let after = typed_folder(after, "other")?;
        tokio::task::spawn_blocking(move || super::diff_exports(&before, &after))
            .await
            .map_err(|error| {
                ApiError::new(ErrorKind::Unexpected, format!("comparing stopped: {error}"))
            })?
    }

    /// How far the running (or last) export has come, a line per type in the order read.
    pub fn export_progress(&self) -> Vec<ExportProgress> {
        let progress = lock(&self.window_export.0).progress.clone();
        let lines = lock(&progress).clone();
        lines
    }

    /// Stops the running export before its next request or file; nothing when none runs.
    pub fn cancel_export(&self) {
        let run = lock(&self.window_export.0);
        if run.running {
            run.cancel.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destination_is_a_whole_path_or_one_under_home() {
        assert_eq!(
            typed_folder(" /srv/exports ", "destination").unwrap(),
            PathBuf::from("/srv/exports")
        );
        let home = dirs::home_dir().unwrap();
        let folder = |typed| typed_folder(typed, "destination");
        assert_eq!(folder("~/exports").unwrap(), home.join("exports"));
        assert_eq!(folder("~").unwrap(), home);
        for refused in ["", "  ", "exports", "./exports", "~someone/exports"] {
            let error = folder(refused).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Validation, "{refused:?}");
            assert_eq!(error.details.field_errors[0].field, "destination");
        }
    }

    #[test]
    fn progress_keeps_a_line_per_type_in_the_order_they_start() {
        let list = Mutex::new(Vec::new());
        for (resource, done, total) in [("clients", 1, 3), ("servers", 1, 1), ("clients", 3, 3)] {
            record(
                &list,
                &Progress {
                    resource,
                    done,
                    total,
                },
            );
        }
        let lines = list.into_inner().unwrap();
        assert_eq!(
            lines
                .iter()
                .map(|line| (line.resource.as_str(), line.done, line.total))
                .collect::<Vec<_>>(),
            [("clients", 3, 3), ("servers", 1, 1)]
        );
    }
}
