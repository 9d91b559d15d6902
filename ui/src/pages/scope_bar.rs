//! Above every page within a parent's object (a server's clients, scopes, ...) and on that
//! object's own page: where it is ("Authorization servers › Demo") and tabs for the resources
//! listed within it, derived from the catalogue's `parent` relations.

use gatehouse_wire::{catalog, registry, ResourceDescription};
use leptos::prelude::*;

use crate::api::{self, Target};
use crate::shell::NavLink;
use crate::state::Session;

#[component]
pub fn ScopeBar(
    /// The page's resource, when it is listed within the parent.
    #[prop(optional)]
    child: Option<&'static ResourceDescription>,
    /// The parent's resource, on the parent object's own page.
    #[prop(optional)]
    parent: Option<&'static ResourceDescription>,
    /// The parent object's id.
    scope: String,
) -> impl IntoView {
    let parent = parent.or_else(|| {
        child
            .and_then(|child| child.parent)
            .and_then(|parent| catalog::resource(parent.resource))
    });
    parent.map(|parent| view! { <ParentTabs parent scope /> })
}

#[component]
fn ParentTabs(parent: &'static ResourceDescription, scope: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let id = StoredValue::new(scope.clone());
    // The parent's name for the breadcrumb; its id until (or unless) it loads.
    let name = LocalResource::new(move || {
        session.active_id();
        let id = id.get_value();
        async move {
            let target = Target {
                key: parent.key,
                scope: None,
            };
            let name = match api::resource_get(&target, Some(&id)).await {
                Ok(Some(object)) => parent.name_of(&object),
                _ => id,
            };
            name
        }
    });
    let tabs = registry::children_of(parent.key)
        .filter(|child| child.on_screen)
        .map(|child| {
            view! {
                <NavLink
                    id=format!("tab-{}", child.key)
                    class="tab"
                    href=registry::list_route_in(child.key, Some(&scope))
                >
                    {child.title}
                </NavLink>
            }
        })
        .collect_view();
    view! {
        <nav id="scope-bar" class="scope-bar" aria-label=parent.singular>
            <p class="breadcrumb">
                <NavLink href=registry::list_route(parent.key)>{parent.title}</NavLink>
                " › "
                <span id="scope-name">
                    {move || name.get().unwrap_or_else(|| id.get_value())}
                </span>
            </p>
            <div class="tabs">
                <NavLink
                    id="tab-settings"
                    class="tab"
                    exact=true
                    href=registry::object_route(parent.key, &scope)
                >
                    "Settings"
                </NavLink>
                {tabs}
            </div>
        </nav>
    }
}
