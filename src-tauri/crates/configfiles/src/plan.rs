//! A restore plan: the requests that bring a tenant back to an export, each with the
//! fingerprint of the live object it was planned against, in the order they must run; and
//! the journal that records, beside the plan, what each run did.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use gatehouse_wire::catalog::{resource, RESOURCES};
pub use gatehouse_wire::restore::{PlanItem, RestoreAction as Action, Unrestorable};
use gatehouse_wire::{ResourceDescription, Vendor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical::{canonical_text, LeftOut};
use crate::error::{ConfigFilesError, Result};
use crate::model::{canonical_resource, description};
use crate::redact::{redact_object, Redactions};
use crate::render::sha256_hex;

/// The version of the plan and journal this crate writes and reads.
pub const PLAN_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format_version: u32,
    pub vendor: Vendor,
    /// The tenant it was planned against: it runs against no other.
    pub base_url: String,
    pub tenant: String,
    /// The export it restores, as given.
    pub export: String,
    /// RFC 3339.
    pub planned_at: String,
    /// In the order they run: creates and updates parents first, then deletes children first.
    pub items: Vec<PlanItem>,
    pub unrestorable: Vec<Unrestorable>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Reads a plan file; a plan of another format version is refused, not guessed at.
    pub fn read(path: &Path) -> Result<Plan> {
        let text = std::fs::read_to_string(path).map_err(ConfigFilesError::io(path))?;
        let plan: Plan = serde_json::from_str(&text).map_err(|error| ConfigFilesError::Parse {
            path: path.to_owned(),
            format: crate::Format::Json,
            message: error.to_string(),
        })?;
        if plan.format_version != PLAN_FORMAT_VERSION {
            return Err(ConfigFilesError::FormatVersion {
                path: path.to_owned(),
                found: plan.format_version,
                supported: PLAN_FORMAT_VERSION,
            });
        }
        Ok(plan)
    }

    /// Writes the plan to `path`, beside it first and then moved into place. Readable by its
    /// owner only: a plan from an export that includes secrets (an explicit opt-in) carries
    /// them in the bodies it will send. A plan written over an earlier one starts with no
    /// journal: the earlier plan's is kept beside it under the time it was set aside, never
    /// read as this plan's steps done.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text =
            serde_json::to_string_pretty(self).map_err(|error| ConfigFilesError::Serialize {
                what: "the plan".to_owned(),
                format: crate::Format::Json,
                message: error.to_string(),
            })? + "\n";
        let beside = path.with_extension("json.partial");
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options
            .open(&beside)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .map_err(ConfigFilesError::io(&beside))?;
        set_journal_aside(path)?;
        std::fs::rename(&beside, path).map_err(ConfigFilesError::io(path))
    }
}

/// Moves the journal of the plan at `path`, if it has one, to `<plan>.journal.<ms>.jsonl`.
fn set_journal_aside(path: &Path) -> Result<()> {
    let journal = Journal::path_for(path);
    if !journal.exists() {
        return Ok(());
    }
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_millis());
    let aside = path.with_extension(format!("journal.{stamp}.jsonl"));
    std::fs::rename(&journal, &aside).map_err(ConfigFilesError::io(&journal))
}

/// What `object` of `key` is as configuration: SHA-256 of its canonical form without secrets
/// and volatile fields, so neither a rotated secret nor a last-use time reads as a change.
pub fn fingerprint(key: &str, object: &Value) -> Result<String> {
    let described = description(key)?;
    let mut canonical = canonical_resource(
        key,
        std::slice::from_ref(object),
        true,
        &mut LeftOut::default(),
    )?;
    let mut object = canonical.pop().unwrap_or(Value::Null);
    redact_object(described, &mut object, &mut Redactions::new());
    Ok(sha256_hex(canonical_text(&object).as_bytes()))
}

/// How many owners deep `description` is: a server 0, its clients 1, an API (of a service of
/// a server) 2. Parents run first.
fn depth(description: &ResourceDescription) -> usize {
    description
        .owners()
        .filter_map(|owner| resource(owner.resource))
        .filter(|owner| owner.key != description.key)
        .map(|owner| depth(owner) + 1)
        .max()
        .unwrap_or(0)
}

