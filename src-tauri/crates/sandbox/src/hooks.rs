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
    fn visible(&self, _call: &Call, _object: &Object) -> bool {
        true
    }

    /// Which objects a list keeps by the query the vendor documents for it; a query the
    /// vendor refuses is refused.
    fn query<'c>(&self, _state: &mut State, _call: &'c Call) -> Result<Keep<'c>, Refusal> {
        Ok(Box::new(|_| true))
    }

    /// Completes or refuses a new object before the generic checks (room, parent, id,
    /// unique fields): what the vendor sets itself, rules the description cannot say.
    fn on_create(
        &self,
        _state: &mut State,
        _call: &Call,
        _object: &mut Object,
    ) -> Result<(), Refusal> {
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
    use crate::generic::remove;
    use crate::store::text;
    use crate::SandboxConfig;
    use gatehouse_wire::catalog::{resource, CLAIMS, POLICIES};
    use gatehouse_wire::registry::dependents;

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

    #[test]
    fn what_cannot_outlive_an_object_is_derived_from_each_resources_owners() {
        let of = |collection| -> Vec<(&str, &str)> {
            dependents(collection)
                .map(|(dependent, field)| (dependent.key, field))
                .collect()
        };
        let by_server = "authorization_server_id";
        assert_eq!(
            of(SERVERS.key),
            [
                (CLIENTS.key, by_server),
                (SCOPES.key, by_server),
                (CLAIMS.key, by_server),
                (SERVICES.key, by_server),
                (GATEWAYS.key, by_server),
            ]
        );
        assert_eq!(
            of(SERVICES.key),
            [(SCOPES.key, "service_id"), (APIS.key, "service_id")]
        );
        assert!(of(POLICIES.key).is_empty() && of(DEVELOPER_CLIENTS.key).is_empty());
    }

    fn demo_tenant() -> State {
        State::new(&SandboxConfig {
            seed: Some(20),
            ..SandboxConfig::default()
        })
    }

    /// How many objects of `key` name `id` in `field`.
    fn naming(state: &State, key: &str, field: &str, id: &str) -> usize {
        let objects = state.store.objects(key).iter();
        objects
            .filter(|object| text(object, field) == Some(id))
            .count()
    }

    fn position(state: &State, description: &ResourceDescription, id: &str) -> usize {
        let field = description.id_field.unwrap();
        let objects = state.store.objects(description.key);
        objects
            .iter()
            .position(|object| text(object, field) == Some(id))
            .unwrap()
    }

    #[test]
    fn deleting_a_server_deletes_its_clients_scopes_claims_services_gateways_and_their_apis() {
        let mut state = demo_tenant();
        let owned = [&CLIENTS, &SCOPES, &CLAIMS, &SERVICES, &GATEWAYS];
        let by_server = "authorization_server_id";
        for description in owned {
            assert!(naming(&state, description.key, by_server, "default") > 0);
        }
        assert!(!state.store.objects(APIS.key).is_empty());
        let policies = state.store.objects(POLICIES.key).len();

        let at = position(&state, &SERVERS, "default");
        remove(&mut state, &SERVERS, at);

        for description in owned {
            let left = naming(&state, description.key, by_server, "default");
            assert_eq!(left, 0, "{}", description.key);
        }
        assert!(
            state.store.objects(APIS.key).is_empty(),
            "the APIs of its services"
        );
        assert_eq!(
            state.store.objects(POLICIES.key).len(),
            policies,
            "a policy names its server but does not belong to it"
        );
        assert!(state.store.find(SERVERS.key, "id", "partners").is_some());
    }

    #[test]
    fn deleting_a_service_deletes_its_apis_and_scopes_only() {
        let mut state = demo_tenant();
        let service = text(&state.store.objects(SERVICES.key)[0], "id")
            .unwrap()
            .to_owned();
        assert!(naming(&state, APIS.key, "service_id", &service) > 0);
        assert!(naming(&state, SCOPES.key, "service_id", &service) > 0);
        let scopes = state.store.objects(SCOPES.key).len();

        let at = position(&state, &SERVICES, &service);
        remove(&mut state, &SERVICES, at);

        assert_eq!(naming(&state, APIS.key, "service_id", &service), 0);
        assert_eq!(naming(&state, SCOPES.key, "service_id", &service), 0);
        assert_eq!(
            state.store.objects(SCOPES.key).len(),
            scopes - 1,
            "the server's other scopes stay"
        );
    }

    #[test]
    fn deleting_a_gateway_deletes_its_own_client() {
        let mut state = demo_tenant();
        let gateway = state.store.objects(GATEWAYS.key)[0].clone();
        let client = text(&gateway, "client_id").unwrap().to_owned();
        assert!(state
            .store
            .find(CLIENTS.key, "client_id", &client)
            .is_some());

        remove(&mut state, &GATEWAYS, 0);

        assert!(state
            .store
            .find(CLIENTS.key, "client_id", &client)
            .is_none());
        assert!(
            !state.store.objects(CLIENTS.key).is_empty(),
            "the others stay"
        );
    }
}
