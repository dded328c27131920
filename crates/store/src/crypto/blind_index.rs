//! Blind indexes: keyed HMAC-SHA-256 (RFC 2104) of a normalized value, for
//! equality lookups on sealed columns without storing the plaintext.
//!
//! The HMAC key is derived per tenant data key and per column
//! (HMAC(data key, "callvault/blind-index/v1/" ‖ column)), so equal values
//! match within one tenant and column, and nowhere else. Callers normalize
//! first (e.g. E.164 for phone numbers, lower-case for e-mail addresses).

use super::DataKey;
use super::derive::hmac_sha256;

/// The blind index of `normalized` in `column` (e.g. `"users.email"`) under `key`.
pub fn blind_index(key: &DataKey, column: &str, normalized: &[u8]) -> [u8; 32] {
    let index_key = key.index_key(column);
    hmac_sha256(index_key.as_slice(), &[normalized])
}
