//! What the subcommands print on stdout: plain text for people, JSON for pipelines.

use std::fmt::Write as _;
use std::path::Path;

use gatehouse_core::configfiles::{Change, Comparison, Manifest, Verification};
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
