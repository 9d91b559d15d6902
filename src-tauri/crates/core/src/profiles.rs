//! Connections: the built-in sandbox ones, the environment's, and the administrator's saved
//! ones; which is active; their secrets; and "Test connection".

use gatehouse_client::{ClientCredentials, ClientError, TokenSource};
use gatehouse_wire::{
    ApiError, ConnectionReport, ErrorKind, FieldError, Profile, ProfileInput, ProfileSource,
    ProfileView, SecretStatus, SecretStorage, Vendor,
};
use secrecy::SecretString;
use serde_json::Value;

use crate::app::Gatehouse;
use crate::config::ENVIRONMENT_SAILPOINT;
use crate::rehearsal::REHEARSAL_PREFIX;
use crate::sandbox::{SandboxEndpoint, SANDBOX_PROFILES, SANDBOX_SAILPOINT};
use crate::secrets::{EndpointsFingerprint, PreviousEntry, SecretError};
use crate::store::ProfileFile;

/// A profile with where it came from, as resolved for use.
pub(crate) struct Resolved {
    pub profile: Profile,
    pub source: ProfileSource,
    /// The profile file records its secret as stored in the keychain.
    pub in_keychain: bool,
}

impl Gatehouse {
    /// Every profile the console knows: the sandbox's, the environment's, then the saved ones.
    fn all_profiles(&self, file: &ProfileFile) -> Vec<Resolved> {
        let sandbox = SANDBOX_PROFILES
            .into_iter()
            .filter_map(|id| Self::sandbox_profile(id, self.sandbox.get()))
            .map(|profile| Resolved {
                profile,
                source: ProfileSource::Sandbox,
                in_keychain: false,
            });
        let environment = self.environment.iter().map(|(profile, _)| Resolved {
            profile: profile.clone(),
            source: ProfileSource::Environment,
            in_keychain: false,
        });
        // A saved profile that breaks a rule a save enforces is not used: see
        // `Gatehouse::refused_profiles`.
        let saved = file
            .profiles
            .iter()
            .filter(|profile| profile.problems_as_saved().is_empty())
            .map(|profile| Resolved {
                profile: profile.clone(),
                source: ProfileSource::User,
                in_keychain: file.in_keychain.contains(&profile.id),
            });
        let rehearsals = self
            .rehearsals
            .profiles()
            .into_iter()
            .map(|profile| Resolved {
                profile,
                source: ProfileSource::Rehearsal,
                in_keychain: false,
            });
        sandbox
            .chain(environment)
            .chain(rehearsals)
            .chain(saved)
            .collect()
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
            ProfileSource::Sandbox | ProfileSource::Environment | ProfileSource::Rehearsal => {
                SecretStatus::Session
            }
            ProfileSource::User => self
                .vault
                .status(&resolved.profile.id, resolved.in_keychain),
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

    /// Every connection, also while the profile file cannot be used (then without the saved
    /// ones: [`Gatehouse::profile_file_problem`] says why).
    pub async fn list_profiles(&self) -> Result<Vec<ProfileView>, ApiError> {
        let (file, _) = self.profile_file();
        let mut profiles = self.all_profiles(&file);
        let active = Self::active_id(&file, &profiles);
        // The sandbox runs only while a built-in profile is in use. A failed start is
        // reported by the first use, and tried again then; the list still answers, so
        // another connection can be chosen.
        if SANDBOX_PROFILES.contains(&active.as_str()) {
            if let Err(error) = self.sandbox().await {
                tracing::warn!(%error, "the sandbox did not start; the next use tries again");
            }
            profiles = self.all_profiles(&file);
        }
        Ok(profiles
            .into_iter()
            .map(|resolved| self.view(resolved, &active))
            .collect())
    }

    pub(crate) async fn resolve(&self, id: &str) -> Result<Resolved, ApiError> {
        let (file, _) = self.profile_file();
        let Some(resolved) = self
            .all_profiles(&file)
            .into_iter()
            .find(|resolved| resolved.profile.id == id)
        else {
            return Err(match self.refusal(&file, id) {
                Some(refused) => refused,
                None => ApiError::new(ErrorKind::NotFound, format!("no profile with id {id}")),
            });
        };
        self.started(resolved).await
    }

    /// The connection `name_or_id` names: its id, else its name when one connection has it.
    /// Headless commands take whichever the administrator can remember.
    pub(crate) async fn resolve_connection(&self, name_or_id: &str) -> Result<Resolved, ApiError> {
        let (file, _) = self.profile_file();
        let mut profiles = self.all_profiles(&file);
        let position = match profiles.iter().position(|r| r.profile.id == name_or_id) {
            Some(position) => position,
            None => {
                let named: Vec<usize> = (0..profiles.len())
                    .filter(|&index| profiles[index].profile.name == name_or_id)
                    .collect();
                match named.as_slice() {
                    [only] => *only,
                    [] => {
                        return Err(ApiError::new(
                            ErrorKind::NotFound,
                            format!("no connection is called {name_or_id}"),
                        ))
                    }
                    _ => {
                        return Err(ApiError::new(
                            ErrorKind::Configuration,
                            format!(
                                "{} connections are called {name_or_id}: name one by its id",
                                named.len()
                            ),
                        ))
                    }
                }
            }
        };
        self.started(profiles.swap_remove(position)).await
    }

    /// The active connection's id, without starting anything for it.
    pub(crate) fn active_profile_id(&self) -> String {
        let (file, _) = self.profile_file();
        Self::active_id(&file, &self.all_profiles(&file))
    }

    pub(crate) async fn active(&self) -> Result<Resolved, ApiError> {
        let (file, _) = self.profile_file();
        let profiles = self.all_profiles(&file);
        let active = Self::active_id(&file, &profiles);
        let resolved = profiles
            .into_iter()
            .find(|resolved| resolved.profile.id == active)
            .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no active profile"))?;
        self.started(resolved).await
    }

    /// Makes `id` the active connection. Sessions of every other connection end here, so their
    /// secrets and tokens leave memory.
    pub async fn select_profile(&self, id: &str) -> Result<ProfileView, ApiError> {
        let resolved = self.resolve(id).await?;
        self.record_choice(id).await?;
        self.end_sessions(|profile| profile != id).await;
        Ok(self.view(resolved, id))
    }

    /// Changes the profile file on the blocking pool: the file lock may wait for another
    /// instance, and no async worker should wait with it.
    pub(crate) async fn update_profiles<T: Send + 'static>(
        &self,
        change: impl FnOnce(&mut ProfileFile) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || store.update(change))
            .await
            .map_err(|error| {
                ApiError::new(ErrorKind::Unexpected, format!("saving stopped: {error}"))
            })?
    }

    pub async fn save_profile(&self, input: ProfileInput) -> Result<ProfileView, ApiError> {
        let ProfileInput {
            mut profile,
            client_secret,
            storage,
            confirm_token_host,
        } = input;
        normalize(&mut profile);
        if SANDBOX_PROFILES.contains(&profile.id.as_str())
            || profile.id == ENVIRONMENT_SAILPOINT
            || profile.id.starts_with(REHEARSAL_PREFIX)
        {
            return Err(ApiError::new(
                ErrorKind::Configuration,
                "built-in profiles cannot be changed",
            ));
        }
        let file = self.usable_profile_file()?;
        let existing = file
            .profiles
            .iter()
            .position(|saved| saved.id == profile.id);
        let secret = client_secret
            .filter(|secret| !secret.is_empty())
            .map(SecretString::from);
        let mut problems = profile.problems_confirming(confirm_token_host.as_deref());
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
        if secret.is_none() {
            // A stored secret stays with the endpoints it was entered for: a new host must
            // not receive it just because the connection was edited.
            let missing = match existing {
                None => Some("is required"),
                Some(index) if profile.endpoints_changed(&file.profiles[index]) => {
                    Some("enter the secret again: the connection now points to other endpoints")
                }
                Some(_) => None,
            };
            problems.extend(missing.map(|message| FieldError {
                field: "client_secret".to_owned(),
                message: message.to_owned(),
            }));
        }
        if !problems.is_empty() {
            return Err(ApiError::invalid_fields(problems));
        }
        // The secret goes first: when the keychain is unavailable nothing is half-saved, and
        // the user can choose to keep the secret for this run only. The entry it replaces is
        // kept to put back should the file not be written: a secret must never be left with
        // a profile (or endpoints) it was not entered for.
        let endpoints = EndpointsFingerprint::of(&profile);
        let recorded_in_keychain = existing.is_some() && file.in_keychain.contains(&profile.id);
        let (keychain, replaced) = match (&secret, storage) {
            (Some(secret), SecretStorage::Keychain) => {
                let replaced = if recorded_in_keychain {
                    self.vault.keychain_entry(&profile.id).await?
                } else {
                    PreviousEntry::NONE
                };
                self.vault
                    .store_in_keychain(&profile.id, &endpoints, secret)
                    .await?;
                (Some(true), replaced)
            }
            (Some(_), SecretStorage::SessionOnly) => (Some(false), PreviousEntry::NONE),
            (None, _) => (None, PreviousEntry::NONE),
        };
        let saved = profile.clone();
        // Adding a connection must not switch to it: the one in use so far stays active.
        let in_use = Self::active_id(&file, &self.all_profiles(&file));
        let written = self
            .update_profiles(move |file| {
                file.active.get_or_insert(in_use);
                match file.profiles.iter().position(|old| old.id == saved.id) {
                    Some(index) => file.profiles[index] = saved.clone(),
                    None => file.profiles.push(saved.clone()),
                }
                match keychain {
                    Some(true) => file.in_keychain.insert(saved.id.clone()),
                    Some(false) => file.in_keychain.remove(&saved.id),
                    None => false,
                };
                Ok(file.clone())
            })
            .await;
        let file = match written {
            Ok(file) => file,
            Err(error) => {
                if keychain == Some(true) {
                    self.restore_keychain(&profile.id, replaced).await;
                }
                return Err(error);
            }
        };
        if let (Some(secret), SecretStorage::SessionOnly) = (secret, storage) {
            if recorded_in_keychain {
                // The keychain entry was entered for the connection as it was, and the file no
                // longer points to it: it goes, so it cannot come back with a later edit.
                if let Err(reason) = self.vault.forget(&profile.id).await {
                    tracing::warn!(profile = %profile.id, %reason, "the keychain entry the session secret replaces could not be removed");
                }
            }
            self.vault.keep_for_session(&profile.id, endpoints, secret);
        }
        self.end_sessions(|session| session == profile.id).await;
        tracing::info!(profile = %profile.id, "profile saved");
        let profiles = self.all_profiles(&file);
        let active = Self::active_id(&file, &profiles);
        let in_keychain = file.in_keychain.contains(&profile.id);
        Ok(self.view(
            Resolved {
                profile,
                source: ProfileSource::User,
                in_keychain,
            },
            &active,
        ))
    }

    /// Puts the keychain back as it was before a save whose file could not be written: the
    /// entry that save replaced, or none.
    async fn restore_keychain(&self, id: &str, replaced: PreviousEntry) {
        if let Err(reason) = self.vault.put_back(id, replaced).await {
            tracing::warn!(profile = %id, %reason, "the keychain could not be put back as it was");
        }
    }

    pub async fn delete_profile(&self, id: &str) -> Result<(), ApiError> {
        let file = self.usable_profile_file()?;
        if !file.profiles.iter().any(|saved| saved.id == id) {
            return Err(ApiError::new(
                ErrorKind::NotFound,
                format!("no saved profile with id {id} (built-in profiles cannot be deleted)"),
            ));
        }
        match self.vault.forget(id).await {
            Ok(()) => {}
            // An unreachable keychain cannot be cleaned now; the profile still goes, as asked.
            Err(SecretError::Unavailable(reason)) => {
                tracing::warn!(profile = %id, %reason, "keychain entry could not be removed")
            }
            Err(other) => return Err(other.into()),
        }
        let deleted = id.to_owned();
        self.update_profiles(move |file| {
            file.profiles.retain(|saved| saved.id != deleted);
            file.in_keychain.remove(&deleted);
            if file.active.as_deref() == Some(deleted.as_str()) {
                file.active = None;
            }
            Ok(())
        })
        .await?;
        self.end_sessions(|profile| profile == id).await;
        tracing::info!(profile = %id, "profile deleted");
        Ok(())
    }

    async fn secret_for(
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
            ProfileSource::Sandbox => Ok(SecretString::from(
                endpoint
                    .ok_or_else(missing)?
                    .secret(resolved.profile.vendor),
            )),
            ProfileSource::Environment => self
                .environment
                .as_ref()
                .map(|(_, secret)| secret.clone())
                .ok_or_else(missing),
            ProfileSource::Rehearsal => self
                .rehearsals
                .secret(&resolved.profile.id)
                .ok_or_else(missing),
            ProfileSource::User => self
                .vault
                .load(
                    &resolved.profile.id,
                    resolved.in_keychain,
                    &EndpointsFingerprint::of(&resolved.profile),
                )
                .await
                .map_err(|error| error.for_connection(&resolved.profile.name)),
        }
    }

    /// The client credentials of a profile, for its admin API (or, with `token_url`, another
    /// token endpoint of the same connection).
    pub(crate) async fn credentials(
        &self,
        resolved: &Resolved,
        token_url: String,
    ) -> Result<ClientCredentials, ApiError> {
        let endpoint = match resolved.source {
            ProfileSource::Sandbox => Some(self.sandbox().await?),
            _ => None,
        };
        Ok(ClientCredentials {
            token_url,
            client_id: resolved.profile.client_id.clone(),
            client_secret: self.secret_for(resolved, endpoint).await?,
        })
    }

    /// The shared HTTP client, or one that also trusts the profile's private CA.
    pub(crate) fn http_for(&self, profile: &Profile) -> Result<reqwest::Client, ClientError> {
        match &profile.ca_certificate_pem {
            None => Ok(self.http.clone()),
            Some(pem) => gatehouse_client::http_client_trusting(Some(pem)),
        }
    }

    /// Fetches a fresh token for the profile and reports what it reached.
    pub async fn test_connection(&self, id: &str) -> Result<ConnectionReport, ApiError> {
        let resolved = self.resolve(id).await?;
        let credentials = self
            .credentials(&resolved, resolved.profile.token_url())
            .await?;
        self.report(&resolved.profile, credentials).await
    }

    /// Fetches a token with `credentials` and says what it reached.
    pub(crate) async fn report(
        &self,
        profile: &Profile,
        credentials: ClientCredentials,
    ) -> Result<ConnectionReport, ApiError> {
        let token_url = credentials.token_url.clone();
        let grant = TokenSource::new(self.http_for(profile)?, credentials)
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
        if let Some(tenant) = &profile.tenant_id {
            facts.insert(0, ("tenant".to_owned(), tenant.clone()));
        }
        Ok(ConnectionReport {
            token_url,
            scopes: grant.scopes,
            expires_in_seconds: grant.expires_in.as_secs(),
            facts,
        })
    }
}

/// Trims what the form sent, and drops what does not apply to the vendor.
fn normalize(profile: &mut Profile) {
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
}
