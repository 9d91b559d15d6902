//! Writing an export atomically: the files go into a new folder beside the destination,
//! which replaces the old one only once every file is written. A failed or cancelled write
//! leaves the previous export exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use gatehouse_wire::catalog::RESOURCES;

use crate::error::{ConfigFilesError, Result};
use crate::model::{Export, Manifest};
use crate::render::{render, Files, MANIFEST_FILE, SINGLE_FILE_STEM};

/// Told before each file is written: returning an error (such as
/// [`ConfigFilesError::Cancelled`]) stops the write and leaves the previous export.
pub trait WriteControl {
    fn before_file(&mut self, path: &str, done: usize, total: usize) -> Result<()>;
}

/// Writes without progress or cancellation.
pub struct Uncontrolled;

impl WriteControl for Uncontrolled {
    fn before_file(&mut self, _: &str, _: usize, _: usize) -> Result<()> {
        Ok(())
    }
}

impl<F: FnMut(&str, usize, usize) -> Result<()>> WriteControl for F {
    fn before_file(&mut self, path: &str, done: usize, total: usize) -> Result<()> {
        self(path, done, total)
    }
}

/// Renders `export` and writes it to `destination`; the manifest written is returned.
pub fn write_export(
    destination: &Path,
    export: &Export,
    control: &mut dyn WriteControl,
) -> Result<Manifest> {
    let files = render(export)?;
    let manifest = serde_json::from_slice(&files[MANIFEST_FILE]).map_err(|error| {
        ConfigFilesError::Layout {
            path: destination.join(MANIFEST_FILE),
            message: error.to_string(),
        }
    })?;
    write_files(destination, &files, control)?;
    Ok(manifest)
}

/// Whether a top-level name of an export folder is the export's own. Anything else found
/// there (`.git`, a README) is the administrator's and is carried over to the new export.
pub fn is_export_entry(name: &str) -> bool {
    name == MANIFEST_FILE
        || name
            .strip_prefix(SINGLE_FILE_STEM)
            .is_some_and(|extension| [".json", ".yaml", ".yml"].contains(&extension))
        || RESOURCES.iter().any(|description| description.key == name)
}

/// Writes `files` as the folder `destination`, replacing what was there only at the end.
pub fn write_files(
    destination: &Path,
    files: &Files,
    control: &mut dyn WriteControl,
) -> Result<()> {
    let name = destination
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or_else(|| ConfigFilesError::Layout {
            path: destination.to_owned(),
            message: "not a folder name".into(),
        })?;
    let parent = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(ConfigFilesError::io(&parent))?;
    let staging = beside(&parent, name, "new");
    fs::create_dir(&staging).map_err(ConfigFilesError::io(&staging))?;
    let written = write_all(&staging, files, control)
        .and_then(|()| swap(destination, &staging, &parent, name));
    if written.is_err() {
        // Best effort: the destination is untouched either way.
        let _ = fs::remove_dir_all(&staging);
    }
    written
}

/// A hidden, unique name in the destination's folder: same disk, so the final move is a
/// rename, not a copy.
fn beside(parent: &Path, name: &str, purpose: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    parent.join(format!(
        ".{name}.gatehouse-{purpose}-{}-{nanos}",
        std::process::id()
    ))
}

fn write_all(staging: &Path, files: &Files, control: &mut dyn WriteControl) -> Result<()> {
    let total = files.len();
    for (done, (relative, bytes)) in files.iter().enumerate() {
        let path = safe_join(staging, relative)?;
        control.before_file(relative, done, total)?;
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(ConfigFilesError::io(folder))?;
        }
        fs::write(&path, bytes).map_err(ConfigFilesError::io(&path))?;
    }
    Ok(())
}

/// `relative` under `root`, refusing anything that would leave it.
fn safe_join(root: &Path, relative: &str) -> Result<PathBuf> {
    let unsafe_part = relative.split('/').any(|part| {
        part.is_empty() || part == "." || part == ".." || part.contains(['\\', ':', '\0'])
    });
    if unsafe_part {
        return Err(ConfigFilesError::Layout {
            path: PathBuf::from(relative),
            message: "not a plain relative path".into(),
        });
    }
    Ok(relative
        .split('/')
        .fold(root.to_owned(), |path, part| path.join(part)))
}

/// Moves the staged export into place, carrying over what the administrator keeps in the
/// folder; on failure the old folder is put back.
fn swap(destination: &Path, staging: &Path, parent: &Path, name: &str) -> Result<()> {
    if !destination.exists() {
        return fs::rename(staging, destination).map_err(ConfigFilesError::io(destination));
    }
    let kept = carry_over(destination, staging)?;
    let old = beside(parent, name, "old");
    let restore = |kept: &[String]| {
        for entry in kept {
            let _ = fs::rename(staging.join(entry), destination.join(entry));
        }
    };
    if let Err(error) = fs::rename(destination, &old) {
        restore(&kept);
        return Err(ConfigFilesError::io(destination)(error));
    }
    if let Err(error) = fs::rename(staging, destination) {
        let _ = fs::rename(&old, destination);
        restore(&kept);
        return Err(ConfigFilesError::io(destination)(error));
    }
    // The new export is in place; a leftover old folder is only clutter.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Moves every entry of `destination` that is not the export's own into `staging`.
fn carry_over(destination: &Path, staging: &Path) -> Result<Vec<String>> {
    let mut kept = Vec::new();
    for entry in fs::read_dir(destination).map_err(ConfigFilesError::io(destination))? {
        let entry = entry.map_err(ConfigFilesError::io(destination))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if is_export_entry(&name) {
            continue;
        }
        if let Err(error) = fs::rename(entry.path(), staging.join(&name)) {
            for moved in &kept {
                let _ = fs::rename(staging.join(moved), destination.join(moved));
            }
            return Err(ConfigFilesError::io(entry.path())(error));
        }
        kept.push(name);
    }
    Ok(kept)
}
