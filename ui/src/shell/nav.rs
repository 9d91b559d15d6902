//! The sidebar, generated from the catalogue: the active vendor's resources, then connections.

use gatehouse_wire::registry;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::shell::header::vendor_short;
use crate::state::{in_sidebar, Session, UnsavedGuard};

/// An in-app link that asks before leaving unsaved edits.
#[component]
pub fn NavLink(
    #[prop(into)] href: String,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional, into)] class: Option<String>,
    /// Current only at exactly its address, not also below it (a parent object's own tab).
    #[prop(optional)]
    exact: bool,
    children: Children,
) -> impl IntoView {
    let guard = expect_context::<UnsavedGuard>();
    let pathname = use_location().pathname;
    let current = {
        let href = href.clone();
        move || {
            pathname.with(|path| {
                path == &href
                    || !exact
                        && path
                            .strip_prefix(href.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
            })
        }
    };
    view! {
        <a
            id=id
            class=class
            href=href.clone()
            class:current=current.clone()
            aria-current=move || current().then_some("page")
            on:click=guard.on_link_click(href)
        >
            {children()}
        </a>
    }
}

#[component]
pub fn Sidebar() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <nav class="sidebar" aria-label="Resources">
            {move || {
                session
                    .active_vendor()
                    .filter(|vendor| in_sidebar(*vendor).next().is_some())
                    .map(|vendor| {
                        view! {
                            <p class="nav-heading">{vendor_short(vendor)}</p>
                            {in_sidebar(vendor)
                                .map(|description| {
                                    view! {
                                        <NavLink
                                            id=format!("nav-{}", description.key)
                                            class="nav-item"
                                            href=registry::list_route(description.key)
                                        >
                                            {description.title}
                                        </NavLink>
                                    }
                                })
                                .collect_view()}
                        }
                    })
            }}
            <p class="nav-heading">"Gatehouse"</p>
            <NavLink id="nav-profiles" class="nav-item" href="/connections">
                "Connections"
            </NavLink>
            <NavLink id="nav-export" class="nav-item" href="/export">
                "Export"
            </NavLink>
            <NavLink id="nav-compare" class="nav-item" href="/compare">
                "Compare"
            </NavLink>
        </nav>
    }
}
