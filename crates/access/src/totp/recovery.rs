//! One-time recovery codes for when the authenticator is lost (issue 5,
//! item 2): ten codes of 80 random bits each, shown once as
//! `XXXX-XXXX-XXXX-XXXX` in Crockford's base 32, stored only as
//! HMAC-SHA-256 under a deployment key, and consumed once.
//!
//! Why a fast keyed hash and not Argon2: a slow hash protects low-entropy
//! secrets from offline guessing. These codes carry 80 bits from the operating
//! system's generator, so even an attacker holding the stored hashes *and* the
//! key needs about 2^79 HMAC evaluations per code, beyond reach; without the
//! key (kept outside the database, like the KEK) the hashes reveal nothing.
//! Online guessing is bounded by the sign-in lockout. Argon2 would instead
//! cost ten slow hashes per attempt for no gain.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::base32::{CROCKFORD, encode};
use crate::AccessError;

/// Codes issued at a time.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Random bytes per code: 80 bits, 16 base-32 symbols.
const CODE_BYTES: usize = 10;
/// Symbols per code.
const CODE_SYMBOLS: usize = 16;
/// Symbols per printed group.
const GROUP: usize = 4;
/// Domain separation for the HMAC input.
const CONTEXT: &[u8] = b"callvault recovery code v1\0";

/// The deployment key recovery codes are hashed under; wiped on drop.
#[derive(Clone)]
pub struct RecoveryKey(Zeroizing<[u8; 32]>);

impl RecoveryKey {
    /// A key from its 32 bytes (loaded from the key file, never the database).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(..)")
    }
}

/// A stored recovery code: HMAC-SHA-256 of its normalized form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RecoveryCodeHash(pub [u8; 32]);

impl std::fmt::Debug for RecoveryCodeHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCodeHash(..)")
    }
}

/// A fresh set: the codes to show once, and their hashes to store.
#[derive(Debug)]
pub struct RecoveryCodes {
    /// The codes, printed `XXXX-XXXX-XXXX-XXXX`; show once, never store.
    pub codes: Vec<Zeroizing<String>>,
    /// Their hashes, in the same order; store these.
    pub hashes: Vec<RecoveryCodeHash>,
}

impl RecoveryCodes {
    /// Generates [`RECOVERY_CODE_COUNT`] codes.
    pub fn generate(key: &RecoveryKey) -> Result<Self, AccessError> {
        let codes = (0..RECOVERY_CODE_COUNT).map(|_| random_code()).collect::<Result<Vec<_>, _>>()?;
        let hashes =
            codes.iter().map(|code| recovery_code_hash(key, code).expect("generated codes are well formed")).collect();
        Ok(Self { codes, hashes })
    }
}

fn random_code() -> Result<Zeroizing<String>, AccessError> {
    let mut bytes = Zeroizing::new([0u8; CODE_BYTES]);
    getrandom::fill(bytes.as_mut()).map_err(|_| AccessError::Randomness)?;
    let symbols = Zeroizing::new(encode(bytes.as_ref(), CROCKFORD));
    let groups: Vec<&str> = symbols.as_bytes().chunks(GROUP).map(|g| std::str::from_utf8(g).expect("ASCII")).collect();
    Ok(Zeroizing::new(groups.join("-")))
}

/// The hash of an entered code, or `None` if it cannot be a code. Case,
/// dashes and spaces are ignored, and `O`, `I`, `L` read as `0`, `1`, `1`.
pub fn recovery_code_hash(key: &RecoveryKey, entered: &str) -> Option<RecoveryCodeHash> {
    let normalized = normalize(entered)?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key.0.as_ref()).expect("any key length");
    mac.update(CONTEXT);
    mac.update(normalized.as_bytes());
    Some(RecoveryCodeHash(mac.finalize().into_bytes().into()))
}

fn normalize(entered: &str) -> Option<Zeroizing<String>> {
    let normalized: Zeroizing<String> = Zeroizing::new(
        entered
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect(),
    );
    let valid = normalized.len() == CODE_SYMBOLS && normalized.bytes().all(|b| CROCKFORD.contains(&b));
    valid.then_some(normalized)
}

/// The index of the stored hash `entered` matches, which the caller deletes
/// (atomically with the sign-in) so the code works once. Every stored hash is
/// compared in constant time, whatever matches.
pub fn match_recovery_code(key: &RecoveryKey, entered: &str, stored: &[RecoveryCodeHash]) -> Option<usize> {
    let candidate = recovery_code_hash(key, entered)?;
    let mut found = None;
    for (index, hash) in stored.iter().enumerate() {
        if bool::from(hash.0.ct_eq(&candidate.0)) {
            found = Some(index);
        }
    }
    found
}
