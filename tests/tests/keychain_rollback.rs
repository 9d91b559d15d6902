//! A keychain entry never outlives the profile it was stored for: when the profile file cannot
//! be written, the keychain is put back as it was. Watched through an in-memory keychain
//! installed as keyring's default backend; the backend is process-wide, so this binary's tests
//! share it, each with its own accounts.

use std::any::Any;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use gatehouse_tests::offline_console;
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

/// The keychain every test in this binary sees, installed on first use.
fn keychain() -> Arc<Mutex<Ledger>> {
    static LEDGER: OnceLock<Arc<Mutex<Ledger>>> = OnceLock::new();
    LEDGER
        .get_or_init(|| {
            let ledger = Arc::new(Mutex::new(Ledger::default()));
            keyring::set_default_credential_builder(Box::new(MemoryKeychain(ledger.clone())));
            ledger
        })
        .clone()
}

/// What was done to `account`'s entry, in order.
fn operations(ledger: &Mutex<Ledger>, account: &str) -> Vec<String> {
    let ledger = ledger.lock().unwrap();
    ledger
        .operations
        .iter()
        .filter(|operation| operation.ends_with(&format!(" {account}")))
        .cloned()
        .collect()
}

fn entry(ledger: &Mutex<Ledger>, account: &str) -> Option<Vec<u8>> {
    ledger.lock().unwrap().entries.get(account).cloned()
}

fn input(id: &str, base_url: &str, secret: &str) -> ProfileInput {
    ProfileInput {
        profile: Profile {
            id: id.into(),
            name: "Production".into(),
            vendor: Vendor::SailPoint,
            base_url: base_url.into(),
            client_id: "admin-client".into(),
            tenant_id: None,
            admin_token_url: None,
            system_token_url: None,
            ca_certificate_pem: None,
            developer_client_id: None,
            remember_developer_sign_in: false,
        },
        client_secret: Some(secret.into()),
        storage: SecretStorage::Keychain,
        confirm_token_host: None,
    }
}

/// The folder still reads fine, but the write step cannot take its lock: a folder holds the
/// lock file's name. (Permissions would not stop a test running as root.) Returns the path.
fn block_writes(config_dir: &Path) -> std::path::PathBuf {
    let lock = config_dir.join("profiles.lock");
    if lock.is_file() {
        std::fs::remove_file(&lock).unwrap();
    }
    std::fs::create_dir(&lock).unwrap();
    std::fs::write(lock.join("in-the-way"), b"").unwrap();
    lock
}

#[tokio::test]
async fn a_keychain_entry_is_removed_when_its_profile_cannot_be_written() {
    let ledger = keychain();
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    let lock = block_writes(dir.path());
    let new = || {
        input(
            "user-new",
            "https://acme.api.identitynow.com",
            "prod-secret-value",
        )
    };

    let error = app.save_profile(new()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Storage);
    let lock_path = lock.display().to_string();
    assert_eq!(error.details.path.as_deref(), Some(lock_path.as_str()));
    assert!(!dir.path().join("profiles.json").exists());
    assert_eq!(
        operations(&ledger, "user-new"),
        ["set user-new", "delete user-new"],
        "stored first, then taken out again"
    );
    assert_eq!(
        entry(&ledger, "user-new"),
        None,
        "no entry without its profile"
    );

    // With the obstacle gone the same save keeps both: the failure was the write's alone.
    std::fs::remove_dir_all(&lock).unwrap();
    app.save_profile(new()).await.unwrap();
    assert_eq!(
        entry(&ledger, "user-new").as_deref(),
        Some(&b"prod-secret-value"[..])
    );
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("user-new") && !file.contains("prod-secret-value"));
}

#[tokio::test]
async fn an_edited_connection_keeps_its_previous_secret_when_the_file_cannot_be_written() {
    let ledger = keychain();
    let dir = tempfile::tempdir().unwrap();
    let app = offline_console(dir.path());
    app.save_profile(input(
        "user-edit",
        "https://acme.api.identitynow.com",
        "acme-secret",
    ))
    .await
    .unwrap();
    block_writes(dir.path());

    // Moved to another tenant with that tenant's secret; the file keeps the old endpoints.
    let error = app
        .save_profile(input(
            "user-edit",
            "https://other.api.identitynow.com",
            "other-secret",
        ))
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Storage);
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(file.contains("acme.api") && !file.contains("other.api"));
    // So the keychain holds the secret entered for those endpoints, not the other tenant's.
    assert_eq!(
        operations(&ledger, "user-edit"),
        ["set user-edit", "set user-edit", "set user-edit"],
        "stored, replaced, put back"
    );
    assert_eq!(
        entry(&ledger, "user-edit").as_deref(),
        Some(&b"acme-secret"[..])
    );
}
