//! A resource's true exceptions to the generic handler, behind one narrow trait whose every
//! method does nothing by default, and the one registry that finds them by resource key.

use std::borrow::Cow;

use axum::response::Response;
use futures_util::future::BoxFuture;
use gatehouse_wire::catalog::{
    APIS, CLIENTS, CONFIGURATION, CONSENTS, DEVELOPER_CLIENTS, DEVELOPER_SERVERS, GATEWAYS,
    OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS, PRIVACY_LEDGER_EVENTS, SCOPES, SERVERS, SERVICES,
};
use gatehouse_wire::{ResourceDescription, Verb};

use crate::call::Call;
use crate::cloudentity::{
    apis, clients, consents, developer, export, gateways, privacy_ledger, scopes, servers, services,
};
use crate::errors::Refusal;
use crate::sailpoint::{oauth_clients, personal_access_tokens};
use crate::state::{SharedState, State};
use crate::store::Object;

/// Which objects a list keeps.
pub type Keep<'c> = Box<dyn Fn(&Object) -> bool + 'c>;

pub trait Hooks: Sync {
    /// Whether calls of this resource may see `object` at all (a developer sees only their
    /// own clients).
    fn visible(&self, _object: &Object) -> bool {
        true
    }

    /// Which objects a list keeps by the query the vendor documents for it; a query the
    /// vendor refuses is refused.
    fn query<'c>(&self, _state: &mut State, _call: &'c Call) -> Result<Keep<'c>, Refusal> {
        Ok(Box::new(|_| true))
    }

    /// Completes or refuses a new object before the generic checks (room, parent, id,
    /// unique fields): what the vendor sets itself, rules the description cannot say.
    fn on_create(&self, _state: &mut State, _object: &mut Object) -> Result<(), Refusal> {
        Ok(())
    }

    /// What creating the object does besides storing it, once it passed every check and has
    /// its id (a gateway's own client).
    fn on_created(&self, _state: &mut State, _object: &mut Object) {}

    /// The answer an operation of `verb` gives for a stored object: the object unless the
    /// vendor shows more (a gateway with its client) or less (a developer's view of a server).
    fn on_read<'o>(&self, _state: &State, object: Cow<'o, Object>, _verb: Verb) -> Cow<'o, Object> {
        object
    }

    /// Completes or refuses an update of `stored` before it is stored.
    fn on_update(
        &self,
        _state: &mut State,
        _stored: &Object,
        _updated: &mut Object,
    ) -> Result<(), Refusal> {
        Ok(())
    }

    /// What goes with a deleted object besides the objects that name it as their owner.
    fn on_delete(&self, _state: &mut State, _removed: &Object) {}

    /// The answer to a call the generic handler does not serve: the resource's actions, or
    /// every operation of a resource that is not stored (the configuration export).
    fn action<'a>(
        &'a self,
        _state: &'a SharedState,
        _call: &'a Call,
    ) -> Option<BoxFuture<'a, Response>> {
        None
    }
}

/// An action answered at once.
pub fn answered(response: Response) -> Option<BoxFuture<'static, Response>> {
    Some(Box::pin(std::future::ready(response)))
}

/// A resource with no exceptions: the generic handler serves it whole.
struct Generic;

impl Hooks for Generic {}

/// Every resource with exceptions, with its hooks.
static REGISTRY: &[(&ResourceDescription, &dyn Hooks)] = &[
    (&OAUTH_CLIENTS, &oauth_clients::OAuthClients),
    (
        &PERSONAL_ACCESS_TOKENS,
        &personal_access_tokens::PersonalAccessTokens,
    ),
    (&SERVERS, &servers::Servers),
    (&CLIENTS, &clients::Clients),
    (&SCOPES, &scopes::Scopes),
    (&SERVICES, &services::Services),
    (&APIS, &apis::Apis),
    (&GATEWAYS, &gateways::Gateways),
    (&CONSENTS, &consents::Consents),
    (&PRIVACY_LEDGER_EVENTS, &privacy_ledger::PrivacyLedger),
    (&DEVELOPER_CLIENTS, &developer::DeveloperClients),
    (&DEVELOPER_SERVERS, &developer::DeveloperServers),
    (&CONFIGURATION, &export::Export),
];

/// The hooks of the resource `key`.
pub fn of(key: &str) -> &'static dyn Hooks {
    REGISTRY
        .iter()
        .find(|(description, _)| description.key == key)
        .map_or(&Generic, |(_, hooks)| *hooks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_wire::catalog::resource;

    #[test]
    fn every_resource_with_hooks_is_described_once() {
        for (index, (description, _)) in REGISTRY.iter().enumerate() {
            let described = resource(description.key).expect("a described resource");
            assert!(std::ptr::eq(described, *description), "{}", description.key);
            assert!(
                REGISTRY[..index]
                    .iter()
                    .all(|(earlier, _)| earlier.key != description.key),
                "{} has hooks twice",
                description.key
            );
        }
    }
}
