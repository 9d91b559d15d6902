//! Restoring a tenant from an export: the steps of a plan as `gatehouse plan` writes them and
//! the Compare screen shows them, and what the window asks for and reports.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::review::{OneTimeSecret, PlannedRequest};

/// A secret an export holds only as a placeholder: never sent to a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsValue {
    /// JSON Pointer of the field in the object as it was read.
    pub pointer: String,
    /// The secret the placeholder stood for.
    pub secret: String,
}

/// What a step of a plan does to its object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RestoreAction {
    /// The object is in the export and gone from the tenant.
    Create,
    /// It is in both and differs.
    Update,
    /// It is in the tenant only, and was picked for deletion by its id.
    Delete,
}

/// One request of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    /// Its place in the order the plan runs in, from 1.
    pub step: usize,
    pub resource: String,
    /// The object's id as the export has it; the type's key for a singleton.
    pub id: String,
    pub name: String,
    pub action: RestoreAction,
    /// The id of the parent it is listed within (a Cloudentity server), where it has one.
    pub scope: Option<String>,
    /// The request as planned; the run builds it again from the live object, which must
    /// still have [`live_fingerprint`](Self::live_fingerprint).
    pub request: Option<PlannedRequest>,
    /// What the object should be: the export's object, placeholders left out. `None` for a
    /// delete.
    pub desired: Option<Value>,
    /// The live object's fingerprint (SHA-256 of its canonical form) when planned; `None`
    /// where it did not exist.
    pub live_fingerprint: Option<String>,
    /// Secrets the export holds only as placeholders: never sent; each needs a value.
    pub needs_value: Vec<NeedsValue>,
}

/// A difference the plan cannot restore, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrestorable {
    pub resource: String,
    pub id: String,
    pub reason: String,
}

/// One object of a comparison, by type and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ObjectRef {
    pub resource: String,
    pub id: String,
}

/// The differences the administrator picked to restore.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestorePicks {
    /// Objects to re-create or to bring back to the export.
    pub restore: Vec<ObjectRef>,
    /// Objects only the tenant has, each picked to delete.
    pub delete: Vec<ObjectRef>,
}

/// A plan the window made, written to a file with its journal beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestorePlan {
    /// Where the plan is, to show.
    pub path: String,
    pub items: Vec<PlanItem>,
    pub unrestorable: Vec<Unrestorable>,
}

/// A step a run did not finish, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepProblem {
    pub step: usize,
    pub resource: String,
    pub id: String,
    pub reason: String,
}

/// What a run of the window's plan did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    pub done: usize,
    pub already_done: usize,
    /// Not sent: their objects changed since the plan.
    pub refused: Vec<StepProblem>,
    /// Failed: a second run tries them again.
    pub failed: Vec<StepProblem>,
    /// New secrets of re-created objects, each shown once.
    pub secrets: Vec<RestoredSecret>,
}

/// The new secret of an object a run re-created, with the object, to show in the one-time
/// secret dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RestoredSecret {
    pub resource: String,
    /// The parent it is listed within (a Cloudentity server), where it has one.
    pub scope: Option<String>,
    /// The object as the vendor answered, without its secrets.
    pub object: Value,
    pub secret: OneTimeSecret,
}
