//! Helpers for the integration and end-to-end tests: every process a test starts is owned by
//! a guard that stops it when the test ends, passing or failing.

pub mod developer;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use gatehouse_client::{ApiClient, ClientCredentials, CloudentityClient, RetryPolicy, TokenSource};
use gatehouse_sandbox::Sandbox;
use secrecy::SecretString;

mod memory_keychain;
mod private_ca;

pub use memory_keychain::{memory_keychain, Ledger};
pub use private_ca::{https_sandbox, private_ca, PrivateCa};

/// A child process that is killed and reaped when the guard is dropped (also on panic).
pub struct ChildGuard {
    name: &'static str,
    child: Child,
}

impl ChildGuard {
    pub fn spawn(name: &'static str, command: &mut Command) -> Self {
        // Its own process group, so the processes it starts in turn (tauri-driver starts
        // WebKitWebDriver, which starts the app) are stopped with it.
        let child = command
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {name}: {error}"));
        Self { name, child }
    }

    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Fails the test if the process already exited: a dead helper explains a later failure.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early: {status}", self.name);
        }
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        // The group may be gone already; that is not worth a line in the test's output.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The keychain service the tests' consoles file their secrets under.
pub const KEYCHAIN_SERVICE: &str = "gatehouse-test";

/// The console's commands (`gatehouse-core`) on a fresh config folder, with a sandbox the test
/// owns behind its built-in profiles.
pub struct Console {
    pub sandbox: gatehouse_sandbox::Sandbox,
    pub app: gatehouse_core::Gatehouse,
    pub config_dir: tempfile::TempDir,
}

impl Console {
    pub async fn start(config: gatehouse_sandbox::SandboxConfig) -> Self {
        Self::start_with(config, |_| None).await
    }

    /// A console whose sandbox has no rate limit: for tests about content, not pacing.
    pub async fn unlimited(config: gatehouse_sandbox::SandboxConfig) -> Self {
        let console = Self::start(config).await;
        console
            .sandbox
            .set_faults(gatehouse_sandbox::Faults::default());
        console
    }

    /// `environment` gives the profile `SAIL_*` variables would give, if any.
    pub async fn start_with(
        config: gatehouse_sandbox::SandboxConfig,
        environment: impl FnOnce(
            &gatehouse_sandbox::Sandbox,
        ) -> Option<(gatehouse_wire::Profile, secrecy::SecretString)>,
    ) -> Self {
        let sandbox = gatehouse_sandbox::Sandbox::start(config)
            .await
            .expect("the sandbox starts");
        let config_dir = tempfile::tempdir().expect("a config folder");
        let app = gatehouse_core::Gatehouse::new(gatehouse_core::AppConfig {
            config_dir: config_dir.path().to_path_buf(),
            keychain_service: KEYCHAIN_SERVICE.to_owned(),
            sandbox: gatehouse_core::SandboxSource::External {
                base_url: sandbox.base_url(),
                credentials: sandbox.credentials().clone(),
            },
            environment_profile: environment(&sandbox),
            clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
            sail_cli_config: None,
        })
        .expect("the console starts");
        Self {
            sandbox,
            app,
            config_dir,
        }
    }
}

/// The console on `config_dir` with its built-in profiles behind a port nothing answers on:
/// for tests of what it files away, not of what it calls.
pub fn offline_console(config_dir: &Path) -> gatehouse_core::Gatehouse {
    gatehouse_core::Gatehouse::new(gatehouse_core::AppConfig {
        config_dir: config_dir.to_path_buf(),
        keychain_service: KEYCHAIN_SERVICE.to_owned(),
        sandbox: gatehouse_core::SandboxSource::External {
            base_url: "http://127.0.0.1:9".to_owned(),
            credentials: gatehouse_sandbox::SandboxCredentials {
                sailpoint_client_id: "id".into(),
                sailpoint_client_secret: "unused".into(),
                cloudentity_tenant_id: "demo".into(),
                cloudentity_client_id: "id".into(),
                cloudentity_client_secret: "unused".into(),
                developer_portal_client_id: "developer-portal".into(),
                developer_username: "developer@sandbox.local".into(),
                developer_password: "unused".into(),
            },
        },
        environment_profile: None,
        clipboard_clear_after: gatehouse_core::CLIPBOARD_CLEAR_AFTER,
        sail_cli_config: None,
    })
    .expect("the console starts")
}

