//! Which command and which screen action reach each operation, derived from the descriptions:
//! the generic pages put the same element ids on screen that this names, and the end-to-end
//! tests look for them there.

use crate::catalog::CONFIGURATION;
use crate::catalog::{resource, RESOURCES};
use crate::profile::Vendor;
use crate::resource::{Operation, ResourceDescription, UpdateStyle, Verb};

/// Where in the window an operation is triggered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenAction {
    /// The route of the page (`/r/oauth-clients`, `/r/oauth-clients/:id`).
    pub route: String,
    /// A CSS selector of the element that triggers it.
    pub element: &'static str,
    /// What the administrator does, in words.
    pub does: &'static str,
}

/// How an operation is reached: the shell command that sends it and the screen action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub command: &'static str,
    pub screen: ScreenAction,
}

/// The route of a resource's list (or only) page.
pub fn list_route(key: &str) -> String {
    format!("/r/{key}")
}

/// The route of one object's page.
pub fn object_route(key: &str, id: &str) -> String {
    format!("/r/{key}/{id}")
}

/// The route of a resource's list within `scope`, its parent's id: a child resource's list
/// lives under its parent's object (`/r/servers/{aid}/clients`), so the scope is in the address
/// and survives a reload. Without a scope, or for a resource with no parent, the plain route.
pub fn list_route_in(key: &str, scope: Option<&str>) -> String {
    let parent = resource(key).and_then(|description| description.parent);
    match (parent, scope) {
        (Some(parent), Some(scope)) => format!("/r/{}/{scope}/{key}", parent.resource),
        _ => list_route(key),
    }
}

/// The route of one object's page within `scope` (see [`list_route_in`]).
pub fn object_route_in(key: &str, scope: Option<&str>, id: &str) -> String {
    format!("{}/{id}", list_route_in(key, scope))
}

/// The resources listed within one object of `key` (a server's clients, scopes, ...), in
/// catalogue order: derived from each child's `parent`.
pub fn children_of(key: &str) -> impl Iterator<Item = &'static ResourceDescription> + '_ {
    RESOURCES.iter().copied().filter(move |description| {
        description
            .parent
            .is_some_and(|parent| parent.resource == key)
    })
}

/// Whether a resource is configuration an administrator can restore: something the vendor
/// lets them create or change. Logs (the privacy ledger) and other views of the same objects
/// (the developer portal's) are not.
pub fn is_configuration(description: &ResourceDescription) -> bool {
    description.alias_of.is_none()
        && (description.can(Verb::Create) || description.update != UpdateStyle::None)
}

/// The types an export of `vendor` can hold, in catalogue order: its configuration, and
/// Cloudentity's system export.
pub fn exported_types(vendor: Vendor) -> impl Iterator<Item = &'static ResourceDescription> {
    RESOURCES.iter().copied().filter(move |description| {
        description.vendor == vendor
            && (is_configuration(description) || description.key == CONFIGURATION.key)
    })
}

/// The resources whose objects cannot outlive one of `collection`, with the property that
/// names it: derived from each resource's owners (its parent first), never listed by the owner.
/// The sandbox deletes them with their owner; the delete dialog lists them.
pub fn dependents(
    collection: &str,
) -> impl Iterator<Item = (&'static ResourceDescription, &'static str)> + '_ {
    RESOURCES
        .iter()
        .copied()
        .filter(|description| description.alias_of.is_none())
        .flat_map(move |description| {
            description
                .owners()
                .filter(move |owner| owner.resource == collection)
                .map(move |owner| (description, owner.field))
        })
}

/// The objects `object` of `description` owns (a gateway's client): the resource of each and
/// its id, from the fields marked [`owns`](crate::FieldSpec::owns). They go when it goes.
pub fn owned<'a>(
    description: &'static ResourceDescription,
    object: &'a serde_json::Map<String, serde_json::Value>,
) -> impl Iterator<Item = (&'static ResourceDescription, &'a str)> + 'a {
    description.fields.iter().filter_map(move |field| {
        let id = object.get(field.name)?.as_str()?;
        Some((resource(field.owns?)?, id))
    })
}

/// The page of the object `object` belongs to (an API's service), when its description has an
/// owner besides a parent and the object names it: where its page leads back to.
pub fn owner_page(
    description: &ResourceDescription,
    object: &serde_json::Value,
) -> Option<(&'static ResourceDescription, String)> {
    description.belongs_to.iter().find_map(|owner| {
        let id = object.get(owner.field)?.as_str()?;
        Some((resource(owner.resource)?, object_route(owner.resource, id)))
    })
}