/// Puts `items` in the order they must run and numbers them: creates and updates by depth
/// (owners first), then deletes the other way round (what lives within first), each group in
/// catalogue order and then by id.
pub fn order(items: &mut [PlanItem]) {
    let catalogue_index = |key: &str| {
        RESOURCES
            .iter()
            .position(|description| description.key == key)
            .unwrap_or(usize::MAX)
    };
    let depth_of = |key: &str| resource(key).map_or(0, depth);
    items.sort_by(|left, right| {
        let rank = |item: &PlanItem| {
            let deleting = item.action == Action::Delete;
            let depth = depth_of(&item.resource);
            let depth = if deleting { usize::MAX - depth } else { depth };
            (deleting, depth, catalogue_index(&item.resource))
        };
        rank(left)
            .cmp(&rank(right))
            .then_with(|| left.id.cmp(&right.id))
    });
    for (index, item) in items.iter_mut().enumerate() {
        item.step = index + 1;
    }
}

/// What one run did with one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// Sent and accepted. `created_id`: the id the vendor gave an object it re-created.
    Done { created_id: Option<String> },
    /// Not sent: the live object changed since the plan (or appeared, for a create).
    Refused { reason: String },
    /// Sent, or about to be, and it failed: a later run tries it again.
    Failed { message: String },
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub step: usize,
    pub resource: String,
    pub id: String,
    pub action: Action,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// RFC 3339.
    pub at: String,
}

/// The journal of the plan at `plan`: beside it, one JSON line per step run, appended and
/// flushed to disk as each step ends, so a run that dies leaves a record of what it did.
pub struct Journal {
    path: PathBuf,
    entries: Vec<JournalEntry>,
}

impl Journal {
    pub fn path_for(plan: &Path) -> PathBuf {
        plan.with_extension("journal.jsonl")
    }

