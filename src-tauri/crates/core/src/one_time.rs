//! Credentials a vendor shows once (a new OAuth client's or PAT's secret): held in memory only
//! while the dialog that shows them is open, usable from there as a new connection or for a
//! test, copied to the clipboard only on request and cleared from it again.

use std::collections::VecDeque;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use gatehouse_client::ClientCredentials;
use gatehouse_wire::{
    ApiError, ConnectionReport, CopiedSecret, ErrorKind, OneTimeSecret, Profile, ProfileInput,
    ProfileView, ResourceDescription, SecretStorage,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;
use tokio::time::Instant;

use crate::app::Gatehouse;

/// How long a copied secret may stay on the clipboard, unless the configuration says otherwise.
pub const CLIPBOARD_CLEAR_AFTER: Duration = Duration::from_secs(30);

/// How long a new credential is held for its dialog. Reading it and acting on it takes a
/// minute or two; a dialog left open, or whose close never reached the app, must not keep a
/// live credential in memory for the rest of the run.
pub const ONE_TIME_SECRET_KEPT_FOR: Duration = Duration::from_secs(10 * 60);

/// How many new credentials are held at once; the oldest goes first. One dialog shows one at a
/// time, so more means closes that never arrived, and the memory they hold must not grow.
pub const ONE_TIME_SECRETS_KEPT: usize = 16;

/// The system clipboard, as the shell provides it.
pub trait Clipboard: Send + Sync + 'static {
    fn write_text(&self, text: &str) -> Result<(), String>;
    fn read_text(&self) -> Option<String>;
    fn clear(&self) -> Result<(), String>;
}

/// A new credential and the connection it belongs to.
struct Pending {
    handle: String,
    /// When it was kept; it is gone [`ONE_TIME_SECRET_KEPT_FOR`] later.
    kept_at: Instant,
    secret: SecretString,
    client_id: String,
    /// Whether it is a client credential (a server's hashing secret is not).
    credential: bool,
    /// Where its client gets tokens: the connection's token endpoint, or for a client of
    /// another Cloudentity server, that server's.
    token_url: String,
    /// The connection it was created on: a saved connection uses the same host and CA.
    origin: Profile,
}

impl Pending {
    /// Whether it signs in where its connection does, so it can be saved as one.
    fn is_connection(&self) -> bool {
        self.credential && self.token_url == self.origin.token_url()
    }
}

#[derive(Default)]
pub(crate) struct OneTimeSecrets {
    /// Oldest first: every secret is kept as long, so the expired ones are at the front.
    pending: Mutex<VecDeque<Pending>>,
}

impl OneTimeSecrets {
    /// The secrets still held; the expired ones leave memory here.
    fn pending(&self) -> MutexGuard<'_, VecDeque<Pending>> {
        // Every update is one push, pop or removal: a panic elsewhere cannot leave it
        // half-written.
        let mut pending = self
            .pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while pending
            .front()
            .is_some_and(|oldest| oldest.kept_at.elapsed() >= ONE_TIME_SECRET_KEPT_FOR)
        {
            pending.pop_front();
        }
        pending
    }

    fn keep(&self, kept: Pending) {
        let mut pending = self.pending();
        while pending.len() >= ONE_TIME_SECRETS_KEPT {
            pending.pop_front();
        }
        pending.push_back(kept);
    }

    fn forget(&self, handle: &str) {
        self.pending().retain(|pending| pending.handle != handle);
    }

    /// [`with`](Self::with) for a secret that is a client credential, the only kind a token
    /// can be fetched with.
    fn with_credential<T>(
        &self,
        handle: &str,
        use_it: impl FnOnce(&Pending) -> T,
    ) -> Result<T, ApiError> {
        self.with(handle, |pending| {
            pending.credential.then(|| use_it(pending))
        })?
        .ok_or_else(|| {
            ApiError::new(
                ErrorKind::Validation,
                "that secret is not a client credential: it cannot fetch a token",
            )
        })
    }

    fn with<T>(&self, handle: &str, use_it: impl FnOnce(&Pending) -> T) -> Result<T, ApiError> {
        self.pending()
            .iter()
            .find(|pending| pending.handle == handle)
            .map(use_it)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::NotFound,
                    format!(
                        "that secret is gone: it is kept only while its dialog is open, and {} minutes at most",
                        ONE_TIME_SECRET_KEPT_FOR.as_secs() / 60
                    ),
                )
            })
    }
}

