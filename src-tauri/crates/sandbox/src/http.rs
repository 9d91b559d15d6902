//! The router and the one gate every request passes: the sandbox's own Host only, a bounded
//! body, recording, latency, bearer tokens and the rate limit, so handlers only deal with their
//! resource.

use std::sync::Mutex;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, Request, State as Shared};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::post;
use axum::Router;

use crate::cloudentity::sign_in::{self, SignedInDeveloper};
use crate::state::{Audience, SharedState, State, Vendor};
use crate::tokens::Refused;
use crate::{auth, call, dialect, errors, lock, recording, scopes, InjectedFault, RecordedRequest};

/// Every route, behind the gate; `port` is the one the sandbox listens on.
pub fn router(state: SharedState, port: u16) -> Router {
    let body_limit = lock(&state).limits.request_body_bytes;
    let gate_state = Gate {
        state: state.clone(),
        port,
    };
    Router::new()
        .route("/oauth/token", post(auth::sailpoint_token))
        .route(
            "/{tid}/admin/oauth2/token",
            post(auth::cloudentity_admin_token),
        )
        .route(
            "/system/system/oauth2/token",
            post(auth::cloudentity_system_token),
        )
        .route(
            "/{tid}/{aid}/oauth2/token",
            post(auth::cloudentity_server_token),
        )
        .merge(sign_in::routes())
        .merge(call::routes(Router::new()))
        .fallback(not_found)
        // The gate has checked the size already; handlers take what it let through.
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(gate_state, gate))
        .with_state(state)
}

/// Which API a path belongs to, so which tokens it takes; `None` for token endpoints.
fn audience_of(path: &str) -> Option<Audience> {
    if path.starts_with("/beta/") || path.starts_with("/v3/") {
        Some(Audience::SailPoint)
    } else if path.starts_with("/api/system/") {
        Some(Audience::CloudentitySystem)
    } else if path.starts_with("/api/developer/") {
        Some(Audience::CloudentityDeveloper)
    } else if path.starts_with("/api/") {
        Some(Audience::CloudentityTenant)
    } else {
        None
    }
}

/// Whose error bodies a path answers with: SailPoint's for its API and token endpoint.
fn vendor_of(path: &str) -> Vendor {
    match audience_of(path) {
        Some(audience) => audience.vendor(),
        None if path.starts_with("/oauth/") => Vendor::SailPoint,
        None => Vendor::Cloudentity,
    }
}

async fn not_found(Shared(state): Shared<SharedState>, request: Request) -> Response {
    let path = request.uri().path();
    *dialect::of(vendor_of(path)).not_found(&mut lock(&state), path)
}

/// The bearer token of a request, if it carries one.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or(value.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// Whether the request is addressed to the sandbox itself: `127.0.0.1`, `localhost` or `[::1]`
/// with its port. A page that rebinds its own name to 127.0.0.1 still sends its name.
fn addressed_to(port: u16, parts: &Parts) -> bool {
    let host = match parts.headers.get(header::HOST) {
        Some(value) => value.to_str().ok(),
        // HTTP/2 carries the host in the URI's authority instead.
        None => parts.uri.authority().map(|authority| authority.as_str()),
    };
    let Some((name, host_port)) = host.and_then(|host| host.rsplit_once(':')) else {
        return false;
    };
    host_port.parse() == Ok(port)
        && ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|own| name.eq_ignore_ascii_case(own))
}

/// The state the gate needs besides the sandbox's: the port it answers on.
#[derive(Clone)]
struct Gate {
    state: SharedState,
    port: u16,
}

