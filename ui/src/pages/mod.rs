//! One module per kind of route. Every resource is served by the same pages; a resource's
//! differences (capabilities, singleton, fields, filters, columns) come from its description.

mod compare;
mod developer_sign_in;
mod document;
mod export;
mod list;
mod lookup;
mod object;
mod parent_picker;
mod profile_form;
mod profiles;
mod refused_profiles;
mod restore_panel;
mod sail_import;
mod scope_bar;
mod singleton;

use gatehouse_wire::{catalog, ResourceDescription, Verb};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::Target;
use crate::app::NotFound;
use crate::state::Session;
pub use compare::ComparePage;
pub use export::ExportPage;
use list::ListPage;
use lookup::LookupPage;
pub use object::ObjectRoute;
use parent_picker::ParentPicker;
pub use profiles::ProfilesPage;
use scope_bar::ScopeBar;
use singleton::SingletonPage;

/// The description behind `key`, if the active connection's vendor has screens for it.
fn on_screen_resource(key: &str) -> Option<&'static ResourceDescription> {
    let vendor = expect_context::<Session>().active_vendor();
    catalog::resource(key)
        .filter(|description| description.on_screen && Some(description.vendor) == vendor)
}

/// Where a page's objects live, from the route alone: `/r/:key/...` for a resource with no
/// parent, `/r/:parent/:scope/:key/...` for one listed within its parent's object. `None` when
/// the address does not fit the resource (a parent segment it has no such parent for).
/// A child resource's route without a parent yields a target without a scope: its page asks
/// for the parent first.
fn route_target(
    description: &'static ResourceDescription,
    parent: Option<String>,
    scope: Option<String>,
) -> Option<Target> {
    let fits = match (description.parent, parent.as_deref()) {
        (_, None) => true,
        (Some(expected), Some(parent)) => expected.resource == parent,
        (None, Some(_)) => false,
    };
    fits.then(|| Target {
        key: description.key,
        scope: scope.filter(|_| parent.is_some()),
    })
}

/// The route's resource and where its objects live, for the routes that name a resource.
fn routed() -> Memo<Option<(&'static ResourceDescription, Target)>> {
    let (key, parent, scope) = (param("key"), param("parent"), param("scope"));
    Memo::new(move |_| {
        let description = key.with(|key| on_screen_resource(key.as_deref().unwrap_or_default()))?;
        let target = route_target(description, parent.get(), scope.get())?;
        Some((description, target))
    })
}

/// The route parameter `name`, as a memo so unrelated URL changes do not rebuild the page.
fn param(name: &'static str) -> Memo<Option<String>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|params| params.get(name)))
}

/// `/r/:key` and `/r/:parent/:scope/:key`: the list, the only page of a singleton, the lookup
/// of a resource that can be read by id but not listed, or, for a resource listed within a
/// parent when no parent is chosen, the choice of one.
#[component]
pub fn ResourceRoute() -> impl IntoView {
    let routed = routed();
    move || match routed.get() {
        Some((description, target)) if description.parent.is_some() && target.scope.is_none() => {
            view! { <ParentPicker description /> }.into_any()
        }
        Some((description, target)) if description.is_singleton() => {
            view! { <SingletonPage description target /> }.into_any()
        }
        Some((description, target)) if description.can(Verb::List) => {
            view! { <ListPage description target /> }.into_any()
        }
        Some((description, target)) if description.can(Verb::Get) => {
            view! { <LookupPage description target /> }.into_any()
        }
        _ => view! { <NotFound /> }.into_any(),
    }
}

/// The title block every resource page starts with.
#[component]
fn PageHeader(
    description: &'static ResourceDescription,
    #[prop(optional, into)] subtitle: Option<String>,
) -> impl IntoView {
    let path = description
        .operation(Verb::List)
        .or_else(|| description.operation(Verb::Get))
        .map(|operation| operation.path);
    view! {
        <header class="page-header">
            <h1>{description.title}</h1>
            <p class="subtitle">
                {subtitle}
                {path.map(|path| view! { <code class="api-path">{path}</code> })}
            </p>
        </header>
    }
}
