//! [`Gatehouse`]: profiles, secrets, the embedded sandbox, and one method per UI command.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use gatehouse_client::{
    ApiClient, ClientCredentials, ClientError, RetryPolicy, SailPointClient, TokenSource,
};

/// The console retries transient failures itself but reports a 429 at once: the page shows
/// the countdown and keeps the user's action until the vendor accepts requests again.
const INTERACTIVE_RETRIES: RetryPolicy = RetryPolicy {
    max_rate_limit_wait: std::time::Duration::ZERO,
    rate_limit_retries: 0,
    ..RetryPolicy::STANDARD
};
use gatehouse_sandbox::{Sandbox, SandboxConfig, SandboxCredentials};
use gatehouse_wire::{
    ApiError, ChangePreview, ConnectionReport, ErrorKind, FieldError, PasswordOrgConfig, Profile,
    ProfileInput, ProfileSource, ProfileView, ResourceDescription, SecretStatus, SecretStorage,
    Vendor, PASSWORD_ORG_CONFIG,
};
use secrecy::SecretString;
use serde_json::{Map, Value};
use tokio::sync::{Mutex, OnceCell};

use crate::profiles::{ProfileFile, ProfileStore};
use crate::secrets::{Keychain, SecretError, SecretVault, KEYCHAIN_SERVICE};

/// Ids of the built-in profiles that talk to the sandbox.
pub const SANDBOX_SAILPOINT: &str = "sandbox-sailpoint";
pub const SANDBOX_CLOUDENTITY: &str = "sandbox-cloudentity";
const ENVIRONMENT_SAILPOINT: &str = "environment-sailpoint";

/// Which sandbox the built-in profiles use.
pub enum SandboxSource {
    /// Started inside the app on first use, on a random 127.0.0.1 port.
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
            environment_profile: environment_profile(|name| std::env::var(name).ok()),
        })
    }
}

