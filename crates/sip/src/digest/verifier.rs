//! The server side of digest authentication (RFC 7616 §3.3–§3.5, §5;
//! RFC 3261 §22.1–§22.3; RFC 8760 for SHA-256 in SIP).
//!
//! One [`Verifier`] serves every realm of a node; the realm is passed with
//! each call. The checks run cheapest and least revealing first: algorithm
//! and qop, realm, URI, then the nonce's MAC, then the response hash
//! (constant time), then freshness and replay. Staleness is reported only for
//! a correct response (RFC 7616 §3.3: "stale … with a valid digest"), so a
//! client with a wrong password is never told to just retry.
//!
//! Replay state is a window over the serials of the last
//! [`VerifierConfig::replay_window`] challenges, allocated once: memory is
//! `replay_window` × 16 bytes (4 MiB by default, whatever the number of
//! realms or users). The default 262,144 challenges cover about 26 s at
//! 10,000 challenges/s. A nonce that is unexpired but older than the window
//! is answered stale, so the phone re-authenticates; it is never accepted
//! twice.

use subtle::ConstantTimeEq;

use super::replay::ReplayWindow;
use super::{Algorithm, Challenge, Credentials, DigestError, NonceIssuer, Qop, compute};
use crate::Method;

/// Verifier settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierConfig {
    /// Seconds a nonce stays fresh; 300 by default.
    pub nonce_lifetime_secs: u64,
    /// Challenges whose nonces are tracked for replay detection; 262,144 by
    /// default (at least 1). Older nonces are answered stale.
    pub replay_window: usize,
    /// Algorithms accepted in credentials; SHA-256 and MD5 by default
    /// (RFC 8760 adds SHA-256; MD5 stays for older phones).
    pub algorithms: Vec<Algorithm>,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        Self { nonce_lifetime_secs: 300, replay_window: 262_144, algorithms: vec![Algorithm::Sha256, Algorithm::Md5] }
    }
}

/// Issues challenges and verifies credentials against stored HA1 values.
#[derive(Debug)]
pub struct Verifier {
    config: VerifierConfig,
    issuer: NonceIssuer,
    window: ReplayWindow,
}

impl Verifier {
    /// A verifier whose nonces are signed with `key` (32 secret bytes).
    pub fn new(config: VerifierConfig, key: &[u8; 32]) -> Self {
        let window = ReplayWindow::new(config.replay_window);
        Self { config, issuer: NonceIssuer::new(key), window }
    }

    /// A `qop="auth"` challenge for `realm` with a fresh nonce, which takes
    /// the next serial of the replay window; `random` must come from a
    /// CSPRNG. Send one challenge per algorithm offered, most preferred
    /// first (RFC 8760).
    pub fn challenge(
        &mut self,
        realm: &str,
        algorithm: Algorithm,
        now_secs: u64,
        random: [u8; 16],
        stale: bool,
    ) -> Challenge {
        Challenge {
            realm: realm.to_owned(),
            nonce: self.issuer.issue(now_secs, self.window.issue(), random),
            opaque: None,
            stale,
            algorithm,
            qop: vec![Qop::Auth],
            userhash: false,
        }
    }

    /// Checks `credentials` for a request to `realm` with `method` and
    /// `request_uri`.
    ///
    /// `ha1_for` returns the stored HA1 of the user named in the credentials
    /// for an algorithm family ([`Algorithm::base`]: `Md5`, `Sha256` or
    /// `Sha512_256`), or `None`. `request_uri` is compared with the `uri`
    /// parameter ignoring ASCII case (RFC 7616 §3.4.6). On success the nonce
    /// count is recorded, so the same credentials are refused next time.
    pub fn verify(
        &mut self,
        credentials: &Credentials,
        realm: &str,
        method: &Method,
        request_uri: &str,
        ha1_for: impl FnOnce(Algorithm) -> Option<String>,
        now_secs: u64,
    ) -> Result<(), DigestError> {
        self.check_request(credentials, realm, request_uri)?;
        let stamp = self.issuer.open(&credentials.nonce)?;
        let ha1 = ha1_for(credentials.algorithm.base()).ok_or(DigestError::UnknownCredentials)?;
        check_response(credentials, method, &ha1)?;
        if now_secs.saturating_sub(stamp.issued_at) > self.config.nonce_lifetime_secs {
            return Err(DigestError::Stale);
        }
        self.window.check(stamp.serial, credentials.nc)?;
        self.window.record(stamp.serial, credentials.nc);
        Ok(())
    }

    fn check_request(&self, credentials: &Credentials, realm: &str, request_uri: &str) -> Result<(), DigestError> {
        if !self.config.algorithms.contains(&credentials.algorithm) {
            return Err(DigestError::UnsupportedAlgorithm);
        }
        match (credentials.qop, credentials.nc) {
            (Some(Qop::Auth), Some(nc)) if nc > 0 => {}
            (None, _) => {}
            (Some(Qop::Auth), _) => return Err(DigestError::BadParam("nc")),
            (Some(_), _) => return Err(DigestError::UnsupportedQop),
        }
        if credentials.realm != realm {
            return Err(DigestError::RealmMismatch);
        }
        if !credentials.uri.eq_ignore_ascii_case(request_uri) {
            return Err(DigestError::UriMismatch);
        }
        Ok(())
    }
}

/// Compares the response in constant time; hex case is ignored.
fn check_response(credentials: &Credentials, method: &Method, ha1: &str) -> Result<(), DigestError> {
    let expected = compute::response(credentials, method.as_str(), ha1);
    let given = credentials.response.to_ascii_lowercase();
    if given.len() != expected.len() || !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(DigestError::WrongResponse);
    }
    Ok(())
}
