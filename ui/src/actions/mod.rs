//! What an object's page offers besides its form: the vendor's actions on it, one file each
//! (true exceptions to the generic path). Found by the operation that opens each panel; the
//! registry names the element that triggers each action on screen.

mod dashboards;
mod specification;

use gatehouse_wire::{ResourceDescription, Verb};
use leptos::prelude::*;

use crate::api::Target;
use dashboards::Dashboards;
use specification::Specification;

/// The action panels of the object `id` of `description`, after its form.
#[component]
pub fn ObjectActions(
    description: &'static ResourceDescription,
    target: Target,
    id: String,
) -> impl IntoView {
    description
        .operations
        .iter()
        .filter(|operation| operation.verb == Verb::Action)
        .filter_map(|operation| {
            let (target, id) = (target.clone(), id.clone());
            match operation.name {
                "listDashboards" => Some(view! { <Dashboards target id /> }.into_any()),
                // The panel of the specification: its APIs, import and removal.
                "listAPIsByService" => Some(view! { <Specification target id /> }.into_any()),
                _ => None,
            }
        })
        .collect_view()
}
