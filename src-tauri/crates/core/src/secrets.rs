//! Client secrets: in the OS keychain, or (when the user chose so) in memory for this run.
//! Each is kept with a fingerprint of the endpoints it was entered for and given out for
//! those only: a connection edited, or a profile file changed, to point elsewhere gets none.

use std::collections::HashMap;
use std::sync::Mutex;

use gatehouse_wire::{ApiError, ErrorKind, Profile, SecretStatus};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The keychain service name every Gatehouse entry is filed under; the account is the profile id.
pub const KEYCHAIN_SERVICE: &str = "gatehouse";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No usable keychain (no Secret Service on the session bus, locked and no prompt...).
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    #[error("the system keychain failed: {0}")]
    Failed(String),
    #[error("no client secret is stored for it")]
    NotStored,
    #[error(
        "the client secret stored for it was entered for other endpoints (vendor, base URL, \
         token URLs, tenant or CA), so it is not sent to these"
    )]
    EnteredForOtherEndpoints,
    /// An entry an earlier version wrote, before secrets carried their endpoints.
    #[error(
        "the client secret stored for it does not record the endpoints it was entered for (an \
         earlier version stored it), so it is not sent"
    )]
    EndpointsNotRecorded,
}

impl SecretError {
    fn kind(&self) -> ErrorKind {
        match self {
            SecretError::Unavailable(_) => ErrorKind::KeychainUnavailable,
            SecretError::Failed(_) => ErrorKind::Storage,
            SecretError::NotStored
            | SecretError::EnteredForOtherEndpoints
            | SecretError::EndpointsNotRecorded => ErrorKind::SecretRequired,
        }
    }

    /// The error as the UI shows it for the connection named `connection`.
    pub fn for_connection(self, connection: &str) -> ApiError {
        let advice = match self.kind() {
            ErrorKind::SecretRequired => "; edit the connection to enter it",
            _ => "",
        };
        ApiError::new(self.kind(), format!("{connection}: {self}{advice}"))
    }
}

impl From<SecretError> for ApiError {
    fn from(error: SecretError) -> Self {
        ApiError::new(error.kind(), error.to_string())
    }
}

/// A SHA-256 of a profile's endpoints (vendor, base URL, token URLs, tenant, CA), written
/// one way each ([`Profile::endpoints`]): a secret is given out only for the endpoints whose
/// fingerprint it was stored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointsFingerprint(String);

impl EndpointsFingerprint {
    pub fn of(profile: &Profile) -> Self {
        let endpoints = serde_json::to_vec(&profile.endpoints())
            .expect("endpoints are strings and a vendor name");
        let digest = Sha256::digest(endpoints);
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        Self(format!("sha256:{hex}"))
    }
}

/// A keychain entry as this version writes it: the secret with its endpoints' fingerprint.
#[derive(Serialize)]
struct EntryToStore<'a> {
    endpoints: &'a str,
    secret: &'a str,
}

#[derive(Deserialize)]
struct StoredEntry {
    endpoints: String,
    secret: String,
}

impl StoredEntry {
    /// The entry's secret, if it was entered for `endpoints`.
    fn secret_for(
        text: &SecretString,
        endpoints: &EndpointsFingerprint,
    ) -> Result<SecretString, SecretError> {
        let entry: StoredEntry = serde_json::from_str(text.expose_secret())
            .map_err(|_| SecretError::EndpointsNotRecorded)?;
        if entry.endpoints != endpoints.0 {
            return Err(SecretError::EnteredForOtherEndpoints);
        }
        Ok(SecretString::from(entry.secret))
    }
}

/// A secret kept in memory for this run, with its endpoints' fingerprint.
struct SessionSecret {
    endpoints: EndpointsFingerprint,
    secret: SecretString,
}

/// A keychain entry as it was before a change, to put back should the change not complete.
pub struct PreviousEntry(Option<SecretString>);

impl PreviousEntry {
    /// There was no entry: putting it back deletes the one the change stored.
    pub const NONE: PreviousEntry = PreviousEntry(None);
}

fn keychain_error(error: keyring::Error) -> SecretError {
    match error {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            SecretError::Unavailable(error.to_string())
        }
        other => SecretError::Failed(other.to_string()),
    }
}

/// The OS keychain under one service name.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, account: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, account).map_err(keychain_error)
    }

    pub fn store(&self, account: &str, secret: &SecretString) -> Result<(), SecretError> {
        self.entry(account)?
            .set_password(secret.expose_secret())
            .map_err(keychain_error)
    }

    pub fn load(&self, account: &str) -> Result<Option<SecretString>, SecretError> {
        match self.entry(account)?.get_password() {
            Ok(secret) => Ok(Some(SecretString::from(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(keychain_error(other)),
        }
    }

    /// Deleting what is not there is fine: the outcome the caller wants already holds.
    pub fn delete(&self, account: &str) -> Result<(), SecretError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(other) => Err(keychain_error(other)),
        }
    }
}

