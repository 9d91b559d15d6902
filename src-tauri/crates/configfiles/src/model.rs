//! An export in memory: per resource type its objects, and the manifest that says what the
//! files hold and how they were made.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_wire::{catalog, ResourceDescription, Vendor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical::{canonical_object, sort_collection, LeftOut};
use crate::error::{ConfigFilesError, Result};
use crate::format::Format;
use crate::redact::{redact_object, Redactions};
use crate::system_export::{canonical_dump, redact_dump, SYSTEM_EXPORT};

/// The version of the file layout and manifest this crate writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Objects by resource type (the catalogue key), each list in canonical order.
pub type Resources = BTreeMap<String, Vec<Value>>;

/// How the objects are laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// `export.json`: every type in one file.
    File,
    /// `<type>/<id--title>.json`: one file per object.
    Folder,
}

/// A type that could not be read completely from the tenant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Failure {
    pub resource: String,
    pub message: String,
}

/// What the files of an export hold and how they were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub vendor: Vendor,
    pub base_url: String,
    pub tenant: String,
    pub app_version: String,
    /// RFC 3339, as the caller's clock gave it: the only time an export records, so two
    /// exports of an unchanged tenant differ in this line alone.
    pub exported_at: String,
    pub format: Format,
    pub layout: Layout,
    /// The types read completely, including those with no objects: the types covered. A
    /// type not listed (not asked for, or failed part-way) is never compared or restored,
    /// so a partial read cannot look like deleted objects.
    pub types: BTreeSet<String>,
    /// Objects written per type, covered or not.
    pub counts: BTreeMap<String, usize>,
    /// `false` when any type failed: the export is not the whole tenant.
    pub complete: bool,
    pub failures: Vec<Failure>,
    /// Whether secrets were written as they are (an explicit opt-in).
    pub secrets_included: bool,
    /// Placeholders written, by the secret they stand for.
    pub redacted: BTreeMap<String, usize>,
    /// Whether volatile fields were left out.
    pub volatile_left_out: bool,
    /// The volatile fields left out, `resource/field`.
    pub left_out: BTreeSet<String>,
    /// SHA-256 (hex) of every file but the manifest, by path relative to the export's folder.
    pub files: BTreeMap<String, String>,
}

/// A tenant's configuration as files describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub manifest: Manifest,
    pub resources: Resources,
}

/// What a read of the tenant returned, before anything is canonicalized or redacted.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub vendor: Vendor,
    pub base_url: String,
    pub tenant: String,
    pub app_version: String,
    pub exported_at: String,
    /// The objects per type as the API returned them; the system export as its one object.
    pub resources: Resources,
    pub failures: Vec<Failure>,
}

/// The choices an export makes about content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// Write secrets as they are: an opt-in the caller must warn about.
    pub include_secrets: bool,
    /// Keep `lastUsed` and other fields the vendor bumps by itself.
    pub include_volatile: bool,
    pub format: Format,
    pub layout: Layout,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            include_secrets: false,
            include_volatile: false,
            format: Format::Json,
            layout: Layout::Folder,
        }
    }
}

/// The resource a type key names.
pub fn description(key: &str) -> Result<&'static ResourceDescription> {
    catalog::resource(key).ok_or_else(|| ConfigFilesError::UnknownResource(key.to_owned()))
}

/// The objects of one type in canonical form and order, volatile fields left out when asked.
pub fn canonical_resource(
    key: &str,
    objects: &[Value],
    leave_out_volatile: bool,
    left_out: &mut LeftOut,
) -> Result<Vec<Value>> {
    let description = description(key)?;
    let mut objects: Vec<Value> = objects
        .iter()
        .map(|object| {
            if key == SYSTEM_EXPORT {
                canonical_dump(object, leave_out_volatile, left_out)
            } else {
                canonical_object(description, object, leave_out_volatile, left_out)
            }
        })
        .collect();
    sort_collection(description, &mut objects);
    Ok(objects)
}