/// A SailPoint client of the sandbox's built-in credentials, with `secret` as the secret (a
/// wrong one to test refusals). Stands in for another administrator of the same tenant.
pub fn sailpoint_client(
    sandbox: &gatehouse_sandbox::Sandbox,
    secret: &str,
) -> gatehouse_client::SailPointClient {
    gatehouse_client::SailPointClient::new(
        gatehouse_client::http_client().expect("an HTTP client"),
        &sandbox.base_url(),
        gatehouse_client::ClientCredentials {
            token_url: format!("{}/oauth/token", sandbox.base_url()),
            client_id: sandbox.credentials().sailpoint_client_id.clone(),
            client_secret: secrecy::SecretString::from(secret.to_owned()),
        },
    )
}

/// The token endpoint's answer to a client-credentials grant for `id` and `secret`, sent as
/// form fields the way a plain HTTP client would; fails the test unless it is a 200.
pub async fn token_answer(
    client: &reqwest::Client,
    url: String,
    id: &str,
    secret: &str,
) -> serde_json::Value {
    let response = client
        .post(url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .expect("the token request is answered");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    response.json().await.expect("a JSON token answer")
}

/// An access token from `url` for the client `id` and `secret`.
pub async fn token_from(client: &reqwest::Client, url: String, id: &str, secret: &str) -> String {
    token_answer(client, url, id, secret).await["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// A SailPoint access token from the sandbox's built-in client credentials; fails the test
/// unless the answer is SailPoint's token shape.
pub async fn sailpoint_token(
    sandbox: &gatehouse_sandbox::Sandbox,
    client: &reqwest::Client,
) -> String {
    let credentials = sandbox.credentials();
    let body = token_answer(
        client,
        format!("{}/oauth/token", sandbox.base_url()),
        &credentials.sailpoint_client_id,
        &credentials.sailpoint_client_secret,
    )
    .await;
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 749);
    body["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// An admin token of the sandbox's built-in Cloudentity client.
pub async fn cloudentity_token(sandbox: &Sandbox, client: &reqwest::Client) -> String {
    let credentials = sandbox.credentials();
    token_from(
        client,
        admin_token_url(sandbox),
        &credentials.cloudentity_client_id,
        &credentials.cloudentity_client_secret,
    )
    .await
}

/// A sandbox started with `config`, limiting requests as the vendors do.
pub async fn sandbox(config: gatehouse_sandbox::SandboxConfig) -> Sandbox {
    Sandbox::start(config).await.expect("the sandbox starts")
}

/// A sandbox started with `config`, its rate limit lifted: for tests about content or floods,
/// not pacing.
pub async fn unlimited_sandbox(config: gatehouse_sandbox::SandboxConfig) -> Sandbox {
    let sandbox = sandbox(config).await;
    sandbox.set_faults(gatehouse_sandbox::Faults::default());
    sandbox
}

/// The vendor's error body, after checking the status it came with.
pub fn vendor_error(
    error: gatehouse_client::ClientError,
    status: u16,
) -> gatehouse_client::VendorError {
    match error {
        gatehouse_client::ClientError::Vendor {
            status: actual,
            vendor,
            ..
        } if actual == status => vendor,
        other => panic!("expected the vendor's {status}, got {other}"),
    }
}

/// Checks that `error` is the vendor's 403 with `detail_code`, its message naming the scope
/// the token lacks.
pub fn assert_forbidden(
    error: gatehouse_client::ClientError,
    detail_code: &str,
    missing_scope: &str,
) {
    let forbidden = vendor_error(error, 403);
    assert_eq!(forbidden.detail_code.as_deref(), Some(detail_code));
    assert!(forbidden.messages[0].contains(missing_scope));
}

/// The field errors of a validation failure, as (field, message) pairs.
pub fn field_errors(error: &gatehouse_wire::ApiError) -> Vec<(&str, &str)> {
    error
        .details
        .field_errors
        .iter()
        .map(|error| (error.field.as_str(), error.message.as_str()))
        .collect()
}

/// The shared reference folder (`../shared` beside the checkout, as CI has it).
pub fn shared_dir() -> PathBuf {
    let shared = workspace_root().join("..").join("shared");
    assert!(
        shared.join("api/endpoints.json").exists(),
        "the shared reference folder is expected beside the checkout at {}",
        shared.display()
    );
    shared
}

/// Every seed operation, one JSON object each (`shared/api/endpoints.json`).
pub fn endpoints() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(shared_dir().join("api/endpoints.json"))
        .expect("endpoints.json is readable");
    serde_json::from_str(&text).expect("endpoints.json is JSON")
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free local port")
}

/// Waits until something accepts connections on `port`, or panics after `timeout`.
pub fn wait_for_port(port: u16, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nothing listened on port {port} within {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A private D-Bus session bus with an unlocked gnome-keyring serving the Secret Service API:
/// the real keychain backend a Linux desktop has, isolated from the user's own keyrings.
pub struct SecretService {
    pub bus_address: String,
    _keyring: ChildGuard,
    _bus: ChildGuard,
    _home: tempfile::TempDir,
}

impl SecretService {
    pub fn start() -> Self {
        let home = tempfile::tempdir().expect("a temporary home");
        let runtime = home.path().join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        let mut bus = ChildGuard::spawn(
            "dbus-daemon",
            Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
                .stdout(Stdio::piped()),
        );
        let mut address = String::new();
        BufReader::new(bus.child().stdout.take().unwrap())
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let bus_address = address.trim().to_owned();
        assert!(!bus_address.is_empty(), "dbus-daemon printed no address");
        let mut keyring = ChildGuard::spawn(
            "gnome-keyring-daemon",
            Command::new("gnome-keyring-daemon")
                .args(["--foreground", "--unlock", "--components=secrets"])
                .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
                .env("HOME", home.path())
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .stdin(Stdio::piped())
                .stdout(Stdio::null()),
        );
        // --unlock reads the login keyring's password from stdin, creating the keyring.
        let mut stdin = keyring.child().stdin.take().unwrap();
        stdin.write_all(b"gatehouse-test-password").unwrap();
        drop(stdin);
        wait_for_bus_name(&bus_address, "org.freedesktop.secrets", &mut keyring);
        Self {
            bus_address,
            _keyring: keyring,
            _bus: bus,
            _home: home,
        }
    }
}

fn wait_for_bus_name(bus_address: &str, name: &str, owner: &mut ChildGuard) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        owner.assert_running();
        let listed = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.ListNames",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", bus_address)
            .output()
            .expect("dbus-send runs");
        if String::from_utf8_lossy(&listed.stdout).contains(name) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name} did not appear on the bus"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// An Xvfb display for the app window.
pub struct VirtualDisplay {
    pub display: String,
    number: u32,
    server: Option<ChildGuard>,
}

/// Whether no live X server holds display `number`. A server that was killed leaves its lock
/// file behind; X servers take over such a stale lock, so the harness may too.
fn display_is_free(number: u32) -> bool {
    match std::fs::read_to_string(format!("/tmp/.X{number}-lock")) {
        Err(_) => true,
        Ok(lock) => lock
            .trim()
            .parse::<u32>()
            .is_ok_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()),
    }
}

/// The display numbers this test process's displays hold: two tests starting windows at once
/// would otherwise both find a number free before either server took it, share it, and the
/// first to finish would close the other's display.
static CLAIMED_DISPLAYS: std::sync::Mutex<std::collections::BTreeSet<u32>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        // Killed, the server cannot remove its lock and socket: they go here, so test runs
        // do not use up the display numbers.
        drop(self.server.take());
        let _ = std::fs::remove_file(format!("/tmp/.X{}-lock", self.number));
        let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{}", self.number));
        let mut claimed = CLAIMED_DISPLAYS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        claimed.remove(&self.number);
    }
}

