//! The harness against the real app window (the debug build the test command makes): it sees
//! the first screen and the WebKit processes, and it fails clearly, on time, when the app
//! never marks itself ready.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use gatehouse_bench::window::{again_after_the_glib_race, launch, AppUnderTest};
use gatehouse_bench::BenchError;
use gatehouse_sandbox::{Sandbox, SandboxConfig, SandboxCredentials};
use gatehouse_tests::{app_binary, VirtualDisplay};

fn gatehouse_on(base_url: String, credentials: &SandboxCredentials) -> AppUnderTest {
    AppUnderTest {
        name: "Gatehouse".to_owned(),
        binary: app_binary(),
        env: vec![
            ("GATEHOUSE_SANDBOX_URL".to_owned(), base_url),
            (
                "GATEHOUSE_SANDBOX_CREDENTIALS".to_owned(),
                serde_json::to_string(credentials).unwrap(),
            ),
        ],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_screen_is_timed_from_process_start_and_webkit_is_in_the_memory() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let display = VirtualDisplay::start();
    let app = gatehouse_on(sandbox.base_url(), sandbox.credentials());
    let before_launch = gatehouse_bench::processes::now_epoch_ms();
    let (window, ready_at) = again_after_the_glib_race(&app.name, || async {
        let window = launch(&app, &display).await?;
        let ready_at = window
            .wait_until_ready(&app.name, Duration::from_secs(60))
            .await?;
        Ok((window, ready_at))
    })
    .await
    .unwrap();
    let after_ready = gatehouse_bench::processes::now_epoch_ms();
    // The start is read in kernel ticks (10 ms): allow one either side.
    assert!(
        window.started_at_ms >= before_launch - 10.0,
        "{} vs {before_launch}",
        window.started_at_ms
    );
    assert!(
        window.started_at_ms < ready_at && ready_at <= after_ready + 10.0,
        "start {} ready {ready_at} seen by {after_ready}",
        window.started_at_ms
    );
    let memory = window.memory().unwrap();
    assert!(
        memory.processes >= 3,
        "the app, WebKit's web process and its network process: {memory:?}"
    );
    assert!(memory.pss_kib > 50 * 1024, "{memory:?}");
    // The app's engine options reach its web process, which inherits its environment.
    let web_process_settings: Vec<String> = gatehouse_bench::processes::tree(window.app_pid)
        .unwrap()
        .into_iter()
        .filter_map(|pid| std::fs::read(format!("/proc/{pid}/environ")).ok())
        .flat_map(|environ| {
            environ
                .split(|byte| *byte == 0)
                .map(|entry| String::from_utf8_lossy(entry).into_owned())
                .collect::<Vec<_>>()
        })
        .filter(|entry| entry.starts_with("JSC_thresholdForBBQOptimizeAfterWarmUp="))
        .collect();
    assert!(
        web_process_settings.len() >= 2,
        "the app and its web process: {web_process_settings:?}"
    );
    window.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_app_that_never_gets_its_data_fails_on_time_naming_the_ready_mark() {
    // Accepts connections and never answers: the first view never has its data.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", silent.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = silent.incoming().flatten().collect();
        drop(held);
    });
    let credentials = SandboxCredentials {
        sailpoint_client_id: "bench".to_owned(),
        sailpoint_client_secret: "bench".to_owned(),
        cloudentity_tenant_id: "bench".to_owned(),
        cloudentity_client_id: "bench".to_owned(),
        cloudentity_client_secret: "bench".to_owned(),
        developer_portal_client_id: "developer-portal".to_owned(),
        developer_username: "developer@sandbox.local".to_owned(),
        developer_password: "sandbox-developer-password".to_owned(),
    };
    let display = VirtualDisplay::start();
    let app = gatehouse_on(base_url, &credentials);
    let window = launch(&app, &display).await.unwrap();
    let timeout = Duration::from_secs(5);
    let started = Instant::now();
    let error = window
        .wait_until_ready(&app.name, timeout)
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(error, BenchError::NotReady { .. }), "{error:?}");
    assert!(
        error.to_string().starts_with(
            "Gatehouse did not mark itself ready (main[data-ready=\"true\"]) within 5s"
        ),
        "{error}"
    );
    assert!(
        waited >= timeout && waited < timeout + Duration::from_secs(5),
        "gave up after {waited:?}"
    );
    window.close().await;
}