/// Where each profile's secret is: the keychain, or this run's memory. Keychain calls block
/// (a locked keyring may prompt), so they run on the blocking pool, never on an async worker.
pub struct SecretVault {
    keychain: Keychain,
    session: Mutex<HashMap<String, SessionSecret>>,
}

impl SecretVault {
    pub fn new(keychain: Keychain) -> Self {
        Self {
            keychain,
            session: Mutex::new(HashMap::new()),
        }
    }

    fn session(&self) -> std::sync::MutexGuard<'_, HashMap<String, SessionSecret>> {
        // A panic elsewhere cannot leave the map half-written: every update is one insert/remove.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs a keychain call on the blocking pool.
    async fn with_keychain<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Keychain) -> Result<T, SecretError> + Send + 'static,
    ) -> Result<T, SecretError> {
        let keychain = self.keychain.clone();
        tokio::task::spawn_blocking(move || call(&keychain))
            .await
            .map_err(|error| SecretError::Failed(format!("the keychain call stopped: {error}")))?
    }

    pub(crate) fn keychain(&self) -> &Keychain {
        &self.keychain
    }

    pub fn keep_for_session(
        &self,
        account: &str,
        endpoints: EndpointsFingerprint,
        secret: SecretString,
    ) {
        self.session()
            .insert(account.to_owned(), SessionSecret { endpoints, secret });
    }

    /// Stores `secret` in the keychain for the endpoints it was entered for.
    pub async fn store_in_keychain(
        &self,
        account: &str,
        endpoints: &EndpointsFingerprint,
        secret: &SecretString,
    ) -> Result<(), SecretError> {
        let entry = serde_json::to_string(&EntryToStore {
            endpoints: &endpoints.0,
            secret: secret.expose_secret(),
        })
        .map(SecretString::from)
        .map_err(|error| SecretError::Failed(error.to_string()))?;
        let owned = account.to_owned();
        self.with_keychain(move |keychain| keychain.store(&owned, &entry))
            .await?;
        // The keychain copy is now the one to use.
        self.session().remove(account);
        Ok(())
    }

    /// The secret to send to `endpoints`: this run's, else the keychain's when the profile
    /// file records one there (`in_keychain`); the keychain is not asked otherwise.
    pub async fn load(
        &self,
        account: &str,
        in_keychain: bool,
        endpoints: &EndpointsFingerprint,
    ) -> Result<SecretString, SecretError> {
        if let Some(kept) = self.session().get(account) {
            if &kept.endpoints != endpoints {
                return Err(SecretError::EnteredForOtherEndpoints);
            }
            return Ok(kept.secret.clone());
        }
        if !in_keychain {
            return Err(SecretError::NotStored);
        }
        let owned = account.to_owned();
        let entry = self
            .with_keychain(move |keychain| keychain.load(&owned))
            .await?
            .ok_or(SecretError::NotStored)?;
        StoredEntry::secret_for(&entry, endpoints)
    }

    /// The keychain entry of `account` as it is now, whatever endpoints it was stored for.
    pub async fn keychain_entry(&self, account: &str) -> Result<PreviousEntry, SecretError> {
        let owned = account.to_owned();
        self.with_keychain(move |keychain| keychain.load(&owned))
            .await
            .map(PreviousEntry)
    }

    /// Puts the keychain entry of `account` back as it was: the entry there before, or none.
    pub async fn put_back(
        &self,
        account: &str,
        previous: PreviousEntry,
    ) -> Result<(), SecretError> {
        let owned = account.to_owned();
        self.with_keychain(move |keychain| match previous.0 {
            Some(entry) => keychain.store(&owned, &entry),
            None => keychain.delete(&owned),
        })
        .await
    }

    /// Where the secret is, without reading it: `in_keychain` is what the profile file
    /// recorded when the secret was stored.
    pub fn status(&self, account: &str, in_keychain: bool) -> SecretStatus {
        if self.session().contains_key(account) {
            SecretStatus::Session
        } else if in_keychain {
            SecretStatus::Keychain
        } else {
            SecretStatus::Missing
        }
    }

    pub async fn forget(&self, account: &str) -> Result<(), SecretError> {
        self.session().remove(account);
        let owned = account.to_owned();
        self.with_keychain(move |keychain| keychain.delete(&owned))
            .await
    }
}
