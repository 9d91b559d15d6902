//! The Export screen's set-up and its running export, kept at the app's level: what the
//! administrator typed, and an export started, outlive a visit to another page.

use std::collections::BTreeSet;
use std::time::Duration;

use gatehouse_wire::{
    ApiError, ExportFormat, ExportLayout, ExportProgress, ExportRequest, ExportSummary, Vendor,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// How often the screen asks how far a running export has come.
const PROGRESS_EVERY: Duration = Duration::from_millis(300);

#[derive(Clone, Copy)]
pub struct ExportSetup {
    /// The connection's id; `None` is the active one.
    pub connection: RwSignal<Option<String>>,
    /// Types unticked (all are ticked to begin with, whichever the vendor).
    pub left_out: RwSignal<BTreeSet<&'static str>>,
    pub format: RwSignal<ExportFormat>,
    pub layout: RwSignal<ExportLayout>,
    pub include_secrets: RwSignal<bool>,
    pub include_volatile: RwSignal<bool>,
    pub auth_user_ids: RwSignal<String>,
    pub destination: RwSignal<String>,
    pub progress: RwSignal<Vec<ExportProgress>>,
    pub run: Action<ExportRequest, Result<ExportSummary, ApiError>>,
}

impl ExportSetup {
    pub fn new() -> Self {
        let progress = RwSignal::new(Vec::new());
        let run = Action::new_local(|request: &ExportRequest| {
            let request = request.clone();
            async move { api::export_configuration(&request).await }
        });
        // Progress is read while the export runs, and once more at its end.
        let polling = StoredValue::new(None::<IntervalHandle>);
        Effect::new(move |_| {
            let read = move || {
                spawn_local(async move {
                    if let Ok(lines) = api::export_progress().await {
                        progress.set(lines);
                    }
                })
            };
            if run.pending().get() {
                progress.set(Vec::new());
                polling.set_value(set_interval_with_handle(read, PROGRESS_EVERY).ok());
            } else if let Some(handle) = polling.get_value() {
                handle.clear();
                polling.set_value(None);
                read();
            }
        });
        Self {
            connection: RwSignal::new(None),
            left_out: RwSignal::new(BTreeSet::new()),
            format: RwSignal::new(ExportFormat::Json),
            layout: RwSignal::new(ExportLayout::Folder),
            include_secrets: RwSignal::new(false),
            include_volatile: RwSignal::new(false),
            auth_user_ids: RwSignal::new(String::new()),
            destination: RwSignal::new(String::new()),
            progress,
            run,
        }
    }

    /// The request the form describes for a connection of `vendor`.
    pub fn request(&self, connection: String, vendor: Vendor) -> ExportRequest {
        let left_out = self.left_out.get_untracked();
        let types = if left_out.is_empty() {
            Vec::new()
        } else {
            gatehouse_wire::registry::exported_types(vendor)
                .filter(|description| !left_out.contains(description.key))
                .map(|description| description.key.to_owned())
                .collect()
        };
        ExportRequest {
            connection,
            types,
            format: self.format.get_untracked(),
            layout: self.layout.get_untracked(),
            include_secrets: self.include_secrets.get_untracked(),
            include_volatile: self.include_volatile.get_untracked(),
            auth_user_ids: self
                .auth_user_ids
                .get_untracked()
                .split([',', ' ', '\n'])
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
            destination: self.destination.get_untracked(),
        }
    }
}
