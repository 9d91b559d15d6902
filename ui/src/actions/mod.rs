//! What an object's page offers besides its form: the vendor's actions on it, one file each
//! (true exceptions to the generic path). Found by the operation that opens each panel; the
//! registry names the element that triggers each action on screen.

mod authentications;
mod dashboards;
mod gateway_package;
mod server_apis;
mod specification;

use gatehouse_wire::{registry, ResourceDescription};
use leptos::prelude::*;

use crate::api::Target;
use authentications::{current_authentications, Authentications};
use dashboards::Dashboards;
use gateway_package::GatewayPackage;
use server_apis::ServerApis;
use specification::Specification;

/// The action panels of the object `id` of `description`, after its form.
#[component]
pub fn ObjectActions(
    description: &'static ResourceDescription,
    target: Target,
    id: String,
    /// The object as its page loaded it.
    object: serde_json::Value,
) -> impl IntoView {
    registry::actions_on_page_of(description)
        .filter_map(|operation| {
            let (target, id) = (target.clone(), id.clone());
            match operation.name {
                "listDashboards" => Some(view! { <Dashboards target id /> }.into_any()),
                "updateAuthentications" => {
                    let current = current_authentications(&object);
                    Some(view! { <Authentications target id current /> }.into_any())
                }
                // The panel of the specification: its APIs, import and removal.
                "listAPIsByService" => Some(view! { <Specification target id /> }.into_any()),
                "listAPIsByServer" => Some(view! { <ServerApis id /> }.into_any()),
                "getGatewayPackage" => {
                    let name = description.name_of(&object);
                    Some(view! { <GatewayPackage target id name /> }.into_any())
                }
                _ => None,
            }
        })
        .collect_view()
}
