//! The shell of the UI: header with the connection switcher, navigation, and the current page.

use gatehouse_wire::{ApiError, ProfileSource, ProfileView, Vendor};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::ErrorPanel;
use crate::pages::{PasswordConfigPage, ProfilesPage};

/// The screens; the navigation below lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    PasswordOrgConfig,
    Connections,
}

struct NavEntry {
    page: Page,
    id: &'static str,
    label: &'static str,
    /// The vendor whose API the page uses; `None` for the app's own pages.
    vendor: Option<Vendor>,
}

const NAVIGATION: &[NavEntry] = &[
    NavEntry {
        page: Page::PasswordOrgConfig,
        id: "nav-password-org-config",
        label: "Password config",
        vendor: Some(Vendor::SailPoint),
    },
    NavEntry {
        page: Page::Connections,
        id: "nav-profiles",
        label: "Connections",
        vendor: None,
    },
];

/// State every page shares.
#[derive(Clone, Copy)]
pub struct AppState {
    pub profiles: RwSignal<Vec<ProfileView>>,
    pub page: RwSignal<Page>,
    /// Bumped whenever the active connection changes, so pages reload their data.
    pub connection_epoch: RwSignal<u32>,
    pub load_error: RwSignal<Option<ApiError>>,
}

impl AppState {
    pub fn active(&self) -> Option<ProfileView> {
        self.profiles
            .get()
            .into_iter()
            .find(|profile| profile.active)
    }

    /// Reloads the profile list; `then` runs with the fresh list.
    pub fn reload_profiles(self, then: impl FnOnce(&[ProfileView]) + 'static) {
        spawn_local(async move {
            match api::list_profiles().await {
                Ok(profiles) => {
                    then(&profiles);
                    self.profiles.set(profiles);
                    self.load_error.set(None);
                }
                Err(error) => self.load_error.set(Some(error)),
            }
        });
    }

    /// Makes `id` the active connection and reloads what depends on it.
    pub fn activate(self, id: String) {
        spawn_local(async move {
            match api::select_profile(&id).await {
                Ok(_) => self.reload_profiles(move |_| {
                    self.connection_epoch.update(|epoch| *epoch += 1);
                }),
                Err(error) => self.load_error.set(Some(error)),
            }
        });
    }
}

fn start_page(profiles: &[ProfileView]) -> Page {
    match profiles.iter().find(|profile| profile.active) {
        Some(active) if active.profile.vendor == Vendor::SailPoint => Page::PasswordOrgConfig,
        _ => Page::Connections,
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        profiles: RwSignal::new(Vec::new()),
        page: RwSignal::new(Page::Connections),
        connection_epoch: RwSignal::new(0),
        load_error: RwSignal::new(None),
    };
    provide_context(state);
    let started = RwSignal::new(false);
    state.reload_profiles(move |profiles| {
        state.page.set(start_page(profiles));
        started.set(true);
    });

    view! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true"></span>
                "Gatehouse"
            </div>
            <ConnectionSwitcher />
        </header>
        <div class="layout">
            <nav class="sidebar" aria-label="Resources">
                {NAVIGATION
                    .iter()
                    .map(|entry| {
                        let page = entry.page;
                        let vendor = entry.vendor;
                        view! {
                            <button
                                id=entry.id
                                class="nav-item"
                                class:current=move || state.page.get() == page
                                on:click=move |_| state.page.set(page)
                            >
                                <span>{entry.label}</span>
                                {vendor
                                    .map(|vendor| {
                                        let short = match vendor {
                                            Vendor::SailPoint => "SailPoint",
                                            Vendor::Cloudentity => "Cloudentity",
                                        };
                                        view! { <span class="nav-vendor">{short}</span> }
                                    })}
                            </button>
                        }
                    })
                    .collect_view()}
            </nav>
            <main class="content">
                <ErrorPanel error=state.load_error />
                <Show when=move || started.get()>
                    {move || match state.page.get() {
                        Page::PasswordOrgConfig => view! { <PasswordConfigPage /> }.into_any(),
                        Page::Connections => view! { <ProfilesPage /> }.into_any(),
                    }}
                </Show>
            </main>
        </div>
    }
}

/// The header's connection picker: switching it switches every page to that tenant.
#[component]
fn ConnectionSwitcher() -> impl IntoView {
    let state = expect_context::<AppState>();
    let active = move || state.active();
    view! {
        <div class="switcher">
            <label for="profile-switcher">"Connection"</label>
            <select
                id="profile-switcher"
                on:change=move |event| state.activate(event_target_value(&event))
            >
                {move || {
                    state
                        .profiles
                        .get()
                        .into_iter()
                        .map(|view| {
                            let label = format!(
                                "{} — {}",
                                view.profile.name,
                                view.profile.vendor.label(),
                            );
                            view! {
                                <option value=view.profile.id.clone() selected=view.active>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <Show when=move || {
                active().is_some_and(|view| view.source == ProfileSource::Sandbox)
            }>
                <span class="badge sandbox" title="Local emulator: nothing here touches a real tenant">
                    "Sandbox"
                </span>
            </Show>
        </div>
    }
}
