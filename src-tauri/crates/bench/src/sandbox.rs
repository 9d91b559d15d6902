//! The sandboxes Gatehouse is measured on: for start-up the release `gatehouse-sandbox` binary
//! (not the harness's debug build, which would slow the app's first data down); for the large
//! list one in the harness, seeded in bulk.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use gatehouse_sandbox::{Sandbox, SandboxConfig, SandboxCredentials};
use gatehouse_tests::ChildGuard;
use serde::Deserialize;

use crate::BenchError;

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

/// A sandbox holding `count` generated OAuth clients more than its demo data (its own bulk
/// seeding, in memory before it serves), and how many it holds.
pub async fn with_oauth_clients(count: usize) -> Result<(Sandbox, usize), BenchError> {
    let sandbox = Sandbox::start(SandboxConfig {
        bulk: count,
        ..SandboxConfig::default()
    })
    .await
    .map_err(|error| BenchError::Sandbox(error.to_string()))?;
    let total = sandbox.oauth_clients().len();
    Ok((sandbox, total))
}