impl VirtualDisplay {
    pub fn start() -> Self {
        // Pick a display number no live X server holds and no other test here has claimed.
        let number = {
            let mut claimed = CLAIMED_DISPLAYS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let number = (90..190)
                .find(|n| !claimed.contains(n) && display_is_free(*n))
                .expect("a free X display number");
            claimed.insert(number);
            number
        };
        let display = format!(":{number}");
        let mut server = ChildGuard::spawn(
            "Xvfb",
            Command::new("Xvfb")
                .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let deadline = Instant::now() + Duration::from_secs(15);
        while !socket.exists() {
            server.assert_running();
            assert!(Instant::now() < deadline, "Xvfb did not start on {display}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            display,
            number,
            server: Some(server),
        }
    }
}

/// The app binary the end-to-end tests launch: built by the README's test command with the UI
/// embedded (`--features gatehouse/custom-protocol`).
pub fn app_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let binary = target.join("debug").join("gatehouse");
    let rebuild = "build it with `cargo build -p gatehouse --features custom-protocol` after `trunk build` in ui/ (src-tauri/scripts/test.sh does both)";
    let built = std::fs::metadata(&binary).and_then(|meta| meta.modified());
    let built = built.unwrap_or_else(|_| panic!("{} is missing: {rebuild}", binary.display()));
    // The binary embeds the UI it was built with: `cargo test` does not rebuild it, so a UI
    // built since would silently not be the one under test.
    let ui = workspace_root().join("ui/dist/index.html");
    if let Ok(ui_built) = std::fs::metadata(&ui).and_then(|meta| meta.modified()) {
        assert!(
            built >= ui_built,
            "{} is older than the UI in {}: {rebuild}",
            binary.display(),
            ui.display()
        );
    }
    binary
}

/// Run in the page just before asking WebKitWebDriver for a screenshot: it takes the
/// screenshot at the page's next paint, and a page at rest (nothing animating, no scrollbar
/// fading) never makes one. This repaints one corner pixel at 1% opacity each frame for a few
/// seconds, so the next paint comes at once and the picture is the page as it is.
pub const PAINT_FOR_A_SCREENSHOT: &str = r#"
const pixel = document.createElement('div');
pixel.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;background:#000;opacity:0';
document.body.append(pixel);
const until = performance.now() + 3000;
const repaint = () => {
  pixel.style.opacity = pixel.style.opacity === '0' ? '0.01' : '0';
  if (performance.now() < until) requestAnimationFrame(repaint); else pixel.remove();
};
requestAnimationFrame(repaint);
"#;

/// Where tests leave screenshots for people to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join("target").join("e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts folder");
    dir
}

