//! [`Gatehouse`]: the state every command works on. The commands themselves live with their
//! concern: `profiles`, `profile_file`, `sessions`, `resources`, `one_time`.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use gatehouse_wire::{ApiError, Profile};
use secrecy::SecretString;
use tokio::sync::{Mutex, OnceCell};

use crate::config::{is_usable_environment_profile, AppConfig, SandboxSource};
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
    /// The connection chosen while the profile file could not be used (so could not record
    /// it), until a usable file records one.
    pub(crate) chosen_without_file: std::sync::Mutex<Option<String>>,
    /// One client per profile, so its token cache lives as long as the profile is in use.
    pub(crate) sessions: Mutex<HashMap<String, Arc<Session>>>,
    /// Counts connection switches and deletions: a session opened across one is used by the
    /// request that opened it but not kept, so a switched-away connection's secret does not
    /// come back into memory through a request (or the start-up warm-up) still in flight.
    pub(crate) sessions_epoch: AtomicU64,
    pub(crate) one_time: OneTimeSecrets,
    pub(crate) clipboard_clear_after: std::time::Duration,
    pub(crate) files: crate::files::FileGrants,
    /// The SailPoint CLI's configuration file, whose environments can become connections.
    pub(crate) sail_cli_config: Option<std::path::PathBuf>,
    /// The export the window runs, read and cancelled by other commands.
    pub(crate) window_export: crate::export::WindowExport,
    /// The restore plan the window made last.
    pub(crate) window_plan: crate::export::WindowPlan,
    /// Exports opened as sandboxes, each behind a connection of this session.
    pub(crate) rehearsals: crate::rehearsal::Rehearsals,
}

impl Gatehouse {
    pub fn new(config: AppConfig) -> Result<Self, ApiError> {
        Ok(Self {
            http: gatehouse_client::http_client()?,
            store: ProfileStore::new(&config.config_dir),
            vault: SecretVault::new(Keychain::new(config.keychain_service)),
            sandbox_source: config.sandbox,
            sandbox: OnceCell::new(),
            environment: config
                .environment_profile
                .filter(is_usable_environment_profile),
            chosen_without_file: std::sync::Mutex::new(None),
            sessions: Mutex::new(HashMap::new()),
            sessions_epoch: AtomicU64::new(0),
            one_time: OneTimeSecrets::default(),
            clipboard_clear_after: config.clipboard_clear_after,
            files: Default::default(),
            sail_cli_config: config.sail_cli_config,
            window_export: Default::default(),
            window_plan: Default::default(),
            rehearsals: Default::default(),
        })
    }
}
