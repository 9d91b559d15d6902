//! Restoring a tenant to an export: a plan from the differences the administrator picks,
//! each request with the live object's fingerprint, and its run, which refuses any object
//! that changed since, records every step in the journal beside the plan, and when run
//! again does only what is left. Nothing sent ever carries a placeholder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

use gatehouse_configfiles::plan::{
    fingerprint, order, Action, Journal, JournalEntry, Outcome, Plan, PlanItem, Unrestorable,
    PLAN_FORMAT_VERSION,
};
use gatehouse_configfiles::{
    compare, prepare, read as read_export, strip_placeholders, Change, ExportOptions,
    ObjectDifference,
};
use gatehouse_wire::{ApiError, ErrorKind, ResourceDescription, SaveOutcome, Verb};
use secrecy::SecretString;
use serde_json::Value;

use super::{files_error, read_live, ReadOptions};
use crate::app::Gatehouse;
use crate::resources::{client_error, create_with, described, plan, planned, read, save_with};
use crate::sessions::Session;

/// Which differences a plan restores: `type/id` pairs.
#[derive(Debug, Clone, Default)]
pub struct Picks {
    /// Only these; every create and update without. A name that is no difference is an
    /// error, so a typo cannot plan nothing quietly.
    pub only: Option<BTreeSet<(String, String)>>,
    /// Objects only the tenant has, to delete: never without being named here one by one.
    pub delete: BTreeSet<(String, String)>,
}

/// A secret the vendor gave an object the run re-created, shown this once.
pub struct NewSecret {
    pub resource: String,
    /// The new object's id.
    pub id: String,
    pub field: String,
    pub value: SecretString,
    /// The object as the vendor answered the create, without its secrets.
    pub object: Value,
}

/// What one run of a plan did.
#[derive(Debug, Default)]
pub struct ApplyReport {
    /// Steps this run finished.
    pub done: usize,
    /// Steps an earlier run finished: skipped.
    pub already_done: usize,
    /// Steps not sent because their object changed since the plan.
    pub refused: Vec<JournalEntry>,
    /// Steps that failed; a later run tries them again.
    pub failed: Vec<JournalEntry>,
}

impl ApplyReport {
    pub fn is_complete(&self) -> bool {
        self.refused.is_empty() && self.failed.is_empty()
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// The id the client takes for `id` of `description`: none for a singleton.
fn object_id<'a>(description: &ResourceDescription, id: &'a str) -> Option<&'a str> {
    (!description.is_singleton()).then_some(id)
}

/// The id of the parent `object` is listed within, where its resource has one.
fn scope_of(description: &ResourceDescription, object: &Value) -> Option<String> {
    let parent = description.parent?;
    Some(object.get(parent.field)?.as_str()?.to_owned())
}

/// `original` with what `desired` says of every property an update may change; fields the
/// vendor fixes at creation or sets itself keep their live values.
fn merged(description: &ResourceDescription, original: &Value, desired: &Value) -> Value {
    let mut edited = original.as_object().cloned().unwrap_or_default();
    let updatable = |name: &str| {
        description
            .field(name)
            .is_none_or(|field| field.is_editable())
    };
    for (name, value) in desired.as_object().into_iter().flatten() {
        if updatable(name) {
            edited.insert(name.clone(), value.clone());
        }
    }
    for field in description.fields {
        if field.is_editable() && desired.get(field.name).is_none() {
            edited.remove(field.name);
        }
    }
    Value::Object(edited)
}

fn find<'a>(objects: Option<&'a Vec<Value>>, key: &str, id: &str) -> Option<&'a Value> {
    let description = described(key).ok()?;
    objects?
        .iter()
        .find(|object| description.is_singleton() || description.id_of(object) == Some(id))
}

