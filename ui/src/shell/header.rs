//! The top bar: which connection every page talks to, the switcher, and the theme.

use std::future::Future;

use gatehouse_wire::{catalog, registry, ProfileSource, ProfileView, Vendor};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api;
use crate::shell::nav::NavLink;
use crate::state::{Session, ThemeToggle, UnsavedGuard};

pub fn vendor_short(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::SailPoint => "SailPoint",
        Vendor::Cloudentity => "Cloudentity",
    }
}

/// The tenant a connection reaches: Cloudentity's tenant id, else the API host.
fn tenant(view: &ProfileView) -> String {
    view.profile.tenant_id.clone().unwrap_or_else(|| {
        let url = view.profile.base_url.trim();
        let host = url.split_once("://").map_or(url, |(_, rest)| rest);
        host.split('/').next().unwrap_or(host).to_owned()
    })
}

/// A connection as the switcher names it: its name, and its vendor when the name does not say
/// it already (the select is narrow: "Sandbox · SailPoint — SailPoint Identity Security Cloud"
/// showed as "Sandbox · SailPoint — SailPo").
fn switcher_label(name: &str, vendor: Vendor) -> String {
    let vendor = vendor_short(vendor);
    if name.to_lowercase().contains(&vendor.to_lowercase()) {
        name.to_owned()
    } else {
        format!("{name} — {vendor}")
    }
}

/// Where to be after switching to a connection of `vendor` while on `path`: the same list if
/// the new vendor has it (an object of the old tenant is not in the new one), else the start.
fn after_switch(path: &str, vendor: Vendor) -> String {
    let Some(rest) = path.strip_prefix("/r/") else {
        return path.to_owned();
    };
    let key = rest.split('/').next().unwrap_or_default();
    match catalog::resource(key) {
        Some(description) if description.vendor == vendor => registry::list_route(key),
        _ => "/".to_owned(),
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let in_flight = api::in_flight();
    let busy = Memo::new(move |_| in_flight.get() > 0);
    view! {
        <div id="progress" class="progress" class:busy=busy aria-hidden="true"></div>
        <header class="topbar">
            <NavLink class="brand" href="/">
                <span class="logo" aria-hidden="true"></span>
                "Gatehouse"
            </NavLink>
            <ActiveConnection />
            <div class="topbar-controls">
                <ConnectionSwitcher />
                <ThemeToggle />
            </div>
        </header>
    }
}

#[component]
fn ActiveConnection() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <div id="active-connection" class="active-connection">
            {move || match session.active() {
                Some(view) => {
                    let sandbox = view.source == ProfileSource::Sandbox;
                    let rehearsal = view.source == ProfileSource::Rehearsal;
                    view! {
                        <span class="connection-name">{view.profile.name.clone()}</span>
                        <span class="connection-vendor">{vendor_short(view.profile.vendor)}</span>
                        <span class="connection-tenant mono">{tenant(&view)}</span>
                        {sandbox
                            .then(|| {
                                view! {
                                    <span
                                        class="badge sandbox"
                                        title="Local emulator: nothing here touches a real tenant"
                                    >
                                        "Sandbox"
                                    </span>
                                }
                            })}
                        {rehearsal
                            .then(|| {
                                view! {
                                    <span
                                        id="rehearsal-badge"
                                        class="badge sandbox"
                                        title="A sandbox opened from an export: rehearse a restore here, nothing touches a real tenant"
                                    >
                                        "Rehearsal"
                                    </span>
                                    <CloseRehearsal id=view.profile.id.clone() />
                                }
                            })}
                    }
                        .into_any()
                }
                None => view! { <span class="muted">"No active connection"</span> }.into_any(),
            }}
        </div>
    }
}

/// An action that changes the active connection with `switch` (a selection, a rehearsal's
/// close) and then shows the page the administrator was on for the new connection, or its
/// vendor's first screen where that page does not exist.
fn switching<Switch, Switched>(switch: Switch) -> Action<String, ()>
where
    Switch: Fn(Session, String) -> Switched + 'static,
    Switched: Future<Output = Option<ProfileView>> + 'static,
{
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let location = use_location();
    Action::new_local(move |id: &String| {
        let navigate = navigate.clone();
        let path = location.pathname.get_untracked();
        let switched = switch(session, id.clone());
        async move {
            if let Some(active) = switched.await {
                navigate(
                    &after_switch(&path, active.profile.vendor),
                    Default::default(),
                );
            }
        }
    })
}

/// Stops the active rehearsal's sandbox and goes back to the connection active before it
/// opened; asks first when a form has unsaved edits, as a switch does.
#[component]
fn CloseRehearsal(id: String) -> impl IntoView {
    let guard = expect_context::<UnsavedGuard>();
    let close = switching(Session::close_rehearsal);
    view! {
        <button
            id="close-rehearsal"
            class="topbar-button"
            type="button"
            title="Stop this sandbox and go back to the connection you came from"
            disabled=move || close.pending().get()
            on:click=move |_| {
                let id = id.clone();
                guard.leave(move || {
                    close.dispatch(id);
                });
            }
        >
            "Close"
        </button>
    }
}

/// Switching asks first when a form has unsaved edits, then reloads every page for the new
/// tenant.
#[component]
fn ConnectionSwitcher() -> impl IntoView {
    let session = expect_context::<Session>();
    let guard = expect_context::<UnsavedGuard>();
    let switch = switching(Session::select);
    let choose = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        // The switcher keeps showing the active connection until the switch is done.
        event_target::<web_sys::HtmlSelectElement>(&event)
            .set_value(&session.active_id().unwrap_or_default());
        guard.leave(move || {
            switch.dispatch(chosen);
        });
    };
    view! {
        <div class="switcher">
            <label for="profile-switcher">"Connection"</label>
            <select
                id="profile-switcher"
                disabled=move || switch.pending().get()
                prop:value=move || session.active_id().unwrap_or_default()
                on:change=choose
            >
                {move || {
                    session
                        .profiles()
                        .into_iter()
                        .map(|view| {
                            let label =
                                switcher_label(&view.profile.name, view.profile.vendor);
                            view! {
                                <option value=view.profile.id.clone() selected=view.active>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switcher_names_the_vendor_only_when_the_name_does_not() {
        assert_eq!(
            switcher_label("Sandbox · SailPoint", Vendor::SailPoint),
            "Sandbox · SailPoint"
        );
        assert_eq!(
            switcher_label("acme cloudentity lab", Vendor::Cloudentity),
            "acme cloudentity lab"
        );
        assert_eq!(
            switcher_label("Production", Vendor::SailPoint),
            "Production — SailPoint"
        );
    }
}
