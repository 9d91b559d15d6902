//! Malformed answers (truncated JSON, wrong types, HTML error pages, empty bodies, bodies over
//! the size cap) from the token endpoint and the API, under any status and content type: each
//! call ends in the right typed value or a typed error with a short, non-empty message, never a
//! panic. A raw HTTP server on 127.0.0.1 plays the vendor, so any byte can be answered.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_client::cloudentity::Server;
use gatehouse_client::sailpoint::{AccessType, GrantType, NewOAuthClient};
use gatehouse_client::{
    ApiClient, ClientCredentials, ClientError, CloudentityClient, RetryPolicy, SailPointClient,
    TokenSource, VendorError, MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_VENDOR_MESSAGES,
};
use gatehouse_wire::{ApiError, ErrorKind};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the fake vendor sends as a body.
#[derive(Debug, Clone)]
enum Body {
    Bytes(Vec<u8>),
    /// A `Content-Length` over the API's cap, then the connection closes.
    DeclaredOverCap,
    /// Chunks of 1 MiB until the client hangs up.
    Endless,
}

#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    content_type: Option<&'static str>,
    body: Body,
}

impl Answer {
    fn valid(body: &Value) -> Self {
        Answer {
            status: 200,
            content_type: Some("application/json"),
            body: Body::Bytes(body.to_string().into_bytes()),
        }
    }

    fn is_over_a_cap(&self) -> bool {
        matches!(self.body, Body::DeclaredOverCap | Body::Endless)
    }
}

/// Which answer is the generated one; the other endpoint answers as the vendor should.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    TokenEndpoint,
    Api,
}

/// The calls exercised, each decoding into its own model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    SailPointListOAuthClients,
    SailPointCreateOAuthClient,
    SailPointPasswordOrgConfig,
    CloudentityListServers,
    CloudentityCreateServer,
}

impl Call {
    /// What the vendor answers when all is well.
    fn valid_body(self) -> Value {
        let oauth_client = json!({
            "id": "2c9180835d2e5168015d32f890ca1581", "name": "Nightly export",
            "description": "Used by the nightly export", "accessTokenValiditySeconds": 750,
            "redirectUris": ["http://localhost:12345"], "grantTypes": ["CLIENT_CREDENTIALS"],
            "accessType": "OFFLINE", "type": "CONFIDENTIAL", "enabled": true,
            "created": "2017-07-11T18:45:37.098Z", "scope": ["sp:scopes:all"]
        });
        let server = json!({"id": "demo", "tenant_id": "acme", "name": "Demo", "type": "regular",
            "grant_types": ["client_credentials"], "access_token_ttl": "10m0s"});
        match self {
            Call::SailPointListOAuthClients => json!([oauth_client]),
            Call::SailPointCreateOAuthClient => {
                let mut created = oauth_client;
                created["secret"] = json!("5a1d0c6f2a9b4e7f");
                created
            }
            Call::SailPointPasswordOrgConfig => json!({"digitTokenEnabled": true,
                "digitTokenLength": 6, "digitTokenDurationMinutes": 5}),
            Call::CloudentityListServers => json!({"servers": [server]}),
            Call::CloudentityCreateServer => server,
        }
    }

    fn is_cloudentity(self) -> bool {
        matches!(
            self,
            Call::CloudentityListServers | Call::CloudentityCreateServer
        )
    }

    /// Whether an answer of `status` from the API may decode into a value.
    fn may_succeed_with(self, status: u16) -> bool {
        (200..300).contains(&status) || (self == Call::SailPointPasswordOrgConfig && status == 404)
    }
}

fn valid_token() -> Value {
    json!({"access_token": "generated-access-token", "token_type": "bearer",
        "expires_in": 749, "scope": "sp:scopes:all"})
}