impl Gatehouse {
    /// A plan that brings the tenant of `connection` back to the export in `dir`, over the
    /// differences `picks` names. Nothing is sent.
    pub async fn plan_restore(
        &self,
        connection: &str,
        dir: &Path,
        picks: &Picks,
        options: &ReadOptions,
    ) -> Result<Plan, ApiError> {
        let mut exported = read_export(dir).map_err(files_error)?;
        let (profile, session) = self.batch_session(connection).await?;
        // An object a restore re-created is updated under its live id, not created again.
        self.live_ids(&profile)?
            .ids
            .apply_to(&mut exported.resources);
        let snapshot = read_live(profile, &session, &exported, dir, options).await?;
        let (vendor, base_url, tenant) = (
            snapshot.vendor,
            snapshot.base_url.clone(),
            snapshot.tenant.clone(),
        );
        let raw_live = snapshot.resources.clone();
        let live = prepare(snapshot, &ExportOptions::default()).map_err(files_error)?;
        let comparison = compare(&exported, &live).map_err(files_error)?;
        let picked = |difference: &ObjectDifference| {
            let key = (difference.resource.clone(), difference.id.clone());
            match difference.change {
                Change::Added => picks.delete.contains(&key),
                _ => picks.only.as_ref().is_none_or(|only| only.contains(&key)),
            }
        };
        let named: BTreeSet<&(String, String)> =
            picks.only.iter().flatten().chain(&picks.delete).collect();
        if let Some((resource, id)) = named.into_iter().find(|(resource, id)| {
            !comparison
                .differences
                .iter()
                .any(|difference| &difference.resource == resource && &difference.id == id)
        }) {
            return Err(ApiError::new(
                ErrorKind::Validation,
                format!("{resource}/{id} is not one of the differences"),
            ));
        }

        let mut items = Vec::new();
        let mut unrestorable = Vec::new();
        for difference in comparison.differences.iter().filter(|d| picked(d)) {
            let exported_object = find(
                exported.resources.get(&difference.resource),
                &difference.resource,
                &difference.id,
            );
            let live_object = find(
                raw_live.get(&difference.resource),
                &difference.resource,
                &difference.id,
            );
            match plan_item(&session, difference, exported_object, live_object) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => {}
                Err(reason) => unrestorable.push(Unrestorable {
                    resource: difference.resource.clone(),
                    id: difference.id.clone(),
                    reason,
                }),
            }
        }
        order(&mut items);
        Ok(Plan {
            format_version: PLAN_FORMAT_VERSION,
            vendor,
            base_url,
            tenant,
            export: dir.display().to_string(),
            planned_at: now(),
            items,
            unrestorable,
        })
    }

    /// Runs the plan in `plan_path` against `connection`, which must be the tenant it was
    /// planned for, step by step in its order, each recorded in its journal; steps an earlier
    /// run finished are skipped. A re-created object's new secret goes to `on_secret` (the
    /// run stops if it cannot keep it).
    pub async fn apply_plan(
        &self,
        connection: &str,
        plan_path: &Path,
        on_secret: &mut (dyn FnMut(NewSecret) -> Result<(), ApiError> + Send),
    ) -> Result<ApplyReport, ApiError> {
        let plan = Plan::read(plan_path).map_err(files_error)?;
        let (profile, session) = self.batch_session(connection).await?;
        let same_tenant = profile.vendor == plan.vendor
            && profile.base_url.trim_end_matches('/') == plan.base_url.trim_end_matches('/')
            && super::tenant_name(&profile) == plan.tenant;
        if !same_tenant {
            return Err(ApiError::new(
                ErrorKind::Validation,
                format!(
                    "the plan is for {} ({}); the connection {connection} is {} ({})",
                    plan.tenant,
                    plan.base_url,
                    super::tenant_name(&profile),
                    profile.base_url
                ),
            ));
        }
        let mut live_ids = self.live_ids(&profile)?;
        let mut journal = Journal::open(plan_path).map_err(files_error)?;
        let done = journal.done();
        let mut report = ApplyReport::default();
        for item in &plan.items {
            if done.contains(&item.step) {
                report.already_done += 1;
                continue;
            }
            let created_ids = journal.created_ids();
            let outcome = apply_item(&session, item, &created_ids, on_secret)
                .await
                .unwrap_or_else(|error| Outcome::Failed {
                    message: error.message,
                });
            let entry = JournalEntry {
                step: item.step,
                resource: item.resource.clone(),
                id: item.id.clone(),
                action: item.action,
                outcome,
                at: now(),
            };
            match &entry.outcome {
                Outcome::Done { .. } => report.done += 1,
                Outcome::Refused { .. } => report.refused.push(entry.clone()),
                Outcome::Failed { .. } => report.failed.push(entry.clone()),
            }
            let created = match &entry.outcome {
                Outcome::Done {
                    created_id: Some(created),
                } => Some(created.clone()),
                _ => None,
            };
            journal.record(entry).map_err(files_error)?;
            if let Some(created) = created {
                live_ids.record(&item.resource, &item.id, &created)?;
            }
        }
        Ok(report)
    }
}