/// Turns what the tenant returned into an export: canonical, volatile fields left out and
/// secrets redacted unless the options say otherwise, the manifest filled in but for the
/// file hashes, which [`crate::render`] adds.
pub fn prepare(snapshot: Snapshot, options: &ExportOptions) -> Result<Export> {
    let mut left_out = LeftOut::default();
    let mut redactions = Redactions::new();
    let mut resources = Resources::new();
    for (key, objects) in &snapshot.resources {
        let mut objects =
            canonical_resource(key, objects, !options.include_volatile, &mut left_out)?;
        if !options.include_secrets {
            let description = description(key)?;
            for object in &mut objects {
                if key == SYSTEM_EXPORT {
                    redact_dump(object, &mut redactions);
                } else {
                    redact_object(description, object, &mut redactions);
                }
            }
        }
        resources.insert(key.clone(), objects);
    }
    let mut failures = snapshot.failures;
    failures.sort();
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        vendor: snapshot.vendor,
        base_url: snapshot.base_url,
        tenant: snapshot.tenant,
        app_version: snapshot.app_version,
        exported_at: snapshot.exported_at,
        format: options.format,
        layout: options.layout,
        types: resources
            .keys()
            .filter(|key| !failures.iter().any(|failure| &failure.resource == *key))
            .cloned()
            .collect(),
        counts: resources
            .iter()
            .map(|(key, objects)| (key.clone(), objects.len()))
            .collect(),
        complete: failures.is_empty(),
        failures,
        secrets_included: options.include_secrets,
        redacted: redactions,
        volatile_left_out: !options.include_volatile,
        left_out: left_out.volatile.into_iter().collect(),
        files: BTreeMap::new(),
    };
    Ok(Export {
        manifest,
        resources,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn snapshot() -> Snapshot {
        let mut resources = Resources::new();
        resources.insert(
            "oauth-clients".into(),
            vec![
                json!({"id": "b2", "name": "Backup", "secret": "top", "lastUsed": "2026-11-01T00:00:00Z",
                       "grantTypes": ["REFRESH_TOKEN", "CLIENT_CREDENTIALS"], "enabled": true}),
                json!({"id": "a1", "name": "Audit", "grantTypes": [], "redirectUris": [],
                       "modified": "2026-11-02T00:00:00Z", "accessTokenValiditySeconds": 750}),
            ],
        );
        resources.insert(
            "password-org-config".into(),
            vec![json!({"digitTokenLength": 6, "digitTokenEnabled": false})],
        );
        resources.insert("auth-users".into(), vec![]);
        Snapshot {
            vendor: Vendor::SailPoint,
            base_url: "https://acme.api.identitynow.com".into(),
            tenant: "acme".into(),
            app_version: "0.1.0".into(),
            exported_at: "2026-12-02T06:00:00Z".into(),
            resources,
            failures: vec![],
        }
    }

    #[test]
    fn prepare_canonicalizes_redacts_and_records_it_all() {
        let export = prepare(snapshot(), &ExportOptions::default()).unwrap();
        let clients = &export.resources["oauth-clients"];
        assert_eq!(clients[0]["id"], "a1");
        assert_eq!(
            clients[1]["grantTypes"],
            json!(["CLIENT_CREDENTIALS", "REFRESH_TOKEN"])
        );
        assert_eq!(
            clients[1]["secret"],
            "gatehouse:redacted:sailpoint/oauth-clients/secret"
        );
        assert!(clients
            .iter()
            .all(|client| client.get("lastUsed").is_none()));
        let manifest = &export.manifest;
        assert_eq!(manifest.counts["oauth-clients"], 2);
        assert_eq!(manifest.counts["auth-users"], 0);
        assert!(manifest.types.contains("auth-users"));
        assert!(manifest.complete && !manifest.secrets_included && manifest.volatile_left_out);
        assert_eq!(manifest.redacted["sailpoint/oauth-clients/secret"], 1);
        assert_eq!(
            manifest.left_out.iter().collect::<Vec<_>>(),
            ["oauth-clients/lastUsed", "oauth-clients/modified"]
        );
    }

    #[test]
    fn secrets_and_volatile_fields_are_kept_only_by_opting_in() {
        let options = ExportOptions {
            include_secrets: true,
            include_volatile: true,
            ..ExportOptions::default()
        };
        let mut snapshot = snapshot();
        snapshot.failures.push(Failure {
            resource: "auth-users".into(),
            message: "403".into(),
        });
        let export = prepare(snapshot, &options).unwrap();
        let backup = &export.resources["oauth-clients"][1];
        assert_eq!(backup["secret"], "top");
        assert_eq!(backup["lastUsed"], "2026-11-01T00:00:00Z");
        assert!(export.manifest.secrets_included && !export.manifest.volatile_left_out);
        assert!(export.manifest.redacted.is_empty() && export.manifest.left_out.is_empty());
        assert!(!export.manifest.complete);
        assert!(!export.manifest.types.contains("auth-users"));
        assert_eq!(export.manifest.counts["auth-users"], 0);
    }

    #[test]
    fn an_unknown_type_is_an_error() {
        let mut snapshot = snapshot();
        snapshot.resources.insert("widgets".into(), vec![]);
        assert!(matches!(
            prepare(snapshot, &ExportOptions::default()),
            Err(ConfigFilesError::UnknownResource(key)) if key == "widgets"
        ));
    }
}
