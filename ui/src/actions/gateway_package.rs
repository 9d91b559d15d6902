//! A gateway's installation package (`getGatewayPackage`): saved where the administrator
//! chooses in the system's save dialog, written whole or not at all, and over an existing file
//! only once they agree to replace it.

use leptos::prelude::*;

use crate::api::{self, Target};
use crate::components::{file_stem, SaveAs};

#[component]
pub fn GatewayPackage(
    target: Target,
    id: String,
    /// The gateway's name, for the file's suggested name.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let write = move |grant: String, replace: bool| {
        let (target, id) = (target.clone(), id.clone());
        async move {
            api::resource_action_to_file(&target, &id, "getGatewayPackage", &grant, replace).await
        }
    };
    view! {
        <section id="action-getGatewayPackage" class="action-panel">
            <h2>"Installation package"</h2>
            <p class="muted">
                "The gateway's configuration, to install it with. Keep it safe: it holds the gateway's credentials."
            </p>
            <SaveAs
                id="download-package"
                label="Save the package as…"
                suggested_name=format!("{}-package.tar.gz", file_stem(&name))
                write
            />
        </section>
    }
}
