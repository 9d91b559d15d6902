//! End-to-end: the SailPoint CLI's environments, offered on the Connections page, become
//! connections. Its own binary: a window of its own, not alongside the other profile-file
//! windows.

mod window;

use gatehouse_sandbox::{Sandbox, SandboxConfig};
use window::{scenario, Window};

#[tokio::test(flavor = "multi_thread")]
async fn the_sail_clis_environments_are_imported_as_connections_in_the_window() {
    scenario(the_sail_clis_environments_are_imported_once).await;
}

/// `sail`'s environment becomes a connection: its secret typed (this machine's keychain is
/// unavailable to the test, as it may be to an administrator), then, the keychain refusing,
/// kept for this session only; the connection is listed and works.
async fn the_sail_clis_environments_are_imported_once() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let credentials = sandbox.credentials().clone();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".sailpoint")).unwrap();
    std::fs::write(
        home.path().join(".sailpoint/config.yaml"),
        format!(
            "activeenvironment: lab\nauthtype: pat\nenvironments:\n  lab:\n    baseurl: {}\n    pat:\n      clientid: {}\n",
            sandbox.base_url(),
            credentials.sailpoint_client_id
        ),
    )
    .unwrap();
    let window =
        Window::open_with(&sandbox, |_| {}, &[("HOME", home.path().to_str().unwrap())]).await;
    window.find("main[data-ready='true']").await;
    window.click("#nav-profiles").await;
    window
        .text_is(
            "#sail-import li[data-environment='lab']",
            "sail's environment",
            |text| text.contains(&sandbox.base_url()),
        )
        .await;
    window
        .type_into("#sail-secret-lab", &credentials.sailpoint_client_secret)
        .await;
    window.click("#sail-import .import-sail").await;
    window.click("#sail-import .import-sail-session").await;
    window
        .find("tr.profile-row[data-profile-id='sail-lab']")
        .await;
    window.screenshots("22-sail-import").await;
    window
        .click("tr.profile-row[data-profile-id='sail-lab'] .test-connection")
        .await;
    window
        .text_is(
            "#connection-report",
            "the imported connection works",
            |text| text.contains("lab (from sail)"),
        )
        .await;

    window.client.clone().close().await.unwrap();
    sandbox.shutdown().await;
}
