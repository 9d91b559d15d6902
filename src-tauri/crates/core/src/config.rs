//! How the console starts: its config folder, keychain service, sandbox and environment profile.

use std::path::PathBuf;

use gatehouse_sandbox::{SandboxConfig, SandboxCredentials};
use gatehouse_wire::{ApiError, ErrorKind, Profile, Vendor};
use secrecy::SecretString;

use crate::secrets::KEYCHAIN_SERVICE;

pub(crate) const ENVIRONMENT_SAILPOINT: &str = "environment-sailpoint";

/// Which sandbox the built-in profiles use.
#[derive(Clone)]
pub enum SandboxSource {
    /// Started inside the app on first use, on a random 127.0.0.1 port, with credentials new
    /// at each start (unless the config carries a seed).
    Embedded(SandboxConfig),
    /// One already running elsewhere (tests, or a standalone `gatehouse-sandbox`).
    External {
        base_url: String,
        credentials: SandboxCredentials,
    },
}

pub struct AppConfig {
    /// Gatehouse's config folder; holds `profiles.json`.
    pub config_dir: PathBuf,
    pub keychain_service: String,
    pub sandbox: SandboxSource,
    /// A ready SailPoint profile from `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`.
    pub environment_profile: Option<(Profile, SecretString)>,
}

impl AppConfig {
    /// The configuration of a normal start: platform config dir, system keychain, and
    /// `GATEHOUSE_SANDBOX_URL` + `GATEHOUSE_SANDBOX_CREDENTIALS` (JSON) to use an external sandbox.
    ///
    /// `SAIL_CLIENT_SECRET` is taken out of the environment once read, so no process the app
    /// starts inherits it. Call this before any other thread runs: changing the environment
    /// while another thread reads it is undefined behaviour on some platforms.
    pub fn from_environment() -> Result<Self, ApiError> {
        let config_dir = dirs::config_dir()
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::Configuration,
                    "this platform has no user configuration folder",
                )
            })?
            .join("gatehouse");
        let sandbox = match std::env::var("GATEHOUSE_SANDBOX_URL") {
            Ok(base_url) => {
                let credentials =
                    std::env::var("GATEHOUSE_SANDBOX_CREDENTIALS").unwrap_or_default();
                let credentials = serde_json::from_str(&credentials).map_err(|error| {
                    ApiError::new(
                        ErrorKind::Configuration,
                        format!("GATEHOUSE_SANDBOX_CREDENTIALS must be the sandbox's credentials JSON: {error}"),
                    )
                })?;
                SandboxSource::External {
                    base_url,
                    credentials,
                }
            }
            Err(_) => SandboxSource::Embedded(SandboxConfig::default()),
        };
        Ok(Self {
            config_dir,
            keychain_service: KEYCHAIN_SERVICE.to_owned(),
            sandbox,
            environment_profile: take_environment_profile(),
        })
    }
}

fn take_environment_profile() -> Option<(Profile, SecretString)> {
    let profile = environment_profile(|name| std::env::var(name).ok());
    std::env::remove_var(SECRET_VARIABLE);
    // The environment's URL follows the rules of every other connection (https unless loopback).
    profile.filter(|(profile, _)| {
        let problems = profile.problems();
        for problem in &problems {
            tracing::warn!(field = %problem.field, message = %problem.message, "SAIL_* connection ignored");
        }
        problems.is_empty()
    })
}

const SECRET_VARIABLE: &str = "SAIL_CLIENT_SECRET";

/// SailPoint's SDKs and CLI read these three variables; so does Gatehouse.
pub(crate) fn environment_profile(
    read: impl Fn(&str) -> Option<String>,
) -> Option<(Profile, SecretString)> {
    let base_url = read("SAIL_BASE_URL").filter(|value| !value.trim().is_empty())?;
    let client_id = read("SAIL_CLIENT_ID").filter(|value| !value.trim().is_empty())?;
    let secret = read(SECRET_VARIABLE).filter(|value| !value.is_empty())?;
    let profile = Profile {
        id: ENVIRONMENT_SAILPOINT.to_owned(),
        name: "SailPoint (environment)".to_owned(),
        vendor: Vendor::SailPoint,
        base_url: base_url.trim().to_owned(),
        client_id: client_id.trim().to_owned(),
        tenant_id: None,
        admin_token_url: None,
        system_token_url: None,
        ca_certificate_pem: None,
    };
    Some((profile, SecretString::from(secret)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_profile_needs_all_three_variables() {
        let vars = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                set.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        static ALL: [(&str, &str); 3] = [
            ("SAIL_BASE_URL", " https://acme.api.identitynow.com "),
            ("SAIL_CLIENT_ID", "abc"),
            ("SAIL_CLIENT_SECRET", "s3cret"),
        ];
        let (profile, _) = environment_profile(vars(&ALL)).unwrap();
        assert_eq!(profile.base_url, "https://acme.api.identitynow.com");
        assert_eq!(profile.vendor, Vendor::SailPoint);
        assert_eq!(profile.client_id, "abc");
        assert!(environment_profile(vars(&ALL[..2])).is_none());
    }

    #[test]
    fn the_secret_variable_is_taken_out_of_the_environment() {
        // This test alone in this binary touches SAIL_* variables.
        std::env::set_var("SAIL_BASE_URL", "https://acme.api.identitynow.com");
        std::env::set_var("SAIL_CLIENT_ID", "abc");
        std::env::set_var(SECRET_VARIABLE, "from-the-environment");
        let (_, secret) = take_environment_profile().expect("a profile");
        assert_eq!(
            secrecy::ExposeSecret::expose_secret(&secret),
            "from-the-environment"
        );
        assert!(
            std::env::var_os(SECRET_VARIABLE).is_none(),
            "children cannot inherit it"
        );
        let child = std::process::Command::new("env").output().unwrap();
        assert!(!String::from_utf8_lossy(&child.stdout).contains("from-the-environment"));
    }
}
