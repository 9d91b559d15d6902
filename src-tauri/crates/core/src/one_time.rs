//! Credentials a vendor shows once (a new OAuth client's or PAT's secret): held in memory only
//! while the dialog that shows them is open, usable from there as a new connection or for a
//! test, copied to the clipboard only on request and cleared from it again.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_client::ClientCredentials;
use gatehouse_wire::{
    ApiError, ConnectionReport, ErrorKind, OneTimeSecret, Profile, ProfileInput, ProfileView,
    ResourceDescription, SecretStorage,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::app::Gatehouse;

/// How long a copied secret may stay on the clipboard.
pub const CLIPBOARD_CLEAR_AFTER: Duration = Duration::from_secs(30);

/// The system clipboard, as the shell provides it.
pub trait Clipboard: Send + Sync + 'static {
    fn write_text(&self, text: &str) -> Result<(), String>;
    fn read_text(&self) -> Option<String>;
    fn clear(&self) -> Result<(), String>;
}

/// A new credential and the connection it belongs to.
struct Pending {
    secret: SecretString,
    client_id: String,
    /// The connection it was created on: a saved connection uses the same host and CA.
    origin: Profile,
}

#[derive(Default)]
pub(crate) struct OneTimeSecrets {
    pending: Mutex<HashMap<String, Pending>>,
}

impl OneTimeSecrets {
    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        // Every update is one insert or remove: a panic elsewhere cannot leave it half-written.
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn with<T>(&self, handle: &str, use_it: impl FnOnce(&Pending) -> T) -> Result<T, ApiError> {
        self.pending().get(handle).map(use_it).ok_or_else(|| {
            ApiError::new(
                ErrorKind::NotFound,
                "that secret is gone: it is kept only while its dialog is open",
            )
        })
    }
}

impl Gatehouse {
    /// Takes the secret out of a create answer and keeps it under a new handle.
    pub(crate) async fn keep_one_time_secret(
        &self,
        description: &ResourceDescription,
        created: &Value,
    ) -> Result<Option<OneTimeSecret>, ApiError> {
        let Some((field, value)) = description.secret_fields().find_map(|field| {
            let value = created.get(field.name)?.as_str()?;
            Some((field, value))
        }) else {
            return Ok(None);
        };
        let origin = self.active().await?.profile;
        let client_id = description.id_of(created).unwrap_or_default().to_owned();
        let handle = format!("secret-{:016x}", rand::random::<u64>());
        self.one_time.pending().insert(
            handle.clone(),
            Pending {
                secret: SecretString::from(value),
                client_id: client_id.clone(),
                origin,
            },
        );
        Ok(Some(OneTimeSecret {
            handle,
            field: field.name.to_owned(),
            label: field.label.to_owned(),
            client_id,
            value: value.to_owned(),
        }))
    }

    /// The dialog closed: the secret leaves memory.
    pub fn forget_secret(&self, handle: &str) {
        self.one_time.pending().remove(handle);
    }

    /// Copies the secret to the clipboard and clears the clipboard after
    /// [`CLIPBOARD_CLEAR_AFTER`] if it still holds the secret then (only a fingerprint is kept
    /// for that check, so the secret does not outlive its dialog).
    pub fn copy_secret(&self, handle: &str, clipboard: Arc<dyn Clipboard>) -> Result<(), ApiError> {
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
        tokio::spawn(async move {
            tokio::time::sleep(CLIPBOARD_CLEAR_AFTER).await;
            let still_there = clipboard
                .read_text()
                .is_some_and(|current| hasher.hash_one(&current) == fingerprint);
            if still_there {
                if let Err(reason) = clipboard.clear() {
                    tracing::warn!(%reason, "the copied secret could not be cleared from the clipboard");
                }
            }
        });
        Ok(())
    }

    /// Fetches a token with the new credential, against the connection it was created on.
    pub async fn test_secret(&self, handle: &str) -> Result<ConnectionReport, ApiError> {
        let (origin, credentials) = self.one_time.with(handle, |pending| {
            let credentials = ClientCredentials {
                token_url: pending.origin.token_url(),
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
        let (profile, secret) = self.one_time.with(handle, |pending| {
            let profile = Profile {
                id: format!("profile-{:016x}", rand::random::<u64>()),
                name: name.trim().to_owned(),
                client_id: pending.client_id.clone(),
                ..pending.origin.clone()
            };
            (profile, pending.secret.expose_secret().to_owned())
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
