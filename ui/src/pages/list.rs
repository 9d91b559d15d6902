//! A resource's list: the vendor's filters, then search and sort in the app over every row.
//! A refresh keeps the table on screen (a `Transition`) until the new rows are there.

use std::sync::Arc;

use gatehouse_wire::{ApiError, ResourceDescription, Verb, Workspace};
use leptos::prelude::*;

use super::developer_sign_in::DeveloperSignIn;
use super::{PageHeader, ScopeBar};
use crate::api::{self, Target};
use crate::components::{
    in_sentence, FilterBar, FilterInputs, LoadFailed, ResourceTable, Row, TableView,
};
use crate::marks;
use crate::shell::NavLink;
use crate::state::{Ready, Session};

#[component]
pub fn ListPage(description: &'static ResourceDescription, target: Target) -> impl IntoView {
    let scope = target.scope.clone();
    let new_route = target.new_route();
    let target = StoredValue::new(target);
    let session = expect_context::<Session>();
    let ready = expect_context::<Ready>();
    let filters = FilterInputs::new();
    let search = RwSignal::new(String::new());
    let kept = TableView::new();
    let version = RwSignal::new(0_u32);
    let rows = LocalResource::new(move || {
        // Keyed on the connection: switching never shows another tenant's objects.
        session.active_id();
        version.track();
        let query = filters.query(description);
        let target = target.get_value();
        async move {
            let objects = api::resource_list(&target, &query).await?;
            let arrived_at = marks::now();
            let rows: Arc<[Row]> = objects
                .iter()
                .map(|object| Row::new(description, object))
                .collect();
            marks::mark("rows-prepared");
            Ok::<_, ApiError>((rows, arrived_at))
        }
    });
    let refresh = move |_| version.update(|version| *version += 1);
    let filtered = move || !filters.query(description).is_empty();
    let plural = description.title.to_lowercase();

    view! {
        <section id=format!("page-{}", description.key) class="page">
            {scope.map(|scope| view! { <ScopeBar child=description scope /> })}
            <PageHeader description />
            {(description.workspace() == Workspace::Developer).then(|| view! { <DeveloperSignIn version /> })}
            <div class="toolbar">
                <input
                    id="search"
                    type="search"
                    // Names and ids, not prose: no spelling marks, no form history over the rows.
                    spellcheck="false"
                    autocomplete="off"
                    placeholder=format!("Search {plural}")
                    aria-label=format!("Search {plural}")
                    prop:value=move || search.get()
                    on:input=move |event| search.set(event_target_value(&event))
                    // Clearing the box programmatically (automation, the clear button) may only
                    // fire `change`.
                    on:change=move |event| search.set(event_target_value(&event))
                />
                <FilterBar description inputs=filters />
                <span class="toolbar-spacer"></span>
                <button id="refresh" class="secondary" on:click=refresh>"Refresh"</button>
                {description
                    .can(Verb::Create)
                    .then(|| {
                        let href = new_route;
                        view! {
                            <NavLink id="new-object" class="button primary" href>
                                {format!("New {}", in_sentence(description.singular))}
                            </NavLink>
                        }
                    })}
            </div>
            <Transition fallback=|| view! { <p id="list-loading" class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let loaded = rows.await;
                    ready.mark();
                    match loaded {
                        Ok((rows, _)) if rows.is_empty() => {
                            let message = if filtered() {
                                format!("No {} match these filters.", description.title)
                            } else {
                                format!("This tenant has no {} yet.", description.title)
                            };
                            view! { <div id="list-empty" class="empty"><p>{message}</p></div> }.into_any()
                        }
                        Ok((rows, arrived_at)) => view! { <ResourceTable description target=target.get_value() rows search arrived_at kept /> }.into_any(),
                        Err(error) => view! { <LoadFailed id="list-error" error version /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
