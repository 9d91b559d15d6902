//! The ids a tenant gave the objects a restore re-created there. An export keeps the id an
//! object had when it was exported; once a restore re-creates it, the tenant knows it by
//! another. Recorded per tenant, so a later compare or plan reads the export under the live
//! ids: a restored object is then neither drift nor re-created a second time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gatehouse_wire::Vendor;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ConfigFilesError, Result};
use crate::model::{description, Resources};

/// The version of the file this crate writes and reads.
const FORMAT_VERSION: u32 = 1;

/// One tenant's re-created objects: by type and the id the export holds, the live id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveIds(BTreeMap<(String, String), String>);

impl LiveIds {
    pub fn live_id(&self, resource: &str, export_id: &str) -> Option<&str> {
        self.0
            .get(&(resource.to_owned(), export_id.to_owned()))
            .map(String::as_str)
    }

    /// Records that `resource/planned_id` was re-created as `live_id`. A plan made under
    /// these ids names an object re-created before by its live id: that object's entry then
    /// moves to the newest id, still under the export's.
    pub fn record(&mut self, resource: &str, planned_id: &str, live_id: &str) {
        let earlier = self
            .0
            .iter()
            .find(|((key, _), live)| key == resource && live.as_str() == planned_id)
            .map(|(key, _)| key.clone());
        let key = earlier.unwrap_or_else(|| (resource.to_owned(), planned_id.to_owned()));
        self.0.insert(key, live_id.to_owned());
    }

    /// An export's objects as the tenant names them now: each re-created object under its
    /// live id, and each object that names a re-created owner (a client its server) naming
    /// the live id.
    pub fn apply_to(&self, resources: &mut Resources) {
        if self.0.is_empty() {
            return;
        }
        for (key, objects) in resources {
            // The system export is one opaque object, not one of the described types.
            let Ok(described) = description(key) else {
                continue;
            };
            for object in objects.iter_mut() {
                let Value::Object(properties) = object else {
                    continue;
                };
                let fields = described
                    .id_field
                    .map(|field| (key.as_str(), field))
                    .into_iter()
                    .chain(
                        described
                            .owners()
                            .map(|owner| (owner.resource, owner.field)),
                    );
                for (resource, field) in fields {
                    let live = properties
                        .get(field)
                        .and_then(Value::as_str)
                        .and_then(|id| self.live_id(resource, id));
                    if let Some(live) = live {
                        properties.insert(field.to_owned(), Value::String(live.to_owned()));
                    }
                }
            }
        }
    }
}

/// The tenant a record is for: vendor, base URL (without a trailing `/`) and tenant name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tenant {
    pub vendor: Vendor,
    pub base_url: String,
    pub tenant: String,
}

impl Tenant {
    pub fn new(vendor: Vendor, base_url: &str, tenant: &str) -> Self {
        Self {
            vendor,
            base_url: base_url.trim_end_matches('/').to_owned(),
            tenant: tenant.to_owned(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    format_version: u32,
    tenants: Vec<StoredTenant>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredTenant {
    #[serde(flatten)]
    tenant: Tenant,
    objects: Vec<StoredObject>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredObject {
    resource: String,
    export_id: String,
    live_id: String,
}

/// The file that keeps every tenant's re-created objects (Gatehouse keeps it beside its
/// connections, so the window and the subcommands share it).
pub struct RecreatedIdsFile {
    path: PathBuf,
}

impl RecreatedIdsFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// What is recorded for `tenant`; nothing when the file does not exist yet.
    pub fn read(&self, tenant: &Tenant) -> Result<LiveIds> {
        let stored = self.stored()?;
        let objects = stored
            .tenants
            .into_iter()
            .filter(|stored| &stored.tenant == tenant)
            .flat_map(|stored| stored.objects)
            .map(|object| ((object.resource, object.export_id), object.live_id))
            .collect();
        Ok(LiveIds(objects))
    }

    /// Replaces what is recorded for `tenant` with `ids`; other tenants' records stay.
    pub fn write(&self, tenant: &Tenant, ids: &LiveIds) -> Result<()> {
        let mut stored = self.stored()?;
        stored.tenants.retain(|stored| &stored.tenant != tenant);
        stored.tenants.push(StoredTenant {
            tenant: tenant.clone(),
            objects: ids
                .0
                .iter()
                .map(|((resource, export_id), live_id)| StoredObject {
                    resource: resource.clone(),
                    export_id: export_id.clone(),
                    live_id: live_id.clone(),
                })
                .collect(),
        });
        self.store(&stored)
    }

    /// Drops what is recorded for every tenant at `base_url` (a sandbox started afresh there,
    /// serving both vendors, holds none of the objects restored there before); the file is
    /// left as it is when it has nothing of that address.
    pub fn forget_address(&self, base_url: &str) -> Result<()> {
        let base_url = base_url.trim_end_matches('/');
        let mut stored = self.stored()?;
        let before = stored.tenants.len();
        stored
            .tenants
            .retain(|stored| stored.tenant.base_url != base_url);
        if stored.tenants.len() == before {
            return Ok(());
        }
        self.store(&stored)
    }

    fn store(&self, stored: &Stored) -> Result<()> {
        let text =
            serde_json::to_string_pretty(stored).map_err(|error| ConfigFilesError::Serialize {
                what: "the re-created objects' ids".to_owned(),
                format: crate::Format::Json,
                message: error.to_string(),
            })? + "\n";
        write_beside_then_move(&self.path, &text)
    }

    fn stored(&self) -> Result<Stored> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Stored {
                    format_version: FORMAT_VERSION,
                    tenants: Vec::new(),
                })
            }
            Err(error) => return Err(ConfigFilesError::io(&self.path)(error)),
        };
        let stored: Stored =
            serde_json::from_str(&text).map_err(|error| ConfigFilesError::Parse {
                path: self.path.clone(),
                format: crate::Format::Json,
                message: error.to_string(),
            })?;
        if stored.format_version != FORMAT_VERSION {
            return Err(ConfigFilesError::FormatVersion {
                path: self.path.clone(),
                found: stored.format_version,
                supported: FORMAT_VERSION,
            });
        }
        Ok(stored)
    }
}

