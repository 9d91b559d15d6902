//! A resource listed within a parent (a server's clients) opened with no parent chosen: the
//! parents to choose from, each leading to the resource's list within it.

use gatehouse_wire::{catalog, registry, ResourceDescription};
use leptos::prelude::*;

use super::PageHeader;
use crate::api::{self, Target};
use crate::components::{in_sentence, LoadFailed};
use crate::shell::NavLink;
use crate::state::{Ready, Session};

#[component]
pub fn ParentPicker(description: &'static ResourceDescription) -> impl IntoView {
    let session = expect_context::<Session>();
    let ready = expect_context::<Ready>();
    let parent = description
        .parent
        .and_then(|parent| catalog::resource(parent.resource))
        .expect("a child resource's parent is described (a catalogue test checks it)");
    let version = RwSignal::new(0_u32);
    let parents = LocalResource::new(move || {
        session.active_id();
        version.track();
        let target = Target {
            key: parent.key,
            scope: None,
        };
        async move { api::resource_list(&target, &[]).await }
    });
    let question = format!(
        "Choose the {} whose {} to open:",
        in_sentence(parent.singular),
        description.title.to_lowercase()
    );
    view! {
        <section id=format!("page-{}", description.key) class="page">
            <PageHeader description />
            <p class="muted">{question}</p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let loaded = parents.await;
                    ready.mark();
                    match loaded {
                        Ok(parents) if parents.is_empty() => view! {
                            <div id="parent-picker" class="empty">
                                <p>{format!("This tenant has no {} yet.", parent.title)}</p>
                                <NavLink class="button primary" href=format!("{}/new", registry::list_route(parent.key))>
                                    {format!("New {}", in_sentence(parent.singular))}
                                </NavLink>
                            </div>
                        }
                        .into_any(),
                        Ok(parents) => view! {
                            <ul id="parent-picker" class="parent-picker">
                                {parents
                                    .into_iter()
                                    .filter_map(|object| {
                                        let id = parent.id_of(&object)?.to_owned();
                                        let href = registry::list_route_in(description.key, Some(&id));
                                        let name = parent.name_of(&object);
                                        Some(view! {
                                            <li>
                                                <NavLink class="parent-choice" href>
                                                    <span class="parent-name">{name}</span>
                                                    <code class="parent-id">{id}</code>
                                                </NavLink>
                                            </li>
                                        })
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <LoadFailed id="list-error" error version /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