/// What WebKit's web process prints as it aborts in GLib's set-uid check. GLib 2.74 aborts when
/// `errno` is set after `getauxval(AT_SECURE)`; a JavaScriptCore thread-suspension signal landing
/// in between leaves `EINTR` there. A rare race below the app, in the libraries it runs on.
pub const GLIB_SETUID_RACE: &str = "getauxval () failed: Interrupted system call";

static GLIB_SETUID_RACES: AtomicUsize = AtomicUsize::new(0);

/// How many web processes started by this test binary died of [`GLIB_SETUID_RACE`].
pub fn glib_setuid_races() -> usize {
    GLIB_SETUID_RACES.load(Ordering::SeqCst)
}

static APP_PANICS: AtomicUsize = AtomicUsize::new(0);

/// How many panics the apps this test process ran have reported on their error output.
pub fn app_panics() -> usize {
    APP_PANICS.load(Ordering::SeqCst)
}

/// Copies what the driver, WebKit and the app print to this process's stderr, as when they
/// wrote there themselves, and counts the web processes that died of [`GLIB_SETUID_RACE`].
fn pass_on_and_watch_for_the_glib_race(output: impl std::io::Read) {
    let mut output = BufReader::new(output);
    let mut line = Vec::new();
    while output
        .read_until(b'\n', &mut line)
        .is_ok_and(|read| read > 0)
    {
        let text = String::from_utf8_lossy(&line);
        if text.contains(GLIB_SETUID_RACE) {
            GLIB_SETUID_RACES.fetch_add(1, Ordering::SeqCst);
        }
        if text.contains("panicked at") {
            APP_PANICS.fetch_add(1, Ordering::SeqCst);
        }
        let _ = std::io::stderr().write_all(&line);
        line.clear();
    }
}

/// `tauri-driver` (and through it WebKitWebDriver and the app) on a virtual display.
pub struct TauriDriver {
    pub webdriver_url: String,
    _driver: ChildGuard,
}

impl TauriDriver {
    /// Starts the driver; `app_env` reaches the app, which inherits the driver's environment.
    pub fn start(display: &VirtualDisplay, app_env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new("tauri-driver");
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display.display)
            // Software rendering: Xvfb has no GPU, and WebKit's compositor renders blank without one.
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            // A tenant configured in the caller's environment must not replace the sandbox.
            .env_remove("SAIL_BASE_URL")
            .env_remove("SAIL_CLIENT_ID")
            .env_remove("SAIL_CLIENT_SECRET")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in app_env {
            command.env(key, value);
        }
        let mut driver = ChildGuard::spawn("tauri-driver", &mut command);
        let output = driver.child().stderr.take().expect("the driver's stderr");
        std::thread::spawn(move || pass_on_and_watch_for_the_glib_race(output));
        // tauri-driver listens at once but forwards to WebKitWebDriver, which it starts in the
        // background: a session requested before that one listens is dropped mid-request.
        wait_for_port(port, Duration::from_secs(30));
        wait_for_port(native_port, Duration::from_secs(30));
        driver.assert_running();
        Self {
            webdriver_url: format!("http://127.0.0.1:{port}"),
            _driver: driver,
        }
    }
}

