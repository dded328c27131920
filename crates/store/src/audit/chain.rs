//! The hash chain: SHA-256 (FIPS 180-4) over a length-prefixed encoding,
//! so no two different records share an encoding.
//!
//! Encoding: a version tag, `seq` and `at_ms` as 8-byte big-endian, then
//! actor, action, target, purpose, decision and source, each as an 8-byte
//! big-endian length followed by its bytes, then the previous hash.

use sha2::{Digest, Sha256};

use super::{AuditEntry, AuditRecord};

/// Versions the encoding; a change to it must change this tag.
const RECORD_TAG: &[u8] = b"callvault audit record v1\0";

/// The previous hash of the first record.
pub(crate) const GENESIS: [u8; 32] = [0; 32];

/// The text fields in hashing order: actor, action, target, purpose,
/// decision, source.
pub(crate) type Fields<'a> = [&'a [u8]; 6];

/// The hash of a record at `seq` chained onto `prev`.
pub(crate) fn record_hash(seq: i64, at_ms: i64, fields: &Fields<'_>, prev: &[u8; 32]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(RECORD_TAG);
    hasher.update(seq.to_be_bytes());
    hasher.update(at_ms.to_be_bytes());
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field);
    }
    hasher.update(prev);
    hasher.finalize().into()
}

impl AuditRecord {
    fn fields(&self) -> Fields<'_> {
        [
            self.actor.as_bytes(),
            self.action.as_bytes(),
            self.target.as_bytes(),
            self.purpose.as_bytes(),
            self.decision.as_str().as_bytes(),
            self.source.as_bytes(),
        ]
    }
}

impl AuditEntry {
    /// `record` placed at `seq` after a record whose hash is `prev_hash`.
    pub(crate) fn chain(seq: i64, prev_hash: [u8; 32], record: &AuditRecord) -> Self {
        let hash = record_hash(seq, record.at_ms, &record.fields(), &prev_hash);
        Self { seq, record: record.clone(), prev_hash, hash }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditDecision;

    fn record(actor: &str, action: &str) -> AuditRecord {
        AuditRecord {
            at_ms: 1,
            actor: actor.into(),
            action: action.into(),
            target: "t".into(),
            purpose: "p".into(),
            decision: AuditDecision::Allow,
            source: "s".into(),
        }
    }

    #[test]
    fn moving_bytes_between_fields_changes_the_hash() {
        let a = AuditEntry::chain(1, GENESIS, &record("ab", "c"));
        let b = AuditEntry::chain(1, GENESIS, &record("a", "bc"));
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn the_hash_covers_seq_and_the_previous_hash() {
        let base = AuditEntry::chain(1, GENESIS, &record("a", "b"));
        assert_ne!(base.hash, AuditEntry::chain(2, GENESIS, &record("a", "b")).hash);
        assert_ne!(base.hash, AuditEntry::chain(1, [1; 32], &record("a", "b")).hash);
        assert_eq!(base.hash, AuditEntry::chain(1, GENESIS, &record("a", "b")).hash);
    }
}
