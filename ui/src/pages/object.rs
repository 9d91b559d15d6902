//! `/r/:key/:id` and `/r/:key/new`: one object, loaded and edited by the one editor.

use gatehouse_wire::{registry, ResourceDescription, Verb};
use leptos::prelude::*;

use super::{on_screen_resource, param, target};
use crate::api;
use crate::app::NotFound;
use crate::components::{in_sentence, LoadFailed};
use crate::editor::Editor;
use crate::shell::NavLink;
use crate::state::{Ready, Session};

#[component]
pub fn ObjectRoute() -> impl IntoView {
    let (key, id) = (param("key"), param("id"));
    move || {
        let description = key.with(|key| on_screen_resource(key.as_deref().unwrap_or_default()));
        match (description, id.get()) {
            (Some(description), Some(id)) => view! { <ObjectPage description id /> }.into_any(),
            (Some(description), None) if description.can(Verb::Create) => {
                expect_context::<Ready>().mark();
                view! {
                    <ObjectFrame description title=format!("New {}", in_sentence(description.singular))>
                        <Editor description target=target(description) id=None loaded=None version=RwSignal::new(0) />
                    </ObjectFrame>
                }
                .into_any()
            }
            _ => view! { <NotFound /> }.into_any(),
        }
    }
}

#[component]
fn ObjectPage(description: &'static ResourceDescription, id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let ready = expect_context::<Ready>();
    let version = RwSignal::new(0_u32);
    let object_id = StoredValue::new(id);
    let object = LocalResource::new(move || {
        session.active_id();
        version.track();
        let id = object_id.get_value();
        async move { api::resource_get(&target(description), Some(&id)).await }
    });

    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let loaded = object.await;
                ready.mark();
                let id = object_id.get_value();
                match loaded {
                    Ok(Some(object)) => view! {
                        <ObjectFrame description title=description.name_of(&object)>
                            <Editor description target=target(description) id=Some(id) loaded=Some(object) version />
                        </ObjectFrame>
                    }
                    .into_any(),
                    Ok(None) => view! {
                        <ObjectFrame description title=id.clone()>
                            <p class="empty">{format!("There is no {} with this id.", in_sentence(description.singular))}</p>
                        </ObjectFrame>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <ObjectFrame description title=id.clone()>
                            <LoadFailed id="load-error" error version />
                        </ObjectFrame>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The object page's frame: the way back to the list, and the object's name.
#[component]
fn ObjectFrame(
    description: &'static ResourceDescription,
    #[prop(into)] title: String,
    children: Children,
) -> impl IntoView {
    view! {
        <section id="page-object" class="page" data-resource=description.key>
            <header class="page-header">
                <nav class="breadcrumb" aria-label="Breadcrumb">
                    <NavLink href=registry::list_route(description.key)>{description.title}</NavLink>
                </nav>
                <h1>{title}</h1>
            </header>
            {children()}
        </section>
    }
}