/// The actions with a screen of their own (one file each in `ui/src/actions/`): the element on
/// their object's page that triggers each, the command that sends it, and what the
/// administrator does.
struct ActionOnScreen {
    operation: &'static str,
    /// `resource_action`, or for an action that reads or writes a file the administrator
    /// picks, `resource_action_from_file` or `resource_action_to_file`.
    command: &'static str,
    element: &'static str,
    does: &'static str,
}

const ACTIONS_ON_SCREEN: &[ActionOnScreen] = &[
    ActionOnScreen {
        operation: "importSpecificationFromFile",
        command: "resource_action_from_file",
        element: "#import-specification-file",
        does: "choose a file in the system's dialog, import",
    },
    ActionOnScreen {
        operation: "getGatewayPackage",
        command: "resource_action_to_file",
        element: "#download-package",
        does: "choose where in the system's dialog, save",
    },
    ActionOnScreen {
        operation: "listDashboards",
        command: "resource_action",
        element: "#action-listDashboards a.dashboard-link",
        does: "open a dashboard in the browser",
    },
    ActionOnScreen {
        operation: "listAPIsByService",
        command: "resource_action",
        element: "#service-apis",
        does: "open the service",
    },
    ActionOnScreen {
        operation: "listAPIsByServer",
        command: "resource_action",
        element: "#server-apis",
        does: "open the server",
    },
    ActionOnScreen {
        operation: "updateAuthentications",
        command: "resource_action",
        element: "#review-authentications",
        does: "edit the methods, review, save",
    },
    ActionOnScreen {
        operation: "importSpecificationFromText",
        command: "resource_action",
        element: "#import-specification-text",
        does: "paste a specification, import",
    },
    ActionOnScreen {
        operation: "importSpecificationFromURL",
        command: "resource_action",
        element: "#import-specification-url",
        does: "give its URL, import",
    },
    ActionOnScreen {
        operation: "removeSpecification",
        command: "resource_action",
        element: "#remove-specification",
        does: "remove, confirm",
    },
];

/// The resource on whose object's page an action is offered: the one whose read of one object
/// its path extends (`/servers/{aid}/apis` is a server's, though it lists APIs).
pub fn action_home(action: &Operation) -> Option<&'static ResourceDescription> {
    RESOURCES.iter().copied().find(|description| {
        description
            .operation(Verb::Get)
            .is_some_and(|get| action.path.starts_with(&format!("{}/", get.path)))
    })
}

/// The actions offered on the page of an object of `description`, whichever resource each
/// belongs to in the catalogue.
pub fn actions_on_page_of(
    description: &ResourceDescription,
) -> impl Iterator<Item = &'static Operation> + '_ {
    RESOURCES
        .iter()
        .flat_map(|resource| resource.operations.iter())
        .filter(move |operation| {
            operation.verb == Verb::Action
                && action_home(operation).is_some_and(|home| home.key == description.key)
        })
}

/// How the operation named `operation` of `description` is reached from the window, if it is.
pub fn reach(description: &ResourceDescription, operation: &str) -> Option<Reach> {
    let verb = description.operation_named(operation)?.verb;
    // An action is on the page of its home's objects, whether or not its own resource has
    // pages (a server's APIs).
    let shown_on = match verb {
        Verb::Action => action_home(description.operation_named(operation)?)?,
        _ => description,
    };
    if !shown_on.on_screen {
        return None;
    }
    let scope = description
        .parent
        .map(|parent| format!(":{}", parent.param));
    let list = list_route_in(description.key, scope.as_deref());
    let object = object_route_in(description.key, scope.as_deref(), ":id");
    let singleton = description.is_singleton();
    let (command, route, element, does) = match verb {
        Verb::List => ("resource_list", list, "#resource-table", "open the list"),
        // One document, nothing to edit (the system configuration export).
        Verb::Get if singleton && description.fields.is_empty() => {
            ("resource_get", list, "#resource-document", "open the page")
        }
        Verb::Get if singleton => ("resource_get", list, "#resource-form", "open the page"),
        Verb::Get if description.can(Verb::List) => {
            ("resource_get", list, "tr.resource-row", "open a row")
        }
        Verb::Get => ("resource_get", list, "#lookup-form", "look up by id"),
        Verb::Create if singleton => (
            "resource_create",
            list,
            "#create-button",
            "create it, when the tenant has none yet",
        ),
        Verb::Create => ("resource_create", list, "#new-object", "new, then review"),
        Verb::Update if singleton => ("resource_save", list, "#save-button", "review, confirm"),
        Verb::Update => ("resource_save", object, "#save-button", "review, confirm"),
        Verb::Delete => (
            "resource_delete",
            object,
            "#delete-button",
            "delete, confirm",
        ),
        Verb::Action => {
            let on_screen = ACTIONS_ON_SCREEN
                .iter()
                .find(|action| action.operation == operation)?;
            let home = action_home(description.operation_named(operation)?)?;
            let scope = home.parent.map(|parent| format!(":{}", parent.param));
            let route = object_route_in(home.key, scope.as_deref(), ":id");
            (on_screen.command, route, on_screen.element, on_screen.does)
        }
    };
    Some(Reach {
        command,
        screen: ScreenAction {
            route,
            element,
            does,
        },
    })
}

