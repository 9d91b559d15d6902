//! Hardening over real loopback listeners: a request, and the secret it carries, reaches only
//! the server the connection names, whatever that server answers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post, put};
use axum::{Json, Router};
use gatehouse_client::{
    ApiClient, ApiRequest, ClientCredentials, ClientError, RequestBody, TokenSource,
};
use gatehouse_wire::{ApiError, ErrorKind};
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{json, Value};

const SECRET: &str = "the-client-secret";

/// Serves `router` on a fresh 127.0.0.1 port; the base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

fn token_answer() -> Json<Value> {
    Json(json!({"access_token": "issued", "token_type": "bearer", "expires_in": 749}))
}

/// A second server that would gladly take anything: it answers like a token endpoint and
/// counts every request that reaches it.
async fn elsewhere() -> (String, Arc<AtomicUsize>) {
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let router = Router::new().fallback(any(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { token_answer() }
    }));
    (serve(router).await, received)
}

fn redirect_to(status: StatusCode, location: String) -> Response {
    (status, [(header::LOCATION, location)]).into_response()
}

fn tokens(token_url: String) -> TokenSource {
    TokenSource::new(
        gatehouse_client::http_client().unwrap(),
        ClientCredentials {
            token_url,
            client_id: "gatehouse".into(),
            client_secret: SecretString::from(SECRET),
        },
    )
}

/// Asserts `error` is the refused redirect to `target`, also in the UI's shape.
fn assert_refused_redirect_to(error: ClientError, target: &str) {
    match &error {
        ClientError::RedirectRefused {
            target: refused, ..
        } => assert_eq!(refused, target),
        other => panic!("expected a refused redirect, got {other:?}"),
    }
    let shown = ApiError::from(error);
    assert_eq!(shown.kind, ErrorKind::Configuration);
    assert!(shown.message.contains(target), "{}", shown.message);
}