impl Gatehouse {
    /// Takes the secret out of a create answer and keeps it under a new handle, with
    /// `origin`, the connection the create was sent on.
    pub(crate) fn keep_one_time_secret(
        &self,
        description: &ResourceDescription,
        created: &Value,
        origin: Profile,
    ) -> Option<OneTimeSecret> {
        let (field, value) = description.secret_fields().find_map(|field| {
            let value = created.get(field.name)?.as_str()?;
            Some((field, value))
        })?;
        let client_id = description.id_of(created).unwrap_or_default().to_owned();
        let handle = format!("secret-{:016x}", rand::random::<u64>());
        // A client listed within a parent (a Cloudentity server) gets its tokens from it.
        let token_url = match description
            .parent
            .and_then(|parent| created.get(parent.field)?.as_str())
        {
            Some(server) => origin.server_token_url(server),
            None => origin.token_url(),
        };
        let pending = Pending {
            handle: handle.clone(),
            kept_at: Instant::now(),
            secret: SecretString::from(value),
            client_id: client_id.clone(),
            credential: field.credential,
            token_url,
            origin,
        };
        let connection = pending.is_connection();
        self.one_time.keep(pending);
        Some(OneTimeSecret {
            handle,
            field: field.name.to_owned(),
            label: field.label.to_owned(),
            client_id,
            value: value.to_owned(),
            credential: field.credential,
            connection,
        })
    }

    /// The dialog closed: the secret leaves memory.
    pub fn forget_secret(&self, handle: &str) {
        self.one_time.forget(handle);
    }

    /// Copies the secret to the clipboard and clears the clipboard after the configured delay
    /// ([`CLIPBOARD_CLEAR_AFTER`] by default) if it still holds the secret then (only a
    /// fingerprint is kept for that check, so the secret does not outlive its dialog).
    ///
    /// Async because the clearing is a task on the runtime this is awaited on: called where
    /// there is none (the window's main thread), spawning it would abort the app.
    pub async fn copy_secret(
        &self,
        handle: &str,
        clipboard: Arc<dyn Clipboard>,
    ) -> Result<CopiedSecret, ApiError> {
        let text = self
            .one_time
            .with(handle, |pending| pending.secret.expose_secret().to_owned())?;
        let hasher = std::hash::RandomState::new();
        let fingerprint = hasher.hash_one(&text);
        clipboard.write_text(&text).map_err(|reason| {
            ApiError::new(
                ErrorKind::Unexpected,
                format!("the clipboard refused the secret: {reason}"),
            )
        })?;
        drop(text);
        let clear_after = self.clipboard_clear_after;
        tokio::spawn(async move {
            tokio::time::sleep(clear_after).await;
            let still_there = clipboard
                .read_text()
                .is_some_and(|current| hasher.hash_one(&current) == fingerprint);
            if still_there {
                if let Err(reason) = clipboard.clear() {
                    tracing::warn!(%reason, "the copied secret could not be cleared from the clipboard");
                }
            }
        });
        Ok(CopiedSecret {
            clear_after_seconds: clear_after.as_secs(),
        })
    }

    /// Fetches a token with the new credential where its client gets them: the connection's
    /// token endpoint, or its Cloudentity server's.
    pub async fn test_secret(&self, handle: &str) -> Result<ConnectionReport, ApiError> {
        let (origin, credentials) = self.one_time.with_credential(handle, |pending| {
            let credentials = ClientCredentials {
                token_url: pending.token_url.clone(),
                client_id: pending.client_id.clone(),
                client_secret: pending.secret.clone(),
            };
            (pending.origin.clone(), credentials)
        })?;
        self.report(&origin, credentials).await
    }

    /// Saves the new credential as a connection of its own, straight into the keychain (or
    /// this run's memory when asked), on the host it was created on.
    pub async fn save_secret_as_connection(
        &self,
        handle: &str,
        name: &str,
        session_only: bool,
    ) -> Result<ProfileView, ApiError> {
        let (profile, secret) = self
            .one_time
            .with_credential(handle, |pending| {
                let profile = Profile {
                    id: format!("profile-{:016x}", rand::random::<u64>()),
                    name: name.trim().to_owned(),
                    client_id: pending.client_id.clone(),
                    ..pending.origin.clone()
                };
                pending
                    .is_connection()
                    .then(|| (profile, pending.secret.expose_secret().to_owned()))
            })?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorKind::Validation,
                    "that client gets its tokens from its own authorization server, not the admin workspace: it cannot sign in as a connection",
                )
            })?;
        self.save_profile(ProfileInput {
            profile,
            client_secret: Some(secret),
            storage: if session_only {
                SecretStorage::SessionOnly
            } else {
                SecretStorage::Keychain
            },
            confirm_token_host: None,
        })
        .await
    }
}
