//! Checkpoint signatures: HMAC-SHA-256 (RFC 2104, FIPS 180-4) over
//! (seq, hash, time), keyed by 32 random bytes in `audit-checkpoint.key` in
//! the data folder (hex, created mode 0600 on first use).
//!
//! Why a MAC and not Ed25519: the signing key has to live on this machine
//! either way, so a public-key signature would only add something once the
//! public key is pinned somewhere an attacker cannot reach; until then a MAC
//! gives the same guarantee with the hmac/sha2 crates the workspace already
//! uses. What it does guarantee: someone who can change the database (a copy,
//! a backup, SQL injection) but not read the key file cannot forge a
//! checkpoint. Moving to Ed25519 (ring) changes only this file.

use std::io::{self, Write};
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::AuditCheckpoint;
use crate::StoreError;

/// The key file's name inside the data folder.
pub const CHECKPOINT_KEY_FILE: &str = "audit-checkpoint.key";

/// Versions the signed message.
const CHECKPOINT_TAG: &[u8] = b"callvault audit checkpoint v1\0";

/// The checkpoint key.
pub(crate) struct CheckpointKey([u8; 32]);

impl CheckpointKey {
    /// Reads the key in `data_dir`, creating it if there is none. Callers
    /// hold the database's write lock, so two processes never race here.
    pub(crate) fn load_or_create(data_dir: &Path) -> Result<Self, StoreError> {
        match Self::load(data_dir) {
            Err(StoreError::AuditKey(err)) if err.kind() == io::ErrorKind::NotFound => Self::create(data_dir),
            other => other,
        }
    }

    /// Reads the key in `data_dir`.
    pub(crate) fn load(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(CHECKPOINT_KEY_FILE);
        let text = std::fs::read_to_string(&path).map_err(StoreError::AuditKey)?;
        crate::crypto::check_private(&path)?;
        let mut key = [0; 32];
        hex::decode_to_slice(text.trim(), &mut key).map_err(|_| StoreError::Corrupt("audit checkpoint key"))?;
        Ok(Self(key))
    }

    fn create(data_dir: &Path) -> Result<Self, StoreError> {
        let mut key = [0; 32];
        getrandom::fill(&mut key).map_err(StoreError::Randomness)?;
        write_new_private(&data_dir.join(CHECKPOINT_KEY_FILE), hex::encode(key).as_bytes())
            .map_err(StoreError::AuditKey)?;
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
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(CHECKPOINT_TAG);
        mac.update(&checkpoint.seq.to_be_bytes());
        mac.update(&checkpoint.hash);
        mac.update(&checkpoint.at_ms.to_be_bytes());
        mac
    }
}

/// Writes a file that must not exist yet, readable by the owner only.
fn write_new_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = crate::private_file::create(path)?;
    file.write_all(contents)?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint(seq: i64) -> AuditCheckpoint {
        AuditCheckpoint { seq, hash: [7; 32], at_ms: 5 }
    }

    #[test]
    fn a_signature_verifies_only_its_own_checkpoint_and_key() {
        let key = CheckpointKey([1; 32]);
        let signature = key.sign(&checkpoint(10));
        assert!(key.verifies(&checkpoint(10), &signature));
        assert!(!key.verifies(&checkpoint(11), &signature));
        assert!(!CheckpointKey([2; 32]).verifies(&checkpoint(10), &signature));
    }

    #[test]
    fn the_key_file_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let first = CheckpointKey::load_or_create(dir.path()).unwrap();
        let again = CheckpointKey::load_or_create(dir.path()).unwrap();
        assert_eq!(first.0, again.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(CHECKPOINT_KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
