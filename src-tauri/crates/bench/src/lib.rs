//! The benchmark harness behind `src-tauri/scripts/bench.sh`: it drives the release app and a
//! bare Tauri + Leptos window through WebDriver on a virtual display, reads their memory from
//! `/proc`, and reports each figure beside its floor measured in the same run.

pub mod bundle;
pub mod export;
pub mod large_list;
pub mod processes;
pub mod report;
pub mod sandbox;
pub mod stats;
pub mod window;

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(
        "{app} did not mark itself ready (main[data-ready=\"true\"]) within {waited:?}{}",
        last_problem.as_ref().map(|problem| format!("; last probe: {problem}")).unwrap_or_default()
    )]
    NotReady {
        app: String,
        waited: Duration,
        last_problem: Option<String>,
    },
    #[error("the process of {app} did not appear under the WebDriver within {waited:?}")]
    AppProcessMissing { app: String, waited: Duration },
    #[error("no WebDriver session with {app}: {detail}")]
    Session { app: String, detail: String },
    #[error("a WebDriver command failed while {doing}: {source}")]
    WebDriver {
        doing: String,
        source: fantoccini::error::CmdError,
    },
    #[error("{what} did not happen within {waited:?}")]
    Timeout { what: String, waited: Duration },
    #[error("could not read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} does not read as expected: {detail}")]
    Format { path: PathBuf, detail: String },
    #[error("the sandbox: {0}")]
    Sandbox(String),
}
