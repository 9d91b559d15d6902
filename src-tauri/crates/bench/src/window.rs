//! Launching an app window through tauri-driver and waiting for its first screen: the UI sets
//! `data-ready="true"` on `<main>` once its first view has data, and the harness watches for it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use gatehouse_tests::{
    glib_setuid_races, TauriDriver, VirtualDisplay, GLIB_SETUID_RACE, PAINT_FOR_A_SCREENSHOT,
};
use serde_json::{json, Value};

use crate::processes;
use crate::BenchError;

/// An app binary and what its environment needs beyond the harness's own.
#[derive(Debug, Clone)]
pub struct AppUnderTest {
    pub name: String,
    pub binary: PathBuf,
    pub env: Vec<(String, String)>,
}

/// An open app window; dropping it stops the app, WebKitWebDriver and tauri-driver.
pub struct Launched {
    pub client: Client,
    pub app_pid: u32,
    /// When the app process started, ms since the Unix epoch.
    pub started_at_ms: f64,
    _driver: TauriDriver,
    _config_home: tempfile::TempDir,
}

/// How long the app process may take to appear once the session exists.
const PROCESS_WAIT: Duration = Duration::from_secs(10);
/// The longest a screenshot or the end of a session may take.
const SCREENSHOT_WAIT: Duration = Duration::from_secs(10);
/// How often the page is asked whether it is ready: a fraction of the figures measured.
const POLL: Duration = Duration::from_millis(5);

/// In the page: the epoch ms of the first painted frame after `<main data-ready="true">`
/// appeared (a timer queued from the next `requestAnimationFrame`, so the drawing of the
/// first screen is counted, not only its data), or null. The observer catches the mutation
/// itself, so the figure does not depend on the polling rate; when the mark is already there
/// at the first look, the look's own time is taken (later than the truth, never earlier).
const READY_PROBE: &str = r#"
const ready = () => document.querySelector('main[data-ready="true"]') !== null;
if (window.__benchReadyAt) return window.__benchReadyAt;
if (ready() && !window.__benchReadySeen) { window.__benchReadyAt = Date.now(); return window.__benchReadyAt; }
if (!window.__benchReadyObserver) {
  window.__benchReadyObserver = new MutationObserver(() => {
    if (window.__benchReadySeen || !ready()) return;
    window.__benchReadySeen = true;
    requestAnimationFrame(() => setTimeout(() => { window.__benchReadyAt = Date.now(); }));
  });
  window.__benchReadyObserver.observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'],
  });
}
return null;
"#;

/// In the page: its moments as `[name, epoch ms]`, in order: the page's and its files' loading
/// (Navigation and Resource Timing), first paints, and the marks Gatehouse's UI makes
/// (`gatehouse:*`, User Timing), so a start-up figure can be split into where its time went.
const PHASES_PROBE: &str = r#"
const moments = [];
const navigation = performance.getEntriesByType('navigation')[0];
if (navigation) {
  moments.push(['page requested', navigation.startTime], ['page received', navigation.responseEnd],
    ['DOM content loaded', navigation.domContentLoadedEventEnd]);
}
for (const file of performance.getEntriesByType('resource')) {
  moments.push([`${file.name.split('/').pop().replace(/-[0-9a-f]{12,}/, '')} received`, file.responseEnd]);
}
for (const paint of performance.getEntriesByType('paint')) moments.push([paint.name, paint.startTime]);
for (const mark of performance.getEntriesByType('mark')) {
  if (mark.name.startsWith('gatehouse:')) moments.push([mark.name.slice(10), mark.startTime]);
}
moments.sort((a, b) => a[1] - b[1]);
return moments.map(([name, at]) => [name, performance.timeOrigin + at]);
"#;