fn write_beside_then_move(path: &Path, text: &str) -> Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(ConfigFilesError::io(folder))?;
    }
    let beside = path.with_extension("json.partial");
    std::fs::write(&beside, text).map_err(ConfigFilesError::io(&beside))?;
    std::fs::rename(&beside, path).map_err(ConfigFilesError::io(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_export_reads_under_the_live_ids_of_re_created_objects_and_their_owners() {
        let mut ids = LiveIds::default();
        ids.record("services", "s-old", "s-new");
        ids.record("clients", "c-old", "c-new");
        let mut exported = Resources::from([
            (
                "services".to_owned(),
                vec![
                    json!({"id": "s-old", "name": "Orders"}),
                    json!({"id": "s-kept"}),
                ],
            ),
            (
                "apis".to_owned(),
                vec![json!({"id": "a1", "service_id": "s-old", "path": "/orders"})],
            ),
            (
                "clients".to_owned(),
                vec![json!({"client_id": "c-old", "client_name": "Shop"})],
            ),
        ]);
        ids.apply_to(&mut exported);
        assert_eq!(exported["services"][0]["id"], json!("s-new"));
        assert_eq!(exported["services"][1]["id"], json!("s-kept"));
        assert_eq!(exported["apis"][0]["service_id"], json!("s-new"));
        assert_eq!(exported["apis"][0]["id"], json!("a1"));
        assert_eq!(exported["clients"][0]["client_id"], json!("c-new"));
        assert_eq!(exported["clients"][0]["client_name"], json!("Shop"));
    }

    #[test]
    fn an_object_re_created_twice_keeps_its_export_id_and_takes_the_newest_live_id() {
        let mut ids = LiveIds::default();
        ids.record("clients", "c-export", "c-first");
        ids.record("clients", "c-first", "c-second");
        assert_eq!(ids.live_id("clients", "c-export"), Some("c-second"));
        assert_eq!(ids.live_id("clients", "c-first"), None);
    }

    #[test]
    fn each_tenant_reads_back_only_its_own_record_and_a_missing_file_is_none() {
        let folder = tempfile::tempdir().unwrap();
        let file = RecreatedIdsFile::new(folder.path().join("config/recreated-ids.json"));
        let acme = Tenant::new(
            Vendor::SailPoint,
            "https://acme.api.identitynow.com/",
            "acme",
        );
        let other = Tenant::new(
            Vendor::SailPoint,
            "https://other.api.identitynow.com",
            "other",
        );
        assert_eq!(file.read(&acme).unwrap(), LiveIds::default());

        let mut ids = LiveIds::default();
        ids.record("oauth-clients", "old", "new");
        file.write(&acme, &ids).unwrap();
        let mut others = LiveIds::default();
        others.record("oauth-clients", "x", "y");
        file.write(&other, &others).unwrap();

        let acme_again = Tenant::new(
            Vendor::SailPoint,
            "https://acme.api.identitynow.com",
            "acme",
        );
        assert_eq!(file.read(&acme_again).unwrap(), ids);
        assert_eq!(file.read(&other).unwrap(), others);
        file.forget_address("https://acme.api.identitynow.com/")
            .unwrap();
        assert_eq!(file.read(&acme).unwrap(), LiveIds::default());
        assert_eq!(file.read(&other).unwrap(), others, "the others' stay");
        std::fs::write(folder.path().join("config/recreated-ids.json"), "{").unwrap();
        assert!(matches!(
            file.read(&acme),
            Err(ConfigFilesError::Parse { .. })
        ));
    }
}
