//! End-to-end: the real built app in a real window (tauri-driver + WebKitWebDriver under Xvfb),
//! talking to a sandbox this test owns, so the test can check what actually arrived.

use std::time::Duration;

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig};
use gatehouse_tests::{app_binary, artifacts_dir, TauriDriver, VirtualDisplay};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(20);

async fn connect(driver: &TauriDriver) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "tauri:options".to_owned(),
        json!({ "application": app_binary() }),
    );
    capabilities.insert("browserName".to_owned(), json!("wry"));
    // Plain HTTP: the WebDriver server is on loopback, so no TLS stack is needed.
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.webdriver_url)
        .await
        .expect("a WebDriver session with the app")
}

async fn find(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("{css} did not appear: {error}"))
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(artifacts_dir().join(name), png).expect("screenshot saved");
}

/// Replaces an input's text the way a user would: select all, type.
async fn type_into(client: &Client, css: &str, text: &str) {
    let input = find(client, css).await;
    input.clear().await.expect("input cleared");
    input.send_keys(text).await.expect("typed");
}

/// Polls `check` until it holds: the UI updates asynchronously after each action.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn password_config_writes(sandbox: &Sandbox) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|request| request.path == "/beta/password-org-config" && request.method != "GET")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_the_password_config_through_the_form_and_refuses_out_of_range_values() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let before = sandbox
        .password_org_config()
        .expect("demo data has a config");
    assert_eq!(before["digitTokenLength"], json!(8));

    let display = VirtualDisplay::start();
    let config_home = tempfile::tempdir().unwrap();
    let credentials = serde_json::to_string(sandbox.credentials()).unwrap();
    let base_url = sandbox.base_url();
    let driver = TauriDriver::start(
        &display,
        &[
            ("GATEHOUSE_SANDBOX_URL", &base_url),
            ("GATEHOUSE_SANDBOX_CREDENTIALS", &credentials),
            ("XDG_CONFIG_HOME", config_home.path().to_str().unwrap()),
            // No Secret Service for the app: the "no keychain" path is the one under test, and
            // the test machine's own keychain stays untouched.
            (
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/gatehouse-e2e-bus",
            ),
        ],
    );
    let client = connect(&driver).await;

    // Opens on the sandbox's SailPoint profile, on the password config page, with its values.
    find(&client, "#page-password-org-config").await;
    let length = find(&client, "#field-digitTokenLength").await;
    eventually("the loaded value", || async {
        length.prop("value").await.ok().flatten().as_deref() == Some("8")
    })
    .await;
    screenshot(&client, "01-password-config.png").await;

    // Change the token length, review, confirm.
    type_into(&client, "#field-digitTokenLength", "12").await;
    find(&client, "#save-button").await.click().await.unwrap();
    let preview = find(&client, "#change-preview").await;
    let rows = preview.find_all(Locator::Css(".change-row")).await.unwrap();
    assert_eq!(rows.len(), 1, "exactly one field changes");
    let row = rows[0].text().await.unwrap();
    assert!(
        row.contains('8') && row.contains("12"),
        "review shows old and new: {row}"
    );
    assert_eq!(
        password_config_writes(&sandbox),
        0,
        "nothing is sent before confirming"
    );
    screenshot(&client, "02-review-changes.png").await;
    find(&client, "#confirm-save").await.click().await.unwrap();
    find(&client, "#status-message").await;

    // The change arrived at the sandbox, and only the changed field was sent.
    let after = sandbox.password_org_config().unwrap();
    assert_eq!(after["digitTokenLength"], json!(12));
    assert_eq!(
        after["digitTokenDurationMinutes"],
        before["digitTokenDurationMinutes"]
    );
    let writes: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|request| request.method == "PUT")
        .collect();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].body, Some(json!({"digitTokenLength": 12})));
    assert_eq!(writes[0].status, 200);

    // An out-of-range value: a field error, Save disabled, and no request.
    type_into(&client, "#field-digitTokenLength", "99").await;
    let error = find(&client, "#error-digitTokenLength").await;
    assert!(
        error.text().await.unwrap().contains("between 6 and 18"),
        "the field says what range is allowed"
    );
    let save = find(&client, "#save-button").await;
    assert!(
        !save.is_enabled().await.unwrap(),
        "Save is disabled while a field is invalid"
    );
    let _ = save.click().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        password_config_writes(&sandbox),
        1,
        "the invalid value was not sent"
    );
    assert_eq!(
        sandbox.password_org_config().unwrap()["digitTokenLength"],
        json!(12)
    );
    screenshot(&client, "03-field-error.png").await;

    // The connections screen, with a successful connection test against the sandbox.
    find(&client, "#nav-profiles").await.click().await.unwrap();
    find(&client, "#page-profiles").await;
    find(
        &client,
        "tr.profile-row[data-profile-id='sandbox-sailpoint'] button.test-connection",
    )
    .await
    .click()
    .await
    .unwrap();
    let report = find(&client, "#connection-report").await;
    eventually("the connection report", || async {
        report
            .text()
            .await
            .is_ok_and(|text| text.contains("acme-sandbox"))
    })
    .await;
    screenshot(&client, "04-connections.png").await;

    // Add a connection. With no keychain, the app says so and offers this run only.
    find(&client, "#add-profile").await.click().await.unwrap();
    type_into(&client, "#profile-name", "Lab tenant").await;
    type_into(&client, "#profile-base-url", &base_url).await;
    type_into(
        &client,
        "#profile-client-id",
        &sandbox.credentials().sailpoint_client_id,
    )
    .await;
    type_into(
        &client,
        "#profile-client-secret",
        &sandbox.credentials().sailpoint_client_secret,
    )
    .await;
    find(&client, "#save-profile").await.click().await.unwrap();
    let warning = find(&client, "#keychain-unavailable").await;
    assert!(warning.text().await.unwrap().contains("this run only"));
    screenshot(&client, "05-no-keychain.png").await;
    find(&client, "#keep-for-session")
        .await
        .click()
        .await
        .unwrap();
    let lab_row = find(&client, "tr.profile-row:nth-child(3)").await;
    eventually("the saved connection", || async {
        lab_row
            .text()
            .await
            .is_ok_and(|text| text.contains("Lab tenant") && text.contains("This session only"))
    })
    .await;
    let lab_id = lab_row.attr("data-profile-id").await.unwrap().unwrap();
    let profile_file =
        std::fs::read_to_string(config_home.path().join("gatehouse/profiles.json")).unwrap();
    assert!(profile_file.contains("Lab tenant"));
    assert!(
        !profile_file.contains(&sandbox.credentials().sailpoint_client_secret),
        "no secret on disk"
    );

    // Switch to it from the header; the password page now reads through it.
    find(
        &client,
        &format!("#profile-switcher option[value='{lab_id}']"),
    )
    .await
    .click()
    .await
    .unwrap();
    let active_row = find(
        &client,
        &format!("tr.profile-row[data-profile-id='{lab_id}']"),
    )
    .await;
    eventually("the new connection to become active", || async {
        active_row
            .text()
            .await
            .is_ok_and(|text| text.contains("Active"))
    })
    .await;

    // A rate-limited vendor: the error says when a retry can succeed, and counts down.
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 0,
            window: Duration::from_secs(30),
        }),
        ..Faults::default()
    });
    find(&client, "#nav-password-org-config")
        .await
        .click()
        .await
        .unwrap();
    let countdown = find(&client, "#retry-countdown").await;
    let first = countdown.text().await.unwrap();
    assert!(first.starts_with("Retry possible in "), "{first}");
    eventually("the countdown to tick", || async {
        countdown.text().await.is_ok_and(|text| text != first)
    })
    .await;
    let panel = find(&client, "#error-panel").await.text().await.unwrap();
    assert!(
        panel.contains("HTTP 429") && panel.contains("get-password-org-config"),
        "{panel}"
    );
    screenshot(&client, "06-rate-limited.png").await;

    // Delete the added connection: asked once more, then gone.
    find(&client, "#nav-profiles").await.click().await.unwrap();
    let row = format!("tr.profile-row[data-profile-id='{lab_id}']");
    find(&client, &format!("{row} button.delete-profile"))
        .await
        .click()
        .await
        .unwrap();
    find(&client, &format!("{row} button.confirm-delete-profile"))
        .await
        .click()
        .await
        .unwrap();
    eventually("the row to disappear", || async {
        client.find(Locator::Css(&row)).await.is_err()
    })
    .await;
    let profile_file =
        std::fs::read_to_string(config_home.path().join("gatehouse/profiles.json")).unwrap();
    assert!(!profile_file.contains("Lab tenant"));

    client.close().await.unwrap();
    sandbox.shutdown().await;
}
