//! The sandbox holds up to hostile or careless clients: credentials nobody can predict, a
//! bounded request log of authenticated requests only, capped bodies and collections, its own
//! Host only, and spec imports that never leave loopback.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gatehouse_sandbox::{Limits, Sandbox, SandboxConfig};
use gatehouse_tests::{answer, cloudentity_token, sailpoint_token, unlimited_sandbox};
use reqwest::header::HOST;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinHandle;

/// A sandbox with these limits, its rate limit lifted so floods are not cut short.
async fn sandbox_with(limits: Limits, demo_data: bool) -> Sandbox {
    unlimited_sandbox(SandboxConfig {
        limits,
        demo_data,
        ..SandboxConfig::default()
    })
    .await
}

#[tokio::test]
async fn two_sandboxes_without_a_seed_have_different_credentials() {
    let first = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let second = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let (one, two) = (first.credentials(), second.credentials());
    assert_ne!(one.sailpoint_client_id, two.sailpoint_client_id);
    assert_ne!(one.sailpoint_client_secret, two.sailpoint_client_secret);
    assert_ne!(one.cloudentity_client_secret, two.cloudentity_client_secret);

    // One sandbox's secret opens nothing on the other.
    let client = Client::new();
    let (status, _) = answer(
        client
            .post(format!("{}/oauth/token", second.base_url()))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", one.sailpoint_client_id.as_str()),
                ("client_secret", one.sailpoint_client_secret.as_str()),
            ]),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_explicit_seed_reproduces_the_credentials() {
    let seeded = || SandboxConfig {
        seed: Some(7),
        ..SandboxConfig::default()
    };
    let first = Sandbox::start(seeded()).await.unwrap();
    let second = Sandbox::start(seeded()).await.unwrap();
    assert_eq!(first.credentials(), second.credentials());
    assert_eq!(first.oauth_clients(), second.oauth_clients());
}

