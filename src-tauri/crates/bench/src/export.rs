//! The export against the rate limit: the release `gatehouse export`, headless, reads a
//! Cloudentity tenant of 2,000 generated objects (40 servers of 50) from a sandbox that allows
//! 100 requests per 10 s, as SailPoint documents and the sandbox enforces. Its floor is the
//! requests it needs at exactly that rate: no export of this tenant can be faster on average.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gatehouse_configfiles::system_export::SYSTEM_EXPORT;
use gatehouse_configfiles::{bench::synthetic_tenant, prepare, ExportOptions};
use gatehouse_sandbox::{Faults, RateLimit, Sandbox, SandboxConfig};

use crate::report::Row;
use crate::BenchError;

/// Servers of the generated tenant: 40 × 50 objects.
const SERVERS: usize = 40;

/// What one export through the rate limit took.
#[derive(Debug, Clone)]
pub struct ExportRun {
    pub elapsed: Duration,
    /// Objects the export wrote, by the manifest, the system export (one more) aside.
    pub objects: usize,
    /// API requests the sandbox answered with data (the token's are not rate-limited).
    pub requests: usize,
    /// API requests refused: 429s, errors.
    pub failed: usize,
    pub limit: RateLimit,
}

impl ExportRun {
    /// The fewest requests the export needs, sent at the limit's own rate.
    pub fn floor(&self) -> Duration {
        self.limit
            .window
            .mul_f64(self.requests as f64 / f64::from(self.limit.max_requests))
    }
}

/// Runs `gatehouse export --connection sandbox-cloudentity` once against a sandbox holding the
/// generated tenant behind the documented limit, and counts what reached the sandbox.
pub async fn measure(gatehouse: &Path) -> Result<ExportRun, BenchError> {
    // Held as a rehearsal holds an export: the objects' own tenant id does not matter.
    let generated = prepare(
        synthetic_tenant("bench", SERVERS),
        &ExportOptions::default(),
    )
    .map_err(|error| BenchError::Sandbox(format!("the generated tenant: {error}")))?;
    let sandbox = Sandbox::start(SandboxConfig {
        from_export: Some(Box::new(generated)),
        ..SandboxConfig::default()
    })
    .await
    .map_err(|error| BenchError::Sandbox(error.to_string()))?;
    let limit = RateLimit::SAILPOINT_DEFAULT;
    sandbox.set_faults(Faults {
        rate_limit: Some(limit),
        ..Faults::default()
    });

    let folder = tempfile::tempdir().map_err(|error| BenchError::Sandbox(error.to_string()))?;
    let out = folder.path().join("export");
    let mut command = Command::new(gatehouse);
    command
        .args(["export", "--connection", "sandbox-cloudentity", "--out"])
        .arg(&out)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_CONFIG_HOME", folder.path().join("config"))
        .envs(crate::sandbox::app_env(
            &sandbox.base_url(),
            sandbox.credentials(),
        ));
    let started = Instant::now();
    // The sandbox answers on this runtime's other threads while the process runs.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .map_err(|error| BenchError::Sandbox(error.to_string()))?
        .map_err(|source| BenchError::Read {
            path: gatehouse.to_path_buf(),
            source,
        })?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(BenchError::Sandbox(format!(
            "gatehouse export ended with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let manifest = gatehouse_configfiles::read(&out)
        .map_err(|error| BenchError::Format {
            path: out.clone(),
            detail: error.to_string(),
        })?
        .manifest;
    if !manifest.complete {
        return Err(BenchError::Format {
            path: out,
            detail: format!("the export is incomplete: {:?}", manifest.failures),
        });
    }
    let requests = sandbox.requests();
    let failed = requests
        .iter()
        .filter(|request| request.status >= 400)
        .count();
    Ok(ExportRun {
        elapsed,
        objects: manifest
            .counts
            .iter()
            .filter(|(key, _)| *key != SYSTEM_EXPORT)
            .map(|(_, count)| count)
            .sum(),
        requests: requests.len() - failed,
        failed,
        limit,
    })
}

/// The report's row: the export's time against its floor.
pub fn row(run: &ExportRun) -> Row {
    let per_second = f64::from(run.limit.max_requests) / run.limit.window.as_secs_f64();
    Row::measured(
        &format!(
            "Export: {} objects and the system export behind {} requests / {} s, against requests ÷ rate",
            thousands(run.objects),
            run.limit.max_requests,
            run.limit.window.as_secs()
        ),
        format!(
            "{:.1} s, {} requests, {} failed",
            run.elapsed.as_secs_f64(),
            run.requests,
            run.failed
        ),
        format!(
            "{} requests ÷ {per_second:.0}/s = {:.1} s",
            run.requests,
            run.floor().as_secs_f64()
        ),
        "≤ 1.05×, 0 failed requests",
    )
    .with_ratio(run.elapsed.as_secs_f64(), run.floor().as_secs_f64())
}

/// `2001` as `2,001`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_the_requests_at_the_limits_rate() {
        let run = ExportRun {
            elapsed: Duration::from_secs(21),
            objects: 2000,
            requests: 246,
            failed: 0,
            limit: RateLimit::SAILPOINT_DEFAULT,
        };
        assert_eq!(run.floor(), Duration::from_millis(24_600));
        let row = row(&run);
        assert_eq!(row.floor.as_deref(), Some("246 requests ÷ 10/s = 24.6 s"));
        assert!((row.ratio.unwrap() - 21.0 / 24.6).abs() < 1e-9);
        assert!(
            row.figure.starts_with("Export: 2,000 objects"),
            "{}",
            row.figure
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
