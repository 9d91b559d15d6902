//! `verify DIR`: does an export still hold what its manifest says it wrote?

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{ConfigFilesError, Result};
use crate::format::Format;
use crate::read::read_manifest;
use crate::render::{sha256_hex, MANIFEST_FILE};
use crate::write::is_export_entry;

/// What differs between an export's files and its manifest. Paths are relative to the
/// export's folder, `/`-separated, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// In the manifest, with other content now.
    pub changed: Vec<String>,
    /// On disk, not in the manifest.
    pub added: Vec<String>,
    /// In the manifest, not on disk.
    pub missing: Vec<String>,
    /// Present but not parseable in the format its name says, with the parser's message.
    pub unparsable: Vec<(String, String)>,
}

impl Verification {
    pub fn is_intact(&self) -> bool {
        self.changed.is_empty()
            && self.added.is_empty()
            && self.missing.is_empty()
            && self.unparsable.is_empty()
    }
}

/// Checks the export in `dir` against its manifest: format version, the hash of every file,
/// files added or missing, and that each file parses. A missing or unreadable manifest, or
/// one of another format version, is an error.
pub fn verify(dir: &Path) -> Result<Verification> {
    let manifest = read_manifest(dir)?;
    let on_disk = export_files(dir)?;
    let mut verification = Verification::default();
    for (path, expected) in &manifest.files {
        match on_disk.get(path) {
            None => verification.missing.push(path.clone()),
            Some(bytes) if sha256_hex(bytes) != *expected => {
                verification.changed.push(path.clone())
            }
            Some(_) => {}
        }
    }
    for (path, bytes) in &on_disk {
        if !manifest.files.contains_key(path) {
            verification.added.push(path.clone());
        }
        if let Some(format) = Format::from_file_name(path) {
            let parsed = std::str::from_utf8(bytes)
                .map_err(|error| error.to_string())
                .and_then(|text| format.parse(text).map(drop));
            if let Err(message) = parsed {
                verification.unparsable.push((path.clone(), message));
            }
        }
    }
    Ok(verification)
}

/// Every file of the export's own entries (not `.git` or a README beside them), by relative
/// path; the manifest itself is not one.
fn export_files(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(ConfigFilesError::io(dir))? {
        let entry = entry.map_err(ConfigFilesError::io(dir))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if name != MANIFEST_FILE && is_export_entry(&name) {
            collect(&entry.path(), &name, &mut files)?;
        }
    }
    Ok(files)
}

fn collect(path: &Path, relative: &str, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    if path.is_dir() {
        for entry in fs::read_dir(path).map_err(ConfigFilesError::io(path))? {
            let entry = entry.map_err(ConfigFilesError::io(path))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            collect(&entry.path(), &format!("{relative}/{name}"), files)?;
        }
    } else {
        let bytes = fs::read(path).map_err(ConfigFilesError::io(path))?;
        files.insert(relative.to_owned(), bytes);
    }
    Ok(())
}
