//! What differs between an export and the live tenant, or two exports: computed by
//! `gatehouse-configfiles`, shown by the Compare screen and printed by `gatehouse diff`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One value that differs, at its JSON Pointer in the object; `None` where a side has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDifference {
    pub pointer: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectDifference {
    /// The resource type (catalogue key).
    pub resource: String,
    /// The object's id; the type's key for a singleton.
    pub id: String,
    /// What people call it (its title, else its id).
    pub name: String,
    pub change: Change,
    /// For a change, each differing value; empty for an added or removed object.
    pub fields: Vec<FieldDifference>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The types both sides cover: the only ones compared.
    pub types: BTreeSet<String>,
    /// Sorted by type, then id.
    pub differences: Vec<ObjectDifference>,
}

impl Comparison {
    pub fn has_drift(&self) -> bool {
        !self.differences.is_empty()
    }
}
