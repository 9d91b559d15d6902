//! Scopes: one is read with the service it belongs to, as the seed answers it.

use std::borrow::Cow;

use gatehouse_wire::catalog::SERVICES;
use gatehouse_wire::Verb;
use serde_json::Value;

use crate::hooks::Hooks;
use crate::state::State;
use crate::store::{text, Object};

pub struct Scopes;

impl Hooks for Scopes {
    fn on_read<'o>(&self, state: &State, scope: Cow<'o, Object>, verb: Verb) -> Cow<'o, Object> {
        if verb != Verb::Get {
            return scope;
        }
        let service = text(&scope, "service_id")
            .and_then(|service| state.store.find(SERVICES.key, "id", service))
            .cloned();
        let mut scope = scope;
        let answer = scope.to_mut();
        answer.insert("with_service".into(), Value::Bool(service.is_some()));
        if let Some(service) = service {
            answer.insert("service".into(), Value::Object(service));
        }
        scope
    }
}
