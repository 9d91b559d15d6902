//! The connections Gatehouse knows and which one is active: what every page's data is keyed on.

use gatehouse_wire::{catalog, registry, ApiError, ProfileFileProblem, ProfileView, Vendor};
use leptos::prelude::*;

use crate::api;

#[derive(Clone, Copy)]
pub struct Session {
    profiles: LocalResource<Result<Vec<ProfileView>, ApiError>>,
    /// Why the profile file cannot be used, read again with the list.
    file_problem: LocalResource<Result<Option<ProfileFileProblem>, ApiError>>,
    /// Bumped by every change to the connections, so the list is read again.
    version: RwSignal<u32>,
    /// Memos, so pages reload only when the active connection really changes, not whenever
    /// the list is read again.
    active: Memo<Option<ProfileView>>,
    active_id: Memo<Option<String>>,
    /// Why the last switch of connection failed, until the next one.
    pub switch_error: RwSignal<Option<ApiError>>,
}

impl Session {
    pub fn new() -> Self {
        let version = RwSignal::new(0_u32);
        let profiles = LocalResource::new(move || {
            version.track();
            api::list_profiles()
        });
        let file_problem = LocalResource::new(move || {
            version.track();
            api::profile_file_problem()
        });
        let active = Memo::new(move |_| {
            profiles
                .get()
                .and_then(Result::ok)
                .and_then(|profiles| profiles.into_iter().find(|view| view.active))
        });
        let active_id = Memo::new(move |_| active.get().map(|view| view.profile.id));
        Self {
            profiles,
            file_problem,
            version,
            active,
            active_id,
            switch_error: RwSignal::new(None),
        }
    }

    /// Whether the first answer (the list or why it failed) has arrived.
    pub fn loaded(&self) -> bool {
        self.profiles.with(Option::is_some)
    }

    /// The connections, empty while loading or when loading failed.
    pub fn profiles(&self) -> Vec<ProfileView> {
        self.profiles.get().and_then(Result::ok).unwrap_or_default()
    }

    /// Why the saved connections could not be read, while they cannot.
    pub fn file_problem(&self) -> Option<ProfileFileProblem> {
        self.file_problem.get().and_then(Result::ok).flatten()
    }

    pub fn load_error(&self) -> Option<ApiError> {
        self.profiles.get().and_then(Result::err)
    }

    pub fn active(&self) -> Option<ProfileView> {
        self.active.get()
    }

    /// The key every page's data is loaded under, with the resource and its version.
    pub fn active_id(&self) -> Option<String> {
        self.active_id.get()
    }

    pub fn active_vendor(&self) -> Option<Vendor> {
        self.active
            .with(|active| active.as_ref().map(|view| view.profile.vendor))
    }

    pub fn reload(&self) {
        self.version.update(|version| *version += 1);
    }

    /// Makes `id` the active connection and reads the list again.
    pub async fn select(self, id: String) -> Option<ProfileView> {
        self.switched(api::select_profile(&id).await)
    }

    /// Closes the rehearsal `id` (its sandbox stops) and reads the list again; the connection
    /// active afterwards.
    pub async fn close_rehearsal(self, id: String) -> Option<ProfileView> {
        self.switched(api::close_rehearsal(&id).await)
    }

    /// After a switch: the connection now active, or why the switch failed on screen.
    fn switched(self, answer: Result<ProfileView, ApiError>) -> Option<ProfileView> {
        match answer {
            Ok(selected) => {
                self.switch_error.set(None);
                // Marked active right away, so the pages the caller navigates to already see
                // the new connection; the reload then brings the shell's own view.
                let id = selected.profile.id.clone();
                self.profiles.update(|answer| {
                    if let Some(Ok(profiles)) = answer {
                        for view in profiles {
                            view.active = view.profile.id == id;
                        }
                    }
                });
                self.reload();
                Some(selected)
            }
            Err(error) => {
                self.switch_error.set(Some(error));
                None
            }
        }
    }

    /// Where `/` leads: the first screen of the active connection's vendor, else the
    /// connections.
    pub fn home_route(&self) -> String {
        self.active_vendor()
            .and_then(|vendor| in_sidebar(vendor).next())
            .map_or_else(
                || "/connections".to_owned(),
                |first| registry::list_route(first.key),
            )
    }
}

/// The resources with screens for `vendor`, in catalogue order.
fn on_screen(vendor: Vendor) -> impl Iterator<Item = &'static gatehouse_wire::ResourceDescription> {
    catalog::RESOURCES
        .iter()
        .copied()
        .filter(move |description| description.on_screen && description.vendor == vendor)
}

/// The sidebar's entries for `vendor`: its resources with screens, less those listed within a
/// parent's object (a server's clients are reached from the server).
pub fn in_sidebar(
    vendor: Vendor,
) -> impl Iterator<Item = &'static gatehouse_wire::ResourceDescription> {
    on_screen(vendor).filter(|description| description.parent.is_none())
}
