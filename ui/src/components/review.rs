//! The review before anything is sent: field by field what changes, and always the exact
//! request a confirmation will send.

use gatehouse_wire::{PlannedRequest, Review};
use leptos::prelude::*;

use crate::components::display_value;

#[component]
pub fn ReviewPanel(
    review: Review,
    /// Held while a save is in flight or a rate limit has not run out.
    #[prop(into)]
    confirm_blocked: Signal<bool>,
    on_confirm: impl Fn() + 'static,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let has_request = review.request.is_some();
    // A create has no old values: its request body says everything.
    let show_changes = !review.creating && !review.changes.is_empty();
    view! {
        <section id="change-preview" class="review" aria-labelledby="change-preview-title">
            <h2 id="change-preview-title">
                {if review.creating { "What will be created" } else { "What this save changes" }}
            </h2>
            {show_changes
                .then(|| {
                    view! {
                        <table class="changes">
                            <thead>
                                <tr>
                                    <th>"Field"</th>
                                    <th>"Now"</th>
                                    <th></th>
                                    <th>"After saving"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {review
                                    .changes
                                    .iter()
                                    .map(|change| {
                                        view! {
                                            <tr class="change-row" data-field=change.field.clone()>
                                                <td>{change.label.clone()}</td>
                                                <td class="old">{display_value(&change.old)}</td>
                                                <td class="arrow" aria-label="becomes">"→"</td>
                                                <td class="new">{display_value(&change.new)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            {match review.request {
                Some(request) => view! { <Request request /> }.into_any(),
                None => {
                    view! { <p class="muted">"Nothing changed: there is nothing to send."</p> }
                        .into_any()
                }
            }}
            <div class="actions">
                {has_request
                    .then(|| {
                        view! {
                            <button
                                id="confirm-save"
                                class="primary"
                                autofocus
                                disabled=move || confirm_blocked.get()
                                on:click=move |_| on_confirm()
                            >
                                "Confirm and send"
                            </button>
                        }
                    })}
                <button id="cancel-save" class="secondary" on:click=move |_| on_cancel()>
                    "Back to editing"
                </button>
            </div>
        </section>
    }
}

/// Method, path and pretty-printed body, exactly as they will be sent.
#[component]
fn Request(request: PlannedRequest) -> impl IntoView {
    let body = serde_json::to_string_pretty(&request.body).unwrap_or_default();
    view! {
        <div id="planned-request" class="planned-request">
            <h3>"Request"</h3>
            <p class="request-line mono">
                <span class="method">{request.method}</span>
                " "
                <span class="path">{request.path}</span>
            </p>
            <p class="muted request-meta">
                {format!("{} · {}", request.operation, request.content_type)}
            </p>
            <pre class="request-body mono">{body}</pre>
        </div>
    }
}
