//! The sandbox over real HTTP, as any client sees it: vendor status codes, error bodies and
//! headers, exactly.

use std::future::Future;
use std::time::{Duration, Instant};

use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig};
use gatehouse_tests::{answer, sailpoint_token};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn start(demo_data: bool) -> (Sandbox, Client) {
    let sandbox = Sandbox::start(SandboxConfig {
        demo_data,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    (sandbox, Client::new())
}

/// Checks `condition` every 20 ms until it holds; fails the test if it does not within `timeout`.
async fn poll_until<F, Fut>(what: &str, timeout: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    while !condition().await {
        assert!(Instant::now() < deadline, "{what}: not within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn token_endpoints_accept_their_own_credentials_only() {
    let (sandbox, client) = start(true).await;
    let base = sandbox.base_url();
    let credentials = sandbox.credentials().clone();

    let (status, body) = answer(client.post(format!("{base}/oauth/token")).form(&[
        ("grant_type", "client_credentials"),
        ("client_id", credentials.sailpoint_client_id.as_str()),
        ("client_secret", "wrong"),
    ]))
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_client");

    // SailPoint also takes the parameters in the query string.
    let query = format!(
        "{base}/oauth/token?grant_type=client_credentials&client_id={}&client_secret={}",
        credentials.sailpoint_client_id, credentials.sailpoint_client_secret
    );
    assert_eq!(
        client.post(query).send().await.unwrap().status(),
        StatusCode::OK
    );

    let (status, body) = answer(
        client
            .post(format!("{base}/oauth/token"))
            .form(&[("grant_type", "password")]),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "unsupported_grant_type");

    // Cloudentity: HTTP Basic on the admin endpoint, form on the system endpoint.
    let tenant = &credentials.cloudentity_tenant_id;
    let (status, body) = answer(
        client
            .post(format!("{base}/{tenant}/admin/oauth2/token"))
            .basic_auth(
                &credentials.cloudentity_client_id,
                Some(&credentials.cloudentity_client_secret),
            )
            .form(&[("grant_type", "client_credentials")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["scope"], "manage_configuration view_configuration");
    let (status, body) = answer(
        client
            .post(format!("{base}/system/system/oauth2/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", credentials.cloudentity_client_id.as_str()),
                (
                    "client_secret",
                    credentials.cloudentity_client_secret.as_str(),
                ),
            ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["scope"], "manage_configuration");
    let (status, body) = answer(
        client
            .post(format!("{base}/nope/admin/oauth2/token"))
            .form(&[("grant_type", "client_credentials")]),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status_code"], 404);

    // The request log never keeps a secret.
    let logged = serde_json::to_string(&sandbox.requests()).unwrap();
    assert!(!logged.contains(&credentials.sailpoint_client_secret));
    assert!(!logged.contains(&credentials.cloudentity_client_secret));
    assert!(logged.contains("REDACTED"));
}

#[tokio::test]
async fn api_routes_refuse_missing_invalid_expired_and_foreign_tokens() {
    let (sandbox, client) = start(true).await;
    let url = format!("{}/beta/password-org-config", sandbox.base_url());
    let (status, body) = answer(client.get(&url)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"error": "JWT validation failed: JWT is missing"})
    );
    let (status, body) = answer(client.get(&url).bearer_auth("forged")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"error": "JWT validation failed: JWT is invalid"})
    );

    let token = sailpoint_token(&sandbox, &client).await;
    assert_eq!(
        client
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // A SailPoint token is no Cloudentity token.
    let acp = format!("{}/api/admin/demo/tenant", sandbox.base_url());
    let (status, body) = answer(client.get(&acp).bearer_auth(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["status_code"], 401);

    sandbox.expire_tokens();
    let (status, body) = answer(client.get(&url).bearer_auth(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"error": "JWT validation failed: JWT is expired"})
    );
}

#[tokio::test]
async fn password_org_config_follows_the_seed_and_the_spec() {
    let (sandbox, client) = start(false).await;
    let token = sailpoint_token(&sandbox, &client).await;
    let url = format!("{}/beta/password-org-config", sandbox.base_url());

    let (status, body) = answer(client.get(&url).bearer_auth(&token)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["detailCode"], "404 Not found");
    assert_eq!(body["trackingId"].as_str().unwrap().len(), 32);

    // Create: unspecified fields take the spec defaults.
    let (status, body) = answer(
        client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"digitTokenLength": 9})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"customInstructionsEnabled": false, "digitTokenEnabled": false,
               "digitTokenDurationMinutes": 5, "digitTokenLength": 9})
    );
    let (status, body) = answer(client.post(&url).bearer_auth(&token).json(&json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["detailCode"], "400.1.409 Reference conflict");

    // Update: only what is sent changes.
    let (status, body) = answer(
        client
            .put(&url)
            .bearer_auth(&token)
            .json(&json!({"customInstructionsEnabled": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["customInstructionsEnabled"], true);
    assert_eq!(body["digitTokenLength"], 9);

    // Validation: every problem, each naming its field, in ErrorResponseDto.
    let (status, body) = answer(client.put(&url).bearer_auth(&token).json(
        &json!({"digitTokenLength": 5, "digitTokenDurationMinutes": 61,
                          "digitTokenEnabled": "yes", "colour": "blue"}),
    ))
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["detailCode"], "400.1 Bad Request Content");
    let texts: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|message| message["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "colour is not a recognized property",
            "digitTokenDurationMinutes must be between 1 and 60",
            "digitTokenEnabled must be a boolean",
            "digitTokenLength must be between 6 and 18",
        ]
    );
    let (status, body) = answer(
        client
            .put(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("[1, 2]"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["messages"][0]["text"],
        "The request body must be a JSON object."
    );
    let (status, _) = answer(
        client
            .put(&url)
            .bearer_auth(&token)
            .body(r#"{"digitTokenLength": 7}"#),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "JSON without its content type is refused"
    );
    assert_eq!(
        sandbox.password_org_config().unwrap()["digitTokenLength"],
        9
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_then_recovers() {
    let (sandbox, client) = start(true).await;
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 2,
            window: Duration::from_secs(2),
        }),
        ..Faults::default()
    });
    let token = sailpoint_token(&sandbox, &client).await;
    let url = format!("{}/beta/password-org-config", sandbox.base_url());
    for _ in 0..2 {
        let response = client.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let refused = client.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait));
    assert_eq!(
        refused.json::<Value>().await.unwrap(),
        json!({"message": " Rate Limit Exceeded "})
    );
    // Refused requests do not count against the window, so asking again does not prolong it.
    let within = Duration::from_secs(wait) + Duration::from_millis(500);
    poll_until("a request accepted again", within, || async {
        let again = client.get(&url).bearer_auth(&token).send().await.unwrap();
        match again.status() {
            StatusCode::OK => true,
            StatusCode::TOO_MANY_REQUESTS => false,
            other => panic!("neither accepted nor rate limited: {other}"),
        }
    })
    .await;
}

#[tokio::test]
async fn added_latency_delays_answers() {
    let (sandbox, client) = start(true).await;
    sandbox.set_faults(Faults {
        rate_limit: None,
        latency: Duration::from_millis(300),
        ..Faults::default()
    });
    let token = sailpoint_token(&sandbox, &client).await;
    let started = Instant::now();
    client
        .get(format!("{}/beta/password-org-config", sandbox.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn unknown_routes_answer_in_the_vendor_shape() {
    let (sandbox, client) = start(true).await;
    let token = sailpoint_token(&sandbox, &client).await;
    let (status, body) = answer(
        client
            .get(format!("{}/beta/no-such-thing", sandbox.base_url()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["detailCode"], "404 Not found");
    let (status, body) = answer(client.get(format!("{}/elsewhere", sandbox.base_url()))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["status_code"], 404);
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let (sandbox, client) = start(true).await;
    let base = sandbox.base_url();
    sandbox.shutdown().await;
    assert!(client
        .get(format!("{base}/oauth/token"))
        .send()
        .await
        .is_err());

    let (dropped, client) = start(true).await;
    let base = dropped.base_url();
    drop(dropped);
    // Dropping aborts the server task; the listener closes once the runtime gets to it.
    poll_until("connections refused", Duration::from_secs(5), || async {
        client
            .get(format!("{base}/oauth/token"))
            .send()
            .await
            .is_err()
    })
    .await;
}

#[tokio::test]
async fn ten_thousand_bulk_objects_are_created_and_listed_quickly() {
    const BULK: usize = 10_000;
    let started = Instant::now();
    let sandbox = Sandbox::start(SandboxConfig {
        bulk: BULK,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    // The list itself is what is measured; the rate limit has tests of its own.
    sandbox.set_faults(Faults::default());
    let client = Client::new();
    let token = sailpoint_token(&sandbox, &client).await;
    let base = sandbox.base_url();
    let mut answers = Vec::new();
    for collection in ["oauth-clients", "personal-access-tokens"] {
        let url = format!("{base}/beta/{collection}");
        let response = client.get(url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        answers.push(response.bytes().await.unwrap());
    }
    // What the sandbox does ends here; reading the answers is the test's own work.
    let elapsed = started.elapsed();
    let listed: Vec<usize> = answers
        .iter()
        .map(|bytes| serde_json::from_slice::<Vec<Value>>(bytes).unwrap().len())
        .collect();

    let demo = Sandbox::start(SandboxConfig::default()).await.unwrap();
    assert_eq!(
        listed,
        [
            demo.oauth_clients().len() + BULK,
            demo.personal_access_tokens().len() + BULK
        ]
    );
    println!("sandbox: {BULK} bulk clients and tokens created and listed in {elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(2),
        "creating and listing {BULK} of each took {elapsed:?}"
    );
}
