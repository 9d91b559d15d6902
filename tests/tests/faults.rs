//! A fault campaign: a scripted session of creates, edits and deletes through the console's
//! commands while the sandbox injects 429 storms, 500s, latency, dropped connections and lost
//! answers (the change made, the answer never arriving). Afterwards the tenant holds exactly
//! what was intended, no create reached the vendor twice, nothing panicked, and no secret of
//! the session is in the config folder, the session's log or the test's artifacts.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gatehouse_core::{Gatehouse, SANDBOX_CLOUDENTITY, SANDBOX_SAILPOINT};
use gatehouse_sandbox::{Faults, InjectedFault, RateLimit, RecordedRequest, SandboxConfig};
use gatehouse_tests::{workspace_root, Console};
use gatehouse_wire::{catalog, ApiError, ErrorKind, ResourceDescription, SaveOutcome};
use serde_json::{json, Value};

const OAUTH_CLIENTS: &str = "oauth-clients";
const PATS: &str = "personal-access-tokens";
const PASSWORD: &str = "password-org-config";
const ACP_CLIENTS: &str = "clients";
const PREFIX: &str = "fault-campaign";
/// How long one intent may take, waits for the vendor included.
const INTENT_DEADLINE: Duration = Duration::from_secs(30);

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts every panic of the process (test thread, tokio workers, the sandbox's tasks) on top
/// of the default report.
fn count_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        report(info);
    }));
}

/// Sends the session's tracing output, everything from debug up, to `log`.
fn capture_tracing(log: &Path) {
    let file = std::fs::File::create(log).expect("the session log can be created");
    let filter = tracing_subscriber::EnvFilter::new(
        "debug,gatehouse_core=trace,gatehouse_client=trace,gatehouse_sandbox=trace",
    );
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .init();
}

/// A small deterministic generator (xorshift64*), so the script is the same on every run.
struct Script(u64);

impl Script {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % bound
    }
}

/// Whether waiting and trying again is what the error asks for, and how long to wait.
fn retry_wait(error: &ApiError) -> Option<Duration> {
    match error.kind {
        ErrorKind::RateLimited => Some(Duration::from_secs(
            error.details.retry_after_seconds.unwrap_or(1),
        )),
        ErrorKind::Server | ErrorKind::Network => Some(Duration::from_millis(50)),
        _ => None,
    }
}

/// The administrator's patience: `attempt` again while it fails with an error worth waiting
/// out, until the intent's deadline. Every error met is logged, as the console would show it.
async fn patiently<T, F, Fut>(what: &str, mut attempt: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let deadline = Instant::now() + INTENT_DEADLINE;
    loop {
        match attempt().await {
            Ok(value) => return value,
            Err(error) => wait_out(what, &error, deadline).await,
        }
    }
}

/// Waits as `error` asks before the next attempt, after logging it as the console would show
/// it; fails the test for an error not worth waiting out, or past the deadline.
async fn wait_out(what: &str, error: &ApiError, deadline: Instant) {
    tracing::warn!(what, kind = ?error.kind, message = %error.message, "command failed");
    let wait = retry_wait(error).unwrap_or_else(|| panic!("{what}: {error:?}"));
    assert!(
        Instant::now() + wait < deadline,
        "{what}: still failing: {error:?}"
    );
    tokio::time::sleep(wait).await;
}

/// One collection as the script works on it: a resource, under its parent when it has one.
#[derive(Clone, Copy)]
struct Collection<'a> {
    key: &'static str,
    scope: Option<&'a str>,
}

impl Collection<'_> {
    fn description(&self) -> &'static ResourceDescription {
        catalog::resource(self.key).expect("a catalogued resource")
    }

    fn name(&self, object: &Value) -> String {
        self.description().name_of(object)
    }

    fn id(&self, object: &Value) -> String {
        let id = self.description().id_of(object);
        id.expect("an id").to_owned()
    }

    async fn list(&self, app: &Gatehouse) -> Vec<Value> {
        patiently("list", || app.resource_list(self.key, self.scope, &[])).await
    }
}

