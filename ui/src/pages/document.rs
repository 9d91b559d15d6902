//! A resource that is one document rather than a form (Cloudentity's system configuration
//! export): shown read-only as the vendor sent it, less its secrets, and savable to a file.

use gatehouse_wire::ResourceDescription;
use leptos::prelude::*;
use serde_json::Value;

use crate::api::{self, Target};
use crate::components::SaveAs;

#[component]
pub fn DocumentView(
    description: &'static ResourceDescription,
    target: Target,
    document: Value,
) -> impl IntoView {
    let text = serde_json::to_string_pretty(&document).unwrap_or_default();
    let parts = summary(&document);
    let write = move |grant: String, replace: bool| {
        let target = target.clone();
        async move { api::resource_to_file(&target, None, &grant, replace).await }
    };
    view! {
        <div class="document">
            <p class="muted">
                "Read-only. Secrets are left out: each shows as a gatehouse:redacted placeholder naming the secret it stands for."
            </p>
            <table id="document-summary" class="simple-table">
                <thead><tr><th>"Part"</th><th>"Entries"</th></tr></thead>
                <tbody>
                    {parts.into_iter().map(|(part, count)| view! {
                        <tr class="document-part"><td class="mono">{part}</td><td>{count}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <SaveAs
                id="save-document"
                label="Save to a file…"
                suggested_name=format!("{}.json", description.key)
                write
            />
            <pre id="resource-document" class="mono document-text">{text}</pre>
        </div>
    }
}

/// Each top-level part of the document and how many entries it holds, in key order.
fn summary(document: &Value) -> Vec<(String, usize)> {
    document
        .as_object()
        .into_iter()
        .flatten()
        .map(|(part, value)| {
            let count = match value {
                Value::Array(items) => items.len(),
                Value::Object(entries) => entries.len(),
                Value::Null => 0,
                _ => 1,
            };
            (part.clone(), count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::summary;
    use serde_json::json;

    #[test]
    fn each_part_is_counted() {
        let document =
            json!({"servers": [{}, {}], "tenant": {"id": "t", "name": "n"}, "none": null});
        assert_eq!(
            summary(&document),
            [
                ("none".to_owned(), 0),
                ("servers".to_owned(), 2),
                ("tenant".to_owned(), 2)
            ]
        );
    }
}
