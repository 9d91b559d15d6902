//! The developer API: a developer's clients are clients they own, and servers are shown to
//! developers in a view of their own, with their scopes when read one by one.

use std::borrow::Cow;

use gatehouse_wire::catalog::SCOPES;
use gatehouse_wire::Verb;
use serde_json::{json, Value};

use super::clients::Clients;
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::Hooks;
use crate::state::State;
use crate::store::{text, Object};

pub struct DeveloperClients;

impl Hooks for DeveloperClients {
    fn visible(&self, call: &Call, client: &Object) -> bool {
        call.developer.is_some() && text(client, "developer_id") == call.developer.as_deref()
    }

    fn on_create(
        &self,
        state: &mut State,
        call: &Call,
        client: &mut Object,
    ) -> Result<(), Refusal> {
        // The gate lets no call without a developer token this far.
        let developer = call.developer.clone().unwrap_or_default();
        client.insert("developer_id".into(), json!(developer));
        Clients.on_create(state, call, client)
    }
}

pub struct DeveloperServers;

/// What the developer API shows of a server.
const SHOWN: [&str; 5] = ["id", "name", "issuer_url", "grant_types", "color"];

/// What it shows of a scope, by the name it gives it.
const SCOPE_SHOWN: [(&str, &str); 4] = [
    ("scope_id", "id"),
    ("scope_name", "name"),
    ("scope_display_name", "display_name"),
    ("scope_description", "description"),
];

impl Hooks for DeveloperServers {
    fn on_read<'o>(&self, state: &State, server: Cow<'o, Object>, verb: Verb) -> Cow<'o, Object> {
        let mut view: Object = SHOWN
            .into_iter()
            .filter_map(|field| Some((field.to_owned(), server.get(field)?.clone())))
            .collect();
        if verb == Verb::Get {
            let id = text(&server, "id");
            let scopes: Vec<Value> = state
                .store
                .objects(SCOPES.key)
                .iter()
                .filter(|scope| text(scope, "authorization_server_id") == id)
                .map(scope_view)
                .collect();
            view.insert("scopes".into(), Value::Array(scopes));
        }
        Cow::Owned(view)
    }
}

fn scope_view(scope: &Object) -> Value {
    let mut view: Object = SCOPE_SHOWN
        .into_iter()
        .filter_map(|(name, field)| Some((name.to_owned(), scope.get(field)?.clone())))
        .collect();
    view.insert(
        "with_service".into(),
        json!(scope.get("service_id").is_some()),
    );
    Value::Object(view)
}
