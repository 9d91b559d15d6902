//! How the console starts: its config folder, keychain service, sandbox and environment profile.

use std::path::PathBuf;
use std::time::Duration;

use gatehouse_sandbox::{SandboxConfig, SandboxCredentials};
use gatehouse_wire::{ApiError, ErrorKind, Profile, Vendor};
use secrecy::SecretString;

use crate::one_time::CLIPBOARD_CLEAR_AFTER;
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
    /// A SailPoint profile from `SAIL_BASE_URL`, `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`; the
    /// console uses it only if it follows the rules of every other connection.
    pub environment_profile: Option<(Profile, SecretString)>,
    /// How long a copied one-time secret may stay on the clipboard.
    pub clipboard_clear_after: Duration,
    /// The SailPoint CLI's configuration (`~/.sailpoint/config.yaml`), whose environments can
    /// be imported as connections.
    pub sail_cli_config: Option<PathBuf>,
}

impl AppConfig {
    /// The configuration of a normal start: platform config dir, system keychain, and
    /// `GATEHOUSE_SANDBOX_URL` + `GATEHOUSE_SANDBOX_CREDENTIALS` (JSON) to use an external sandbox.
    ///
    /// `GATEHOUSE_CLIPBOARD_CLEAR_SECONDS` shortens (or lengthens) how long a copied secret
    /// stays on the clipboard; the end-to-end tests set it so they can watch it go.
    ///
    /// `SAIL_CLIENT_SECRET` and `GATEHOUSE_SANDBOX_CREDENTIALS` are taken out of the
    /// environment once read, so no process the app starts inherits them. Call this before any
    /// other thread runs: changing the environment while another thread reads it is undefined
    /// behaviour on some platforms. It logs nothing, so it can run before logging is set up.
    pub fn from_environment() -> Result<Self, ApiError> {
        let config_dir = dirs::config_dir()
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::Configuration,
                    "this platform has no user configuration folder",
                )
            })?
            .join("gatehouse");
        Ok(Self {
            config_dir,
            keychain_service: KEYCHAIN_SERVICE.to_owned(),
            sandbox: take_sandbox_source()?,
            environment_profile: take_environment_profile(),
            clipboard_clear_after: clipboard_clear_after(
                std::env::var("GATEHOUSE_CLIPBOARD_CLEAR_SECONDS").ok(),
            )?,
            sail_cli_config: dirs::home_dir().map(|home| home.join(".sailpoint/config.yaml")),
        })
    }
}

fn clipboard_clear_after(seconds: Option<String>) -> Result<Duration, ApiError> {
    let Some(seconds) = seconds else {
        return Ok(CLIPBOARD_CLEAR_AFTER);
    };
    match seconds.trim().parse::<u64>() {
        Ok(seconds @ 1..=3600) => Ok(Duration::from_secs(seconds)),
        _ => Err(ApiError::new(
            ErrorKind::Configuration,
            format!("GATEHOUSE_CLIPBOARD_CLEAR_SECONDS must be a whole number of seconds from 1 to 3600, not {seconds:?}"),
        )),
    }
}

const SANDBOX_CREDENTIALS_VARIABLE: &str = "GATEHOUSE_SANDBOX_CREDENTIALS";

/// The sandbox `GATEHOUSE_SANDBOX_URL` and `GATEHOUSE_SANDBOX_CREDENTIALS` name, or the
/// embedded one; the credentials leave the environment either way.
fn take_sandbox_source() -> Result<SandboxSource, ApiError> {
    let credentials = std::env::var(SANDBOX_CREDENTIALS_VARIABLE).unwrap_or_default();
    std::env::remove_var(SANDBOX_CREDENTIALS_VARIABLE);
    let Ok(base_url) = std::env::var("GATEHOUSE_SANDBOX_URL") else {
        return Ok(SandboxSource::Embedded(SandboxConfig::default()));
    };
    let credentials = serde_json::from_str(&credentials).map_err(|error| {
        ApiError::new(
            ErrorKind::Configuration,
            format!(
                "{SANDBOX_CREDENTIALS_VARIABLE} must be the sandbox's credentials JSON: {error}"
            ),
        )
    })?;
    Ok(SandboxSource::External {
        base_url,
        credentials,
    })
}

fn take_environment_profile() -> Option<(Profile, SecretString)> {
    let profile = environment_profile(|name| std::env::var(name).ok());
    std::env::remove_var(SECRET_VARIABLE);
    profile
}

/// Whether the environment's connection follows the rules of every other connection (https
/// unless loopback); the console starts without it otherwise, and the log says why.
pub(crate) fn is_usable_environment_profile((profile, _): &(Profile, SecretString)) -> bool {
    let problems = profile.problems();
    for problem in &problems {
        tracing::warn!(field = %problem.field, message = %problem.message, "SAIL_* connection ignored");
    }
    problems.is_empty()
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
        developer_client_id: None,
        remember_developer_sign_in: false,
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
    fn the_clipboard_delay_is_thirty_seconds_unless_set_within_bounds() {
        assert_eq!(clipboard_clear_after(None).unwrap(), CLIPBOARD_CLEAR_AFTER);
        assert_eq!(
            clipboard_clear_after(Some(" 2 ".into())).unwrap(),
            Duration::from_secs(2)
        );
        for refused in ["0", "-1", "soon", "3601", ""] {
            let error = clipboard_clear_after(Some(refused.into())).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Configuration, "{refused}");
        }
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

    #[test]
    fn the_sandbox_credentials_variable_is_taken_out_of_the_environment() {
        // This test alone in this binary touches GATEHOUSE_SANDBOX_* variables.
        let credentials = SandboxCredentials {
            sailpoint_client_id: "sailpoint-id".into(),
            sailpoint_client_secret: "sandbox-sailpoint-secret".into(),
            cloudentity_tenant_id: "demo".into(),
            cloudentity_client_id: "cloudentity-id".into(),
            cloudentity_client_secret: "sandbox-cloudentity-secret".into(),
            developer_portal_client_id: "developer-portal".into(),
            developer_username: "developer@sandbox.local".into(),
            developer_password: "sandbox-developer-password".into(),
        };
        std::env::set_var("GATEHOUSE_SANDBOX_URL", "http://127.0.0.1:9");
        std::env::set_var(
            SANDBOX_CREDENTIALS_VARIABLE,
            serde_json::to_string(&credentials).unwrap(),
        );
        let Ok(SandboxSource::External {
            base_url,
            credentials: read,
        }) = take_sandbox_source()
        else {
            panic!("the external sandbox is configured");
        };
        assert_eq!(base_url, "http://127.0.0.1:9");
        assert!(read == credentials, "the credentials were read");
        assert!(
            std::env::var_os(SANDBOX_CREDENTIALS_VARIABLE).is_none(),
            "children cannot inherit them"
        );
        let child = std::process::Command::new("env").output().unwrap();
        let inherited = String::from_utf8_lossy(&child.stdout);
        assert!(!inherited.contains("sandbox-sailpoint-secret"));
        assert!(!inherited.contains("sandbox-cloudentity-secret"));
    }
}