/// SailPoint's SDKs and CLI read these three variables; so does Gatehouse.
fn environment_profile(read: impl Fn(&str) -> Option<String>) -> Option<(Profile, SecretString)> {
    let base_url = read("SAIL_BASE_URL").filter(|value| !value.trim().is_empty())?;
    let client_id = read("SAIL_CLIENT_ID").filter(|value| !value.trim().is_empty())?;
    let secret = read("SAIL_CLIENT_SECRET").filter(|value| !value.is_empty())?;
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

/// A sandbox the built-in profiles can reach; holds the embedded one alive.
struct SandboxEndpoint {
    base_url: String,
    credentials: SandboxCredentials,
    _embedded: Option<Sandbox>,
}

/// A profile with where it came from, as resolved for use.
struct Resolved {
    profile: Profile,
    source: ProfileSource,
}

pub struct Gatehouse {
    http: reqwest::Client,
    store: ProfileStore,
    vault: SecretVault,
    sandbox_source: Mutex<Option<SandboxSource>>,
    sandbox: OnceCell<SandboxEndpoint>,
    environment: Option<(Profile, SecretString)>,
    /// One client per profile, so its token cache lives as long as the profile is unchanged.
    sessions: Mutex<HashMap<String, Arc<SailPointClient>>>,
}

impl Gatehouse {
    pub fn new(config: AppConfig) -> Result<Self, ApiError> {
        Ok(Self {
            http: gatehouse_client::http_client()?,
            store: ProfileStore::new(&config.config_dir),
            vault: SecretVault::new(Keychain::new(config.keychain_service)),
            sandbox_source: Mutex::new(Some(config.sandbox)),
            sandbox: OnceCell::new(),
            environment: config.environment_profile,
            sessions: Mutex::new(HashMap::new()),
        })
    }

    async fn sandbox(&self) -> Result<&SandboxEndpoint, ApiError> {
        self.sandbox
            .get_or_try_init(|| async {
                let source = self.sandbox_source.lock().await.take().ok_or_else(|| {
                    ApiError::new(ErrorKind::Unexpected, "the sandbox failed to start earlier")
                })?;
                match source {
                    SandboxSource::External {
                        base_url,
                        credentials,
                    } => Ok(SandboxEndpoint {
                        base_url,
                        credentials,
                        _embedded: None,
                    }),
                    SandboxSource::Embedded(config) => {
                        let sandbox = Sandbox::start(config).await.map_err(|error| {
                            ApiError::new(
                                ErrorKind::Unexpected,
                                format!("the embedded sandbox could not start: {error}"),
                            )
                        })?;
                        tracing::info!(base_url = %sandbox.base_url(), "embedded sandbox started");
                        Ok(SandboxEndpoint {
                            base_url: sandbox.base_url(),
                            credentials: sandbox.credentials().clone(),
                            _embedded: Some(sandbox),
                        })
                    }
                }
            })
            .await
    }

    /// A built-in profile; until the sandbox runs, its address and client are not known yet.
    fn sandbox_profile(id: &str, endpoint: Option<&SandboxEndpoint>) -> Option<Profile> {
        const NOT_STARTED: &str = "not started yet";
        let base_url = endpoint.map_or(NOT_STARTED.to_owned(), |e| e.base_url.clone());
        let issued = |pick: fn(&SandboxCredentials) -> &String| {
            endpoint.map_or(NOT_STARTED.to_owned(), |e| pick(&e.credentials).clone())
        };
        let profile = match id {
            SANDBOX_SAILPOINT => Profile {
                id: id.to_owned(),
                name: "Sandbox · SailPoint".to_owned(),
                vendor: Vendor::SailPoint,
                base_url,
                client_id: issued(|c| &c.sailpoint_client_id),
                tenant_id: None,
                admin_token_url: None,
                system_token_url: None,
                ca_certificate_pem: None,
            },
            SANDBOX_CLOUDENTITY => Profile {
                id: id.to_owned(),
                name: "Sandbox · Cloudentity".to_owned(),
                vendor: Vendor::Cloudentity,
                base_url,
                client_id: issued(|c| &c.cloudentity_client_id),
                tenant_id: Some(issued(|c| &c.cloudentity_tenant_id)),
                admin_token_url: None,
                system_token_url: None,
                ca_certificate_pem: None,
            },
            _ => return None,
        };
        Some(profile)
    }

    /// The profile ready for use: a built-in one starts the sandbox now.
    async fn started(&self, resolved: Resolved) -> Result<Resolved, ApiError> {
        if resolved.source != ProfileSource::Sandbox {
            return Ok(resolved);
        }
        let endpoint = self.sandbox().await?;
        let profile =
            Self::sandbox_profile(&resolved.profile.id, Some(endpoint)).unwrap_or(resolved.profile);
        Ok(Resolved {
            profile,
            ..resolved
        })
    }

    /// Every profile the console knows: the sandbox's, the environment's, then the saved ones.
    fn all_profiles(&self, file: &ProfileFile) -> Vec<Resolved> {
        let sandbox = [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY]
            .into_iter()
            .filter_map(|id| Self::sandbox_profile(id, self.sandbox.get()))
            .map(|profile| Resolved {
                profile,
                source: ProfileSource::Sandbox,
            });
        let environment = self.environment.iter().map(|(profile, _)| Resolved {
            profile: profile.clone(),
            source: ProfileSource::Environment,
        });
        let saved = file.profiles.iter().map(|profile| Resolved {
            profile: profile.clone(),
            source: ProfileSource::User,
        });
        sandbox.chain(environment).chain(saved).collect()
    }

    /// The active profile id: the one chosen last, else a configured tenant, else the sandbox.
    fn active_id(file: &ProfileFile, profiles: &[Resolved]) -> String {
        let known = |id: &str| profiles.iter().any(|resolved| resolved.profile.id == id);
        file.active
            .clone()
            .filter(|id| known(id))
            .or_else(|| {
                profiles
                    .iter()
                    .find(|resolved| resolved.source != ProfileSource::Sandbox)
                    .map(|resolved| resolved.profile.id.clone())
            })
            .unwrap_or_else(|| SANDBOX_SAILPOINT.to_owned())
    }

    fn secret_status(&self, resolved: &Resolved) -> SecretStatus {
        match resolved.source {
            ProfileSource::Sandbox | ProfileSource::Environment => SecretStatus::Session,
            ProfileSource::User => self.vault.status(&resolved.profile.id),
        }
    }

    fn view(&self, resolved: Resolved, active: &str) -> ProfileView {
        ProfileView {
            secret: self.secret_status(&resolved),
            active: resolved.profile.id == active,
            source: resolved.source,
            profile: resolved.profile,
        }
    }

    pub async fn list_profiles(&self) -> Result<Vec<ProfileView>, ApiError> {
        let file = self.store.load()?;
        let mut profiles = self.all_profiles(&file);
        let active = Self::active_id(&file, &profiles);
        // The sandbox runs only while a built-in profile is in use.
        if [SANDBOX_SAILPOINT, SANDBOX_CLOUDENTITY].contains(&active.as_str()) {
            self.sandbox().await?;
            profiles = self.all_profiles(&file);
        }
        Ok(profiles
            .into_iter()
            .map(|resolved| self.view(resolved, &active))
            .collect())
    }

    async fn resolve(&self, id: &str) -> Result<Resolved, ApiError> {
        let file = self.store.load()?;
        let resolved = self
            .all_profiles(&file)
            .into_iter()
            .find(|resolved| resolved.profile.id == id)
            .ok_or_else(|| {
                ApiError::new(ErrorKind::NotFound, format!("no profile with id {id}"))
            })?;
        self.started(resolved).await
    }

    async fn active(&self) -> Result<Resolved, ApiError> {
        let file = self.store.load()?;
        let profiles = self.all_profiles(&file);
        let active = Self::active_id(&file, &profiles);
        let resolved = profiles
            .into_iter()
            .find(|resolved| resolved.profile.id == active)
            .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no active profile"))?;
        self.started(resolved).await
    }

    pub async fn select_profile(&self, id: &str) -> Result<ProfileView, ApiError> {
        let resolved = self.resolve(id).await?;
        let mut file = self.store.load()?;
        file.active = Some(id.to_owned());
        self.store.save(&file)?;
        Ok(self.view(resolved, id))
    }

    pub async fn save_profile(&self, input: ProfileInput) -> Result<ProfileView, ApiError> {
        let ProfileInput {
            mut profile,
            client_secret,
            storage,
        } = input;
        profile.name = profile.name.trim().to_owned();
        profile.base_url = profile.base_url.trim().trim_end_matches('/').to_owned();
        profile.client_id = profile.client_id.trim().to_owned();
        for optional in [
            &mut profile.tenant_id,
            &mut profile.admin_token_url,
            &mut profile.system_token_url,
            &mut profile.ca_certificate_pem,
        ] {
            *optional = optional
                .take()
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty());
        }
        if profile.vendor == Vendor::SailPoint {
            profile.tenant_id = None;
            profile.admin_token_url = None;
            profile.system_token_url = None;
        }
        if [
            SANDBOX_SAILPOINT,
            SANDBOX_CLOUDENTITY,
            ENVIRONMENT_SAILPOINT,
        ]
        .contains(&profile.id.as_str())
        {
            return Err(ApiError::new(
                ErrorKind::Configuration,
                "built-in profiles cannot be changed",
            ));
        }
        let mut file = self.store.load()?;
        let existing = file
            .profiles
            .iter()
            .position(|saved| saved.id == profile.id);
        let secret = client_secret
            .filter(|secret| !secret.is_empty())
            .map(SecretString::from);
        let mut problems = profile.problems();
        if problems.is_empty() {
            // Parsing the certificates the way every request will catches what a glance cannot.
            if let Err(error) = self.http_for(&profile) {
                let message = match error {
                    ClientError::Setup(reason) => reason,
                    other => other.to_string(),
                };
                problems.push(FieldError {
                    field: "ca_certificate_pem".to_owned(),
                    message,
                });
            }
        }
        if existing.is_none() && secret.is_none() {
            problems.push(FieldError {
                field: "client_secret".to_owned(),
                message: "is required".to_owned(),
            });
        }
        if !problems.is_empty() {
            return Err(ApiError::invalid_fields(problems));
        }
        // The secret goes first: when the keychain is unavailable nothing is half-saved, and
        // the user can choose to keep the secret for this run only.
        if let Some(secret) = secret {
            match storage {
                SecretStorage::Keychain => self.vault.store_in_keychain(&profile.id, &secret)?,
                SecretStorage::SessionOnly => self.vault.keep_for_session(&profile.id, secret),
            }
        }
        match existing {
            Some(index) => file.profiles[index] = profile.clone(),
            None => file.profiles.push(profile.clone()),
        }
        self.store.save(&file)?;
        self.sessions.lock().await.remove(&profile.id);
        tracing::info!(profile = %profile.id, "profile saved");
        let profiles = self.all_profiles(&file);
        let active = Self::active_id(&file, &profiles);
        Ok(self.view(
            Resolved {
                profile,
                source: ProfileSource::User,
            },
            &active,
        ))
    }

    pub async fn delete_profile(&self, id: &str) -> Result<(), ApiError> {
        let mut file = self.store.load()?;
        let Some(index) = file.profiles.iter().position(|saved| saved.id == id) else {
            return Err(ApiError::new(
                ErrorKind::NotFound,
                format!("no saved profile with id {id} (built-in profiles cannot be deleted)"),
            ));
        };
        match self.vault.forget(id) {
            Ok(()) => {}
            // An unreachable keychain cannot be cleaned now; the profile still goes, as asked.
            Err(SecretError::Unavailable(reason)) => {
                tracing::warn!(profile = %id, %reason, "keychain entry could not be removed")
            }
            Err(other) => return Err(other.into()),
        }
        file.profiles.remove(index);
        if file.active.as_deref() == Some(id) {
            file.active = None;
        }
        self.store.save(&file)?;
        self.sessions.lock().await.remove(id);
        tracing::info!(profile = %id, "profile deleted");
        Ok(())
    }

    fn secret_for(
        &self,
        resolved: &Resolved,
        endpoint: Option<&SandboxEndpoint>,
    ) -> Result<SecretString, ApiError> {
        let missing = || {
            ApiError::new(
                ErrorKind::Configuration,
                format!(
                    "no client secret is stored for {}; edit the connection to enter it",
                    resolved.profile.name
                ),
            )
        };
        match resolved.source {
            ProfileSource::Sandbox => {
                let credentials = &endpoint.ok_or_else(missing)?.credentials;
                Ok(SecretString::from(match resolved.profile.vendor {
                    Vendor::SailPoint => credentials.sailpoint_client_secret.clone(),
                    Vendor::Cloudentity => credentials.cloudentity_client_secret.clone(),
                }))
            }
            ProfileSource::Environment => self
                .environment
                .as_ref()
                .map(|(_, secret)| secret.clone())
                .ok_or_else(missing),
            ProfileSource::User => self.vault.load(&resolved.profile.id)?.ok_or_else(missing),
        }
    }

    async fn credentials(&self, resolved: &Resolved) -> Result<ClientCredentials, ApiError> {
        let endpoint = match resolved.source {
            ProfileSource::Sandbox => Some(self.sandbox().await?),
            _ => None,
        };
        Ok(ClientCredentials {
            token_url: resolved.profile.token_url(),
            client_id: resolved.profile.client_id.clone(),
            client_secret: self.secret_for(resolved, endpoint)?,
        })
    }

    /// The shared HTTP client, or one that also trusts the profile's private CA.
    fn http_for(&self, profile: &Profile) -> Result<reqwest::Client, ClientError> {
        match &profile.ca_certificate_pem {
            None => Ok(self.http.clone()),
            Some(pem) => gatehouse_client::http_client_trusting(Some(pem)),
        }
    }

    /// Fetches a fresh token for the profile and reports what it reached.
    pub async fn test_connection(&self, id: &str) -> Result<ConnectionReport, ApiError> {
        let resolved = self.resolve(id).await?;
        let credentials = self.credentials(&resolved).await?;
        let token_url = credentials.token_url.clone();
        let grant = TokenSource::new(self.http_for(&resolved.profile)?, credentials)
            .fetch()
            .await?;
        let mut facts: Vec<(String, String)> = grant
            .facts
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| match value {
                Value::String(text) => (key, text),
                other => (key, other.to_string()),
            })
            .collect();
        if let Some(tenant) = &resolved.profile.tenant_id {
            facts.insert(0, ("tenant".to_owned(), tenant.clone()));
        }
        Ok(ConnectionReport {
            token_url,
            scopes: grant.scopes,
            expires_in_seconds: grant.expires_in.as_secs(),
            facts,
        })
    }

    /// The SailPoint client of the active profile.
    async fn sailpoint(&self) -> Result<Arc<SailPointClient>, ApiError> {
        let resolved = self.active().await?;
        if resolved.profile.vendor != Vendor::SailPoint {
            return Err(ApiError::new(
                ErrorKind::Configuration,
                format!(
                    "{} is a Cloudentity connection; this page needs a SailPoint one",
                    resolved.profile.name
                ),
            ));
        }
        let mut sessions = self.sessions.lock().await;
        if let Some(client) = sessions.get(&resolved.profile.id) {
            return Ok(client.clone());
        }
        let credentials = self.credentials(&resolved).await?;
        let http = self.http_for(&resolved.profile)?;
        let tokens = TokenSource::new(http.clone(), credentials);
        let api = ApiClient::new(http, &resolved.profile.base_url, tokens)
            .with_policy(INTERACTIVE_RETRIES);
        let client = Arc::new(SailPointClient::with_api(api));
        sessions.insert(resolved.profile.id.clone(), client.clone());
        Ok(client)
    }

    pub async fn get_password_org_config(&self) -> Result<Option<PasswordOrgConfig>, ApiError> {
        let client = self.sailpoint().await?;
        Ok(client.get_password_org_config().await?)
    }

    /// What saving `edited` would change, after validating it; nothing is sent.
    pub fn preview_password_org_config(
        &self,
        original: Option<&PasswordOrgConfig>,
        edited: &PasswordOrgConfig,
    ) -> Result<ChangePreview, ApiError> {
        preview_merge_update(&PASSWORD_ORG_CONFIG, original, edited)
    }

    /// Creates the config when there was none, else sends only the changed fields.
    pub async fn save_password_org_config(
        &self,
        original: Option<PasswordOrgConfig>,
        edited: PasswordOrgConfig,
    ) -> Result<PasswordOrgConfig, ApiError> {
        let preview = self.preview_password_org_config(original.as_ref(), &edited)?;
        let client = self.sailpoint().await?;
        let saved = match original {
            None => client.create_password_org_config(&edited).await,
            Some(unchanged) if preview.is_empty() => return Ok(unchanged),
            Some(_) => {
                client
                    .put_password_org_config(&changed_fields(&preview))
                    .await
            }
        };
        saved.map_err(|error| with_field_errors(&PASSWORD_ORG_CONFIG, error.into()))
    }
}

