//! The digest hash constructions (RFC 7616 §3.4.1–§3.4.4; RFC 2617 §3.2.2
//! for the form without `qop`).
//!
//! ```text
//! HA1      = H(username ":" realm ":" password)                 §3.4.2
//! HA1-sess = H(HA1 ":" nonce ":" cnonce)                        §3.4.2
//! HA2      = H(method ":" uri)                                  §3.4.3 (qop=auth)
//! response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) §3.4.1
//! response = H(HA1 ":" nonce ":" HA2)                           RFC 2069, no qop
//! userhash = H(username ":" realm)                              §3.4.4
//! ```

use super::{Algorithm, Credentials};

/// `HA1 = H(username:realm:password)` in hex, for the plain algorithm of
/// `algorithm` (a `-sess` variant uses the same stored HA1).
///
/// This is the value a credential store keeps instead of the password.
pub fn ha1(algorithm: Algorithm, username: &str, realm: &str, password: &str) -> String {
    algorithm.hash_hex(format!("{username}:{realm}:{password}").as_bytes())
}

/// The hashed username sent when a challenge asks for `userhash=true`
/// (RFC 7616 §3.4.4).
pub fn userhash(algorithm: Algorithm, username: &str, realm: &str) -> String {
    algorithm.hash_hex(format!("{username}:{realm}").as_bytes())
}

/// The `response` value the credentials should carry, given the stored HA1
/// and the request method.
///
/// Uses `credentials.algorithm`, `nonce`, `uri`, `qop`, `nc` and `cnonce`;
/// the `response` field itself is ignored.
pub fn response(credentials: &Credentials, method: &str, ha1: &str) -> String {
    let alg = credentials.algorithm;
    let cnonce = credentials.cnonce.as_deref().unwrap_or("");
    let nonce = &credentials.nonce;
    let ha1 =
        if alg.is_session() { alg.hash_hex(format!("{ha1}:{nonce}:{cnonce}").as_bytes()) } else { ha1.to_owned() };
    let ha2 = alg.hash_hex(format!("{method}:{}", credentials.uri).as_bytes());
    let data = match credentials.qop {
        Some(qop) => {
            let nc = credentials.nc.unwrap_or(0);
            format!("{ha1}:{nonce}:{nc:08x}:{cnonce}:{qop}:{ha2}")
        }
        None => format!("{ha1}:{nonce}:{ha2}"),
    };
    alg.hash_hex(data.as_bytes())
}