/// Creates `body` once: after a failure the list is read first, and the create is sent again
/// only if the object is not there (its answer may have been lost after the vendor made it).
/// Returns the object and the one-time secret, if its answer arrived.
async fn create_once(
    app: &Gatehouse,
    collection: Collection<'_>,
    body: &Value,
) -> (Value, Option<String>) {
    let name = collection.name(body);
    let deadline = Instant::now() + INTENT_DEADLINE;
    loop {
        match app
            .resource_create(collection.key, collection.scope, body)
            .await
        {
            Ok(created) => {
                let secret = created.secret.map(|secret| {
                    app.forget_secret(&secret.handle);
                    secret.value
                });
                return (created.object, secret);
            }
            Err(error) => wait_out("create", &error, deadline).await,
        }
        let listed = collection.list(app).await;
        if let Some(made) = listed
            .into_iter()
            .find(|object| collection.name(object) == name)
        {
            tracing::info!(
                key = collection.key,
                name,
                "the create was carried out; its answer was lost"
            );
            return (made, None);
        }
    }
}

/// Applies `change` to the object as it is now. After a 5xx, a lost connection or a conflict
/// the object is read again first: an edit whose answer was lost is then found already made.
/// After a 429, which refuses the request unseen, the same save is sent again.
async fn edit(
    app: &Gatehouse,
    collection: Collection<'_>,
    id: Option<&str>,
    change: impl Fn(&mut Value),
) {
    let Collection { key, scope } = collection;
    let deadline = Instant::now() + INTENT_DEADLINE;
    let read = || async {
        patiently("read", || app.resource_get(key, scope, id))
            .await
            .expect("the object exists")
    };
    let mut current = read().await;
    loop {
        assert!(
            Instant::now() < deadline,
            "edit {key}: no attempt succeeded"
        );
        let mut edited = current.clone();
        change(&mut edited);
        if edited == current {
            return;
        }
        match app.resource_save(key, scope, id, &current, &edited).await {
            Ok(SaveOutcome::Saved { .. }) => return,
            Ok(SaveOutcome::Conflict(_)) => current = read().await,
            Err(error) => {
                wait_out("edit", &error, deadline).await;
                if error.kind != ErrorKind::RateLimited {
                    current = read().await;
                }
            }
        }
    }
}

/// Deletes `id`, then confirms with the list that it is gone. The client re-sends a DELETE
/// whose answer was lost and counts the 404 that follows as done, so "not found" is a failure,
/// unless an earlier command of this intent failed with a 5xx or in transit: that one may have
/// deleted it.
async fn delete(app: &Gatehouse, collection: Collection<'_>, id: &str) {
    let deadline = Instant::now() + INTENT_DEADLINE;
    let mut may_have_deleted = false;
    loop {
        match app
            .resource_delete(collection.key, collection.scope, id)
            .await
        {
            Ok(()) => break,
            Err(error) if error.kind == ErrorKind::NotFound && may_have_deleted => break,
            Err(error) => {
                wait_out("delete", &error, deadline).await;
                may_have_deleted |= error.kind != ErrorKind::RateLimited;
            }
        }
    }
    let listed = collection.list(app).await;
    assert!(
        listed.iter().all(|object| collection.id(object) != id),
        "delete {id}: reported done, yet listed"
    );
}

/// What the session means the tenant to hold at the end: per resource key, per name, the
/// fields it set (an empty object where only existence matters).
#[derive(Default)]
struct Intent {
    objects: BTreeMap<&'static str, BTreeMap<String, Value>>,
    digit_token_length: Option<i64>,
    count: usize,
}

impl Intent {
    fn made(&mut self, key: &'static str, name: String, fields: Value) {
        self.objects.entry(key).or_default().insert(name, fields);
        self.count += 1;
    }

    fn renamed(&mut self, key: &'static str, from: &str, to: String) {
        let objects = self.objects.entry(key).or_default();
        let fields = objects.remove(from).expect("an intended object");
        objects.insert(to, fields);
        self.count += 1;
    }

    fn set(&mut self, key: &'static str, name: &str, field: &str, value: Value) {
        let objects = self.objects.entry(key).or_default();
        objects.get_mut(name).expect("an intended object")[field] = value;
        self.count += 1;
    }

    fn deleted(&mut self, key: &'static str, name: &str) {
        self.objects.entry(key).or_default().remove(name);
        self.count += 1;
    }
}

fn new_oauth_client(index: u64) -> Value {
    json!({
        "name": format!("{PREFIX}-client-{index}"), "description": "made under faults",
        "accessTokenValiditySeconds": 900, "grantTypes": ["CLIENT_CREDENTIALS"],
        "accessType": "OFFLINE", "enabled": true,
        "redirectUris": [format!("https://app{index}.example/callback")]
    })
}

