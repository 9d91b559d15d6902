//! `/r/:key/:id` and `/r/:key/new` (and the same within a parent, `/r/:parent/:scope/:key/...`):
//! one object, loaded and edited by the one editor.

use gatehouse_wire::{registry, ResourceDescription, Verb};
use leptos::prelude::*;

use super::{param, routed, ScopeBar};
use crate::actions::ObjectActions;
use crate::api::{self, Target};
use crate::app::NotFound;
use crate::components::{in_sentence, LoadFailed};
use crate::editor::Editor;
use crate::shell::NavLink;
use crate::state::{Ready, Session};

#[component]
pub fn ObjectRoute() -> impl IntoView {
    let (routed, id) = (routed(), param("id"));
    move || match (routed.get(), id.get()) {
        (Some((description, target)), Some(id)) => {
            view! { <ObjectPage description target id /> }.into_any()
        }
        (Some((description, target)), None)
            if description.can(Verb::Create)
                && (description.parent.is_none() || target.scope.is_some()) =>
        {
            expect_context::<Ready>().mark();
            view! {
                <ObjectFrame description target=target.clone() title=format!("New {}", in_sentence(description.singular))>
                    <Editor description target id=None loaded=None version=RwSignal::new(0) />
                </ObjectFrame>
            }
            .into_any()
        }
        _ => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn ObjectPage(
    description: &'static ResourceDescription,
    target: Target,
    id: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let ready = expect_context::<Ready>();
    let version = RwSignal::new(0_u32);
    let object_id = StoredValue::new(id);
    let target = StoredValue::new(target);
    let object = LocalResource::new(move || {
        session.active_id();
        version.track();
        let (target, id) = (target.get_value(), object_id.get_value());
        async move { api::resource_get(&target, Some(&id)).await }
    });

    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let loaded = object.await;
                ready.mark();
                let id = object_id.get_value();
                let target = target.get_value();
                match loaded {
                    Ok(Some(object)) => {
                        let target = within_its_parent(description, target, &object);
                        view! {
                        <ObjectFrame
                            description
                            target=target.clone()
                            title=description.name_of(&object)
                            object_id=id.clone()
                            owner=registry::owner_page(description, &object)
                        >
                            <Editor description target=target.clone() id=Some(id.clone()) loaded=Some(object.clone()) version />
                            <ObjectActions description target id object />
                        </ObjectFrame>
                        }
                        .into_any()
                    }
                    Ok(None) => view! {
                        <ObjectFrame description target title=id.clone()>
                            <p class="empty">{format!("There is no {} with this id.", in_sentence(description.singular))}</p>
                        </ObjectFrame>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <ObjectFrame description target title=id.clone()>
                            <LoadFailed id="load-error" error version />
                        </ObjectFrame>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// An object opened by its id alone (a service from its API's page) is still within its
/// parent: the object names it, and the page shows where it is as from the parent's list.
fn within_its_parent(
    description: &'static ResourceDescription,
    target: Target,
    object: &serde_json::Value,
) -> Target {
    let scope = target.scope.or_else(|| {
        let parent = description.parent?;
        Some(object.get(parent.field)?.as_str()?.to_owned())
    });
    Target { scope, ..target }
}

/// The object page's frame: the way back to the list, the object's name and, for an object
/// other resources are listed within (a server), the way to those.
#[component]
fn ObjectFrame(
    description: &'static ResourceDescription,
    target: Target,
    #[prop(into)] title: String,
    /// The loaded object's id, when it has one to list children within.
    #[prop(optional)]
    object_id: Option<String>,
    /// What the object belongs to besides a parent (an API's service), and its page.
    #[prop(optional_no_strip)]
    owner: Option<(&'static ResourceDescription, String)>,
    children: Children,
) -> impl IntoView {
    let has_children = registry::children_of(description.key).next().is_some();
    let within = object_id.filter(|_| has_children);
    view! {
        <section id="page-object" class="page" data-resource=description.key>
            {target.scope.clone().map(|scope| view! { <ScopeBar child=description scope /> })}
            {within.map(|scope| view! { <ScopeBar parent=description scope /> })}
            <header class="page-header">
                <nav class="breadcrumb" aria-label="Breadcrumb">
                    <NavLink href=target.list_route()>{description.title}</NavLink>
                    {owner.map(|(owner, route)| view! {
                        " · "
                        <NavLink id="owner-link" href=route>{format!("Its {}", owner.singular.to_lowercase())}</NavLink>
                    })}
                </nav>
                <h1>{title}</h1>
            </header>
            {children()}
        </section>
    }
}
