//! Client secrets: in the OS keychain, or (when the user chose so) in memory for this run.

use std::collections::HashMap;
use std::sync::Mutex;

use gatehouse_wire::{ApiError, ErrorKind, SecretStatus};
use secrecy::{ExposeSecret, SecretString};

/// The keychain service name every Gatehouse entry is filed under; the account is the profile id.
pub const KEYCHAIN_SERVICE: &str = "gatehouse";

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No usable keychain (no Secret Service on the session bus, locked and no prompt...).
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    #[error("the system keychain failed: {0}")]
    Failed(String),
}

impl From<SecretError> for ApiError {
    fn from(error: SecretError) -> Self {
        let kind = match error {
            SecretError::Unavailable(_) => ErrorKind::KeychainUnavailable,
            SecretError::Failed(_) => ErrorKind::Storage,
        };
        ApiError::new(kind, error.to_string())
    }
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
    session: Mutex<HashMap<String, SecretString>>,
}

impl SecretVault {
    pub fn new(keychain: Keychain) -> Self {
        Self {
            keychain,
            session: Mutex::new(HashMap::new()),
        }
    }

    fn session(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
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

    pub fn keep_for_session(&self, account: &str, secret: SecretString) {
        self.session().insert(account.to_owned(), secret);
    }

    pub async fn store_in_keychain(
        &self,
        account: &str,
        secret: &SecretString,
    ) -> Result<(), SecretError> {
        let (owned, secret) = (account.to_owned(), secret.clone());
        self.with_keychain(move |keychain| keychain.store(&owned, &secret))
            .await?;
        // The keychain copy is now the one to use.
        self.session().remove(account);
        Ok(())
    }

    pub async fn load(&self, account: &str) -> Result<Option<SecretString>, SecretError> {
        if let Some(secret) = self.session().get(account) {
            return Ok(Some(secret.clone()));
        }
        let owned = account.to_owned();
        self.with_keychain(move |keychain| keychain.load(&owned))
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