/// Starts `app` in a fresh WebDriver session on `display`, with a fresh config folder and no
/// keychain (the tenant configured on this machine, if any, must not replace the sandbox).
pub async fn launch(app: &AppUnderTest, display: &VirtualDisplay) -> Result<Launched, BenchError> {
    let config_home = tempfile::tempdir().map_err(|source| BenchError::Read {
        path: std::env::temp_dir(),
        source,
    })?;
    let config_path = config_home.path().to_string_lossy().into_owned();
    let mut env: Vec<(&str, &str)> = vec![
        ("XDG_CONFIG_HOME", &config_path),
        (
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/gatehouse-bench-bus",
        ),
    ];
    env.extend(
        app.env
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
    );
    let driver = TauriDriver::start(display, &env);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "tauri:options".to_owned(),
        json!({ "application": app.binary }),
    );
    capabilities.insert("browserName".to_owned(), json!("wry"));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.webdriver_url)
        .await
        .map_err(|error| BenchError::Session {
            app: app.name.clone(),
            detail: error.to_string(),
        })?;
    let deadline = Instant::now() + PROCESS_WAIT;
    let app_pid = loop {
        if let Some(pid) = processes::find_in_tree(driver.pid(), &app.binary)? {
            break pid;
        }
        if Instant::now() > deadline {
            return Err(BenchError::AppProcessMissing {
                app: app.name.clone(),
                waited: PROCESS_WAIT,
            });
        }
        tokio::time::sleep(POLL).await;
    };
    let started_at_ms = processes::start_epoch_ms(app_pid)?;
    Ok(Launched {
        client,
        app_pid,
        started_at_ms,
        _driver: driver,
        _config_home: config_home,
    })
}

/// Runs `attempt`, and once more if it failed after a web process died of GLib's set-uid race
/// ([`GLIB_SETUID_RACE`]): such a run measured the libraries, not the app.
pub async fn again_after_the_glib_race<T, Attempt, Fut>(
    what: &str,
    attempt: Attempt,
) -> Result<T, BenchError>
where
    Attempt: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, BenchError>>,
{
    let races_before = glib_setuid_races();
    match attempt().await {
        Err(error) if glib_setuid_races() > races_before => {
            eprintln!("bench: {what} lost to a web process dying in GLib ({GLIB_SETUID_RACE}), measured again: {error}");
            attempt().await
        }
        result => result,
    }
}

impl Launched {
    /// Waits until the page marks itself ready; the epoch ms at which it did.
    pub async fn wait_until_ready(&self, app: &str, timeout: Duration) -> Result<f64, BenchError> {
        let deadline = Instant::now() + timeout;
        let mut last_problem: Option<String>;
        loop {
            // Before the page has loaded a probe may fail: that is "not yet", kept for the
            // error message.
            match self.client.execute(READY_PROBE, vec![]).await {
                Ok(Value::Number(at)) => return Ok(at.as_f64().unwrap_or_default()),
                Ok(_) => last_problem = None,
                Err(error) => last_problem = Some(error.to_string()),
            }
            if Instant::now() > deadline {
                return Err(BenchError::NotReady {
                    app: app.to_owned(),
                    waited: timeout,
                    last_problem,
                });
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Where the start-up's time went: each moment the page recorded, as ms after the app
    /// process started, in order.
    pub async fn phases(&self) -> Result<Vec<(String, f64)>, BenchError> {
        let moments: Vec<(String, f64)> = serde_json::from_value(
            self.execute("reading the start-up's moments", PHASES_PROBE)
                .await?,
        )
        .unwrap_or_default();
        Ok(moments
            .into_iter()
            .map(|(name, at)| (name, at - self.started_at_ms))
            .collect())
    }

    /// The memory of the app and the WebKit processes it started.
    pub fn memory(&self) -> Result<processes::MemoryUse, BenchError> {
        processes::tree_memory(self.app_pid)
    }

    pub async fn execute(&self, doing: &str, script: &str) -> Result<Value, BenchError> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|source| BenchError::WebDriver {
                doing: doing.to_owned(),
                source,
            })
    }

    /// WebKitWebDriver takes the screenshot at the page's next paint, which a page at rest
    /// never makes: the page is made to paint first, and the wait is bounded all the same.
    pub async fn screenshot(&self, path: &std::path::Path) -> Result<(), BenchError> {
        self.execute("making the page paint", PAINT_FOR_A_SCREENSHOT)
            .await?;
        let png = tokio::time::timeout(SCREENSHOT_WAIT, self.client.screenshot())
            .await
            .map_err(|_| BenchError::Timeout {
                what: "a screenshot".to_owned(),
                waited: SCREENSHOT_WAIT,
            })?
            .map_err(|source| BenchError::WebDriver {
                doing: "taking a screenshot".to_owned(),
                source,
            })?;
        std::fs::write(path, png).map_err(|source| BenchError::Read {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Ends the session (the app closes with it); the guards stop what is left.
    pub async fn close(self) {
        let _ = tokio::time::timeout(SCREENSHOT_WAIT, self.client.clone().close()).await;
    }
}