fn to_object(value: &impl serde::Serialize) -> Result<Map<String, Value>, ApiError> {
    match serde_json::to_value(value) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::new(
            ErrorKind::Unexpected,
            "expected a JSON object",
        )),
        Err(error) => Err(ApiError::new(ErrorKind::Unexpected, error.to_string())),
    }
}

/// Validates and previews an edit of a resource updated by merge (fields left out of the
/// update keep their value), so a value can be changed but not cleared.
fn preview_merge_update(
    description: &ResourceDescription,
    original: Option<&impl serde::Serialize>,
    edited: &impl serde::Serialize,
) -> Result<ChangePreview, ApiError> {
    let edited = to_object(edited)?;
    let original = original.map(to_object).transpose()?.unwrap_or_default();
    let mut problems = description.validate(&edited);
    problems.extend(
        original
            .iter()
            .filter(|(name, value)| {
                !value.is_null() && edited.get(*name).is_none_or(Value::is_null)
            })
            .map(|(name, _)| FieldError {
                field: name.clone(),
                message: "cannot be cleared; enter a value".to_owned(),
            }),
    );
    if !problems.is_empty() {
        return Err(ApiError::invalid_fields(problems));
    }
    Ok(description.preview(&Value::Object(original), &Value::Object(edited)))
}

