//! Personal access tokens: owned by the identity that creates them, unique by name among
//! its tokens, living at most six months, listed by owner (`me` is the caller); a token's id
//! and secret work at the token endpoint with its scopes.

use std::time::{Duration, SystemTime};

use gatehouse_wire::catalog::PERSONAL_ACCESS_TOKENS;
use serde_json::{json, Value};

use super::{
    bad_request, issue_credentials, now, rescope_credentials, revoke_credentials, BAD_REQUEST,
    CONFLICT,
};
use crate::call::Call;
use crate::errors::Refusal;
use crate::hooks::{Hooks, Keep};
use crate::state::State;
use crate::store::{text, Object};

/// The longest a token may live (the spec: "between the current date and 6 months"), as the
/// catalogue says it, so the console checks the same window before sending.
fn longest_life() -> Duration {
    let ahead = PERSONAL_ACCESS_TOKENS
        .field("expirationDate")
        .and_then(|field| field.within_from_now)
        .expect("the catalogue gives a token's expiry its window");
    Duration::from_secs(ahead.seconds)
}

pub struct PersonalAccessTokens;

fn owner_id(token: &Object) -> Option<&str> {
    token.get("owner")?.get("id")?.as_str()
}

/// The vendor's refusal of a name the owner already gave another of their tokens.
fn unique_name(state: &mut State, token: &Object) -> Result<(), Refusal> {
    let (owner, name, id) = (owner_id(token), text(token, "name"), text(token, "id"));
    let taken = state
        .store
        .objects(PERSONAL_ACCESS_TOKENS.key)
        .iter()
        .any(|other| {
            owner_id(other) == owner && text(other, "name") == name && text(other, "id") != id
        });
    if !taken {
        return Ok(());
    }
    let name = name.unwrap_or_default();
    let problem = format!("A personal access token named {name} already exists for this owner.");
    Err(bad_request(state, CONFLICT, &[problem]))
}

/// When a new token expires: as asked, within six months from now, else in six months.
fn expiration(state: &mut State, token: &Object) -> Result<SystemTime, Refusal> {
    let now = SystemTime::now();
    let six_months = longest_life();
    match text(token, "expirationDate").map(humantime::parse_rfc3339_weak) {
        None => Ok(now + six_months),
        Some(Ok(time)) if time > now && time <= now + six_months => Ok(time),
        Some(_) => {
            let problem = "expirationDate must be a date-time between now and 6 months from now";
            Err(bad_request(state, BAD_REQUEST, &[problem.to_owned()]))
        }
    }
}

impl Hooks for PersonalAccessTokens {
    fn query<'c>(&self, state: &mut State, call: &'c Call) -> Result<Keep<'c>, Refusal> {
        let last_used = super::last_used::filter(state, call)?;
        let admin = state.admin.id.clone();
        let owner = call.query_value("owner-id");
        let owner = owner.map(move |id| if id == "me" { admin } else { id.to_owned() });
        Ok(Box::new(move |token: &Object| {
            owner
                .as_deref()
                .is_none_or(|owner| owner_id(token) == Some(owner))
                && last_used(token)
        }))
    }

    fn on_create(
        &self,
        state: &mut State,
        _call: &Call,
        token: &mut Object,
    ) -> Result<(), Refusal> {
        let expires = expiration(state, token)?;
        let expires = humantime::format_rfc3339_millis(expires).to_string();
        let owner = json!({"type": "IDENTITY", "id": state.admin.id, "name": state.admin.name});
        token.insert("expirationDate".into(), Value::String(expires));
        token.insert("owner".into(), owner);
        token.insert("created".into(), Value::String(now()));
        token.insert("lastUsed".into(), Value::Null);
        token.insert("managed".into(), Value::Bool(false));
        unique_name(state, token)
    }

    fn on_created(&self, state: &mut State, token: &mut Object) {
        issue_credentials(state, token);
    }

    fn on_update(
        &self,
        state: &mut State,
        _stored: &Object,
        token: &mut Object,
    ) -> Result<(), Refusal> {
        unique_name(state, token)?;
        rescope_credentials(state, token);
        Ok(())
    }

    fn on_delete(&self, state: &mut State, token: &Object) {
        revoke_credentials(state, token);
    }
}
