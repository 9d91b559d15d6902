//! An export as the bytes of its files: which files, named how, holding what. Pure, so two
//! renders of the same export are the same bytes.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::canonical::canonical_text;
use crate::error::{ConfigFilesError, Result};
use crate::format::Format;
use crate::model::{description, Export, Layout, Manifest};
use crate::names::{file_stem, short_hash};

/// The manifest's file, always JSON so any export can be checked the same way.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The stem of the one file of the [`Layout::File`] layout.
pub const SINGLE_FILE_STEM: &str = "export";

/// Files by path relative to the export's folder, `/`-separated.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The files of `export` in its manifest's format and layout, the manifest last with the
/// SHA-256 of every other file.
pub fn render(export: &Export) -> Result<Files> {
    let format = export.manifest.format;
    let mut files = match export.manifest.layout {
        Layout::File => single_file(export, format)?,
        Layout::Folder => folder(export, format)?,
    };
    let manifest = Manifest {
        files: files
            .iter()
            .map(|(path, bytes)| (path.clone(), sha256_hex(bytes)))
            .collect(),
        ..export.manifest.clone()
    };
    let manifest_value =
        serde_json::to_value(&manifest).map_err(|error| ConfigFilesError::Serialize {
            what: MANIFEST_FILE.into(),
            format: Format::Json,
            message: error.to_string(),
        })?;
    files.insert(
        MANIFEST_FILE.into(),
        Format::Json
            .to_text(MANIFEST_FILE, &manifest_value)?
            .into_bytes(),
    );
    Ok(files)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The path of the single file of the [`Layout::File`] layout.
pub fn single_file_name(format: Format) -> String {
    format!("{SINGLE_FILE_STEM}.{}", format.extension())
}

fn single_file(export: &Export, format: Format) -> Result<Files> {
    let all: serde_json::Map<String, Value> = export
        .resources
        .iter()
        .map(|(key, objects)| (key.clone(), Value::Array(objects.clone())))
        .collect();
    let name = single_file_name(format);
    let text = format.to_text(&name, &Value::Object(all))?;
    Ok(Files::from([(name, text.into_bytes())]))
}

fn folder(export: &Export, format: Format) -> Result<Files> {
    let mut files = Files::new();
    for (key, objects) in &export.resources {
        let description = description(key)?;
        // Lowercased: two names that differ only in case are one file on macOS and Windows.
        let mut taken = HashSet::new();
        for object in objects {
            let mut stem = match description.id_of(object) {
                Some(id) => {
                    let title = description
                        .title_field
                        .and_then(|field| object.get(field)?.as_str());
                    file_stem(id, title)
                }
                None if objects.len() == 1 => description.key.to_owned(),
                // No id to name it by: its content names it, which stays put while it does.
                None => format!("_~{}", short_hash(&canonical_text(object))),
            };
            // Only two objects with the same id can meet here: the later one in canonical
            // order is told apart by its content.
            if !taken.insert(stem.to_lowercase()) {
                stem = format!("{stem}~{}", short_hash(&canonical_text(object)));
                taken.insert(stem.to_lowercase());
            }
            let path = format!("{key}/{stem}.{}", format.extension());
            let text = format.to_text(&path, object)?;
            files.insert(path, text.into_bytes());
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::snapshot;
    use crate::model::{prepare, ExportOptions};

    #[test]
    fn a_folder_export_has_a_file_per_object_under_its_type() {
        let export = prepare(snapshot(), &ExportOptions::default()).unwrap();
        let files = render(&export).unwrap();
        let paths: Vec<_> = files.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "manifest.json",
                "oauth-clients/a1--audit.json",
                "oauth-clients/b2--backup.json",
                "password-org-config/password-org-config.json",
            ]
        );
        let manifest: Manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
        assert_eq!(manifest.files.len(), 3);
        assert_eq!(
            manifest.files["oauth-clients/a1--audit.json"],
            sha256_hex(&files["oauth-clients/a1--audit.json"])
        );
    }

    #[test]
    fn a_file_export_is_one_file_and_the_manifest() {
        let options = ExportOptions {
            layout: Layout::File,
            format: Format::Yaml,
            ..ExportOptions::default()
        };
        let export = prepare(snapshot(), &options).unwrap();
        let files = render(&export).unwrap();
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["export.yaml", "manifest.json"]
        );
    }

    #[test]
    fn two_renders_are_byte_identical_and_time_is_only_in_the_manifest() {
        let export = prepare(snapshot(), &ExportOptions::default()).unwrap();
        assert_eq!(render(&export).unwrap(), render(&export).unwrap());
        let mut later = snapshot();
        later.exported_at = "2027-01-01T00:00:00Z".into();
        let later = render(&prepare(later, &ExportOptions::default()).unwrap()).unwrap();
        let first = render(&export).unwrap();
        for (path, bytes) in &first {
            if path != MANIFEST_FILE {
                assert_eq!(bytes, &later[path], "{path}");
            }
        }
        assert_ne!(first[MANIFEST_FILE], later[MANIFEST_FILE]);
    }
}