async fn gate(Shared(gate): Shared<Gate>, request: Request, next: Next) -> Response {
    let state = gate.state;
    let (mut parts, body) = request.into_parts();
    let vendor = vendor_of(parts.uri.path());
    if !addressed_to(gate.port, &parts) {
        let tracking = lock(&state).random_hex(16);
        return errors::misdirected(vendor, tracking);
    }
    let latency = lock(&state).faults.latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    // Who asks is settled before the body is read: an unauthenticated client gets its 401
    // without the sandbox taking in, or waiting for, a byte of what it sends.
    let granted = match audience_of(parts.uri.path()) {
        Some(audience) => {
            let validated = bearer(&parts.headers)
                .ok_or(Refused::Missing)
                .and_then(|token| lock(&state).validate_token(token, audience));
            match validated {
                Ok(granted) => {
                    // A developer token is issued to the developer who signed in.
                    if audience == Audience::CloudentityDeveloper {
                        let developer = SignedInDeveloper(granted.0.clone());
                        parts.extensions.insert(developer);
                    }
                    Some(granted)
                }
                Err(refused) => {
                    let refusal = errors::unauthorized(vendor, refused.reason());
                    return unauthenticated(&state, refusal);
                }
            }
        }
        None => {
            let refused =
                auth::refused_basic_credentials(&lock(&state), parts.uri.path(), &parts.headers);
            if let Some(refusal) = refused {
                return unauthenticated(&state, refusal);
            }
            None
        }
    };
    let limits = lock(&state).limits;
    let Ok(bytes) = to_bytes(body, limits.request_body_bytes).await else {
        let tracking = lock(&state).random_hex(16);
        return errors::too_large(vendor, limits.request_body_bytes, tracking);
    };
    let (recorded_body, body_truncated) =
        recording::recorded_body(&parts.headers, &bytes, limits.recorded_body_bytes);
    let mut record = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(recording::redacted_query),
        body: recorded_body,
        body_truncated,
        status: 0,
        reached_handler: false,
        fault: None,
    };
    let mut fault = None;
    let refusal = granted
        .as_ref()
        .and_then(|(client, scopes)| refusal(&state, &parts, vendor, client, scopes, &mut fault));
    let response = match refusal {
        Some(refusal) => refusal,
        None => {
            record.reached_handler = true;
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    };
    // Token requests count as authenticated when their client credentials were good.
    let authenticated =
        granted.is_some() || response.extensions().get::<auth::Authenticated>().is_some();
    let mut guard = lock(&state);
    if authenticated {
        record.status = response.status().as_u16();
        record.fault = fault;
        guard.record(record);
    } else {
        guard.unauthenticated_requests += 1;
    }
    if fault == Some(InjectedFault::LostAnswer) {
        return errors::dropped_connection();
    }
    response
}

/// `refusal`, for a request that is counted as unauthenticated and not logged.
fn unauthenticated(state: &Mutex<State>, refusal: Response) -> Response {
    lock(state).unauthenticated_requests += 1;
    refusal
}

/// What an authenticated request is refused with before its handler runs: the rate limit,
/// missing scopes, injected faults. `fault` says which fault was injected, also when the
/// request goes on to its handler and loses its answer after.
fn refusal(
    state: &Mutex<State>,
    parts: &Parts,
    vendor: Vendor,
    client: &str,
    scopes: &[String],
    fault: &mut Option<InjectedFault>,
) -> Option<Response> {
    let mut guard = lock(state);
    if let Some(wait) = guard.rate_limited(client, Instant::now()) {
        return Some(errors::rate_limited(vendor, wait));
    }
    let needed = scopes::required(&parts.method, parts.uri.path());
    if !scopes::satisfied(needed, scopes) {
        let tracking = guard.random_hex(16);
        return Some(errors::forbidden(vendor, needed, tracking));
    }
    if guard.answers_to_lose > 0 {
        guard.answers_to_lose -= 1;
        *fault = Some(InjectedFault::LostAnswer);
        return None;
    }
    let faults = guard.faults.clone();
    if guard.roll(faults.server_errors_percent) {
        *fault = Some(InjectedFault::ServerError);
        let tracking = guard.random_hex(16);
        return Some(errors::internal(vendor, tracking));
    }
    if guard.roll(faults.dropped_connections_percent) {
        *fault = Some(InjectedFault::DroppedConnection);
        return Some(errors::dropped_connection());
    }
    if guard.roll(faults.lost_answers_percent) {
        *fault = Some(InjectedFault::LostAnswer);
    }
    None
}
