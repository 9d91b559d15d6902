//! The first screen's list, asked for as soon as the connections are known rather than once
//! its page has rendered. Rendering that page first lets WebKit start the window's first
//! paint (over 100 ms of style, layout and software painting), and the list's answer then
//! waits for it: asked for at once, the answer is usually in before that paint begins.

use std::time::Duration;

use gatehouse_wire::{ApiError, ProfileView, ResourceDescription, Verb};
use leptos::prelude::*;
use serde_json::Value;

use super::session::on_screen;
use crate::api::{self, Target};
use crate::components::FilterInputs;
use crate::marks;

/// How long the pages wait for the first list before they show without it: enough for an
/// answer from the sandbox or a near tenant, short enough that a slow tenant's page (with its
/// own "Loading…") still shows at once.
const WAIT: Duration = Duration::from_millis(150);

/// A list asked for ahead of its page, with the connection and query it was asked with.
struct Fetched {
    profile_id: String,
    key: &'static str,
    query: Vec<(String, String)>,
    answer: Result<Vec<Value>, ApiError>,
    arrived_at: f64,
}

#[derive(Clone, Copy)]
pub struct FirstList {
    fetched: StoredValue<Option<Fetched>>,
    /// Whether the pages may show: the list arrived, the wait ran out, or none was asked for.
    settled: RwSignal<bool>,
}

impl FirstList {
    pub fn new() -> Self {
        Self {
            fetched: StoredValue::new(None),
            settled: RwSignal::new(false),
        }
    }

    /// Asks for the list `/` leads to with `active` as the connection, when the window
    /// starts at `/`.
    pub fn start(self, active: Option<&ProfileView>) {
        let first = active
            .filter(|_| at_start_page())
            .and_then(|view| Some((view.profile.id.clone(), home_list(view)?)));
        let Some((profile_id, description)) = first else {
            self.settled.set(true);
            return;
        };
        let Self { fetched, settled } = self;
        set_timeout(move || settled.set(true), WAIT);
        let query = FilterInputs::new().query(description);
        leptos::task::spawn_local(async move {
            let target = Target {
                key: description.key,
                scope: None,
            };
            let answer = api::resource_list(&target, &query).await;
            let arrived_at = marks::now();
            // Once the pages show, the page has asked for its list itself.
            if !settled.get_untracked() {
                fetched.set_value(Some(Fetched {
                    profile_id,
                    key: description.key,
                    query,
                    answer,
                    arrived_at,
                }));
                settled.set(true);
            }
        });
    }

    pub fn settled(&self) -> bool {
        self.settled.get()
    }

    /// The list asked for ahead, with when it arrived, if it is `key`'s with `query` on
    /// `profile_id`. Given out once: whatever asks next (a refresh, another page) asks the
    /// shell.
    pub fn take(
        &self,
        profile_id: Option<&str>,
        key: &str,
        query: &[(String, String)],
    ) -> Option<(Result<Vec<Value>, ApiError>, f64)> {
        self.fetched
            .try_update_value(Option::take)
            .flatten()
            .filter(|fetched| {
                Some(fetched.profile_id.as_str()) == profile_id
                    && fetched.key == key
                    && fetched.query == query
            })
            .map(|fetched| (fetched.answer, fetched.arrived_at))
    }
}

/// The list `/` leads to for `active`'s vendor, if its first screen is a list.
fn home_list(active: &ProfileView) -> Option<&'static ResourceDescription> {
    on_screen(active.profile.vendor)
        .next()
        .filter(|description| !description.is_singleton() && description.can(Verb::List))
}

fn at_start_page() -> bool {
    web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .is_some_and(|path| path == "/")
}
