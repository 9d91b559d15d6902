//! A resource that can be read by id but not listed (SailPoint auth users, Cloudentity APIs):
//! look one up, or create one where the vendor allows it.

use gatehouse_wire::{ApiError, ErrorKind, ResourceDescription, Vendor, Verb};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::PageHeader;
use crate::api::{self, Target};
use crate::components::ErrorPanel;
use crate::shell::NavLink;
use crate::state::{Ready, Session};

/// The fact a connection test names the connection's own identity by.
const OWN_IDENTITY: &str = "identity_id";

#[component]
pub fn LookupPage(description: &'static ResourceDescription, target: Target) -> impl IntoView {
    let target = StoredValue::new(target);
    let session = expect_context::<Session>();
    // Nothing to load: the page is ready as it is.
    expect_context::<Ready>().mark();
    let navigate = use_navigate();
    let id = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let open = {
        let navigate = navigate.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let typed = id.get_untracked();
            let typed = typed.trim();
            if !typed.is_empty() {
                navigate(
                    &target.with_value(|target| target.object_route(typed)),
                    Default::default(),
                );
            }
        }
    };
    let open_mine = Action::new_local(move |_: &()| {
        let connection = session.active_id();
        let navigate = navigate.clone();
        async move {
            let Some(connection) = connection else { return };
            let own = api::test_connection(&connection).await.and_then(|report| {
                report
                    .facts
                    .into_iter()
                    .find_map(|(fact, value)| (fact == OWN_IDENTITY).then_some(value))
                    .ok_or_else(|| {
                        ApiError::new(
                            ErrorKind::Unexpected,
                            "The connection's token does not name an identity to open.",
                        )
                    })
            });
            match own {
                Ok(own) => navigate(
                    &target.with_value(|target| target.object_route(&own)),
                    Default::default(),
                ),
                Err(failure) => error.set(Some(failure)),
            }
        }
    });
    let label = format!("{} id", description.singular);
    // SailPoint's tokens act for an identity, so "the connection's own" names one.
    let has_own = description.vendor == Vendor::SailPoint;
    let new_route = target.with_value(|target| target.new_route());
    // What the lookup's objects are listed on instead (an API, on its service's page).
    let listed_with = description
        .belongs_to
        .iter()
        .filter_map(|owner| gatehouse_wire::catalog::resource(owner.resource))
        .map(|owner| {
            format!(
                "They are listed on each {}'s page. ",
                owner.singular.to_lowercase()
            )
        })
        .collect::<String>();

    view! {
        <section id=format!("page-{}", description.key) class="page">
            <PageHeader
                description
                subtitle=format!("The vendor offers no list of {}: open one by its id. {listed_with}", description.title.to_lowercase())
            />
            {description.can(Verb::Create).then(|| view! {
                <div class="toolbar">
                    <NavLink id="new-object" class="button primary" href=new_route>
                        {format!("New {}", crate::components::in_sentence(description.singular))}
                    </NavLink>
                </div>
            })}
            <ErrorPanel error />
            <form id="lookup-form" class="resource-form lookup-form" on:submit=open>
                <div class="field">
                    <label for="lookup-id">{label}</label>
                    <input
                        id="lookup-id"
                        class="mono"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || id.get()
                        on:input=move |event| id.set(event_target_value(&event))
                    />
                </div>
                <div class="actions">
                    <button id="lookup-submit" type="submit" class="primary" disabled=move || id.with(|id| id.trim().is_empty())>
                        "Open"
                    </button>
                    {has_own.then(|| view! {
                        <button
                            id="lookup-me"
                            type="button"
                            class="secondary"
                            disabled=move || open_mine.pending().get()
                            on:click=move |_| {
                                open_mine.dispatch(());
                            }
                        >
                            "Open the connection's own"
                        </button>
                    })}
                </div>
            </form>
        </section>
    }
}
