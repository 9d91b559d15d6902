//! The sandboxes Gatehouse is measured on: for start-up the release `gatehouse-sandbox` binary
//! (not the harness's debug build, which would slow the app's first data down); for the large
//! list one in the harness, where its rate limit can be lifted while it is seeded.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use futures_util::{stream, StreamExt};
use gatehouse_client::{ClientCredentials, SailPointClient};
use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig, SandboxCredentials};
use gatehouse_tests::ChildGuard;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::json;

use crate::BenchError;

/// How many creations are in flight at once while seeding: enough to keep the sandbox busy.
const SEEDING_CONCURRENCY: usize = 16;

#[derive(Deserialize)]
struct Announcement {
    base_url: String,
    credentials: SandboxCredentials,
}

pub struct StandaloneSandbox {
    pub base_url: String,
    pub credentials: SandboxCredentials,
    _process: ChildGuard,
}

impl StandaloneSandbox {
    /// Starts the binary on a free port with its demo data.
    pub fn start(binary: &Path) -> Result<Self, BenchError> {
        let mut process = ChildGuard::spawn(
            "gatehouse-sandbox",
            Command::new(binary)
                .args(["--port", &gatehouse_tests::free_port().to_string()])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let stdout = process
            .child()
            .stdout
            .take()
            .ok_or_else(|| BenchError::Sandbox("no stdout".to_owned()))?;
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .map_err(|error| BenchError::Sandbox(format!("reading its announcement: {error}")))?;
        let announcement: Announcement = serde_json::from_str(&line).map_err(|error| {
            BenchError::Sandbox(format!("its announcement {line:?} is not JSON: {error}"))
        })?;
        Ok(Self {
            base_url: announcement.base_url,
            credentials: announcement.credentials,
            _process: process,
        })
    }

    /// What the app needs in its environment to use this sandbox for its built-in profiles.
    pub fn app_env(&self) -> Vec<(String, String)> {
        app_env(&self.base_url, &self.credentials)
    }
}

/// What the app needs in its environment to use the sandbox at `base_url`.
pub fn app_env(base_url: &str, credentials: &SandboxCredentials) -> Vec<(String, String)> {
    vec![
        ("GATEHOUSE_SANDBOX_URL".to_owned(), base_url.to_owned()),
        (
            "GATEHOUSE_SANDBOX_CREDENTIALS".to_owned(),
            serde_json::to_string(credentials).unwrap_or_default(),
        ),
    ]
}

/// A sandbox holding `count` OAuth clients more than its demo data, and how many it holds.
/// They are added through the vendor API, as an administrator's script would, with the rate
/// limit lifted meanwhile; SailPoint's own limit is back before the app comes.
pub async fn with_oauth_clients(count: usize) -> Result<(Sandbox, usize), BenchError> {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .map_err(|error| BenchError::Sandbox(error.to_string()))?;
    sandbox.set_faults(Faults {
        rate_limit: None,
        ..Faults::default()
    });
    let total = add_oauth_clients(&sandbox.base_url(), sandbox.credentials(), count).await?;
    sandbox.set_faults(Faults {
        rate_limit: Some(RateLimit::SAILPOINT_DEFAULT),
        ..Faults::default()
    });
    // The seeding's requests fall out of the limit's window before the app makes its own.
    tokio::time::sleep(RateLimit::SAILPOINT_DEFAULT.window).await;
    Ok((sandbox, total))
}

/// Adds `count` OAuth clients named `bench-client-00000`…; how many the tenant then holds.
async fn add_oauth_clients(
    base_url: &str,
    credentials: &SandboxCredentials,
    count: usize,
) -> Result<usize, BenchError> {
    let http =
        gatehouse_client::http_client().map_err(|error| BenchError::Sandbox(error.to_string()))?;
    let client = SailPointClient::new(
        http,
        base_url,
        ClientCredentials {
            token_url: format!("{base_url}/oauth/token"),
            client_id: credentials.sailpoint_client_id.clone(),
            client_secret: SecretString::from(credentials.sailpoint_client_secret.clone()),
        },
    );
    let oauth_clients = client.resource(&gatehouse_wire::catalog::OAUTH_CLIENTS);
    let failures: Vec<String> = stream::iter(0..count)
        .map(|index| {
            let body = json!({
                "name": format!("bench-client-{index:05}"),
                "description": format!("Benchmark client number {index}"),
                "accessTokenValiditySeconds": 750,
                "grantTypes": ["CLIENT_CREDENTIALS"],
                "accessType": "OFFLINE",
                "enabled": index % 3 != 0,
            });
            let oauth_clients = &oauth_clients;
            async move { oauth_clients.create(&body).await }
        })
        .buffer_unordered(SEEDING_CONCURRENCY)
        .filter_map(|created| async move { created.err().map(|error| error.to_string()) })
        .collect()
        .await;
    if let Some(first) = failures.first() {
        return Err(BenchError::Sandbox(format!(
            "{} of {count} creations failed, the first: {first}",
            failures.len()
        )));
    }
    let listed = oauth_clients
        .list(&[])
        .await
        .map_err(|error| BenchError::Sandbox(format!("listing the clients: {error}")))?;
    Ok(listed.len())
}