/// Creates each body, then edits or deletes each object as the script decides: renamed,
/// `list_field` replaced, both, or deleted.
async fn create_edit_delete(
    app: &Gatehouse,
    collection: Collection<'_>,
    list_field: &str,
    bodies: Vec<Value>,
    script: &mut Script,
    intent: &mut Intent,
    secrets: &mut Vec<String>,
) {
    let key = collection.key;
    let mut made = Vec::new();
    for body in bodies {
        let (object, secret) = create_once(app, collection, &body).await;
        secrets.extend(secret);
        let name = collection.name(&body);
        intent.made(key, name.clone(), json!({list_field: body[list_field]}));
        made.push((name, collection.id(&object)));
    }
    let title = collection
        .description()
        .title_field
        .expect("a named resource");
    for (name, id) in made {
        let choice = script.below(4);
        if choice == 0 {
            delete(app, collection, &id).await;
            intent.deleted(key, &name);
            continue;
        }
        let mut name = name;
        if choice & 1 == 1 {
            let renamed = format!("{name}-renamed");
            edit(app, collection, Some(&id), |object| {
                object[title] = json!(renamed)
            })
            .await;
            intent.renamed(key, &name, renamed.clone());
            name = renamed;
        }
        if choice & 2 == 2 {
            let uris = json!([
                format!("https://edited{}.example/cb", script.below(1000)),
                "https://second.example/cb"
            ]);
            edit(app, collection, Some(&id), |object| {
                object[list_field] = uris.clone()
            })
            .await;
            intent.set(key, &name, list_field, uris);
        }
    }
}

/// The scripted session: SailPoint PATs created in a 429 storm and some deleted, the password
/// policy edited three times; OAuth clients created, renamed, their redirect URIs replaced or
/// deleted under 500s, dropped connections and lost answers; then Cloudentity clients the same
/// way with everything at once.
async fn run_session(console: &Console, script: &mut Script, secrets: &mut Vec<String>) -> Intent {
    let app = &console.app;
    let sandbox = &console.sandbox;
    let mut intent = Intent::default();
    app.select_profile(SANDBOX_SAILPOINT).await.unwrap();

    // A 429 storm: two requests a second.
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 2,
            window: Duration::from_secs(1),
        }),
        latency: Duration::from_millis(20),
        ..Faults::default()
    });
    let pats = Collection {
        key: PATS,
        scope: None,
    };
    let mut made_pats = Vec::new();
    for index in 0..4 {
        let body =
            json!({"name": format!("{PREFIX}-pat-{index}"), "accessTokenValiditySeconds": 3600});
        let (object, secret) = create_once(app, pats, &body).await;
        secrets.extend(secret);
        intent.made(PATS, pats.name(&body), json!({}));
        made_pats.push((pats.name(&body), pats.id(&object)));
    }
    for (name, id) in made_pats {
        if script.below(2) == 0 {
            delete(app, pats, &id).await;
            intent.deleted(PATS, &name);
        }
    }
    let password = Collection {
        key: PASSWORD,
        scope: None,
    };
    for length in [8, 10, 7 + script.below(3) as i64] {
        edit(app, password, None, |object| {
            object["digitTokenLength"] = json!(length)
        })
        .await;
        intent.digit_token_length = Some(length);
        intent.count += 1;
    }

    // 500s, dropped connections and lost answers, with latency.
    sandbox.set_faults(Faults {
        latency: Duration::from_millis(20),
        server_errors_percent: 15,
        dropped_connections_percent: 10,
        lost_answers_percent: 10,
        ..Faults::default()
    });
    let oauth_clients = Collection {
        key: OAUTH_CLIENTS,
        scope: None,
    };
    let bodies = (0..10).map(new_oauth_client).collect();
    create_edit_delete(
        app,
        oauth_clients,
        "redirectUris",
        bodies,
        script,
        &mut intent,
        secrets,
    )
    .await;

    // Everything at once, on the other vendor.
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit {
            max_requests: 15,
            window: Duration::from_secs(1),
        }),
        latency: Duration::from_millis(30),
        server_errors_percent: 15,
        dropped_connections_percent: 10,
        lost_answers_percent: 10,
    });
    app.select_profile(SANDBOX_CLOUDENTITY).await.unwrap();
    let servers = Collection {
        key: "servers",
        scope: None,
    };
    let server = servers
        .list(app)
        .await
        .into_iter()
        .next()
        .expect("a server");
    let server_id = servers.id(&server);
    let acp_clients = Collection {
        key: ACP_CLIENTS,
        scope: Some(&server_id),
    };
    let bodies = (0..6)
        .map(|index| {
            json!({"client_name": format!("{PREFIX}-acp-{index}"),
                "authorization_server_id": server_id,
                "redirect_uris": [format!("https://acp{index}.example/cb")]})
        })
        .collect();
    create_edit_delete(
        app,
        acp_clients,
        "redirect_uris",
        bodies,
        script,
        &mut intent,
        secrets,
    )
    .await;
    app.select_profile(SANDBOX_SAILPOINT).await.unwrap();
    intent
}