/// The body of a merge update: each changed field with its new value.
fn changed_fields(preview: &ChangePreview) -> Value {
    Value::Object(
        preview
            .changes
            .iter()
            .map(|change| (change.field.clone(), change.new.clone()))
            .collect(),
    )
}

/// Puts the vendor's per-field messages of a 400 under the fields they name, so the form
/// can show them where the user looks.
fn with_field_errors(description: &ResourceDescription, mut error: ApiError) -> ApiError {
    if error.kind == ErrorKind::Validation {
        let named = error.details.messages.iter().filter_map(|message| {
            let (field, rest) = message.split_once(' ')?;
            description.field(field).map(|_| FieldError {
                field: field.to_owned(),
                message: rest.to_owned(),
            })
        });
        let named: Vec<_> = named.collect();
        error.details.field_errors.extend(named);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(value: Value) -> PasswordOrgConfig {
        serde_json::from_value(value).unwrap()
    }

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
    fn preview_rejects_out_of_range_and_cleared_fields() {
        let original = config(json!({"digitTokenLength": 8, "digitTokenDurationMinutes": 10}));
        let edited = config(json!({"digitTokenLength": 99}));
        let error =
            preview_merge_update(&PASSWORD_ORG_CONFIG, Some(&original), &edited).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Validation);
        let fields: Vec<_> = error
            .details
            .field_errors
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(fields, ["digitTokenLength", "digitTokenDurationMinutes"]);
    }

    #[test]
    fn update_sends_only_changed_fields() {
        let original = config(json!({"digitTokenLength": 8, "digitTokenEnabled": true}));
        let edited = config(json!({"digitTokenLength": 12, "digitTokenEnabled": true}));
        let preview = preview_merge_update(&PASSWORD_ORG_CONFIG, Some(&original), &edited).unwrap();
        assert_eq!(changed_fields(&preview), json!({"digitTokenLength": 12}));
        assert_eq!(preview.changes[0].old, json!(8));
    }

    #[test]
    fn vendor_messages_become_field_errors() {
        let mut error = ApiError::new(ErrorKind::Validation, "400");
        error.details.messages = vec![
            "digitTokenLength must be between 6 and 18".to_owned(),
            "something general".to_owned(),
        ];
        let error = with_field_errors(&PASSWORD_ORG_CONFIG, error);
        assert_eq!(
            error.details.field_errors,
            [FieldError {
                field: "digitTokenLength".into(),
                message: "must be between 6 and 18".into()
            }]
        );
    }
}