impl ChildGuard {
    /// The process id, e.g. to find the processes it started in turn.
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl TauriDriver {
    /// The driver's process id: the app a session launches is one of its descendants.
    pub fn pid(&self) -> u32 {
        self._driver.id()
    }
}

/// An API client whose tokens come from `token_url`, for the given client credentials.
pub fn api_with_tokens_from(
    sandbox: &Sandbox,
    (id, secret): (&str, &str),
    token_url: String,
    policy: RetryPolicy,
) -> ApiClient {
    let http = gatehouse_client::http_client().unwrap();
    let tokens = TokenSource::new(
        http.clone(),
        ClientCredentials {
            token_url,
            client_id: id.to_owned(),
            client_secret: SecretString::from(secret.to_owned()),
        },
    );
    ApiClient::new(http, &sandbox.base_url(), tokens).with_policy(policy)
}

pub fn admin_token_url(sandbox: &Sandbox) -> String {
    let tenant = &sandbox.credentials().cloudentity_tenant_id;
    format!("{}/{tenant}/admin/oauth2/token", sandbox.base_url())
}

pub fn system_token_url(sandbox: &Sandbox) -> String {
    format!("{}/system/system/oauth2/token", sandbox.base_url())
}

/// A Cloudentity client of the sandbox for the given client credentials (admin and system).
pub fn cloudentity_client_as(
    sandbox: &Sandbox,
    id: &str,
    secret: &str,
    policy: RetryPolicy,
) -> CloudentityClient {
    let tenant = &sandbox.credentials().cloudentity_tenant_id;
    let admin = api_with_tokens_from(sandbox, (id, secret), admin_token_url(sandbox), policy);
    let system = api_with_tokens_from(sandbox, (id, secret), system_token_url(sandbox), policy);
    CloudentityClient::with_api(admin, tenant).with_system_api(system)
}

/// A Cloudentity client of the sandbox's built-in credentials, retrying quickly. Stands in for
/// another administrator of the same tenant.
pub fn cloudentity_client(sandbox: &Sandbox) -> CloudentityClient {
    let credentials = sandbox.credentials();
    cloudentity_client_as(
        sandbox,
        &credentials.cloudentity_client_id,
        &credentials.cloudentity_client_secret,
        RetryPolicy {
            backoff: Duration::from_millis(10),
            ..RetryPolicy::STANDARD
        },
    )
}

/// Every file under `dir` by its relative path.
pub fn files_under(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// The requests `sandbox` received that could change something (all but GETs), to paths
/// starting with `path_start`.
/// Sends the request; its status and JSON answer (`null` for an empty or non-JSON body).
pub async fn answer(request: reqwest::RequestBuilder) -> (reqwest::StatusCode, serde_json::Value) {
    let response = request.send().await.expect("the request is answered");
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

/// The requests with `method` whose path starts with `path_start`, oldest first.
pub fn requests_to(
    sandbox: &Sandbox,
    method: &str,
    path_start: &str,
) -> Vec<gatehouse_sandbox::RecordedRequest> {
    sandbox
        .requests()
        .into_iter()
        .filter(|request| request.method == method && request.path.starts_with(path_start))
        .collect()
}

pub fn writes(sandbox: &Sandbox, path_start: &str) -> Vec<gatehouse_sandbox::RecordedRequest> {
    sandbox
        .requests()
        .into_iter()
        .filter(|request| request.method != "GET" && request.path.starts_with(path_start))
        .collect()
}

/// An object's `id`.
pub fn id(object: &serde_json::Value) -> String {
    object["id"].as_str().expect("an id").to_owned()
}

/// Read options without pacing, for a sandbox without a rate limit ([`Console::unlimited`]).
pub fn unpaced() -> gatehouse_core::ReadOptions {
    gatehouse_core::ReadOptions {
        pace: gatehouse_core::Pace {
            requests: 1000,
            per: Duration::from_secs(1),
        },
        ..gatehouse_core::ReadOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glib_race_is_counted_once_per_dying_web_process() {
        let before = glib_setuid_races();
        let output = format!(
            "(WebKitWebProcess:1): Gtk-WARNING **: unrelated\n\
             (WebKitWebProcess:2): GLib-ERROR **: 13:51:11.902: {GLIB_SETUID_RACE}\n\
             getauxval () failed: No such file or directory\n\
             last line without an end"
        );
        pass_on_and_watch_for_the_glib_race(output.as_bytes());
        assert_eq!(glib_setuid_races() - before, 1);
    }
}
