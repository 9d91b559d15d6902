//! A server's dashboards (`listDashboards`): the links the vendor answers with, opened in the
//! system browser (the shell's navigation guard sends every web link there).

use leptos::prelude::*;
use serde_json::Value;

use crate::api::{self, Target};
use crate::components::ErrorPanel;

/// The links of the seed's `Dashboards` answer, as people read them.
const LINKS: &[(&str, &str)] = &[
    ("tenant_business_url", "Business activity"),
    ("tenant_threat_url", "Threats"),
    ("sample_business_url", "Business activity (sample data)"),
    ("sample_threat_url", "Threats (sample data)"),
];

#[component]
pub fn Dashboards(target: Target, id: String) -> impl IntoView {
    let answer = LocalResource::new(move || {
        let (target, id) = (target.clone(), id.clone());
        async move { api::resource_action(&target, &id, "listDashboards", None).await }
    });
    let error = RwSignal::new(None);
    view! {
        <section id="action-listDashboards" class="action-panel">
            <h2>"Dashboards"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match answer.await {
                        Ok(dashboards) => view! { <DashboardLinks dashboards /> }.into_any(),
                        Err(failure) => {
                            error.set(Some(failure));
                            ().into_any()
                        }
                    }
                })}
            </Suspense>
            <ErrorPanel error />
        </section>
    }
}

#[component]
fn DashboardLinks(dashboards: Value) -> impl IntoView {
    if dashboards["enabled"] == Value::Bool(false) {
        return view! { <p class="muted">"Dashboards are not enabled for this tenant."</p> }
            .into_any();
    }
    let links = LINKS
        .iter()
        .filter_map(|(field, label)| {
            let url = dashboards.get(*field)?.as_str()?.to_owned();
            Some(view! {
                <li>
                    <a class="dashboard-link" data-dashboard=*field href=url>{*label}</a>
                    " "
                    <span class="muted">"opens in your browser"</span>
                </li>
            })
        })
        .collect_view();
    view! { <ul class="dashboard-links">{links}</ul> }.into_any()
}
