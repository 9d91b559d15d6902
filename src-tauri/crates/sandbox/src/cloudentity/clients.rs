//! Clients: the vendor records when each was issued.

use serde_json::Value;

use super::unix_now;
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::Hooks;
use crate::state::State;
use crate::store::Object;

pub struct Clients;

impl Hooks for Clients {
    fn on_create(
        &self,
        _state: &mut State,
        _call: &Call,
        client: &mut Object,
    ) -> Result<(), Refusal> {
        client.insert("client_id_issued_at".into(), Value::from(unix_now()));
        Ok(())
    }
}