    /// The journal so far; none yet is an empty one. A last line cut short by a crash is
    /// ignored; any other unreadable line is an error.
    pub fn open(plan: &Path) -> Result<Journal> {
        let path = Self::path_for(plan);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(error) => return Err(ConfigFilesError::io(&path)(error)),
        };
        let lines: Vec<&str> = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect();
        let mut entries = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            match serde_json::from_str::<JournalEntry>(line) {
                Ok(entry) => entries.push(entry),
                Err(_) if index + 1 == lines.len() && !text.ends_with('\n') => {}
                Err(error) => {
                    return Err(ConfigFilesError::Parse {
                        path: path.clone(),
                        format: crate::Format::Json,
                        message: format!("line {}: {error}", index + 1),
                    })
                }
            }
        }
        Ok(Journal { path, entries })
    }

    pub fn entries(&self) -> &[JournalEntry] {
        &self.entries
    }

    /// The steps a run finished: a later run skips them.
    pub fn done(&self) -> BTreeSet<usize> {
        self.entries
            .iter()
            .filter(|entry| matches!(entry.outcome, Outcome::Done { .. }))
            .map(|entry| entry.step)
            .collect()
    }

    /// The ids the vendor gave re-created objects, by resource and the export's id: what
    /// later steps that name them (an API's service) are sent with instead.
    pub fn created_ids(&self) -> BTreeMap<(String, String), String> {
        self.entries
            .iter()
            .filter_map(|entry| match &entry.outcome {
                Outcome::Done {
                    created_id: Some(created),
                } => Some(((entry.resource.clone(), entry.id.clone()), created.clone())),
                _ => None,
            })
            .collect()
    }

    /// Records `entry`, on disk before this returns.
    pub fn record(&mut self, entry: JournalEntry) -> Result<()> {
        let mut line =
            serde_json::to_string(&entry).map_err(|error| ConfigFilesError::Serialize {
                what: "a journal entry".to_owned(),
                format: crate::Format::Json,
                message: error.to_string(),
            })?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(ConfigFilesError::io(&self.path))?;
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(ConfigFilesError::io(&self.path))?;
        self.entries.push(entry);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(resource: &str, id: &str, action: Action) -> PlanItem {
        PlanItem {
            step: 0,
            resource: resource.into(),
            id: id.into(),
            name: id.into(),
            action,
            scope: None,
            request: None,
            desired: None,
            live_fingerprint: None,
            needs_value: Vec::new(),
        }
    }

    #[test]
    fn a_plan_reads_back_as_written_and_only_its_owner_may_read_it() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("restore.json");
        let plan = Plan {
            format_version: PLAN_FORMAT_VERSION,
            vendor: Vendor::Cloudentity,
            base_url: "https://acme.example".into(),
            tenant: "acme".into(),
            export: "backup".into(),
            planned_at: "2026-12-02T12:00:00Z".into(),
            items: vec![item("clients", "c1", Action::Create)],
            unrestorable: Vec::new(),
        };
        plan.write(&path).unwrap();
        assert_eq!(Plan::read(&path).unwrap(), plan);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_plan_written_over_another_starts_without_the_earlier_plans_journal() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("restore.json");
        let plan = Plan {
            format_version: PLAN_FORMAT_VERSION,
            vendor: Vendor::SailPoint,
            base_url: "https://acme.api.identitynow.com".into(),
            tenant: "acme".into(),
            export: "backup".into(),
            planned_at: "2026-12-02T12:00:00Z".into(),
            items: vec![item("oauth-clients", "c1", Action::Update)],
            unrestorable: Vec::new(),
        };
        plan.write(&path).unwrap();
        let mut journal = Journal::open(&path).unwrap();
        journal
            .record(JournalEntry {
                step: 1,
                resource: "oauth-clients".into(),
                id: "c1".into(),
                action: Action::Update,
                outcome: Outcome::Done { created_id: None },
                at: "2026-12-02T12:01:00Z".into(),
            })
            .unwrap();
        assert_eq!(Journal::open(&path).unwrap().done(), BTreeSet::from([1]));

        plan.write(&path).unwrap();
        assert!(Journal::open(&path).unwrap().entries().is_empty());
        let kept: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("restore.journal.") && name.ends_with(".jsonl"))
            .collect();
        assert_eq!(kept.len(), 1, "the earlier journal, set aside");
        let text = std::fs::read_to_string(folder.path().join(&kept[0])).unwrap();
        assert!(text.contains("\"outcome\":\"done\""), "{text}");
    }

    #[test]
    fn owners_are_created_first_and_deleted_last() {
        let mut items = vec![
            item("apis", "a1", Action::Create),
            item("servers", "s1", Action::Delete),
            item("clients", "c1", Action::Delete),
            item("services", "v1", Action::Create),
            item("servers", "s2", Action::Create),
            item("clients", "c2", Action::Update),
        ];
        order(&mut items);
        let order: Vec<_> = items
            .iter()
            .map(|item| (item.step, item.resource.as_str(), item.id.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (1, "servers", "s2"),
                (2, "clients", "c2"),
                (3, "services", "v1"),
                (4, "apis", "a1"),
                (5, "clients", "c1"),
                (6, "servers", "s1"),
            ]
        );
    }

    #[test]
    fn a_fingerprint_ignores_secrets_volatile_fields_order_and_set_order() {
        let client = json!({
            "id": "c1", "name": "Deploy", "secret": "one",
            "grantTypes": ["REFRESH_TOKEN", "CLIENT_CREDENTIALS"],
            "lastUsed": "2026-01-01T00:00:00Z",
        });
        let same = json!({
            "grantTypes": ["CLIENT_CREDENTIALS", "REFRESH_TOKEN"],
            "name": "Deploy", "id": "c1", "secret": "two",
            "lastUsed": "2026-06-01T00:00:00Z",
        });
        let renamed = json!({"id": "c1", "name": "Deploy 2", "grantTypes": []});
        let of = |object: &Value| fingerprint("oauth-clients", object).unwrap();
        assert_eq!(of(&client), of(&same));
        assert_ne!(of(&client), of(&renamed));
    }

    #[test]
    fn the_journal_survives_a_line_cut_short_and_says_what_is_done() {
        let folder = tempfile::tempdir().unwrap();
        let plan = folder.path().join("restore.json");
        let mut journal = Journal::open(&plan).unwrap();
        assert!(journal.entries().is_empty());
        let entry = |step: usize, outcome: Outcome| JournalEntry {
            step,
            resource: "clients".into(),
            id: format!("c{step}"),
            action: Action::Create,
            outcome,
            at: "2026-12-02T12:00:00Z".into(),
        };
        journal
            .record(entry(
                1,
                Outcome::Done {
                    created_id: Some("n1".into()),
                },
            ))
            .unwrap();
        journal
            .record(entry(
                2,
                Outcome::Failed {
                    message: "500".into(),
                },
            ))
            .unwrap();
        let path = Journal::path_for(&plan);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"step\": 3, \"resou");
        std::fs::write(&path, text).unwrap();

        let journal = Journal::open(&plan).unwrap();
        assert_eq!(journal.entries().len(), 2);
        assert_eq!(journal.done(), BTreeSet::from([1]));
        assert_eq!(
            journal.created_ids(),
            BTreeMap::from([(("clients".into(), "c1".into()), "n1".into())])
        );

        std::fs::write(&path, "not json\n{}\n").unwrap();
        assert!(matches!(
            Journal::open(&plan),
            Err(ConfigFilesError::Parse { .. })
        ));
    }
}
