//! Blind indexes: keyed HMAC-SHA-256 (RFC 2104) of a normalized value, for
//! equality lookups on sealed columns without storing the plaintext.
//!
//! The HMAC key is derived from the tenant's [`IndexKey`] per column
//! (HMAC(index key, "callvault/blind-index/v1/" ‖ column)), so equal values
//! match within one tenant and column, and nowhere else; the index key does
//! not rotate with the data keys, so indexes stay valid across a data-key
//! rotation. Callers normalize first (e.g. E.164 for phone numbers,
//! lower-case for e-mail addresses).

use super::IndexKey;
use super::derive::hmac_sha256;

/// The blind index of `normalized` in `column` (e.g. `"users.email"`) under `key`.
pub fn blind_index(key: &IndexKey, column: &str, normalized: &[u8]) -> [u8; 32] {
    let column_key = key.column_key(column);
    hmac_sha256(column_key.as_slice(), &[normalized])
}