/// The resource and reach of a seed operation, `None` when the window cannot trigger it.
pub fn reach_of(operation: &str) -> Option<(&'static ResourceDescription, Reach)> {
    RESOURCES.iter().find_map(|description| {
        description.operation_named(operation)?;
        Some((*description, reach(description, operation)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{AUTH_USERS, CLIENTS, OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};
    use crate::PASSWORD_ORG_CONFIG;

    #[test]
    fn each_verb_has_its_command_and_element() {
        let patch = reach(&OAUTH_CLIENTS, "patch-oauth-client").unwrap();
        assert_eq!(patch.command, "resource_save");
        assert_eq!(patch.screen.route, "/r/oauth-clients/:id");
        let lookup = reach(&AUTH_USERS, "get-auth-user").unwrap();
        assert_eq!(lookup.screen.element, "#lookup-form");
        let row = reach(&PERSONAL_ACCESS_TOKENS, "delete-personal-access-token").unwrap();
        assert_eq!(row.screen.element, "#delete-button");
        let create = reach(&PASSWORD_ORG_CONFIG, "create-password-org-config").unwrap();
        assert_eq!(create.screen.element, "#create-button");
        assert!(reach(&OAUTH_CLIENTS, "no-such-operation").is_none());
    }

    #[test]
    fn each_cloudentity_api_takes_its_own_workspaces_token() {
        use crate::catalog::{CONFIGURATION, DEVELOPER_CLIENTS, SERVERS};
        use crate::Workspace;
        assert_eq!(SERVERS.workspace(), Workspace::Admin);
        assert_eq!(DEVELOPER_CLIENTS.workspace(), Workspace::Developer);
        assert_eq!(CONFIGURATION.workspace(), Workspace::System);
        assert_eq!(
            OAUTH_CLIENTS.workspace(),
            Workspace::Admin,
            "SailPoint has one"
        );
    }

    #[test]
    fn a_child_resource_is_reached_within_its_parents_object() {
        let update = reach(&CLIENTS, "updateClient").unwrap();
        assert_eq!(update.screen.route, "/r/servers/:aid/clients/:id");
        let list = reach(&CLIENTS, "listClients").unwrap();
        assert_eq!(list.screen.route, "/r/servers/:aid/clients");
        assert_eq!(list_route_in("clients", None), "/r/clients");
        assert_eq!(list_route_in("policies", Some("ignored")), "/r/policies");
        assert_eq!(
            object_route_in("scopes", Some("default"), "s1"),
            "/r/servers/default/scopes/s1"
        );
        let apis = reach(&crate::catalog::APIS, "listAPIsByServer").unwrap();
        assert_eq!(apis.screen.route, "/r/servers/:id", "on the server's page");
        let on_servers: Vec<_> = actions_on_page_of(&crate::catalog::SERVERS)
            .map(|action| action.name)
            .collect();
        assert_eq!(
            on_servers,
            [
                "updateAuthentications",
                "listDashboards",
                "listAPIsByServer"
            ]
        );
        let children: Vec<_> = children_of("servers").map(|child| child.key).collect();
        assert_eq!(
            children,
            ["clients", "scopes", "claims", "services", "gateways"]
        );
    }
}