#[tokio::test]
async fn a_flood_keeps_the_request_log_at_its_cap() {
    let limits = Limits {
        request_log: 5,
        ..Limits::default()
    };
    let sandbox = sandbox_with(limits, true).await;
    let client = Client::new();
    let token = sailpoint_token(&sandbox, &client).await;
    let url = format!("{}/beta/password-org-config", sandbox.base_url());
    for n in 0..20 {
        let response = client
            .get(format!("{url}?n={n}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let kept: Vec<_> = sandbox
        .requests()
        .into_iter()
        .map(|request| request.query.unwrap_or_default())
        .collect();
    assert_eq!(kept, ["n=15", "n=16", "n=17", "n=18", "n=19"]);
}

#[tokio::test]
async fn unauthenticated_requests_are_not_logged() {
    let sandbox = sandbox_with(Limits::default(), true).await;
    let client = Client::new();
    let base = sandbox.base_url();
    let credentials = sandbox.credentials().clone();
    let api = format!("{base}/beta/password-org-config");
    let refused = [
        client.get(&api),
        client.get(&api).bearer_auth("forged"),
        client.post(format!("{base}/oauth/token")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", credentials.sailpoint_client_id.as_str()),
            ("client_secret", "wrong"),
        ]),
        client
            .post(format!("{base}/oauth/token"))
            .form(&[("grant_type", "password")]),
        client.get(format!("{base}/api/admin/demo/servers")),
        client.get(format!("{base}/nowhere")),
    ];
    let attempts = refused.len() as u64;
    for request in refused {
        let status = request.send().await.unwrap().status();
        assert!(status.is_client_error(), "{status}");
    }
    assert!(sandbox.requests().is_empty(), "{:?}", sandbox.requests());
    assert_eq!(sandbox.unauthenticated_requests(), attempts);

    // With good credentials the token request and the call are both logged.
    let token = sailpoint_token(&sandbox, &client).await;
    client.get(&api).bearer_auth(&token).send().await.unwrap();
    let logged: Vec<_> = sandbox
        .requests()
        .into_iter()
        .map(|request| (request.path, request.status))
        .collect();
    assert_eq!(
        logged,
        [
            ("/oauth/token".to_owned(), 200),
            ("/beta/password-org-config".to_owned(), 200)
        ]
    );
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_in_the_vendors_error_shape() {
    let limits = Limits {
        request_body_bytes: 1024,
        recorded_body_bytes: 100,
        ..Limits::default()
    };
    let sandbox = sandbox_with(limits, true).await;
    let client = Client::new();
    let base = sandbox.base_url();
    let sailpoint = sailpoint_token(&sandbox, &client).await;
    let cloudentity = cloudentity_token(&sandbox, &client).await;
    let large = json!({"name": "x".repeat(4096)});

    let (status, body) = answer(
        client
            .post(format!("{base}/beta/oauth-clients"))
            .bearer_auth(&sailpoint)
            .json(&large),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["detailCode"], "413 Payload Too Large");
    assert!(body["trackingId"].is_string());

    let (status, body) = answer(
        client
            .post(format!("{base}/api/admin/demo/servers"))
            .bearer_auth(&cloudentity)
            .json(&large),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["status_code"], 413);

    // Under the limit the body reaches the handler, and the log keeps only its start.
    let within = json!({"name": "Within the limit", "description": "y".repeat(500)});
    let (status, _) = answer(
        client
            .post(format!("{base}/api/admin/demo/servers"))
            .bearer_auth(&cloudentity)
            .json(&within),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let logged = sandbox
        .requests()
        .into_iter()
        .find(|request| request.status == 201)
        .unwrap();
    assert!(logged.body_truncated);
    assert_eq!(logged.body.unwrap().as_str().unwrap().len(), 100);
}

#[tokio::test]
async fn an_unauthenticated_request_is_refused_before_its_body_is_read() {
    let limits = Limits {
        request_body_bytes: 1024,
        ..Limits::default()
    };
    let sandbox = sandbox_with(limits, true).await;
    let client = Client::new();
    let base = sandbox.base_url();
    let credentials = sandbox.credentials().clone();
    // Over the body limit: read first, each would get 413.
    let large = json!({"name": "x".repeat(4096)});
    let large_form = [
        ("grant_type", "client_credentials"),
        ("padding", &"x".repeat(4096)),
    ];
    let refused = [
        client
            .post(format!("{base}/beta/oauth-clients"))
            .json(&large),
        client
            .post(format!("{base}/beta/oauth-clients"))
            .bearer_auth("forged")
            .json(&large),
        client
            .post(format!("{base}/api/admin/demo/servers"))
            .json(&large),
        client
            .post(format!("{base}/oauth/token"))
            .basic_auth(&credentials.sailpoint_client_id, Some("wrong"))
            .form(&large_form),
        client
            .post(format!(
                "{base}/{}/admin/oauth2/token",
                credentials.cloudentity_tenant_id
            ))
            .basic_auth(&credentials.cloudentity_client_id, Some("wrong"))
            .form(&large_form),
    ];
    let attempts = refused.len() as u64;
    for request in refused {
        let (status, body) = answer(request).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }

    // A body announced and never sent: waiting for it would leave the request unanswered.
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST /beta/oauth-clients HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answered = Vec::new();
    let mut buffer = [0u8; 1024];
    let read_head = async {
        while !answered.windows(4).any(|end| end == b"\r\n\r\n") {
            match stream.read(&mut buffer).await.unwrap() {
                0 => break,
                read => answered.extend_from_slice(&buffer[..read]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), read_head)
        .await
        .expect("answered without the body");
    let answered = String::from_utf8_lossy(&answered);
    assert!(answered.starts_with("HTTP/1.1 401"), "{answered}");

    assert!(sandbox.requests().is_empty(), "{:?}", sandbox.requests());
    assert_eq!(sandbox.unauthenticated_requests(), attempts + 1);
}

#[tokio::test]
async fn a_full_collection_refuses_creates() {
    let limits = Limits {
        collection: 2,
        ..Limits::default()
    };
    let sandbox = sandbox_with(limits, false).await;
    let client = Client::new();
    let base = sandbox.base_url();
    let sailpoint = sailpoint_token(&sandbox, &client).await;
    let create_client = |name: &str| {
        client
            .post(format!("{base}/beta/oauth-clients"))
            .bearer_auth(&sailpoint)
            .json(&json!({
                "name": name,
                "description": "capped",
                "accessTokenValiditySeconds": 750,
                "grantTypes": ["CLIENT_CREDENTIALS"],
                "accessType": "OFFLINE",
                "enabled": true,
            }))
    };
    for name in ["one", "two"] {
        let (status, body) = answer(create_client(name)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (status, body) = answer(create_client("three")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["detailCode"], "403 Forbidden");
    assert!(body["messages"][0]["text"]
        .as_str()
        .unwrap()
        .contains("the most it may (2)"));
    assert_eq!(sandbox.oauth_clients().len(), 2);

    let cloudentity = cloudentity_token(&sandbox, &client).await;
    let create_server = |name: &str| {
        client
            .post(format!("{base}/api/admin/demo/servers"))
            .bearer_auth(&cloudentity)
            .json(&json!({ "name": name }))
    };
    let held = sandbox.cloudentity_objects("servers").len();
    for n in held..2 {
        let (status, body) = answer(create_server(&format!("server {n}"))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = answer(create_server("one too many")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["status_code"], 403);
    assert!(body["details"]["reason"]
        .as_str()
        .unwrap()
        .contains("the most it may (2)"));
    assert_eq!(sandbox.cloudentity_objects("servers").len(), 2);
}

#[tokio::test]
async fn a_request_with_a_foreign_host_is_refused() {
    let sandbox = sandbox_with(Limits::default(), true).await;
    let client = Client::new();
    let base = sandbox.base_url();
    let port = base.rsplit(':').next().unwrap().to_owned();
    let token = sailpoint_token(&sandbox, &client).await;
    let api = format!("{base}/beta/password-org-config");

    for foreign in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1".to_owned(),
        "127.0.0.1:1".to_owned(),
    ] {
        let (status, body) = answer(
            client
                .get(&api)
                .bearer_auth(&token)
                .header(HOST, foreign.as_str()),
        )
        .await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{foreign}");
        assert_eq!(body["detailCode"], "421 Misdirected Request", "{foreign}");
    }
    let (status, body) = answer(
        client
            .get(format!("{base}/api/admin/demo/servers"))
            .header(HOST, format!("evil.example:{port}")),
    )
    .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert_eq!(body["status_code"], 421);

    // A token request from a rebound page gets no token.
    let credentials = sandbox.credentials();
    let (status, body) = answer(
        client
            .post(format!("{base}/oauth/token"))
            .header(HOST, format!("evil.example:{port}"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", credentials.sailpoint_client_id.as_str()),
                (
                    "client_secret",
                    credentials.sailpoint_client_secret.as_str(),
                ),
            ]),
    )
    .await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert!(body.get("access_token").is_none());

    for own in [format!("localhost:{port}"), format!("LOCALHOST:{port}")] {
        let (status, _) = answer(client.get(&api).bearer_auth(&token).header(HOST, own)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let served = sandbox.requests();
    assert_eq!(served.len(), 3, "the token and the two calls to itself");
}

/// A bare HTTP/1.1 server on 127.0.0.1 that gives every request the same answer and counts
/// the connections it accepts; stopped when dropped.
struct CountingServer {
    port: u16,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl CountingServer {
    async fn start(answer: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    continue;
                };
                counter.fetch_add(1, Ordering::SeqCst);
                let answer = answer.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.windows(4).any(|end| end == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => request.extend_from_slice(&buffer[..read]),
                        }
                    }
                    let _ = stream.write_all(answer.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self {
            port,
            connections,
            task,
        }
    }

    async fn with_document(document: &str) -> Self {
        Self::start(format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{document}",
            document.len()
        ))
        .await
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for CountingServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A demo sandbox and a Cloudentity admin of it, importing API specs into its first service.
struct SpecImporter {
    sandbox: Sandbox,
    client: Client,
    token: String,
    service: String,
}

impl SpecImporter {
    async fn start() -> Self {
        let sandbox = sandbox_with(Limits::default(), true).await;
        let client = Client::new();
        let token = cloudentity_token(&sandbox, &client).await;
        let service = sandbox.cloudentity_objects("services")[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        Self {
            sandbox,
            client,
            token,
            service,
        }
    }

    /// The request that imports the spec the sandbox fetches from `url`.
    fn import_from(&self, url: String) -> reqwest::RequestBuilder {
        self.client
            .post(format!(
                "{}/api/admin/demo/services/{}/apis/import/url",
                self.sandbox.base_url(),
                self.service
            ))
            .bearer_auth(&self.token)
            .multipart(reqwest::multipart::Form::new().text("url", url))
    }
}

fn specification() -> String {
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Payments", "version": "1"},
        "paths": {"/payments": {"get": {}, "post": {}}}
    })
    .to_string()
}

#[tokio::test]
async fn spec_import_from_a_non_loopback_url_is_refused_without_a_connection() {
    let importer = SpecImporter::start().await;
    let spec = CountingServer::with_document(&specification()).await;
    let port = spec.port;

    // Each of these reaches the spec server's port through something other than loopback
    // by name or address; none is even tried.
    for outside in [
        format!("http://[::ffff:127.0.0.1]:{port}/spec.json"),
        format!("http://spec.example:{port}/spec.json"),
        format!("http://0.0.0.0:{port}/spec.json"),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        "file:///etc/passwd".to_owned(),
    ] {
        let (status, body) = answer(importer.import_from(outside.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{outside}: {body}");
        assert!(
            body["details"]["reason"]
                .as_str()
                .unwrap()
                .contains(&outside),
            "{body}"
        );
    }
    assert_eq!(spec.connections(), 0, "nothing was fetched");

    // Loopback, by address and by name, still imports.
    for loopback in [
        format!("http://127.0.0.1:{port}/spec.json"),
        format!("http://localhost:{port}/spec.json"),
    ] {
        let (status, body) = answer(importer.import_from(loopback)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["created_apis"].as_array().unwrap().len(), 2);
    }
    assert_eq!(spec.connections(), 2);
}

#[tokio::test]
async fn spec_import_does_not_follow_a_redirect() {
    let importer = SpecImporter::start().await;
    let target = CountingServer::with_document(&specification()).await;
    let redirect = CountingServer::start(format!(
        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{}/spec.json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        target.port
    ))
    .await;
    let (status, body) =
        answer(importer.import_from(format!("http://127.0.0.1:{}/", redirect.port))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["details"]["reason"].as_str().unwrap().contains("302"));
    assert_eq!(redirect.connections(), 1);
    assert_eq!(target.connections(), 0, "the redirect was not followed");
}
