//! One module per kind of route. Every resource is served by the same pages; a resource's
//! differences (capabilities, singleton, fields, filters, columns) come from its description.

mod list;
mod lookup;
mod object;
mod profile_form;
mod profiles;
mod singleton;

use gatehouse_wire::{catalog, ResourceDescription, Verb};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::Target;
use crate::app::NotFound;
use crate::state::Session;
use list::ListPage;
use lookup::LookupPage;
pub use object::ObjectRoute;
pub use profiles::ProfilesPage;
use singleton::SingletonPage;

/// The description behind `key`, if the active connection's vendor has screens for it.
fn on_screen_resource(key: &str) -> Option<&'static ResourceDescription> {
    let vendor = expect_context::<Session>().active_vendor();
    catalog::resource(key)
        .filter(|description| description.on_screen && Some(description.vendor) == vendor)
}

/// Where a page's objects live. The resources on screen have no parent, so there is no parent
/// id to scope them by.
fn target(description: &'static ResourceDescription) -> Target {
    Target {
        key: description.key,
        scope: None,
    }
}

/// The route parameter `name`, as a memo so unrelated URL changes do not rebuild the page.
fn param(name: &'static str) -> Memo<Option<String>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|params| params.get(name)))
}

/// `/r/:key`: the list, the only page of a singleton, or the lookup of a resource that can be
/// read by id but not listed.
#[component]
pub fn ResourceRoute() -> impl IntoView {
    let key = param("key");
    move || {
        let description = key.with(|key| on_screen_resource(key.as_deref().unwrap_or_default()));
        match description {
            Some(description) if description.is_singleton() => {
                view! { <SingletonPage description /> }.into_any()
            }
            Some(description) if description.can(Verb::List) => {
                view! { <ListPage description /> }.into_any()
            }
            Some(description) if description.can(Verb::Get) => {
                view! { <LookupPage description /> }.into_any()
            }
            _ => view! { <NotFound /> }.into_any(),
        }
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
