//! The SailPoint CLI's environments (`sail`, `~/.sailpoint/config.yaml`) offered as
//! connections: name, base and tenant URLs and client id from its file, the client secret
//! from the keychain entry `sail` stored, or typed where it stored none.

use std::path::Path;

use gatehouse_wire::{
    ApiError, ErrorKind, Profile, ProfileInput, ProfileView, SailEnvironment, SecretStorage, Vendor,
};
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::app::Gatehouse;
use crate::secrets::Keychain;

/// The keychain service `sail` keeps each environment's client secret under (the account is
/// the environment's name).
pub const SAIL_SECRET_SERVICE: &str = "environments.pat.clientsecret";
/// Where newer versions of `sail` keep the client id, when its file has none.
pub const SAIL_CLIENT_ID_SERVICE: &str = "environments.pat.clientid";

/// The environments of a `sail` configuration file, as written (viper writes its keys in
/// lower case), in name order.
pub fn environments_in(text: &str) -> Result<Vec<(String, Value)>, String> {
    let config: Value = yaml_serde::from_str(text).map_err(|error| error.to_string())?;
    let mut found: Vec<(String, Value)> = config
        .get("environments")
        .and_then(Value::as_object)
        .map(|environments| {
            environments
                .iter()
                .map(|(name, environment)| (name.clone(), environment.clone()))
                .collect()
        })
        .unwrap_or_default();
    found.sort_by(|(one, _), (other, _)| one.cmp(other));
    Ok(found)
}

fn setting(value: &Value, path: &[&str]) -> Option<String> {
    let found = path.iter().try_fold(value, |value, key| value.get(key))?;
    found
        .as_str()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

impl Gatehouse {
    /// The environments `sail` is configured with on this machine; none when it is not
    /// installed or configured.
    pub async fn sail_cli_environments(&self) -> Result<Vec<SailEnvironment>, ApiError> {
        let Some(path) = self.sail_cli_config.clone() else {
            return Ok(Vec::new());
        };
        let file = match tokio::fs::read_to_string(&path).await {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(unreadable(&path, error)),
        };
        let environments = environments_in(&file).map_err(|error| unreadable(&path, error))?;
        let mut offered = Vec::new();
        for (name, environment) in environments {
            let Some(base_url) = setting(&environment, &["baseurl"]) else {
                continue;
            };
            let client_id = match setting(&environment, &["pat", "clientid"]) {
                Some(id) => Some(id),
                None => sail_keychain(SAIL_CLIENT_ID_SERVICE, &name).await,
            };
            offered.push(SailEnvironment {
                secret_in_keychain: sail_keychain(SAIL_SECRET_SERVICE, &name).await.is_some(),
                tenant_url: setting(&environment, &["tenanturl"]),
                name,
                base_url,
                client_id,
            });
        }
        Ok(offered)
    }

    /// Saves `sail`'s environment `name` as a SailPoint connection, with the client secret
    /// `sail` keeps in the keychain, or `client_secret` where it keeps none (or it is typed
    /// anyway), kept as `storage` says. The connection is checked and stored as any other
    /// saved one.
    pub async fn import_sail_environment(
        &self,
        name: &str,
        client_secret: Option<String>,
        storage: SecretStorage,
    ) -> Result<ProfileView, ApiError> {
        let environment = self
            .sail_cli_environments()
            .await?
            .into_iter()
            .find(|environment| environment.name == name)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::NotFound,
                    format!("sail has no environment called {name}"),
                )
            })?;
        let typed = client_secret.filter(|secret| !secret.trim().is_empty());
        let secret = match typed {
            Some(secret) => Some(secret),
            None => sail_keychain(SAIL_SECRET_SERVICE, name).await,
        };
        let id: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let input = ProfileInput {
            profile: Profile {
                id: format!("sail-{id}"),
                name: format!("{name} (from sail)"),
                vendor: Vendor::SailPoint,
                base_url: environment.base_url,
                client_id: environment.client_id.unwrap_or_default(),
                tenant_id: None,
                admin_token_url: None,
                system_token_url: None,
                ca_certificate_pem: None,
                developer_client_id: None,
                remember_developer_sign_in: false,
            },
            client_secret: secret,
            storage,
            confirm_token_host: None,
        };
        self.save_profile(input).await
    }
}

/// What `sail` keeps in the keychain under `service` for the environment `name`, if anything
/// can be read there.
async fn sail_keychain(service: &'static str, name: &str) -> Option<String> {
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || Keychain::new(service).load(&name))
        .await
        .ok()?
        .ok()
        .flatten()
        .map(|secret| secret.expose_secret().to_owned())
}

fn unreadable(path: &Path, error: impl std::fmt::Display) -> ApiError {
    let mut failure = ApiError::new(
        ErrorKind::Storage,
        format!("The SailPoint CLI's configuration could not be read: {error}"),
    );
    failure.details.path = Some(path.display().to_string());
    failure
}

#[cfg(test)]
mod tests {
    use super::environments_in;

    #[test]
    fn a_sail_configuration_lists_its_environments_by_name() {
        let config = "activeenvironment: acme\nauthtype: pat\nenvironments:\n  zeta:\n    baseurl: https://zeta.api.identitynow.com\n  acme:\n    baseurl: https://acme.api.identitynow.com\n    tenanturl: https://acme.identitynow.com\n    pat:\n      clientid: 2c91808a\n";
        let found = environments_in(config).unwrap();
        let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["acme", "zeta"]);
        assert_eq!(found[0].1["pat"]["clientid"], "2c91808a");
        assert!(environments_in("environments: [").is_err());
        assert!(environments_in("authtype: pat\n").unwrap().is_empty());
    }
}
