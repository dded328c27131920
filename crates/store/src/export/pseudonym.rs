//! The export's keyed, non-reversible mapping (issue 3 item 4).
//!
//! Every pseudonym is drawn from HMAC-SHA-256 (RFC 2104) of the original
//! value under a random 256-bit key made for this export alone and never
//! written anywhere: within one export the same original always maps to
//! the same pseudonym (so referential integrity and per-party statistics
//! survive), no two originals of a kind map to the same pseudonym
//! (collisions are retried with a counter), and without the key — which
//! nobody has once the export ends, not even the operator — nothing maps
//! back. Counted names ("Person 7", "Customer 2") number originals in the
//! order the export meets them and carry nothing of the original.

use std::collections::{HashMap, HashSet};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::phone;
use crate::StoreError;

/// The top-level domain reserved for examples (RFC 2606 §3).
pub(super) const EXAMPLE_TLD: &str = "example";

/// One export's mapping; dropped (and its key zeroized) with the export.
pub(super) struct Pseudonyms {
    key: Zeroizing<[u8; 32]>,
    /// Original → pseudonym, per kind of value.
    mapped: HashMap<(&'static str, String), String>,
    /// Pseudonyms handed out, per kind, to keep them distinct.
    used: HashSet<(&'static str, String)>,
    /// How many counted names of each kind were handed out.
    counters: HashMap<&'static str, u64>,
}

impl Pseudonyms {
    /// A mapping under a fresh random key.
    pub(super) fn new() -> Result<Self, StoreError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut_slice()).map_err(StoreError::Randomness)?;
        Ok(Self { key, mapped: HashMap::new(), used: HashSet::new(), counters: HashMap::new() })
    }

    /// A telephone number's shape-preserving pseudonym (see `phone`).
    pub(super) fn number(&mut self, original: &str) -> String {
        self.keyed("number", original, |digest| phone::pseudonym(original, digest))
    }

    /// A person's display name: `Person <n>`.
    pub(super) fn person(&mut self, original: &str) -> String {
        self.counted("person", "Person", original)
    }

    /// A tenant's name: `Customer <n>` or `Reseller <n>`.
    pub(super) fn tenant_name(&mut self, kind: &'static str, label: &'static str, original: &str) -> String {
        self.counted(kind, label, original)
    }

    /// A tenant's slug: `<kind>-<12 hex digits>`.
    pub(super) fn slug(&mut self, kind: &'static str, original: &str) -> String {
        self.keyed("slug", original, |digest| format!("{kind}-{}", hex::encode(&digest[..6])))
    }

    /// A SIP domain: `<label>.example`, where a customer's domain uses its
    /// pseudonymous slug (`customer-<hex>.example`) via [`Pseudonyms::bind_domain`].
    pub(super) fn domain(&mut self, original: &str) -> String {
        let original = original.to_ascii_lowercase();
        self.keyed("domain", &original, |digest| format!("d-{}.{EXAMPLE_TLD}", hex::encode(&digest[..6])))
    }

    /// Maps `original` (a domain) to `pseudonym` from now on, unless mapped already.
    pub(super) fn bind_domain(&mut self, original: &str, pseudonym: String) -> String {
        let key = ("domain", original.to_ascii_lowercase());
        if let Some(existing) = self.mapped.get(&key) {
            return existing.clone();
        }
        self.used.insert(("domain", pseudonym.clone()));
        self.mapped.insert(key, pseudonym.clone());
        pseudonym
    }

    /// An opaque identifier (an audit actor or target): `<label>-<hex>`.
    pub(super) fn token(&mut self, label: &'static str, original: &str) -> String {
        self.keyed(label, original, |digest| format!("{label}-{}", hex::encode(&digest[..8])))
    }

    /// A source address: one in `2001:db8::/32`, the IPv6 documentation
    /// prefix (RFC 3849).
    pub(super) fn address(&mut self, original: &str) -> String {
        self.keyed("address", original, |digest| {
            let group = |i: usize| u16::from_be_bytes([digest[i], digest[i + 1]]);
            format!("2001:db8:{:x}:{:x}::{:x}:{:x}", group(0), group(2), group(4), group(6))
        })
    }

    /// The memoized pseudonym of `original` among `kind`, made by `make`
    /// from HMAC(key, kind ‖ original ‖ attempt) until one is new and
    /// differs from the original.
    fn keyed(&mut self, kind: &'static str, original: &str, make: impl Fn(&[u8; 32]) -> String) -> String {
        if let Some(found) = self.mapped.get(&(kind, original.to_owned())) {
            return found.clone();
        }
        let pseudonym = (0u32..)
            .map(|attempt| make(&self.digest(kind, original, attempt)))
            .find(|candidate| candidate != original && !self.used.contains(&(kind, candidate.clone())))
            .expect("an unbounded search finds a free pseudonym");
        self.remember(kind, original, pseudonym)
    }

    /// The memoized counted name (`<label> <n>`) of `original` among `kind`.
    fn counted(&mut self, kind: &'static str, label: &'static str, original: &str) -> String {
        if let Some(found) = self.mapped.get(&(kind, original.to_owned())) {
            return found.clone();
        }
        let counter = self.counters.entry(kind).or_insert(0);
        *counter += 1;
        let pseudonym = format!("{label} {counter}");
        self.remember(kind, original, pseudonym)
    }

    fn remember(&mut self, kind: &'static str, original: &str, pseudonym: String) -> String {
        self.used.insert((kind, pseudonym.clone()));
        self.mapped.insert((kind, original.to_owned()), pseudonym.clone());
        pseudonym
    }

    fn digest(&self, kind: &str, original: &str, attempt: u32) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.key.as_slice()).expect("HMAC takes any key");
        for part in [kind.as_bytes(), original.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.update(&attempt.to_be_bytes());
        mac.finalize().into_bytes().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_original_maps_alike_and_different_ones_apart() {
        let mut names = Pseudonyms::new().unwrap();
        let first = names.number("+12125550123");
        assert_eq!(names.number("+12125550123"), first);
        let others: HashSet<String> = (0..2000).map(|n| names.number(&format!("+1212{n:07}"))).collect();
        assert_eq!(others.len(), 2000, "distinct originals, distinct pseudonyms");
        assert_eq!(names.person("Alice"), "Person 1");
        assert_eq!(names.person("Bob"), "Person 2");
        assert_eq!(names.person("Alice"), "Person 1");
    }

    #[test]
    fn a_fresh_key_gives_fresh_pseudonyms() {
        let (mut one, mut two) = (Pseudonyms::new().unwrap(), Pseudonyms::new().unwrap());
        assert_ne!(one.slug("customer", "acme"), two.slug("customer", "acme"));
        assert_ne!(one.address("198.51.100.7"), two.address("198.51.100.7"));
    }
}