/// The session's objects the tenant holds, per resource key.
fn held(console: &Console, key: &'static str) -> Vec<Value> {
    let sandbox = &console.sandbox;
    let objects = match key {
        OAUTH_CLIENTS => sandbox.oauth_clients(),
        PATS => sandbox.personal_access_tokens(),
        ACP_CLIENTS => sandbox.cloudentity_objects(ACP_CLIENTS),
        other => panic!("the session makes no {other}"),
    };
    let collection = Collection { key, scope: None };
    objects
        .into_iter()
        .filter(|object| collection.name(object).starts_with(PREFIX))
        .collect()
}

/// Each intended object, field or deletion the tenant does not hold as intended.
fn lost_edits(console: &Console, intent: &Intent) -> Vec<String> {
    let mut lost = Vec::new();
    for (key, intended) in &intent.objects {
        let collection = Collection { key, scope: None };
        let mut held_by_name: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for object in held(console, key) {
            held_by_name
                .entry(collection.name(&object))
                .or_default()
                .push(object);
        }
        for (name, fields) in intended {
            let copies = held_by_name.remove(name).unwrap_or_default();
            let as_intended = |object: &Value| {
                fields
                    .as_object()
                    .expect("fields")
                    .iter()
                    .all(|(field, value)| &object[field] == value)
            };
            if copies.len() != 1 || !as_intended(&copies[0]) {
                lost.push(format!("{key} {name}: intended {fields}, held {copies:?}"));
            }
        }
        lost.extend(
            held_by_name
                .keys()
                .map(|name| format!("{key} {name} should not exist")),
        );
    }
    let length = console
        .sandbox
        .password_org_config()
        .and_then(|config| config["digitTokenLength"].as_i64());
    if length != intent.digit_token_length {
        lost.push(format!(
            "digitTokenLength: intended {:?}, held {length:?}",
            intent.digit_token_length
        ));
    }
    lost
}

/// Creates the vendor carried out (a POST of a named object that reached its handler and
/// succeeded), per path and name: more than one is a duplicated POST.
fn duplicated_posts(requests: &[RecordedRequest]) -> Vec<(String, usize)> {
    let mut made: BTreeMap<String, usize> = BTreeMap::new();
    for request in requests {
        let name = request
            .body
            .as_ref()
            .and_then(|body| body.get("name").or(body.get("client_name")))
            .and_then(Value::as_str);
        let carried_out = request.reached_handler && (200..300).contains(&request.status);
        if let (true, Some(name), true) = (request.method == "POST", name, carried_out) {
            *made.entry(format!("{} {name}", request.path)).or_default() += 1;
        }
    }
    made.into_iter().filter(|(_, count)| *count > 1).collect()
}