/// The step that restores `difference`; `Err` with the reason where none can.
fn plan_item(
    session: &Session,
    difference: &ObjectDifference,
    exported: Option<&Value>,
    live: Option<&Value>,
) -> Result<Option<PlanItem>, String> {
    let key = difference.resource.as_str();
    let description = described(key).map_err(|error| error.message)?;
    let (action, verb) = match difference.change {
        Change::Removed => (Action::Create, Verb::Create),
        Change::Changed => (Action::Update, Verb::Update),
        Change::Added => (Action::Delete, Verb::Delete),
    };
    if !description.can(verb) {
        return Err(format!(
            "the vendor's API cannot {} {}",
            verb_word(action),
            description.title.to_lowercase()
        ));
    }
    let id = object_id(description, &difference.id);
    let (desired, needs_value) = match exported {
        Some(object) => {
            let (desired, needs) = strip_placeholders(object);
            (Some(desired), needs)
        }
        None => (None, Vec::new()),
    };
    let scope = desired
        .as_ref()
        .or(live)
        .and_then(|object| scope_of(description, object));
    let client = session
        .resource(description, scope.as_deref())
        .map_err(|error| error.message)?;
    let live_fingerprint = live
        .map(|object| fingerprint(key, object))
        .transpose()
        .map_err(|error| error.to_string())?;
    let request = match (action, &desired, live) {
        (Action::Create, Some(desired), _) => {
            plan(&client, scope.as_deref(), None, None, desired)
                .map_err(|error| error.message)?
                .0
                .request
        }
        (Action::Update, Some(desired), Some(live)) => {
            let original = description.without_secrets(live.clone());
            let edited = merged(description, &original, desired);
            let review = plan(&client, scope.as_deref(), id, Some(&original), &edited)
                .map_err(|error| error.message)?
                .0;
            if review.request.is_none() {
                return Err(
                    "it differs only in what is fixed at creation or set by the vendor".to_owned(),
                );
            }
            review.request
        }
        (Action::Delete, _, Some(_)) => {
            let request = client
                .request(Verb::Delete, id)
                .map_err(|error| client_error(description, error).message)?;
            Some(planned(&request))
        }
        _ => return Ok(None),
    };
    Ok(Some(PlanItem {
        step: 0,
        resource: key.to_owned(),
        id: difference.id.clone(),
        name: difference.name.clone(),
        action,
        scope,
        request,
        desired,
        live_fingerprint,
        needs_value,
    }))
}

fn verb_word(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Delete => "delete",
    }
}

/// The ids `object` names its owners by, changed to those the vendor gave owners this plan
/// re-created.
fn with_created_ids(
    description: &ResourceDescription,
    object: &mut Value,
    created_ids: &BTreeMap<(String, String), String>,
) {
    let Value::Object(properties) = object else {
        return;
    };
    for owner in description.owners() {
        let Some(old) = properties.get(owner.field).and_then(Value::as_str) else {
            continue;
        };
        if let Some(new) = created_ids.get(&(owner.resource.to_owned(), old.to_owned())) {
            properties.insert(owner.field.to_owned(), Value::String(new.clone()));
        }
    }
}

