//! An in-memory keychain installed as keyring's default backend, to watch what the console
//! files there. The backend is process-wide: a test binary's tests share it, each with its
//! own accounts.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use keyring::credential::{Credential, CredentialApi, CredentialBuilderApi};

/// Entries by account, and every operation in order.
#[derive(Default)]
pub struct Ledger {
    entries: BTreeMap<String, Vec<u8>>,
    operations: Vec<String>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.operations).finish()
    }
}

#[derive(Debug)]
struct MemoryKeychain(Arc<Mutex<Ledger>>);

#[derive(Debug)]
struct MemoryEntry {
    account: String,
    ledger: Arc<Mutex<Ledger>>,
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
        let mut ledger = self.ledger.lock().unwrap();
        ledger.operations.push(format!("get {}", self.account));
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
pub fn memory_keychain() -> Arc<Mutex<Ledger>> {
    static LEDGER: OnceLock<Arc<Mutex<Ledger>>> = OnceLock::new();
    LEDGER
        .get_or_init(|| {
            let ledger = Arc::new(Mutex::new(Ledger::default()));
            keyring::set_default_credential_builder(Box::new(MemoryKeychain(ledger.clone())));
            ledger
        })
        .clone()
}

impl Ledger {
    /// What was done to `account`'s entry, in order.
    pub fn operations(&self, account: &str) -> Vec<String> {
        self.operations
            .iter()
            .filter(|operation| operation.ends_with(&format!(" {account}")))
            .cloned()
            .collect()
    }

    pub fn entry(&self, account: &str) -> Option<Vec<u8>> {
        self.entries.get(account).cloned()
    }

    /// The secret in `account`'s entry, as the console files it (with the fingerprint of its
    /// endpoints beside it).
    pub fn stored_secret(&self, account: &str) -> Option<String> {
        let entry: serde_json::Value = serde_json::from_slice(&self.entry(account)?).ok()?;
        Some(entry["secret"].as_str()?.to_owned())
    }

    /// Files `entry` under `account` as something other than the console would (an earlier
    /// version, another program), without recording it as an operation.
    pub fn plant(&mut self, account: &str, entry: &[u8]) {
        self.entries.insert(account.to_owned(), entry.to_vec());
    }
}