/// Every file under `roots` that holds one of `secrets`, with the secret's first characters.
fn files_holding(roots: &[&Path], secrets: &[String]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending: Vec<PathBuf> = roots.iter().map(|root| root.to_path_buf()).collect();
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).expect("a readable folder");
            pending.extend(entries.map(|entry| entry.expect("a folder entry").path()));
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for secret in secrets {
            if text.contains(secret.as_str()) {
                found.push((path.clone(), secret.chars().take(4).collect()));
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_under_injected_faults_loses_no_edit_duplicates_no_post_and_leaks_no_secret() {
    count_panics();
    let artifacts = workspace_root().join("target").join("fault-campaign");
    std::fs::create_dir_all(&artifacts).unwrap();
    let log = artifacts.join("session.log");
    capture_tracing(&log);

    let console = Console::start(SandboxConfig::default()).await;
    let app = &console.app;
    let mut secrets = vec![
        console
            .sandbox
            .credentials()
            .sailpoint_client_secret
            .clone(),
        console
            .sandbox
            .credentials()
            .cloudentity_client_secret
            .clone(),
    ];
    let mut script = Script(0x5eed_fa17_2026);

    let intent = run_session(&console, &mut script, &mut secrets).await;
    let created_secrets = secrets.len() - 2;

    // A new credential kept as a connection: the config folder gets a profile file.
    console.sandbox.set_faults(Faults::default());
    let body = new_oauth_client(99);
    let created = app
        .resource_create(OAUTH_CLIENTS, None, &body)
        .await
        .unwrap();
    let secret = created.secret.expect("a new client's secret");
    secrets.push(secret.value.clone());
    app.save_secret_as_connection(&secret.handle, "Made under faults", true)
        .await
        .unwrap();
    app.forget_secret(&secret.handle);
    app.resource_delete(OAUTH_CLIENTS, None, created.object["id"].as_str().unwrap())
        .await
        .unwrap();

    let requests = console.sandbox.requests();
    let lost = lost_edits(&console, &intent);
    let duplicates = duplicated_posts(&requests);
    let injected = |fault| requests.iter().filter(|r| r.fault == Some(fault)).count();
    let rate_limited = requests.iter().filter(|r| r.status == 429).count();
    let lost_delete_answers = requests
        .iter()
        .filter(|r| r.method == "DELETE" && r.fault == Some(InjectedFault::LostAnswer))
        .count();
    let (server_errors, dropped, lost_answers) = (
        injected(InjectedFault::ServerError),
        injected(InjectedFault::DroppedConnection),
        injected(InjectedFault::LostAnswer),
    );
    secrets.extend(console.sandbox.issued_tokens());
    std::fs::write(
        artifacts.join("requests.json"),
        serde_json::to_vec_pretty(&requests).unwrap(),
    )
    .unwrap();
    let leaks = files_holding(&[console.config_dir.path(), &artifacts], &secrets);
    let panics = PANICS.load(Ordering::SeqCst);
    let faults = rate_limited + server_errors + dropped + lost_answers;
    println!(
        "faults: {} intents, {faults} injected faults ({rate_limited} 429s, {server_errors} 500s, \
         {dropped} dropped connections, {lost_answers} lost answers, {lost_delete_answers} of deletes), \
         {} lost edits, {} duplicated POSTs, {panics} panics, {} secrets found ({} looked for)",
        intent.count,
        lost.len(),
        duplicates.len(),
        leaks.len(),
        secrets.len()
    );

    assert!(intent.count >= 30, "a session of {} intents", intent.count);
    assert!(rate_limited > 0, "the 429 storm limited nothing");
    assert!(server_errors > 0 && dropped > 0 && lost_answers > 0);
    assert!(created_secrets > 0, "no one-time secret was seen");
    assert!(lost.is_empty(), "lost edits: {lost:#?}");
    assert!(duplicates.is_empty(), "duplicated POSTs: {duplicates:?}");
    assert_eq!(panics, 0, "panics during the session");
    assert!(leaks.is_empty(), "secrets found in files: {leaks:?}");
    let logged = std::fs::read_to_string(&log).unwrap();
    // The random faults decide whether a create's answer was lost this run; when one was, the
    // script must have found the object instead of sending the create again.
    let lost_create_answers = requests
        .iter()
        .filter(|r| r.method == "POST" && r.fault == Some(InjectedFault::LostAnswer))
        .filter(|r| !r.path.ends_with("/password-org-config"))
        .count();
    let mut signs = vec!["retrying", "what=\"create\""];
    if lost_create_answers > 0 {
        signs.push("its answer was lost");
    }
    for sign in signs {
        assert!(logged.contains(sign), "the session log lacks {sign:?}");
    }
    assert!(
        std::fs::read_dir(console.config_dir.path())
            .unwrap()
            .count()
            > 0,
        "the config folder was never written"
    );
}

#[test]
fn the_secret_scan_finds_a_secret_in_a_nested_file() {
    let root = tempfile::tempdir().unwrap();
    let nested = root.path().join("a").join("b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(nested.join("log"), "token=planted-secret-value\n").unwrap();
    std::fs::write(root.path().join("clean"), "nothing here").unwrap();
    let secrets = ["planted-secret-value".to_owned(), "absent".to_owned()];
    let found = files_holding(&[root.path()], &secrets);
    assert_eq!(found, [(nested.join("log"), "plan".to_owned())]);
}
