//! The server side of digest authentication (RFC 7616 §3.3–§3.5, §5;
//! RFC 3261 §22.1–§22.3; RFC 8760 for SHA-256 in SIP).
//!
//! The checks run cheapest and least revealing first: algorithm and qop,
//! realm, URI, then the nonce's MAC, then the response hash (constant time),
//! then freshness and replay. Staleness is reported only for a correct
//! response (RFC 7616 §3.3: "stale … with a valid digest"), so a client with a
//! wrong password is never told to just retry.

use subtle::ConstantTimeEq;

use super::replay::ReplayTable;
use super::{Algorithm, Challenge, Credentials, DigestError, NonceIssuer, Qop, compute};
use crate::Method;

/// Verifier settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierConfig {
    /// The realm challenged and required in credentials.
    pub realm: String,
    /// Seconds a nonce stays fresh; 300 by default.
    pub nonce_lifetime_secs: u64,
    /// Nonces remembered for replay detection; 4096 by default.
    pub replay_capacity: usize,
    /// Algorithms accepted in credentials; SHA-256 and MD5 by default
    /// (RFC 8760 adds SHA-256; MD5 stays for older phones).
    pub algorithms: Vec<Algorithm>,
}

impl VerifierConfig {
    /// Defaults for `realm`.
    pub fn new(realm: impl Into<String>) -> Self {
        Self {
            realm: realm.into(),
            nonce_lifetime_secs: 300,
            replay_capacity: 4096,
            algorithms: vec![Algorithm::Sha256, Algorithm::Md5],
        }
    }
}

/// Issues challenges and verifies credentials against stored HA1 values.
#[derive(Debug)]
pub struct Verifier {
    config: VerifierConfig,
    issuer: NonceIssuer,
    replay: ReplayTable,
}

impl Verifier {
    /// A verifier whose nonces are signed with `key` (32 secret bytes).
    pub fn new(config: VerifierConfig, key: &[u8; 32]) -> Self {
        let replay = ReplayTable::new(config.replay_capacity);
        Self {
            config,
            issuer: NonceIssuer::new(key),
            replay,
        }
    }

    /// A `qop="auth"` challenge with a fresh nonce; `random` must come from
    /// a CSPRNG. Send one challenge per algorithm offered, most preferred
    /// first (RFC 8760).
    pub fn challenge(
        &self,
        algorithm: Algorithm,
        now_secs: u64,
        random: [u8; 16],
        stale: bool,
    ) -> Challenge {
        Challenge {
            realm: self.config.realm.clone(),
            nonce: self.issuer.issue(now_secs, random),
            opaque: None,
            stale,
            algorithm,
            qop: vec![Qop::Auth],
            userhash: false,
        }
    }

    /// Checks `credentials` for a request with `method` and `request_uri`.
    ///
    /// `ha1_for` returns the stored HA1 of the user named in the credentials
    /// for an algorithm family ([`Algorithm::base`]: `Md5`, `Sha256` or
    /// `Sha512_256`), or `None`. `request_uri` is compared with the `uri`
    /// parameter ignoring ASCII case (RFC 7616 §3.4.6). On success the nonce
    /// count is recorded, so the same credentials are refused next time.
    pub fn verify(
        &mut self,
        credentials: &Credentials,
        method: &Method,
        request_uri: &str,
        ha1_for: impl FnOnce(Algorithm) -> Option<String>,
        now_secs: u64,
    ) -> Result<(), DigestError> {
        self.check_request(credentials, request_uri)?;
        let issued_at = self.issuer.issued_at(&credentials.nonce)?;
        let ha1 = ha1_for(credentials.algorithm.base()).ok_or(DigestError::UnknownCredentials)?;
        check_response(credentials, method, &ha1)?;
        if now_secs.saturating_sub(issued_at) > self.config.nonce_lifetime_secs {
            return Err(DigestError::Stale);
        }
        self.replay
            .check(&credentials.nonce, issued_at, credentials.nc)?;
        self.replay
            .record(&credentials.nonce, issued_at, credentials.nc);
        Ok(())
    }

    fn check_request(
        &self,
        credentials: &Credentials,
        request_uri: &str,
    ) -> Result<(), DigestError> {
        if !self.config.algorithms.contains(&credentials.algorithm) {
            return Err(DigestError::UnsupportedAlgorithm);
        }
        match (credentials.qop, credentials.nc) {
            (Some(Qop::Auth), Some(nc)) if nc > 0 => {}
            (None, _) => {}
            (Some(Qop::Auth), _) => return Err(DigestError::BadParam("nc")),
            (Some(_), _) => return Err(DigestError::UnsupportedQop),
        }
        if credentials.realm != self.config.realm {
            return Err(DigestError::RealmMismatch);
        }
        if !credentials.uri.eq_ignore_ascii_case(request_uri) {
            return Err(DigestError::UriMismatch);
        }
        Ok(())
    }
}

/// Compares the response in constant time; hex case is ignored.
fn check_response(
    credentials: &Credentials,
    method: &Method,
    ha1: &str,
) -> Result<(), DigestError> {
    let expected = compute::response(credentials, method.as_str(), ha1);
    let given = credentials.response.to_ascii_lowercase();
    if given.len() != expected.len() || !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(DigestError::WrongResponse);
    }
    Ok(())
}
