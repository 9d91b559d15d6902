//! Driving the real app window: the built app under tauri-driver + WebKitWebDriver on Xvfb,
//! against a sandbox the test owns, with helpers that act as an administrator would and wait
//! for the UI by polling conditions with a deadline.

// Each end-to-end binary compiles this module and uses a different part of it.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use gatehouse_sandbox::Sandbox;
pub use gatehouse_tests::writes;
use gatehouse_tests::{
    app_binary, artifacts_dir, glib_setuid_races, TauriDriver, VirtualDisplay, GLIB_SETUID_RACE,
};
use serde_json::json;

pub const WAIT: Duration = Duration::from_secs(20);

/// How long the app under test keeps a copied secret on the clipboard.
pub const CLIPBOARD_CLEAR_SECONDS: &str = "10";

/// The app window and everything it runs on; dropping it stops them all.
pub struct Window {
    pub client: Client,
    pub config_home: tempfile::TempDir,
    _driver: TauriDriver,
    _display: VirtualDisplay,
}

impl Window {
    /// Opens the app on `sandbox`, with a fresh config folder and no keychain.
    pub async fn open(sandbox: &Sandbox) -> Self {
        Self::open_with(sandbox, |_| {}, &[]).await
    }

    /// [`Window::open`], after `prepare` put what the test needs in the app's own config
    /// folder (`$XDG_CONFIG_HOME/gatehouse`, created empty), with `app_env` added to the
    /// app's environment.
    pub async fn open_with(
        sandbox: &Sandbox,
        prepare: impl FnOnce(&Path),
        app_env: &[(&str, &str)],
    ) -> Self {
        let display = VirtualDisplay::start();
        let config_home = tempfile::tempdir().unwrap();
        let app_config = config_home.path().join("gatehouse");
        std::fs::create_dir(&app_config).unwrap();
        prepare(&app_config);
        let credentials = serde_json::to_string(sandbox.credentials()).unwrap();
        let base_url = sandbox.base_url();
        let mut environment = vec![
            ("GATEHOUSE_SANDBOX_URL", base_url.as_str()),
            ("GATEHOUSE_SANDBOX_CREDENTIALS", &credentials),
            ("XDG_CONFIG_HOME", config_home.path().to_str().unwrap()),
            // A copied one-time secret leaves the clipboard within a test's patience.
            ("GATEHOUSE_CLIPBOARD_CLEAR_SECONDS", CLIPBOARD_CLEAR_SECONDS),
            // No Secret Service: the test machine's own keychain stays untouched.
            (
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/gatehouse-e2e-bus",
            ),
        ];
        environment.extend_from_slice(app_env);
        let driver = TauriDriver::start(&display, &environment);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".to_owned(),
            json!({ "application": app_binary() }),
        );
        capabilities.insert("browserName".to_owned(), json!("wry"));
        // Plain HTTP: the WebDriver server is on loopback, so no TLS stack is needed.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&driver.webdriver_url)
            .await
            .expect("a WebDriver session with the app");
        Self {
            client,
            config_home,
            _driver: driver,
            _display: display,
        }
    }

    /// Awaits one WebDriver exchange, failing the test if it does not return in time:
    /// WebKitWebDriver can block while the page is busy, and a test must never hang.
    pub async fn bounded<T>(
        &self,
        what: &str,
        exchange: impl std::future::Future<Output = T>,
    ) -> T {
        tokio::time::timeout(WAIT, exchange)
            .await
            .unwrap_or_else(|_| panic!("{what}: the window did not answer within {WAIT:?}"))
    }

    pub async fn find(&self, css: &str) -> Element {
        let waiting = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css));
        // The wait checks its deadline between WebDriver calls; a call that never returns
        // needs a deadline of its own.
        let found = tokio::time::timeout(WAIT + Duration::from_secs(5), waiting)
            .await
            .unwrap_or_else(|_| panic!("looking for {css} did not return"));
        match found {
            Ok(element) => element,
            Err(error) => {
                // What the window showed instead, for whoever reads the failure.
                let url = self
                    .bounded("the url", self.client.current_url())
                    .await
                    .map(|url| url.to_string());
                let shown = self
                    .bounded(
                        "the page's text",
                        self.client
                            .execute("return document.body.innerText;", vec![]),
                    )
                    .await
                    .map(|text| text.as_str().unwrap_or_default().to_owned());
                // A page at rest paints nothing, and WebKitWebDriver waits for a paint.
                let _ = self
                    .bounded(
                        "a paint",
                        self.client
                            .execute(gatehouse_tests::PAINT_FOR_A_SCREENSHOT, vec![]),
                    )
                    .await;
                if let Ok(png) = self.bounded("a screenshot", self.client.screenshot()).await {
                    let _ = std::fs::write(artifacts_dir().join("failure.png"), png);
                }
                panic!(
                    "{css} did not appear on {url:?} (see failure.png): {error}\nThe page showed: {shown:?}"
                )
            }
        }
    }

    pub async fn click(&self, css: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let element = self.find(css).await;
            // A WebDriver call can hang with the window (a blocked event loop): bound it too.
            let error = match tokio::time::timeout(WAIT, element.click()).await {
                Ok(Ok(_)) => return,
                Ok(Err(error)) => error.to_string(),
                Err(_) => panic!("clicking {css} did not return within {WAIT:?}"),
            };
            // The page re-rendered between finding and clicking: find it again.
            assert!(
                tokio::time::Instant::now() < deadline,
                "{css} could not be clicked: {error}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces an input's text the way a user would: clear, type.
    pub async fn type_into(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        self.bounded(css, input.clear())
            .await
            .expect("input cleared");
        // Clearing alone may not tell the page: a typed-and-erased space does, as a user would.
        let keys = if text.is_empty() { " \u{E003}" } else { text };
        self.bounded(css, input.send_keys(keys))
            .await
            .expect("typed");
    }

    /// Chooses `value` in the `<select>` at `css`. Clicking an `<option>` would open WebKitGTK's
    /// native popup, which keeps the pointer; a keyboard choice fires the same `change`. What
    /// the page then does with the choice (apply it, or ask first) is for the caller to see.
    pub async fn choose(&self, css: &str, value: &str) {
        let select = self.find(css).await;
        let offered = self
            .script(
                "const [select, value] = arguments; \
                 if (![...select.options].some(option => option.value === value)) return false; \
                 select.value = value; \
                 select.dispatchEvent(new Event('change', { bubbles: true })); return true;",
                vec![
                    serde_json::to_value(&select).expect("an element reference"),
                    json!(value),
                ],
            )
            .await;
        assert_eq!(offered, json!(true), "{css} does not offer {value}");
    }

    /// What the window's X display has on its clipboard, read as another program would
    /// (`xclip`); `None` when nothing holds it.
    pub async fn clipboard(&self) -> Option<String> {
        let reading = tokio::process::Command::new("xclip")
            .args(["-selection", "clipboard", "-out"])
            .env("DISPLAY", &self._display.display)
            .kill_on_drop(true)
            .output();
        let read = self.bounded("reading the clipboard", reading).await;
        let read = read.expect("xclip runs (the test bootstrap installs it)");
        read.status
            .success()
            .then(|| String::from_utf8_lossy(&read.stdout).into_owned())
    }

    /// Answers the system's file dialog titled `title` as an administrator would, by keyboard
    /// (`xdotool`): the whole path typed into its location or name box, then Enter. The page's
    /// click returns while the dialog is open, so this runs after it.
    pub async fn answer_file_dialog(&self, title: &str, path: &Path) {
        let dialog = self.file_dialog(title).await;
        // Keys as a keyboard sends them (XTEST): the modal dialog takes them. Ctrl+L opens an
        // open dialog's location box; in a save dialog the name box has the focus. Ctrl+A
        // selects what is there, and the path is pasted over it: typed key by key, the box's
        // completion would mix its suggestions into it.
        self.put_on_clipboard(&path.display().to_string()).await;
        for keys in ["ctrl+l", "ctrl+a", "ctrl+v"] {
            self.xdotool(&["key", keys]).await;
        }
        // The paste is a selection transfer the dialog finishes on its own time, and nothing
        // outside it shows when: a pause, not a proof (the dialog closing below is the check).
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.xdotool(&["key", "Return"]).await;
        self.dialog_gone(&dialog).await;
    }

    /// Answers the system's folder dialog titled `title`, opened with a folder picked, by
    /// pressing `keys` (to pick another) and then its Open button (Alt+O).
    pub async fn answer_folder_dialog(&self, title: &str, keys: &[&str]) {
        let dialog = self.file_dialog(title).await;
        for key in keys {
            self.xdotool(&["key", key]).await;
        }
        self.xdotool(&["key", "alt+o"]).await;
        self.dialog_gone(&dialog).await;
    }

    /// Cancels the system's file dialog titled `title` (Escape), as an administrator who
    /// changed their mind.
    pub async fn cancel_file_dialog(&self, title: &str) {
        let dialog = self.file_dialog(title).await;
        self.xdotool(&["key", "Escape"]).await;
        self.dialog_gone(&dialog).await;
    }

    /// The X window of the dialog titled `title`, once it is shown.
    async fn file_dialog(&self, title: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        let dialog = loop {
            let found = self
                .xdotool(&["search", "--onlyvisible", "--name", title])
                .await;
            if let Some(dialog) = found.lines().next() {
                break dialog.trim().to_owned();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for the file dialog “{title}”"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        dialog
    }

    async fn dialog_gone(&self, dialog: &str) {
        eventually("the file dialog closed", || async {
            self.xdotool(&["search", "--onlyvisible", "--name", "."])
                .await
                .lines()
                .all(|window| window.trim() != dialog)
        })
        .await;
    }

    /// Puts `text` on the display's clipboard, as another program would (`xclip`, which keeps
    /// serving it until something else takes the clipboard).
    async fn put_on_clipboard(&self, text: &str) {
        use tokio::io::AsyncWriteExt;
        let mut xclip = tokio::process::Command::new("xclip")
            .args(["-selection", "clipboard", "-in"])
            .env("DISPLAY", &self._display.display)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("xclip runs (the test bootstrap installs it)");
        let mut input = xclip.stdin.take().unwrap();
        input.write_all(text.as_bytes()).await.unwrap();
        drop(input);
        // It forks to serve the clipboard; the parent is done once it holds it.
        self.bounded("xclip taking the clipboard", xclip.wait())
            .await
            .unwrap();
        let held = self.clipboard().await;
        assert_eq!(held.as_deref(), Some(text), "the clipboard holds the path");
    }

    /// Runs `xdotool` on the window's display, answering with what it printed.
    async fn xdotool(&self, args: &[&str]) -> String {
        let running = tokio::process::Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self._display.display)
            .kill_on_drop(true)
            .output();
        let ran = self.bounded("xdotool", running).await;
        let ran = ran.expect("xdotool runs (the test bootstrap installs it)");
        String::from_utf8_lossy(&ran.stdout).into_owned()
    }

    /// Runs `script` in the page and returns what it returns.
    pub async fn script(
        &self,
        script: &str,
        arguments: Vec<serde_json::Value>,
    ) -> serde_json::Value {
        self.bounded("a script", self.client.execute(script, arguments))
            .await
            .expect("the script runs")
    }

    /// How far the page reaches past the window, [across, down] in px: [0, 0] when it fits.
    pub async fn page_overflow(&self) -> serde_json::Value {
        self.script(
            "const page = document.documentElement; \
             return [page.scrollWidth - page.clientWidth, page.scrollHeight - page.clientHeight];",
            vec![],
        )
        .await
    }

    /// The page's HTML as it is now.
    pub async fn source(&self) -> String {
        self.bounded("the page source", self.client.source())
            .await
            .expect("the page source")
    }

    pub async fn count(&self, css: &str) -> usize {
        self.bounded(css, self.client.find_all(Locator::Css(css)))
            .await
            .map_or(0, |found| found.len())
    }

    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        self.bounded(css, element.text()).await.unwrap_or_default()
    }

    /// The text of the first element at `css` as the document holds it, shown or not.
    pub async fn text_content(&self, css: &str) -> String {
        let script = "const found = document.querySelector(arguments[0]); \
                      return found ? found.textContent : '';";
        let text = self.script(script, vec![json!(css)]).await;
        text.as_str().unwrap_or_default().to_owned()
    }

    pub async fn value(&self, css: &str) -> String {
        let element = self.find(css).await;
        self.bounded(css, element.prop("value"))
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Waits until `css` is gone from the page.
    pub async fn gone(&self, css: &str) {
        eventually(&format!("{css} to go away"), || async {
            self.bounded(css, self.client.find(Locator::Css(css)))
                .await
                .is_err()
        })
        .await;
    }

    /// Waits until the text of `css` satisfies `check`.
    pub async fn text_is(&self, css: &str, what: &str, check: impl Fn(&str) -> bool) {
        eventually(what, || async {
            match self.bounded(css, self.client.find(Locator::Css(css))).await {
                Ok(element) => self
                    .bounded(css, element.text())
                    .await
                    .is_ok_and(|text| check(&text)),
                Err(_) => false,
            }
        })
        .await;
    }

    /// Opens a resource's page from the navigation, as an administrator would.
    /// The address the window shows (`/r/servers/default/clients`).
    pub async fn path(&self) -> String {
        let path = self
            .script("return window.location.pathname;", vec![])
            .await;
        path.as_str().unwrap_or_default().to_owned()
    }

    /// Goes to `route` within the app, as its own links do (the router follows the history),
    /// and waits for the page to be ready.
    pub async fn goto(&self, route: &str) {
        let go = "window.history.pushState(null, '', arguments[0]); window.dispatchEvent(new PopStateEvent('popstate')); return true;";
        self.script(go, vec![serde_json::json!(route)]).await;
        eventually(&format!("the page {route}"), || async {
            self.path().await == route
        })
        .await;
        self.find("main[data-ready='true']").await;
    }

    pub async fn open_resource(&self, key: &str) {
        self.click(&format!("#nav-{key}")).await;
        self.find(&format!("#page-{key}")).await;
    }

    /// Sets the theme override (`light`, `dark` or `system`).
    pub async fn theme(&self, theme: &str) {
        self.choose("#theme-toggle", theme).await;
        eventually("the theme to apply", || async {
            let applied = self
                .script(
                    "return document.documentElement.getAttribute('data-theme')",
                    vec![],
                )
                .await;
            applied == json!(theme) || theme == "system"
        })
        .await;
    }

    /// The id of the connection saved as `name`, once the profile file holds it with
    /// `also` (any text the saved entry must show, or "").
    pub async fn saved_profile_id(&self, name: &str, also: &str) -> String {
        let profiles = self.config_home.path().join("gatehouse/profiles.json");
        let read = || std::fs::read_to_string(&profiles);
        eventually(&format!("{name} saved"), || async {
            read().is_ok_and(|file| file.contains(name) && file.contains(also))
        })
        .await;
        let saved: serde_json::Value = serde_json::from_str(&read().unwrap()).unwrap();
        saved["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|profile| profile["name"] == json!(name))
            .and_then(|profile| profile["id"].as_str())
            .unwrap()
            .to_owned()
    }

    /// Exports with the Export screen's choices to `destination`, typed into its box; once
    /// the screen says it is done, the export is checked against its manifest, which is
    /// returned.
    pub async fn export_to(&self, destination: &std::path::Path) -> serde_json::Value {
        self.type_into("#export-destination", &destination.display().to_string())
            .await;
        self.click("#start-export").await;
        self.text_is("#export-result h2", "the export finished", |text| {
            text == "Exported"
        })
        .await;
        assert_eq!(
            self.text("#export-written-to").await,
            destination.display().to_string()
        );
        let verification = gatehouse_core::verify_export(destination).unwrap();
        assert!(verification.is_intact(), "{verification:?}");
        serde_json::from_slice(&std::fs::read(destination.join("manifest.json")).unwrap()).unwrap()
    }

    /// A screenshot in light and in dark, for people to look at.
    pub async fn screenshots(&self, name: &str) {
        for theme in ["light", "dark"] {
            self.theme(theme).await;
            self.script(gatehouse_tests::PAINT_FOR_A_SCREENSHOT, vec![])
                .await;
            let png = self
                .bounded("a screenshot", self.client.screenshot())
                .await
                .expect("a screenshot");
            std::fs::write(artifacts_dir().join(format!("{name}-{theme}.png")), png)
                .expect("screenshot saved");
        }
        self.theme("light").await;
    }
}

/// Runs an end-to-end scenario, and once more from the start if the first run failed after
/// WebKit's web process died of [`GLIB_SETUID_RACE`]: that crash says nothing about the app, and
/// any other failure, or a second one, fails the test.
pub async fn scenario<Run, Fut>(run: Run)
where
    Run: Fn() -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let races_before = glib_setuid_races();
    let Err(failure) = tokio::spawn(run()).await else {
        return;
    };
    // The dying process's last line may still be on its way through the pipe.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while glib_setuid_races() == races_before && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if glib_setuid_races() == races_before {
        std::panic::resume_unwind(failure.into_panic());
    }
    eprintln!("e2e: the web process died in GLib ({GLIB_SETUID_RACE}); the scenario runs again");
    if let Err(failure) = tokio::spawn(run()).await {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Polls `check` until it holds: the UI updates asynchronously after each action.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
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

/// Waits until the app sent `count` writes under `path_start`.
pub async fn writes_reach(sandbox: &Sandbox, path_start: &str, count: usize) {
    eventually(&format!("{count} writes to {path_start}"), || async {
        writes(sandbox, path_start).len() >= count
    })
    .await;
}

/// An `xdg-open` first on the app's `PATH` that writes down each URL instead of opening it.
pub struct StandInBrowser {
    folder: tempfile::TempDir,
}

impl StandInBrowser {
    pub fn install() -> Self {
        let folder = tempfile::tempdir().unwrap();
        let script = folder.path().join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                folder.path().join("opened").display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        Self { folder }
    }

    /// The app's `PATH`: this folder, then the usual one (tauri-driver finds WebKitWebDriver).
    pub fn path(&self) -> String {
        let usual = std::env::var("PATH").unwrap_or_default();
        format!("{}:{usual}", self.folder.path().display())
    }

    pub fn opened(&self) -> Vec<String> {
        let record: PathBuf = self.folder.path().join("opened");
        std::fs::read_to_string(record)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}
