//! Which command and which screen action reach each operation, derived from the descriptions:
//! the generic pages put the same element ids on screen that this names, and the end-to-end
//! tests look for them there.

use crate::catalog::RESOURCES;
use crate::resource::{ResourceDescription, Verb};

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

/// How the operation named `operation` of `description` is reached from the window, if it is.
pub fn reach(description: &ResourceDescription, operation: &str) -> Option<Reach> {
    if !description.on_screen {
        return None;
    }
    let verb = description.operation_named(operation)?.verb;
    let list = list_route(description.key);
    let object = object_route(description.key, ":id");
    let singleton = description.is_singleton();
    let (command, route, element, does) = match verb {
        Verb::List => ("resource_list", list, "#resource-table", "open the list"),
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
        Verb::Action => return None,
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
    use crate::catalog::{AUTH_USERS, OAUTH_CLIENTS, PERSONAL_ACCESS_TOKENS};
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
}