/// Runs one step: the live object checked against the plan, then the request.
async fn apply_item(
    session: &Session,
    item: &PlanItem,
    created_ids: &BTreeMap<(String, String), String>,
    on_secret: &mut (dyn FnMut(NewSecret) -> Result<(), ApiError> + Send),
) -> Result<Outcome, ApiError> {
    let key = item.resource.as_str();
    let description = described(key)?;
    let id = object_id(description, &item.id);
    let scope = item.scope.as_ref().map(|scope| {
        description
            .parent
            .and_then(|parent| created_ids.get(&(parent.resource.to_owned(), scope.clone())))
            .unwrap_or(scope)
            .clone()
    });
    let client = session.resource(description, scope.as_deref())?;
    let live = match read(&client, id).await {
        Ok(live) => live,
        Err(error) if error.kind == ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let refused = |reason: &str| {
        Ok(Outcome::Refused {
            reason: reason.to_owned(),
        })
    };
    let changed_since = |live: &Value| -> Result<bool, ApiError> {
        let now = fingerprint(key, live).map_err(super::files_error)?;
        Ok(item.live_fingerprint.as_deref() != Some(now.as_str()))
    };
    // Never a placeholder, whatever the plan file says.
    let desired = item.desired.as_ref().map(|desired| {
        let (mut desired, _) = strip_placeholders(desired);
        with_created_ids(description, &mut desired, created_ids);
        desired
    });
    match (item.action, live, desired) {
        (Action::Create, Some(_), _) => {
            refused("it exists again since the plan: compare and plan again")
        }
        (Action::Create, None, Some(desired)) => {
            let answer = create_with(&client, scope.as_deref(), &desired).await?;
            let new_id = description.id_of(&answer).map(str::to_owned);
            for field in description.secret_fields() {
                if let Some(value) = answer.get(field.name).and_then(Value::as_str) {
                    on_secret(NewSecret {
                        resource: key.to_owned(),
                        id: new_id.clone().unwrap_or_else(|| item.id.clone()),
                        field: field.name.to_owned(),
                        value: SecretString::from(value),
                        object: description.without_secrets(answer.clone()),
                    })?;
                }
            }
            Ok(Outcome::Done {
                created_id: new_id.filter(|new| *new != item.id),
            })
        }
        (Action::Update | Action::Delete, None, _) => {
            refused("it no longer exists: compare and plan again")
        }
        (_, Some(live), _) if changed_since(&live)? => {
            refused("it changed since the plan: compare and plan again")
        }
        (Action::Update, Some(live), Some(desired)) => {
            let original = description.without_secrets(live);
            let edited = merged(description, &original, &desired);
            match save_with(&client, scope.as_deref(), id, &original, &edited).await? {
                SaveOutcome::Saved { .. } => Ok(Outcome::Done { created_id: None }),
                SaveOutcome::Conflict(_) => refused("it changed while it was being saved"),
            }
        }
        (Action::Delete, Some(_), _) => {
            client
                .delete(id.unwrap_or_default())
                .await
                .map_err(|error| client_error(description, error))?;
            Ok(Outcome::Done { created_id: None })
        }
        (Action::Create | Action::Update, _, None) => Err(ApiError::new(
            ErrorKind::Validation,
            format!("step {} of the plan has no object to send", item.step),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::OAUTH_CLIENTS;
    use serde_json::json;

    #[test]
    fn an_update_takes_what_may_change_from_the_export_and_the_rest_from_the_tenant() {
        let live = json!({
            "id": "c1", "name": "Now", "tenant": "added later", "created": "2026-01-01",
            "type": "CONFIDENTIAL", "unmodelled": 1,
        });
        let desired = json!({
            "id": "c1", "name": "Then", "created": "2025-01-01", "type": "PUBLIC",
            "unmodelled": 2,
        });
        let edited = merged(&OAUTH_CLIENTS, &live, &desired);
        assert_eq!(edited["name"], json!("Then"));
        assert!(edited.get("tenant").is_none(), "not in the export");
        assert_eq!(edited["created"], json!("2026-01-01"), "set by the vendor");
        assert_eq!(edited["type"], json!("CONFIDENTIAL"), "fixed at creation");
        assert_eq!(edited["unmodelled"], json!(2));
    }
}
