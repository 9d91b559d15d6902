//! A server's authentication methods (`updateAuthentications`): its own form, the whole
//! `Authentications` object as JSON (methods and their provider settings), reviewed as the
//! exact body before it is sent.

use gatehouse_wire::{ActionBody, ApiError, ErrorKind};
use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::{self, Target};
use crate::components::ErrorPanel;
use crate::state::Toasts;

#[component]
pub fn Authentications(
    target: Target,
    id: String,
    /// What the server says it has, if its answer carries it; else no methods.
    current: Value,
) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let (target, id) = (StoredValue::new(target), StoredValue::new(id));
    let pretty = |value: &Value| serde_json::to_string_pretty(value).unwrap_or_default();
    let text = RwSignal::new(pretty(&current));
    let reviewed = RwSignal::new(None::<Value>);
    let error = RwSignal::new(None::<ApiError>);
    let review = move |_| match serde_json::from_str::<Value>(&text.get_untracked()) {
        Ok(body @ Value::Object(_)) => {
            error.set(None);
            reviewed.set(Some(body));
        }
        _ => error.set(Some(ApiError::new(
            ErrorKind::Validation,
            "The authentications must be one JSON object, such as {\"methods\": [...]}.",
        ))),
    };
    let send = Action::new_local(move |body: &Value| {
        let body = body.clone();
        let (target, id) = (target.get_value(), id.get_value());
        async move {
            let sent = ActionBody::Json(body);
            match api::resource_action(&target, &id, "updateAuthentications", Some(sent)).await {
                Ok(saved) => {
                    reviewed.set(None);
                    text.set(pretty(&saved));
                    toasts.show("Saved the authentication methods");
                }
                Err(failure) => error.set(Some(failure)),
            }
        }
    });

    view! {
        <section id="action-updateAuthentications" class="action-panel">
            <h2>"Authentication methods"</h2>
            <p class="muted">
                "How users of this server sign in: each method with its provider's settings. "
                "Saving replaces all of them."
            </p>
            <textarea
                id="authentications-json"
                class="mono"
                rows="8"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |event| {
                    reviewed.set(None);
                    text.set(event_target_value(&event));
                }
            ></textarea>
            <ErrorPanel error />
            {move || match reviewed.get() {
                None => view! {
                    <button id="review-authentications" class="primary" on:click=review>
                        "Review the authentication methods"
                    </button>
                }
                .into_any(),
                Some(body) => {
                    let shown = pretty(&body);
                    view! {
                        <div id="authentications-review" class="review">
                            <p>"This is sent as it is:"</p>
                            <pre class="mono">{format!("PUT …/servers/{}/authentications\n{shown}", id.get_value())}</pre>
                            <div class="actions">
                                <button
                                    id="confirm-authentications"
                                    class="primary"
                                    disabled=move || send.pending().get()
                                    on:click=move |_| {
                                        send.dispatch(body.clone());
                                    }
                                >
                                    "Save"
                                </button>
                                <button id="cancel-authentications" on:click=move |_| reviewed.set(None)>
                                    "Back to editing"
                                </button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The server's authentications as its answer has them, or none yet.
pub fn current_authentications(server: &Value) -> Value {
    server
        .get("authentications")
        .cloned()
        .unwrap_or_else(|| json!({ "methods": [] }))
}
