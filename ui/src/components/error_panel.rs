//! Shows an `ApiError` the way an administrator needs it: what failed, the vendor's detail code
//! and tracking id (what support asks for), and when a rate-limited call can be retried.

use std::time::Duration;

use gatehouse_wire::{ApiError, ErrorKind};
use leptos::prelude::*;

use crate::shell::NavLink;

/// `retry_wait` (optional) receives the seconds left before a rate-limited call may be retried,
/// counting down to 0, so the page can hold its retry button until then.
#[component]
pub fn ErrorPanel(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional)] retry_wait: Option<RwSignal<u64>>,
) -> impl IntoView {
    let retry_wait = retry_wait.unwrap_or_else(|| RwSignal::new(0));
    let ticking = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        let wait = error
            .get()
            .filter(|error| error.kind == ErrorKind::RateLimited)
            .and_then(|error| error.details.retry_after_seconds)
            .unwrap_or(0);
        if let Some(previous) = ticking.get_value() {
            previous.clear();
        }
        retry_wait.set(wait);
        if wait > 0 {
            let tick = move || retry_wait.update(|left| *left = left.saturating_sub(1));
            ticking.set_value(set_interval_with_handle(tick, Duration::from_secs(1)).ok());
        }
    });

    move || {
        error.get().map(|error| {
            let details = *error.details;
            let status_line = match (details.status, details.operation) {
                (Some(status), Some(operation)) => Some(format!("HTTP {status} · {operation}")),
                (Some(status), None) => Some(format!("HTTP {status}")),
                (None, Some(operation)) => Some(operation),
                (None, None) => None,
            };
            let rate_limited = error.kind == ErrorKind::RateLimited;
            let unauthorized = error.kind == ErrorKind::Unauthorized;
            let secret_required = error.kind == ErrorKind::SecretRequired;
            view! {
                <div id="error-panel" class="error-panel" role="alert">
                    <p class="error-message">{error.message}</p>
                    {status_line.map(|line| view! { <p class="error-meta">{line}</p> })}
                    {details
                        .path
                        .map(|path| {
                            view! {
                                <p class="error-meta">
                                    "File: " <code class="error-path">{path}</code>
                                </p>
                            }
                        })}
                    {details
                        .detail_code
                        .map(|code| {
                            view! {
                                <p class="error-meta">
                                    "Detail code: " <code class="detail-code">{code}</code>
                                </p>
                            }
                        })}
                    {details
                        .tracking_id
                        .map(|id| {
                            view! {
                                <p class="error-meta">
                                    "Tracking id: " <code class="tracking-id">{id}</code>
                                </p>
                            }
                        })}
                    {(!details.messages.is_empty())
                        .then(|| {
                            view! {
                                <ul class="vendor-messages">
                                    {details
                                        .messages
                                        .into_iter()
                                        .map(|message| view! { <li>{message}</li> })
                                        .collect_view()}
                                </ul>
                            }
                        })}
                    {rate_limited
                        .then(|| {
                            view! {
                                <p id="retry-countdown" class="retry">
                                    {move || match retry_wait.get() {
                                        0 => "You can retry now.".to_owned(),
                                        left => format!("Retry possible in {left} s"),
                                    }}
                                </p>
                            }
                        })}
                    {unauthorized
                        .then(|| {
                            view! {
                                <p class="hint">
                                    "The vendor refused the credentials. "
                                    <NavLink href="/connections">"Check the connection"</NavLink>
                                </p>
                            }
                        })}
                    {secret_required
                        .then(|| {
                            view! {
                                <p class="hint">
                                    <NavLink id="enter-secret" href="/connections">"Enter the secret in Connections"</NavLink>
                                </p>
                            }
                        })}
                </div>
            }
        })
    }
}

/// A page whose data failed to load: why, and a retry held until a rate limit runs out. Never
/// shown as "nothing there".
#[component]
pub fn LoadFailed(
    id: &'static str,
    error: ApiError,
    /// The page's data version; bumping it loads again.
    version: RwSignal<u32>,
) -> impl IntoView {
    let retry_wait = RwSignal::new(0_u64);
    view! {
        <div id=id class="load-failed">
            <ErrorPanel error=Signal::stored(Some(error)) retry_wait />
            <button
                id="retry-load"
                class="primary"
                disabled=move || retry_wait.get() != 0
                on:click=move |_| version.update(|version| *version += 1)
            >
                "Try again"
            </button>
        </div>
    }
}
