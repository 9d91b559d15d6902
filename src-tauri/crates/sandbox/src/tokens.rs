//! The bearer tokens the sandbox issued, dropped as they expire. An index by expiry makes
//! pruning cost only what it removes, so a steady stream of token requests holds no more than
//! the tokens still valid, and never more than a cap of them.

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::time::Instant;

use subtle::ConstantTimeEq;

use crate::state::Audience;

pub struct IssuedToken {
    pub audience: Audience,
    /// Whom it was issued to: a client, or for a developer token the developer who signed in.
    pub client_id: String,
    pub scopes: Vec<String>,
    pub expires_at: Instant,
}

/// Why a bearer token is refused, in the words of the vendors' 401 bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Invalid,
    Expired,
    OtherWorkspace,
}

impl Refused {
    pub fn reason(self) -> &'static str {
        match self {
            Refused::Missing => "missing",
            Refused::Invalid => "invalid",
            Refused::Expired => "expired",
            Refused::OtherWorkspace => "issued for another workspace",
        }
    }
}

/// A token held, with the value it was issued as.
struct Held {
    value: String,
    issued: IssuedToken,
}

/// Tokens are found by a keyed digest of their value, then compared in constant time: a map
/// keyed by the value itself would compare a presented token with a held one byte by byte,
/// taking longer the more of it is right. Two live tokens sharing a 64-bit digest is as
/// unlikely as guessing one; the later would replace the earlier.
pub struct Tokens {
    by_digest: HashMap<u64, Held>,
    by_expiry: BTreeSet<(Instant, u64)>,
    /// Random per sandbox, so no one can aim a token at a digest.
    digest_key: RandomState,
    cap: usize,
}

impl Tokens {
    /// Holds at most `cap` tokens (at least one).
    pub fn new(cap: usize) -> Self {
        Self {
            by_digest: HashMap::new(),
            by_expiry: BTreeSet::new(),
            digest_key: RandomState::new(),
            cap: cap.max(1),
        }
    }