#[tokio::test]
async fn a_307_from_the_token_endpoint_to_a_second_listener_sends_that_listener_nothing() {
    let (other, received) = elsewhere().await;
    let location = format!("{other}/oauth/token");
    let vendor = serve(Router::new().route(
        "/oauth/token",
        post(move || async move { redirect_to(StatusCode::TEMPORARY_REDIRECT, location) }),
    ))
    .await;

    let error = tokens(format!("{vendor}/oauth/token"))
        .fetch()
        .await
        .err()
        .expect("the redirect is refused");

    assert_refused_redirect_to(error, &other);
    // The client refuses before sending, so nothing can still be on its way.
    assert_eq!(received.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_308_on_a_put_carrying_a_secret_is_not_re_sent_to_another_port() {
    let (other, received) = elsewhere().await;
    let location = format!("{other}/api/admin/demo/clients/c1");
    let vendor = serve(
        Router::new()
            .route("/oauth/token", post(|| async { token_answer() }))
            .route(
                "/api/admin/demo/clients/c1",
                put(move || async move { redirect_to(StatusCode::PERMANENT_REDIRECT, location) }),
            ),
    )
    .await;
    let api = ApiClient::new(
        gatehouse_client::http_client().unwrap(),
        &vendor,
        tokens(format!("{vendor}/oauth/token")),
    );
    let request = ApiRequest::new("updateClient", Method::PUT, "/api/admin/demo/clients/c1").body(
        RequestBody::Json(json!({"client_id": "c1", "client_secret": SECRET})),
    );

    let error = api.execute(&request).await.expect_err("refused");

    assert_refused_redirect_to(error, &other);
    assert_eq!(received.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_same_host_redirect_is_still_followed_with_its_body() {
    let forms = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = forms.clone();
    let vendor = serve(
        Router::new()
            .route(
                "/old/token",
                post(|| async {
                    redirect_to(StatusCode::TEMPORARY_REDIRECT, "/oauth/token".to_owned())
                }),
            )
            .route(
                "/oauth/token",
                post(move |form: String| async move {
                    seen.lock().unwrap().push(form);
                    token_answer()
                }),
            ),
    )
    .await;

    let grant = tokens(format!("{vendor}/old/token"))
        .fetch()
        .await
        .expect("a redirect on the same server is followed");

    assert_eq!(grant.expires_in.as_secs(), 749);
    let forms = forms.lock().unwrap();
    assert_eq!(forms.len(), 1);
    assert!(
        forms[0].contains("client_secret=the-client-secret"),
        "{}",
        forms[0]
    );
}

#[tokio::test]
async fn a_redirect_loop_on_one_server_ends_in_an_error() {
    let vendor = serve(Router::new().route(
        "/oauth/token",
        post(|| async { redirect_to(StatusCode::TEMPORARY_REDIRECT, "/oauth/token".to_owned()) }),
    ))
    .await;

    let error = tokens(format!("{vendor}/oauth/token"))
        .fetch()
        .await
        .err()
        .expect("the loop is given up");

    match error {
        ClientError::Network { message, .. } => {
            assert!(message.contains("more than 10 redirects"), "{message}")
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

/// An API client of a server whose token endpoint always issues a token.
async fn api_of(router: Router) -> ApiClient {
    let base = serve(router.route("/oauth/token", post(|| async { token_answer() }))).await;
    ApiClient::new(
        gatehouse_client::http_client().unwrap(),
        &base,
        tokens(format!("{base}/oauth/token")),
    )
    .with_policy(gatehouse_client::RetryPolicy {
        transient_retries: 0,
        ..gatehouse_client::RetryPolicy::STANDARD
    })
}

#[tokio::test]
async fn an_answer_larger_than_the_cap_is_refused_without_being_held() {
    let huge = gatehouse_client::MAX_BODY_BYTES + 1;
    let api = api_of(Router::new().route(
        "/big",
        axum::routing::get(move || async move {
            // Streamed without a length, so only counting while reading can stop it.
            let chunks =
                (0..huge / 65_536 + 1).map(|_| Ok::<_, std::io::Error>(vec![b' '; 65_536]));
            axum::body::Body::from_stream(futures_util::stream::iter(chunks))
        }),
    ))
    .await;
    let error = api
        .execute(&ApiRequest::new("big", Method::GET, "/big"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ClientError::UnexpectedResponse { message, .. } if message.contains("larger than")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_huge_vendor_error_message_is_cut_to_a_readable_length() {
    let api = api_of(Router::new().route(
        "/fails",
        axum::routing::get(|| async {
            let text = "x".repeat(100_000);
            (
                StatusCode::BAD_REQUEST,
                Json(json!({"messages": [{"text": text}]})),
            )
        }),
    ))
    .await;
    let error = api
        .execute(&ApiRequest::new("fails", Method::GET, "/fails"))
        .await
        .unwrap_err();
    let shown = ApiError::from(error);
    assert!(
        shown.message.chars().count() <= gatehouse_client::MAX_MESSAGE_CHARS + 1,
        "{} characters",
        shown.message.len()
    );
    assert!(shown.message.ends_with('…'));
}

#[tokio::test]
async fn token_endpoint_answers_are_mapped_by_status_not_all_as_refused_credentials() {
    for (status, kind) in [
        (StatusCode::TOO_MANY_REQUESTS, ErrorKind::RateLimited),
        (StatusCode::BAD_GATEWAY, ErrorKind::Server),
        (StatusCode::UNAUTHORIZED, ErrorKind::Unauthorized),
    ] {
        let base = serve(Router::new().route(
            "/oauth/token",
            post(move || async move { (status, [(header::RETRY_AFTER, "7")], "{}") }),
        ))
        .await;
        let Err(error) = tokens(format!("{base}/oauth/token")).fetch().await else {
            panic!("{status}: a token was issued");
        };
        let shown = ApiError::from(error);
        assert_eq!(shown.kind, kind, "{status}");
        if kind == ErrorKind::RateLimited {
            assert_eq!(shown.details.retry_after_seconds, Some(7));
        }
    }
}
