//! An export read back from its folder. Anything that cannot be read or parsed is an error,
//! never an empty list: a compare must not take a damaged file for deleted objects.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::canonical::{sort_collection, sort_keys};
use crate::error::{ConfigFilesError, Result};
use crate::format::Format;
use crate::model::{description, Export, Layout, Manifest, Resources, FORMAT_VERSION};
use crate::render::{single_file_name, MANIFEST_FILE};

/// The manifest of the export in `dir`, its format version checked.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST_FILE);
    let value = parse_file(&path, Format::Json)?;
    if let Some(found) = value.get("format_version").and_then(Value::as_u64) {
        if found != u64::from(FORMAT_VERSION) {
            return Err(ConfigFilesError::FormatVersion {
                path,
                found: found.try_into().unwrap_or(u32::MAX),
                supported: FORMAT_VERSION,
            });
        }
    }
    serde_json::from_value(value).map_err(|error| ConfigFilesError::Parse {
        path,
        format: Format::Json,
        message: error.to_string(),
    })
}

/// Reads and parses one file in `format`.
pub fn parse_file(path: &Path, format: Format) -> Result<Value> {
    let bytes = fs::read(path).map_err(ConfigFilesError::io(path))?;
    let parse_error = |message: String| ConfigFilesError::Parse {
        path: path.to_owned(),
        format,
        message,
    };
    let text = String::from_utf8(bytes).map_err(|error| parse_error(error.to_string()))?;
    format.parse(&text).map_err(parse_error)
}

/// The export in `dir`, in whichever layout its manifest names. Objects come back in
/// canonical order; every type the manifest counts is present, empty or not.
pub fn read(dir: &Path) -> Result<Export> {
    let manifest = read_manifest(dir)?;
    let mut resources = match manifest.layout {
        Layout::File => read_single_file(dir, &manifest)?,
        Layout::Folder => read_folder(dir, &manifest)?,
    };
    for (key, objects) in &mut resources {
        sort_collection(description(key)?, objects);
    }
    Ok(Export {
        manifest,
        resources,
    })
}

fn read_single_file(dir: &Path, manifest: &Manifest) -> Result<Resources> {
    let path = dir.join(single_file_name(manifest.format));
    let layout_error = |message: String| ConfigFilesError::Layout {
        path: path.clone(),
        message,
    };
    let Value::Object(types) = parse_file(&path, manifest.format)? else {
        return Err(layout_error("not a map of resource types".into()));
    };
    let mut resources = Resources::new();
    for (key, objects) in types {
        description(&key)?;
        let Value::Array(objects) = objects else {
            return Err(layout_error(format!("{key} is not a list of objects")));
        };
        resources.insert(key, objects.iter().map(sort_keys).collect());
    }
    // A covered type missing from the file is damage, not "no objects".
    if let Some(missing) = manifest
        .types
        .iter()
        .find(|key| !resources.contains_key(*key))
    {
        return Err(layout_error(format!(
            "{missing} is covered by the manifest but missing from the file"
        )));
    }
    Ok(resources)
}

fn read_folder(dir: &Path, manifest: &Manifest) -> Result<Resources> {
    let mut resources = Resources::new();
    // Every type written, covered or not: a failed type's objects are still its files.
    for key in manifest.counts.keys() {
        description(key)?;
        let type_dir = dir.join(key);
        let mut objects = Vec::new();
        if !type_dir.is_dir() {
            // git keeps no empty folder, so only an empty type may have none.
            let expected = manifest.counts.get(key).copied().unwrap_or(0);
            if expected > 0 {
                return Err(ConfigFilesError::Layout {
                    path: type_dir,
                    message: format!("missing; the manifest counts {expected} objects here"),
                });
            }
        } else {
            for entry in fs::read_dir(&type_dir).map_err(ConfigFilesError::io(&type_dir))? {
                let path = entry.map_err(ConfigFilesError::io(&type_dir))?.path();
                let name = path.file_name().and_then(|name| name.to_str());
                let Some(format) = name.and_then(Format::from_file_name) else {
                    continue; // .gitkeep, notes: not objects
                };
                if path.is_file() {
                    objects.push(sort_keys(&parse_file(&path, format)?));
                }
            }
        }
        resources.insert(key.clone(), objects);
    }
    Ok(resources)
}
