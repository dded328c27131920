//! Checkpoint signatures: HMAC-SHA-256 (RFC 2104, FIPS 180-4) over
//! (seq, hash, time), keyed by 32 random bytes kept in the database, wrapped
//! (AES-256-GCM, NIST SP 800-38D) under the key-encryption key
//! (`crypto::audit_key`), so every node of a cluster and every backup holds
//! the same key and nobody without the KEK can use it.
//!
//! Data folders from before migration 70 kept the key in
//! `audit-checkpoint.key` (hex, mode 0600): on open the store adopts that
//! file ([`adopt_key_file`]): it wraps and stores the key, then overwrites
//! and removes the file, so old checkpoints keep verifying.
//!
//! Why a MAC and not Ed25519: the signing key has to live with the service
//! either way, so a public-key signature would only add something once the
//! public key is pinned somewhere an attacker cannot reach; until then a MAC
//! gives the same guarantee with the hmac/sha2 crates the workspace already
//! uses. What it does guarantee: someone who can change the database (a copy,
//! a backup, SQL injection) but not read the KEK cannot forge a checkpoint.
//! Moving to Ed25519 (ring) changes only this file.

use std::io::{self, Write};
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::AuditCheckpoint;
use crate::StoreError;
use crate::crypto::Keyring;

/// The legacy key file's name inside the data folder (adopted on open).
pub const CHECKPOINT_KEY_FILE: &str = "audit-checkpoint.key";

/// Versions the signed message.
const CHECKPOINT_TAG: &[u8] = b"callvault audit checkpoint v1\0";

/// The checkpoint key. Zeroized on drop; never printed.
pub(crate) struct CheckpointKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckpointKey").finish_non_exhaustive()
    }
}

impl CheckpointKey {
    /// The key of these 32 bytes.
    pub(crate) fn from_secret(secret: Zeroizing<[u8; 32]>) -> Self {
        Self(secret)
    }

    /// The key's bytes, for wrapping under the KEK.
    pub(crate) fn secret(&self) -> &[u8; 32] {
        &self.0
    }

    /// Whether `other` is the same key (compared in constant time).
    fn same_as(&self, other: &Self) -> bool {
        subtle::ConstantTimeEq::ct_eq(self.0.as_slice(), other.0.as_slice()).into()
    }

    /// Reads the legacy key file at `path`, refusing one open to group or others.
    fn read_file(path: &Path) -> Result<Self, StoreError> {
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(StoreError::AuditKey)?);
        crate::crypto::check_private(path)?;
        let mut key = Zeroizing::new([0; 32]);
        hex::decode_to_slice(text.trim(), key.as_mut_slice())
            .map_err(|_| StoreError::Corrupt("audit checkpoint key"))?;
        Ok(Self(key))
    }

    /// The signature of `checkpoint`.
    pub(crate) fn sign(&self, checkpoint: &AuditCheckpoint) -> Vec<u8> {
        self.mac(checkpoint).finalize().into_bytes().to_vec()
    }

    /// Whether `signature` is this key's signature of `checkpoint`
    /// (compared in constant time).
    pub(crate) fn verifies(&self, checkpoint: &AuditCheckpoint, signature: &[u8]) -> bool {
        self.mac(checkpoint).verify_slice(signature).is_ok()
    }

    fn mac(&self, checkpoint: &AuditCheckpoint) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.as_slice()).expect("HMAC takes any key length");
        mac.update(CHECKPOINT_TAG);
        mac.update(&checkpoint.seq.to_be_bytes());
        mac.update(&checkpoint.hash);
        mac.update(&checkpoint.at_ms.to_be_bytes());
        mac
    }
}

/// Adopts a legacy `audit-checkpoint.key` in `data_dir`, if there is one:
/// its key is wrapped and stored (unless the database has a key already),
/// then the file is overwritten and removed. A file holding another key than
/// the stored one (a second node's own, from before migration 70) is kept,
/// with a warning: checkpoints it signed do not verify under the stored key.
pub(crate) async fn adopt_key_file(keyring: &Keyring, data_dir: &Path) -> Result<(), StoreError> {
    let path = data_dir.join(CHECKPOINT_KEY_FILE);
    let from_file = match CheckpointKey::read_file(&path) {
        Err(StoreError::AuditKey(err)) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    let stored = keyring.adopt_checkpoint_key(&from_file).await?;
    if !stored.same_as(&from_file) {
        tracing::warn!(
            file = CHECKPOINT_KEY_FILE,
            "the audit checkpoint key file differs from the key in the database; kept the file (checkpoints signed with it do not verify)"
        );
        return Ok(());
    }
    remove_securely(&path).map_err(StoreError::AuditKey)?;
    tracing::info!(
        file = CHECKPOINT_KEY_FILE,
        "moved the audit checkpoint key into the database, wrapped under the KEK"
    );
    Ok(())
}

/// Overwrites the file at `path` with zeros, syncs it, removes it and syncs
/// its folder. On copy-on-write or journaling file systems and on SSDs old
/// blocks may survive the overwrite; it still leaves no readable key behind
/// through the file system.
fn remove_securely(path: &Path) -> io::Result<()> {
    let len = std::fs::metadata(path)?.len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(&vec![0; usize::try_from(len).unwrap_or(0)])?;
    file.sync_all()?;
    drop(file);
    std::fs::remove_file(path)?;
    match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => std::fs::File::open(dir)?.sync_all(),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint(seq: i64) -> AuditCheckpoint {
        AuditCheckpoint { seq, hash: [7; 32], at_ms: 5 }
    }

    fn key(byte: u8) -> CheckpointKey {
        CheckpointKey(Zeroizing::new([byte; 32]))
    }

    #[test]
    fn a_signature_verifies_only_its_own_checkpoint_and_key() {
        let signature = key(1).sign(&checkpoint(10));
        assert!(key(1).verifies(&checkpoint(10), &signature));
        assert!(!key(1).verifies(&checkpoint(11), &signature));
        assert!(!key(2).verifies(&checkpoint(10), &signature));
    }

    #[test]
    fn a_removed_key_file_is_overwritten_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CHECKPOINT_KEY_FILE);
        std::fs::write(&path, "ab".repeat(32)).unwrap();
        let kept = dir.path().join("hard-link");
        std::fs::hard_link(&path, &kept).unwrap();

        remove_securely(&path).unwrap();

        assert!(!path.exists());
        assert_eq!(std::fs::read(&kept).unwrap(), vec![0; 64], "the key's bytes were not overwritten");
    }
}
