//! Consents: each update is a new version of the consent.

use serde_json::{json, Value};

use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::Hooks;
use crate::state::State;
use crate::store::Object;

pub struct Consents;

impl Hooks for Consents {
    fn on_create(
        &self,
        _state: &mut State,
        _call: &Call,
        consent: &mut Object,
    ) -> Result<(), Refusal> {
        consent.insert("version".into(), json!(1));
        Ok(())
    }

    fn on_update(
        &self,
        _state: &mut State,
        stored: &Object,
        updated: &mut Object,
    ) -> Result<(), Refusal> {
        let version = stored.get("version").and_then(Value::as_i64).unwrap_or(0);
        updated.insert("version".into(), json!(version + 1));
        Ok(())
    }
}
