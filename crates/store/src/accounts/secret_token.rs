//! Bearer secrets for sessions and API tokens (issue 5 item 3): 256 random
//! bits from the OS (NIST SP 800-63B §7.1 asks for at least 64), shown to
//! their holder once and stored only as SHA-256 (FIPS 180-4), so the
//! database never holds a usable secret. A hash lookup reveals nothing a
//! timing attack could use: the attacker controls the input, not its hash.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::StoreError;

/// A new secret: `prefix` then 64 hex digits (256 bits).
pub(super) fn new_secret(prefix: &str) -> Result<Zeroizing<String>, StoreError> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut()).map_err(StoreError::Randomness)?;
    Ok(Zeroizing::new(format!("{prefix}{}", hex::encode(bytes.as_ref()))))
}

/// The stored form of a secret.
pub(super) fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// 32 random bytes (a CSRF key).
pub(super) fn random_key() -> Result<Vec<u8>, StoreError> {
    let mut bytes = vec![0u8; 32];
    getrandom::fill(&mut bytes).map_err(StoreError::Randomness)?;
    Ok(bytes)
}
