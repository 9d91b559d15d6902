//! [`Gatehouse`]: the state every command works on. The commands themselves live with their
//! concern: `profiles`, `sessions`, `resources`, `one_time`.

use std::collections::HashMap;
use std::sync::Arc;

use gatehouse_wire::{ApiError, Profile};
use secrecy::SecretString;
use tokio::sync::{Mutex, OnceCell};

use crate::config::{AppConfig, SandboxSource};
use crate::one_time::OneTimeSecrets;
use crate::sandbox::SandboxEndpoint;
use crate::secrets::{Keychain, SecretVault};
use crate::sessions::Session;
use crate::store::ProfileStore;

pub struct Gatehouse {
    pub(crate) http: reqwest::Client,
    pub(crate) store: ProfileStore,
    pub(crate) vault: SecretVault,
    pub(crate) sandbox_source: SandboxSource,
    pub(crate) sandbox: OnceCell<SandboxEndpoint>,
    pub(crate) environment: Option<(Profile, SecretString)>,
    /// One client per profile, so its token cache lives as long as the profile is in use.
    pub(crate) sessions: Mutex<HashMap<String, Arc<Session>>>,
    pub(crate) one_time: OneTimeSecrets,
}

impl Gatehouse {
    pub fn new(config: AppConfig) -> Result<Self, ApiError> {
        Ok(Self {
            http: gatehouse_client::http_client()?,
            store: ProfileStore::new(&config.config_dir),
            vault: SecretVault::new(Keychain::new(config.keychain_service)),
            sandbox_source: config.sandbox,
            sandbox: OnceCell::new(),
            environment: config.environment_profile,
            sessions: Mutex::new(HashMap::new()),
            one_time: OneTimeSecrets::default(),
        })
    }
}