    /// The tokens held now.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.by_digest.values().map(|held| &held.value)
    }

    pub fn insert(&mut self, value: String, issued: IssuedToken, now: Instant) {
        self.prune(now);
        while self.by_digest.len() >= self.cap {
            let Some((_, soonest)) = self.by_expiry.pop_first() else {
                break;
            };
            self.by_digest.remove(&soonest);
        }
        let digest = self.digest_key.hash_one(&value);
        self.by_expiry.insert((issued.expires_at, digest));
        if let Some(replaced) = self.by_digest.insert(digest, Held { value, issued }) {
            self.by_expiry.remove(&(replaced.issued.expires_at, digest));
        }
    }

    /// The token's client and scopes when it is valid for `audience`. An expired token is
    /// reported as expired once (so the client knows to fetch a new one), then forgotten.
    pub fn validate(
        &mut self,
        value: &str,
        audience: Audience,
        now: Instant,
    ) -> Result<(String, Vec<String>), Refused> {
        let held = self
            .by_digest
            .get(&self.digest_key.hash_one(value))
            .filter(|held| bool::from(held.value.as_bytes().ct_eq(value.as_bytes())))
            .map(|held| &held.issued);
        let verdict = match held {
            None => Err(Refused::Invalid),
            Some(issued) if issued.audience.vendor() != audience.vendor() => Err(Refused::Invalid),
            Some(issued) if issued.audience != audience => Err(Refused::OtherWorkspace),
            Some(issued) if now >= issued.expires_at => Err(Refused::Expired),
            Some(issued) => Ok((issued.client_id.clone(), issued.scopes.clone())),
        };
        self.prune(now);
        verdict
    }

    /// Every token counts as expired from `now` on.
    pub fn expire_all(&mut self, now: Instant) {
        for held in self.by_digest.values_mut() {
            held.issued.expires_at = now;
        }
        self.by_expiry = self.by_digest.keys().map(|digest| (now, *digest)).collect();
    }

    /// Drops the tokens expired by `now`: the cost is what is dropped, never a full scan.
    fn prune(&mut self, now: Instant) {
        while let Some((expires_at, _)) = self.by_expiry.first() {
            if *expires_at > now {
                break;
            }
            if let Some((_, digest)) = self.by_expiry.pop_first() {
                self.by_digest.remove(&digest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn issued(expires_at: Instant) -> IssuedToken {
        IssuedToken {
            audience: Audience::SailPoint,
            client_id: "client".to_owned(),
            scopes: Vec::new(),
            expires_at,
        }
    }

    #[test]
    fn expired_tokens_are_pruned() {
        let start = Instant::now();
        let mut tokens = Tokens::new(100);
        for n in 0..10 {
            tokens.insert(
                format!("short-{n}"),
                issued(start + Duration::from_secs(1)),
                start,
            );
        }
        tokens.insert(
            "long".to_owned(),
            issued(start + Duration::from_secs(60)),
            start,
        );
        assert_eq!(tokens.by_digest.len(), 11);

        let later = start + Duration::from_secs(2);
        tokens.insert(
            "new".to_owned(),
            issued(later + Duration::from_secs(60)),
            later,
        );
        assert_eq!(tokens.by_digest.len(), 2, "the ten expired ones are gone");
        assert_eq!(tokens.by_expiry.len(), 2);
        assert!(tokens.validate("long", Audience::SailPoint, later).is_ok());
    }

    #[test]
    fn an_expired_token_is_reported_as_expired_once_then_forgotten() {
        let start = Instant::now();
        let mut tokens = Tokens::new(100);
        tokens.insert(
            "t".to_owned(),
            issued(start + Duration::from_secs(60)),
            start,
        );
        tokens.expire_all(start);
        let later = start + Duration::from_millis(1);
        assert_eq!(
            tokens.validate("t", Audience::SailPoint, later),
            Err(Refused::Expired)
        );
        assert!(tokens.by_digest.is_empty() && tokens.by_expiry.is_empty());
        assert_eq!(
            tokens.validate("t", Audience::SailPoint, later),
            Err(Refused::Invalid)
        );
    }

    #[test]
    fn only_the_very_token_issued_is_accepted_not_one_close_to_it() {
        let start = Instant::now();
        let mut tokens = Tokens::new(100);
        tokens.insert(
            "0123456789abcdef".to_owned(),
            issued(start + Duration::from_secs(60)),
            start,
        );
        for near_miss in [
            "0123456789abcdee",
            "0123456789abcde",
            "0123456789abcdef0",
            "",
        ] {
            assert_eq!(
                tokens.validate(near_miss, Audience::SailPoint, start),
                Err(Refused::Invalid),
                "{near_miss:?}"
            );
        }
        assert!(tokens
            .validate("0123456789abcdef", Audience::SailPoint, start)
            .is_ok());
        assert_eq!(tokens.values().collect::<Vec<_>>(), ["0123456789abcdef"]);
    }

    #[test]
    fn beyond_the_cap_the_token_closest_to_expiring_is_dropped() {
        let start = Instant::now();
        let mut tokens = Tokens::new(2);
        tokens.insert(
            "late".to_owned(),
            issued(start + Duration::from_secs(90)),
            start,
        );
        tokens.insert(
            "soon".to_owned(),
            issued(start + Duration::from_secs(30)),
            start,
        );
        tokens.insert(
            "new".to_owned(),
            issued(start + Duration::from_secs(60)),
            start,
        );
        assert_eq!(tokens.by_digest.len(), 2);
        assert_eq!(
            tokens.validate("soon", Audience::SailPoint, start),
            Err(Refused::Invalid)
        );
        assert!(tokens.validate("late", Audience::SailPoint, start).is_ok());
        assert!(tokens.validate("new", Audience::SailPoint, start).is_ok());
    }
}
