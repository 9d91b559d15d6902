//! What the subcommands print on stdout: plain text for people, JSON for pipelines.

use std::fmt::Write as _;
use std::path::Path;

use gatehouse_core::configfiles::plan::{Action, Plan};
use gatehouse_core::configfiles::{Change, Comparison, Manifest, Verification};
use gatehouse_core::ApplyReport;
use serde::Serialize;
use serde_json::Value;

pub fn json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|error| {
        format!("{{\"error\": \"the result could not be written as JSON: {error}\"}}")
    });
    text.push('\n');
    text
}

/// Where the export went and what it holds.
pub fn manifest_summary(out: &Path, manifest: &Manifest) -> String {
    let mut text = format!(
        "exported {} ({}) to {}: {}\n",
        manifest.tenant,
        manifest.vendor.label(),
        out.display(),
        if manifest.complete {
            "complete"
        } else {
            "INCOMPLETE"
        }
    );
    for (resource, count) in &manifest.counts {
        let covered = if manifest.types.contains(resource) {
            ""
        } else {
            " (not complete)"
        };
        let _ = writeln!(text, "  {resource}: {count}{covered}");
    }
    if !manifest.redacted.is_empty() {
        let placeholders: usize = manifest.redacted.values().sum();
        let _ = writeln!(text, "  secrets redacted: {placeholders}");
    }
    text
}

fn shown(value: &Option<Value>) -> String {
    value
        .as_ref()
        .map_or_else(|| "(none)".to_owned(), Value::to_string)
}

/// Like the review before a save: a line per object, a line per differing value.
pub fn comparison_text(comparison: &Comparison) -> String {
    let mut text = String::new();
    for difference in &comparison.differences {
        let mark = match difference.change {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        };
        let _ = writeln!(
            text,
            "{mark} {} {} ({})",
            difference.resource, difference.id, difference.name
        );
        for field in &difference.fields {
            let _ = writeln!(
                text,
                "    {}: {} -> {}",
                field.pointer,
                shown(&field.before),
                shown(&field.after)
            );
        }
    }
    let _ = writeln!(
        text,
        "{} difference(s) over {} type(s) compared",
        comparison.differences.len(),
        comparison.types.len()
    );
    text
}

pub fn verification_text(dir: &Path, verification: &Verification) -> String {
    if verification.is_intact() {
        return format!("{}: intact\n", dir.display());
    }
    let mut text = format!("{}: NOT intact\n", dir.display());
    for (label, paths) in [
        ("changed", &verification.changed),
        ("added", &verification.added),
        ("missing", &verification.missing),
    ] {
        for path in paths {
            let _ = writeln!(text, "  {label}: {path}");
        }
    }
    for (path, message) in &verification.unparsable {
        let _ = writeln!(text, "  unparsable: {path}: {message}");
    }
    text
}

/// Each step as it will be sent, and what the plan cannot do.
pub fn plan_text(out: &Path, plan: &Plan) -> String {
    let mut text = format!(
        "plan for {} ({}) from {}: {} step(s), written to {}\n",
        plan.tenant,
        plan.vendor.label(),
        plan.export,
        plan.items.len(),
        out.display()
    );
    for item in &plan.items {
        let action = match item.action {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        };
        let request = item.request.as_ref().map_or_else(String::new, |request| {
            format!("  {} {}", request.method, request.path)
        });
        let _ = writeln!(
            text,
            "  {}. {action} {} {} ({}){request}",
            item.step, item.resource, item.id, item.name
        );
        if let Some(body) = item.request.as_ref().map(|request| &request.body) {
            if !body.is_null() {
                let _ = writeln!(text, "       {body}");
            }
        }
        for needed in &item.needs_value {
            let _ = writeln!(
                text,
                "       needs a value: {} ({}), left out",
                needed.pointer, needed.secret
            );
        }
    }
    for skipped in &plan.unrestorable {
        let _ = writeln!(
            text,
            "  cannot restore {} {}: {}",
            skipped.resource, skipped.id, skipped.reason
        );
    }
    text
}

/// What a run of a plan did; the journal beside the plan has every step.
pub fn apply_text(plan: &Path, report: &ApplyReport) -> String {
    format!(
        "{}: {} step(s) done, {} done before, {} refused, {} failed{}\n",
        plan.display(),
        report.done,
        report.already_done,
        report.refused.len(),
        report.failed.len(),
        if report.is_complete() {
            ""
        } else {
            "; run it again to do what is left"
        }
    )
}
