//! OAuth clients: the authorization code grant needs redirect URIs; the vendor records when
//! each was created and changed; a client's id and secret work at the token endpoint.

use serde_json::Value;

use super::{bad_request, issue_credentials, now, revoke_credentials, BAD_REQUEST};
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::{Hooks, Keep};
use crate::state::State;
use crate::store::Object;

pub struct OAuthClients;

impl Hooks for OAuthClients {
    fn query<'c>(&self, state: &mut State, call: &'c Call) -> Result<Keep<'c>, Refusal> {
        super::last_used::filter(state, call)
    }

    fn on_create(
        &self,
        state: &mut State,
        _call: &Call,
        client: &mut Object,
    ) -> Result<(), Refusal> {
        let listed = |field: &str| client.get(field).and_then(Value::as_array);
        let authorization_code = listed("grantTypes")
            .is_some_and(|types| types.iter().any(|kind| kind == "AUTHORIZATION_CODE"));
        let has_redirects = listed("redirectUris").is_some_and(|uris| !uris.is_empty());
        if authorization_code && !has_redirects {
            let problem = "redirectUris are required for the AUTHORIZATION_CODE grant type";
            return Err(bad_request(state, BAD_REQUEST, &[problem.to_owned()]));
        }
        let created = Value::String(now());
        client.insert("created".into(), created.clone());
        client.insert("modified".into(), created);
        client.insert("lastUsed".into(), Value::Null);
        client.insert("metadata".into(), Value::Null);
        Ok(())
    }

    fn on_created(&self, state: &mut State, client: &mut Object) {
        issue_credentials(state, client);
    }

    fn on_update(
        &self,
        _state: &mut State,
        _stored: &Object,
        client: &mut Object,
    ) -> Result<(), Refusal> {
        client.insert("modified".into(), Value::String(now()));
        Ok(())
    }

    fn on_delete(&self, state: &mut State, client: &Object) {
        revoke_credentials(state, client);
    }
}
