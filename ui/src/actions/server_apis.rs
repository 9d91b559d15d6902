//! Every API a server protects, across its services (`listAPIsByServer`), on the server's page.

use gatehouse_wire::catalog::APIS;
use leptos::prelude::*;
use serde_json::Value;

use super::specification::ApiLink;
use crate::api::{self, Target};
use crate::components::ErrorPanel;

#[component]
pub fn ServerApis(
    /// The server's id.
    id: String,
) -> impl IntoView {
    let apis = LocalResource::new(move || {
        let id = id.clone();
        async move {
            let target = Target {
                key: APIS.key,
                scope: None,
            };
            let answer = api::resource_action(&target, &id, "listAPIsByServer", None).await?;
            Ok::<_, gatehouse_wire::ApiError>(by_services(&answer))
        }
    });
    let error = RwSignal::new(None);
    view! {
        <section id="action-listAPIsByServer" class="action-panel">
            <h2>"APIs of this server"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match apis.await {
                        Ok(apis) => view! { <ApiTable apis /> }.into_any(),
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

/// The APIs of the seed's `ServerAPIs` answer, which groups them by service
/// (`apis_by_services: {service id: [API]}`), in one list.
fn by_services(answer: &Value) -> Vec<Value> {
    answer["apis_by_services"]
        .as_object()
        .into_iter()
        .flat_map(|services| services.values())
        .filter_map(Value::as_array)
        .flatten()
        .cloned()
        .collect()
}

#[component]
fn ApiTable(apis: Vec<Value>) -> impl IntoView {
    if apis.is_empty() {
        return view! { <p id="server-apis" class="muted">"No APIs: none of its services has a specification."</p> }
            .into_any();
    }
    let rows = apis
        .into_iter()
        .map(|api| {
            let text = |field: &str| api[field].as_str().unwrap_or("—").to_owned();
            view! {
                <tr class="api-row">
                    <td class="mono">{text("method")}</td>
                    <td class="mono"><ApiLink api=api.clone() /></td>
                    <td class="mono">{text("service_id")}</td>
                    <td>{text("policy_id")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table id="server-apis" class="simple-table">
            <thead><tr><th>"Method"</th><th>"Path"</th><th>"Service"</th><th>"Policy"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