/// The kind each answer maps to, as the UI's error panel expects it.
fn kind_for(target: Target, answer: &Answer) -> ErrorKind {
    match (target, answer.status) {
        (_, 200..=299) => ErrorKind::Unexpected,
        (_, 429) => ErrorKind::RateLimited,
        (_, 500..=599) => ErrorKind::Server,
        (Target::TokenEndpoint, 401) => ErrorKind::Unauthorized,
        (Target::TokenEndpoint, 400) => match oauth_error_of(answer).as_deref() {
            Some("invalid_client" | "unauthorized_client") => ErrorKind::Unauthorized,
            _ => ErrorKind::Validation,
        },
        // A URL that is not a token endpoint's is the connection's to fix.
        (Target::TokenEndpoint, 300..=399 | 405) => ErrorKind::Configuration,
        (_, 400 | 422) => ErrorKind::Validation,
        (Target::Api, 401) => ErrorKind::Unauthorized,
        (_, 403) => ErrorKind::Forbidden,
        (_, 404) => ErrorKind::NotFound,
        (_, 409) => ErrorKind::Conflict,
        (_, _) => ErrorKind::Unexpected,
    }
}

/// The OAuth `error` code of a generated error answer, if it has one.
fn oauth_error_of(answer: &Answer) -> Option<String> {
    match &answer.body {
        Body::Bytes(bytes) => VendorError::parse(bytes).detail_code,
        Body::DeclaredOverCap | Body::Endless => None,
    }
}

/// What the fake vendor answers next: the generated answer at `target`, valid ones elsewhere.
#[derive(Clone)]
struct Script {
    target: Target,
    generated: Answer,
    valid_api: Answer,
}

/// A raw HTTP/1.1 server on 127.0.0.1, stopped when dropped.
struct FakeVendor {
    address: SocketAddr,
    script: Arc<Mutex<Script>>,
    accepting: JoinHandle<()>,
}

impl FakeVendor {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(Script {
            target: Target::Api,
            generated: Answer::valid(&Value::Null),
            valid_api: Answer::valid(&Value::Null),
        }));
        let shared = script.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let script = shared.lock().unwrap().clone();
                // A client that hangs up mid-answer is part of the test, not a failure.
                tokio::spawn(async move {
                    let _ = answer(stream, script).await;
                });
            }
        });
        Self {
            address,
            script,
            accepting,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    fn play(&self, script: Script) {
        *self.script.lock().unwrap() = script;
    }
}

impl Drop for FakeVendor {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

async fn answer(mut stream: TcpStream, script: Script) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buffer[..read]);
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
    }
    let path = head.split_whitespace().nth(1).unwrap_or("/");
    let asks_for_token = path.ends_with("/oauth/token") || path.ends_with("/oauth2/token");
    let answer = match (asks_for_token, script.target) {
        (true, Target::TokenEndpoint) | (false, Target::Api) => script.generated,
        (true, Target::Api) => Answer::valid(&valid_token()),
        (false, Target::TokenEndpoint) => script.valid_api,
    };
    write_answer(&mut stream, &answer).await
}

