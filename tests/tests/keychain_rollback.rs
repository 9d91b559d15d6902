//! A keychain entry never outlives the profile it was stored for: when the profile file cannot
//! be written, the entry just stored is taken out again. Watched through an in-memory keychain
//! installed as keyring's default backend (this binary's only test, as the backend is
//! process-wide).

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gatehouse_core::{AppConfig, Gatehouse, SandboxSource};
use gatehouse_sandbox::SandboxCredentials;
use gatehouse_wire::{ErrorKind, Profile, ProfileInput, SecretStorage, Vendor};
use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi};

/// Entries by account, and every operation in order.
#[derive(Default)]
struct Ledger {
    entries: BTreeMap<String, Vec<u8>>,
    operations: Vec<String>,
}

#[derive(Debug)]
struct MemoryKeychain(Arc<Mutex<Ledger>>);

#[derive(Debug)]
struct MemoryEntry {
    account: String,
    ledger: Arc<Mutex<Ledger>>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.operations).finish()
    }
}

impl CredentialBuilderApi for MemoryKeychain {
    fn build(
        &self,
        _target: Option<&str>,
        _service: &str,
        user: &str,
    ) -> keyring::Result<Box<Credential>> {
        Ok(Box::new(MemoryEntry {
            account: user.to_owned(),
            ledger: self.0.clone(),
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl CredentialApi for MemoryEntry {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        let mut ledger = self.ledger.lock().unwrap();
        ledger.operations.push(format!("set {}", self.account));
        ledger.entries.insert(self.account.clone(), secret.to_vec());
        Ok(())
    }

    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        let ledger = self.ledger.lock().unwrap();
        ledger
            .entries
            .get(&self.account)
            .cloned()
            .ok_or(keyring::Error::NoEntry)
    }

    fn delete_credential(&self) -> keyring::Result<()> {
        let mut ledger = self.ledger.lock().unwrap();
        ledger.operations.push(format!("delete {}", self.account));
        ledger
            .entries
            .remove(&self.account)
            .map(drop)
            .ok_or(keyring::Error::NoEntry)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[tokio::test]
async fn a_keychain_entry_is_removed_when_its_profile_cannot_be_written() {
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    keyring::set_default_credential_builder(Box::new(MemoryKeychain(ledger.clone())));
    let dir = tempfile::tempdir().unwrap();
    let app = Gatehouse::new(AppConfig {
        config_dir: dir.path().to_path_buf(),
        keychain_service: "gatehouse-test".to_owned(),
        sandbox: SandboxSource::External {
            base_url: "http://127.0.0.1:9".to_owned(),
            credentials: SandboxCredentials {
                sailpoint_client_id: "id".into(),
                sailpoint_client_secret: "unused".into(),
                cloudentity_tenant_id: "demo".into(),
                cloudentity_client_id: "id".into(),
                cloudentity_client_secret: "unused".into(),
            },
        },
        environment_profile: None,
    })
    .unwrap();
    let input = ProfileInput {
        profile: Profile {
            id: "user-prod".into(),
            name: "Production".into(),
            vendor: Vendor::SailPoint,
            base_url: "https://acme.api.identitynow.com".into(),
            client_id: "admin-client".into(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
        },
        client_secret: Some("prod-secret-value".into()),
        storage: SecretStorage::Keychain,
        confirm_token_host: None,
    };

    // The folder reads fine (no profile file yet), but the write step cannot take its lock:
    // something else holds the lock file's name. Permissions would not stop a root test run.
    let lock = dir.path().join("profiles.lock");
    std::fs::create_dir(&lock).unwrap();
    std::fs::write(lock.join("in-the-way"), b"").unwrap();

    let error = app.save_profile(input.clone()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Storage);
    let lock_path = lock.display().to_string();
    assert_eq!(error.details.path.as_deref(), Some(lock_path.as_str()));
    assert!(!dir.path().join("profiles.json").exists());
    {
        let ledger = ledger.lock().unwrap();
        assert_eq!(
            ledger.operations,
            ["set user-prod", "delete user-prod"],
            "stored first, then taken out again"
        );
        assert!(
            ledger.entries.is_empty(),
            "no entry left without its profile"
        );
    }

    // With the obstacle gone the same save keeps both: the failure was the write's alone.
    std::fs::remove_dir_all(&lock).unwrap();
    app.save_profile(input).await.unwrap();
    let ledger = ledger.lock().unwrap();
    assert_eq!(
        ledger.entries.get("user-prod").map(Vec::as_slice),
        Some(&b"prod-secret-value"[..])
    );
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("user-prod") && !file.contains("prod-secret-value"));
}