async fn write_answer(stream: &mut TcpStream, answer: &Answer) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} Generated\r\nconnection: close\r\n",
        answer.status
    );
    if let Some(content_type) = answer.content_type {
        head.push_str(&format!("content-type: {content_type}\r\n"));
    }
    match &answer.body {
        Body::Bytes(bytes) => {
            head.push_str(&format!("content-length: {}\r\n\r\n", bytes.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(bytes).await?;
        }
        Body::DeclaredOverCap => {
            head.push_str(&format!("content-length: {}\r\n\r\n", MAX_BODY_BYTES + 1));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(b"{\"items\": [").await?;
        }
        Body::Endless => {
            head.push_str("transfer-encoding: chunked\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b' '; 1024 * 1024];
            // Bounded all the same: a client that never stops reading fails the test.
            for _ in 0..(4 * MAX_BODY_BYTES / chunk.len()) {
                stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await?;
                stream.write_all(&chunk).await?;
                stream.write_all(b"\r\n").await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
    }
    stream.shutdown().await
}

/// No waiting in these tests: a 429 is reported at once, a 5xx retried once without backoff.
const NO_WAITING: RetryPolicy = RetryPolicy {
    max_rate_limit_wait: Duration::ZERO,
    rate_limit_retries: 0,
    transient_retries: 1,
    backoff: Duration::ZERO,
};

/// Makes `call` against `vendor` with fresh clients (no cached token), and reduces the outcome
/// to whether a value came back, or the error the UI would get.
async fn make(call: Call, vendor: &FakeVendor) -> Result<(), ApiError> {
    let http = gatehouse_client::http_client().unwrap();
    let base = vendor.base_url();
    let token_url = if call.is_cloudentity() {
        format!("{base}/acme/admin/oauth2/token")
    } else {
        format!("{base}/oauth/token")
    };
    let credentials = ClientCredentials {
        token_url,
        client_id: "generated-client".to_owned(),
        client_secret: "generated-secret".to_owned().into(),
    };
    let api = ApiClient::new(http.clone(), &base, TokenSource::new(http, credentials))
        .with_policy(NO_WAITING);
    let outcome: Result<(), ClientError> = match call {
        Call::SailPointListOAuthClients => SailPointClient::with_api(api)
            .list_oauth_clients(None)
            .await
            .map(drop),
        Call::SailPointCreateOAuthClient => {
            let new = NewOAuthClient {
                name: "Generated".to_owned(),
                description: "made by a test".to_owned(),
                access_token_validity_seconds: 750,
                grant_types: vec![GrantType::ClientCredentials],
                access_type: AccessType::Online,
                enabled: true,
                business_name: None,
                homepage_url: None,
                refresh_token_validity_seconds: None,
                redirect_uris: None,
                client_type: None,
                internal: None,
                strong_auth_supported: None,
                claims_supported: None,
                scope: None,
            };
            let client = SailPointClient::with_api(api);
            let created = client.oauth_clients().create(&new).await;
            created.map(drop)
        }
        Call::SailPointPasswordOrgConfig => SailPointClient::with_api(api)
            .get_password_org_config()
            .await
            .map(drop),
        Call::CloudentityListServers => {
            let client = CloudentityClient::with_api(api, "acme");
            let listed = client.typed::<Server>().list(&[]).await;
            listed.map(drop)
        }
        Call::CloudentityCreateServer => {
            let client = CloudentityClient::with_api(api, "acme");
            let new = Server {
                name: Some("Generated".to_owned()),
                ..Server::default()
            };
            let created = client.typed::<Server>().create(&new).await;
            created.map(drop)
        }
    };
    outcome.map_err(ApiError::from)
}

/// The outcome is a value only where one may come back, and otherwise an error of the kind
/// the status calls for (or "unexpected" for a body over the cap), told in a short message.
fn judge(
    call: Call,
    target: Target,
    answer: &Answer,
    outcome: Result<(), ApiError>,
) -> Result<(), TestCaseError> {
    let error = match outcome {
        Ok(()) => {
            let may_succeed = match target {
                // A generated token answer can be a valid one; the API then answers well.
                Target::TokenEndpoint => (200..300).contains(&answer.status),
                Target::Api => call.may_succeed_with(answer.status),
            };
            prop_assert!(may_succeed, "a value came back from {answer:?}");
            prop_assert!(!answer.is_over_a_cap(), "a body over the cap was accepted");
            return Ok(());
        }
        Err(error) => error,
    };
    let expected = kind_for(target, answer);
    prop_assert!(
        error.kind == expected || (answer.is_over_a_cap() && error.kind == ErrorKind::Unexpected),
        "expected {expected:?}, got {:?}: {}",
        error.kind,
        error.message
    );
    prop_assert!(!error.message.trim().is_empty(), "an empty message");
    prop_assert!(
        error.message.chars().count() <= MAX_MESSAGE_CHARS + 1,
        "a message of {} characters",
        error.message.chars().count()
    );
    prop_assert!(error.details.messages.len() <= MAX_VENDOR_MESSAGES);
    for message in &error.details.messages {
        prop_assert!(message.chars().count() <= MAX_MESSAGE_CHARS + 1);
    }
    Ok(())
}

/// Any JSON, with the models' own property names among the keys so wrong types land on them.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON numbers are finite", |number| number.is_finite())
            .prop_map(Value::from),
        ".{0,24}".prop_map(Value::from),
    ];
    let key = prop_oneof![
        "[a-zA-Z_]{1,10}",
        proptest::sample::select(vec![
            "id",
            "name",
            "enabled",
            "servers",
            "access_token",
            "expires_in",
            "accessTokenValiditySeconds",
            "secret",
            "digitTokenLength",
        ])
        .prop_map(str::to_owned),
    ];
    leaf.prop_recursive(3, 32, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(key.clone(), inner, 0..5)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// The first object of a model's answer: the object itself, a list's first item, or the
/// first item of a list wrapper (`{"servers": [...]}`).
fn first_object(value: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
    let wrapped = value
        .as_object()
        .is_some_and(|fields| fields.len() == 1 && fields.values().all(Value::is_array));
    match value {
        Value::Array(items) => items.first_mut()?.as_object_mut(),
        Value::Object(fields) => {
            if wrapped {
                let items = fields.values_mut().next()?.as_array_mut()?;
                items.first_mut()?.as_object_mut()
            } else {
                Some(fields)
            }
        }
        _ => None,
    }
}

/// `valid` with one property of its first object replaced by `replacement` (usually of the
/// wrong type for the model).
fn mistyped(mut valid: Value, which: Index, replacement: Value) -> Value {
    if let Some(fields) = first_object(&mut valid) {
        if let Some(key) = fields.keys().nth(which.index(fields.len().max(1))).cloned() {
            fields.insert(key, replacement);
        }
    }
    valid
}

/// Up to about 32 KiB: over-cap bodies have variants of their own.
fn html_page() -> impl Strategy<Value = Vec<u8>> {
    ("[A-Za-z0-9 ]{0,40}", 0usize..500).prop_map(|(title, paragraphs)| {
        format!(
            "<!DOCTYPE html>\n<html><head><title>{title}</title></head><body><h1>{title}</h1>{}</body></html>",
            "<p>upstream connect error or disconnect/reset before headers</p>".repeat(paragraphs)
        )
        .into_bytes()
    })
}

/// Bodies built around `valid`: itself, cut short, mistyped, any JSON, an HTML page, nothing,
/// random bytes, and over the cap (streamed only for the token endpoint, whose cap is small;
/// the API's is covered by its own test). Token answers also claim any lifetime.
fn bodies(valid: Value, target: Target) -> BoxedStrategy<Body> {
    let text = valid.to_string().into_bytes();
    let length = text.len();
    let over_cap = match target {
        Target::TokenEndpoint => {
            prop_oneof![Just(Body::DeclaredOverCap), Just(Body::Endless)].boxed()
        }
        Target::Api => Just(Body::DeclaredOverCap).boxed(),
    };
    let token = valid.clone();
    let malformed = prop_oneof![
        2 => Just(Body::Bytes(text.clone())),
        3 => (1..length).prop_map(move |cut| Body::Bytes(text[..cut].to_vec())),
        3 => (any::<Index>(), any_json())
            .prop_map(move |(which, wrong)| Body::Bytes(mistyped(valid.clone(), which, wrong).to_string().into_bytes())),
        2 => any_json().prop_map(|json| Body::Bytes(json.to_string().into_bytes())),
        2 => html_page().prop_map(Body::Bytes),
        1 => Just(Body::Bytes(Vec::new())),
        1 => proptest::collection::vec(any::<u8>(), 0..512).prop_map(Body::Bytes),
        1 => over_cap,
    ];
    match target {
        Target::TokenEndpoint => prop_oneof![
            15 => malformed,
            5 => lifetimes().prop_map(move |expires_in| {
                let mut claimed = token.clone();
                claimed["expires_in"] = Value::from(expires_in);
                Body::Bytes(claimed.to_string().into_bytes())
            }),
        ]
        .boxed(),
        Target::Api => malformed.boxed(),
    }
}

/// Any `expires_in` a token answer can carry as a u64, its extremes always among them.
fn lifetimes() -> impl Strategy<Value = u64> {
    prop_oneof![Just(u64::MAX), Just(0), any::<u64>(), 0..100_000u64]
}

fn statuses() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => Just(200u16),
        3 => proptest::sample::select(vec![201u16, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
        // Anything a server may send, 1xx aside (informational, never a final answer).
        1 => 200u16..600,
    ]
}

fn content_types() -> impl Strategy<Value = Option<&'static str>> {
    proptest::option::of(proptest::sample::select(vec![
        "application/json",
        "application/json; charset=utf-8",
        "application/problem+json",
        "text/html; charset=utf-8",
        "text/plain",
        "application/octet-stream",
    ]))
}

fn cases(calls: Vec<Call>) -> impl Strategy<Value = (Call, Target, Answer)> {
    (
        proptest::sample::select(calls),
        prop_oneof![Just(Target::TokenEndpoint), Just(Target::Api)],
    )
        .prop_flat_map(|(call, target)| {
            let valid = match target {
                Target::TokenEndpoint => valid_token(),
                Target::Api => call.valid_body(),
            };
            (statuses(), content_types(), bodies(valid, target)).prop_map(
                move |(status, content_type, body)| {
                    let answer = Answer {
                        status,
                        content_type,
                        body,
                    };
                    (call, target, answer)
                },
            )
        })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn every_answer_gives_a_value_or_a_typed_error(calls: Vec<Call>) {
    let runtime = runtime();
    let vendor = runtime.block_on(FakeVendor::start());
    let config = ProptestConfig {
        cases: 96,
        // Shrinking replays cases; a failure is readable without it.
        max_shrink_iters: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |((call, target, answer) in cases(calls.clone()))| {
        vendor.play(Script {
            target,
            generated: answer.clone(),
            valid_api: Answer::valid(&call.valid_body()),
        });
        let outcome = runtime.block_on(make(call, &vendor));
        judge(call, target, &answer, outcome)?;
    });
}

#[test]
fn malformed_sailpoint_answers_give_a_typed_error_with_a_short_message_never_a_panic() {
    every_answer_gives_a_value_or_a_typed_error(vec![
        Call::SailPointListOAuthClients,
        Call::SailPointCreateOAuthClient,
        Call::SailPointPasswordOrgConfig,
    ]);
}

#[test]
fn malformed_cloudentity_answers_give_a_typed_error_with_a_short_message_never_a_panic() {
    every_answer_gives_a_value_or_a_typed_error(vec![
        Call::CloudentityListServers,
        Call::CloudentityCreateServer,
    ]);
}

#[test]
fn valid_answers_decode_into_the_models() {
    let runtime = runtime();
    let vendor = runtime.block_on(FakeVendor::start());
    for call in [
        Call::SailPointListOAuthClients,
        Call::SailPointCreateOAuthClient,
        Call::SailPointPasswordOrgConfig,
        Call::CloudentityListServers,
        Call::CloudentityCreateServer,
    ] {
        let valid = Answer::valid(&call.valid_body());
        vendor.play(Script {
            target: Target::Api,
            generated: valid.clone(),
            valid_api: valid,
        });
        let outcome = runtime.block_on(make(call, &vendor));
        assert!(outcome.is_ok(), "{call:?}: {outcome:?}");
    }
}

#[test]
fn a_token_claiming_to_live_u64_max_seconds_is_used_not_a_panic() {
    let runtime = runtime();
    let vendor = runtime.block_on(FakeVendor::start());
    let mut token = valid_token();
    token["expires_in"] = Value::from(u64::MAX);
    for call in [
        Call::SailPointPasswordOrgConfig,
        Call::CloudentityListServers,
    ] {
        vendor.play(Script {
            target: Target::TokenEndpoint,
            generated: Answer::valid(&token),
            valid_api: Answer::valid(&call.valid_body()),
        });
        let outcome = runtime.block_on(make(call, &vendor));
        assert!(outcome.is_ok(), "{call:?}: {outcome:?}");
    }
}

#[test]
fn an_endless_api_answer_is_refused_once_it_passes_the_cap() {
    let runtime = runtime();
    let vendor = runtime.block_on(FakeVendor::start());
    for call in [
        Call::SailPointListOAuthClients,
        Call::CloudentityListServers,
    ] {
        let answer = Answer {
            status: 200,
            content_type: Some("application/json"),
            body: Body::Endless,
        };
        vendor.play(Script {
            target: Target::Api,
            generated: answer,
            valid_api: Answer::valid(&call.valid_body()),
        });
        let error = runtime
            .block_on(make(call, &vendor))
            .expect_err("an endless answer is refused");
        assert_eq!(error.kind, ErrorKind::Unexpected, "{}", error.message);
        assert!(
            error.message.contains("larger than 64 MiB"),
            "{}",
            error.message
        );
    }
}

/// What the UI gets when the token endpoint answers `status` with `body`, and the token URL,
/// which the message must name.
fn token_endpoint_failure(status: u16, body: &Value) -> (ApiError, String) {
    let runtime = runtime();
    let vendor = runtime.block_on(FakeVendor::start());
    // The one call that takes an API 404 for "nothing there": a token 404 must not pass as it.
    let call = Call::SailPointPasswordOrgConfig;
    vendor.play(Script {
        target: Target::TokenEndpoint,
        generated: Answer {
            status,
            ..Answer::valid(body)
        },
        valid_api: Answer::valid(&call.valid_body()),
    });
    let error = runtime
        .block_on(make(call, &vendor))
        .expect_err("no token, no call");
    assert_eq!(error.details.status, Some(status), "{}", error.message);
    (error, format!("{}/oauth/token", vendor.base_url()))
}

fn oauth_error(error: &str) -> Value {
    json!({"error": error, "error_description": "as the vendor put it"})
}

#[test]
fn a_token_url_that_is_not_found_is_reported_as_an_unknown_tenant_or_url() {
    let (error, token_url) =
        token_endpoint_failure(404, &json!({"error": "not found", "status_code": 404}));
    assert_eq!(error.kind, ErrorKind::NotFound, "{}", error.message);
    assert!(
        error.message.starts_with(&format!(
            "there is no token endpoint at {token_url} (HTTP 404)"
        )),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("check the tenant"),
        "{}",
        error.message
    );
}

#[test]
fn a_token_request_refused_as_invalid_is_reported_as_malformed_not_as_bad_credentials() {
    let (error, token_url) = token_endpoint_failure(400, &oauth_error("invalid_request"));
    assert_eq!(error.kind, ErrorKind::Validation, "{}", error.message);
    assert_eq!(
        error.details.detail_code.as_deref(),
        Some("invalid_request")
    );
    assert!(
        error.message.starts_with(&format!(
            "the token endpoint {token_url} refused the token request as malformed (HTTP 400): invalid_request: as the vendor put it"
        )),
        "{}",
        error.message
    );
}

#[test]
fn a_refused_client_is_reported_as_refused_credentials() {
    for (status, body) in [
        (401, oauth_error("invalid_client")),
        (401, json!({})),
        (400, oauth_error("invalid_client")),
        (400, oauth_error("unauthorized_client")),
    ] {
        let (error, token_url) = token_endpoint_failure(status, &body);
        assert_eq!(error.kind, ErrorKind::Unauthorized, "{}", error.message);
        assert!(
            error.message.starts_with(&format!(
                "the token endpoint {token_url} refused the client credentials (HTTP {status})"
            )),
            "{}",
            error.message
        );
    }
}

#[test]
fn a_token_url_that_refuses_a_post_or_redirects_is_a_configuration_error() {
    for (status, said) in [
        (405, "it does not take a POST there (HTTP 405)"),
        // Without a `Location`, or of a kind never followed: the client stops at these.
        (
            302,
            "it answered with a redirect (HTTP 302) that was not followed",
        ),
        (
            300,
            "it answered with a redirect (HTTP 300) that was not followed",
        ),
    ] {
        let (error, token_url) = token_endpoint_failure(status, &json!({}));
        assert_eq!(error.kind, ErrorKind::Configuration, "{}", error.message);
        assert!(
            error
                .message
                .starts_with(&format!("{token_url} is not a token endpoint: {said}")),
            "{}",
            error.message
        );
    }
}

#[test]
fn any_other_token_endpoint_refusal_names_the_token_url_and_keeps_its_status_kind() {
    for (status, kind) in [
        (403, ErrorKind::Forbidden),
        (400, ErrorKind::Validation),
        (418, ErrorKind::Unexpected),
    ] {
        let (error, token_url) = token_endpoint_failure(status, &oauth_error("access_denied"));
        assert_eq!(error.kind, kind, "{}", error.message);
        assert!(
            error.message.starts_with(&format!(
                "the token endpoint {token_url} gave no token (HTTP {status}): access_denied"
            )),
            "{}",
            error.message
        );
    }
}
