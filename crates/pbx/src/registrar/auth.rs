//! Digest authentication of REGISTER (RFC 3261 §22, RFC 7616, RFC 8760),
//! one realm per customer, with a brake on password guessing: after a few
//! wrong answers from one address for one user, 403 instead of 401.
//!
//! Only wrong responses and unknown users count as failures; a forged,
//! stale or replayed nonce never tested a password, so it is simply
//! challenged again.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::Directory;
use model::{Extension, Tenant};
use sip::digest::{Algorithm, Credentials, DigestError, Verifier, VerifierConfig};
use sip::{HeaderName, Request};

use super::RegistrarConfig;
use super::reject::Reject;

/// Failure records kept before the oldest are forgotten.
const MAX_FAILURE_RECORDS: usize = 100_000;

/// Digest state for every realm: one verifier, whose replay window is
/// shared by all realms, so memory does not grow with the customer count.
pub(crate) struct Authenticator {
    offered: Vec<Algorithm>,
    verifier: Mutex<Verifier>,
    failures: Failures,
}

impl Authenticator {
    pub(crate) fn new(config: &RegistrarConfig) -> Self {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the OS random source is available");
        let verifier_config = VerifierConfig {
            nonce_lifetime_secs: config.nonce_lifetime.as_secs(),
            algorithms: config.digest_algorithms.clone(),
            ..Default::default()
        };
        Self {
            offered: config.digest_algorithms.clone(),
            verifier: Mutex::new(Verifier::new(verifier_config, &key)),
            failures: Failures::new(config.max_auth_failures, config.auth_failure_window),
        }
    }

    /// The authenticated username, or the refusal to send.
    pub(crate) fn authenticate(
        &self,
        request: &Request,
        tenant: &Tenant,
        from: IpAddr,
        directory: &Directory,
    ) -> Result<String, Reject> {
        self.authenticate_in(request, tenant, from, directory, &HeaderName::Authorization)
    }

    /// [`Self::authenticate`] reading the credentials from `header`
    /// (Proxy-Authorization for requests other than REGISTER, §22.3).
    pub(crate) fn authenticate_in(
        &self,
        request: &Request,
        tenant: &Tenant,
        from: IpAddr,
        directory: &Directory,
        header: &HeaderName,
    ) -> Result<String, Reject> {
        let realm = tenant.sip_domain.as_deref().ok_or(Reject::UnknownDomain)?;
        let Some(credentials) = credentials_for(request, realm, header)? else {
            return Err(self.challenge(realm, false));
        };
        let attempt = (from, credentials.username.clone());
        if self.failures.is_blocked(&attempt) {
            return Err(Reject::Forbidden("Too Many Failed Attempts"));
        }
        let extension = directory.get(&tenant.id, &credentials.username);
        match self.verify(realm, &credentials, request, extension.as_deref()) {
            Ok(()) => {
                self.failures.forget(&attempt);
                Ok(credentials.username)
            }
            Err(error) => Err(self.refusal(realm, &error, &attempt)),
        }
    }

    fn verify(
        &self,
        realm: &str,
        credentials: &Credentials,
        request: &Request,
        extension: Option<&Extension>,
    ) -> Result<(), DigestError> {
        let ha1_for = |family: Algorithm| {
            let secret = &extension?.secret;
            match family {
                Algorithm::Md5 => Some(secret.ha1_md5.clone()),
                Algorithm::Sha256 => Some(secret.ha1_sha256.clone()),
                _ => None,
            }
        };
        let uri = request.uri.to_string();
        self.with_verifier(|v| v.verify(credentials, realm, &request.method, &uri, ha1_for, now_secs()))
    }

    fn refusal(&self, realm: &str, error: &DigestError, attempt: &(IpAddr, String)) -> Reject {
        match error {
            DigestError::Stale => self.challenge(realm, true),
            DigestError::WrongResponse | DigestError::UnknownCredentials => {
                if self.failures.record(attempt) {
                    Reject::Forbidden("Too Many Failed Attempts")
                } else {
                    self.challenge(realm, false)
                }
            }
            error if error.is_malformed() => Reject::BadRequest("Malformed Authorization"),
            _ => self.challenge(realm, false),
        }
    }

    /// A 401 with one challenge per offered algorithm.
    fn challenge(&self, realm: &str, stale: bool) -> Reject {
        let challenges = self.offered.iter().map(|&algorithm| {
            self.with_verifier(|v| v.challenge(realm, algorithm, now_secs(), crate::random::bytes::<16>(), stale))
        });
        Reject::Challenge(challenges.collect())
    }

    fn with_verifier<T>(&self, f: impl FnOnce(&mut Verifier) -> T) -> T {
        f(&mut self.verifier.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// The Authorization value for `realm`, if the phone sent one.
fn credentials_for(request: &Request, realm: &str, header: &HeaderName) -> Result<Option<Credentials>, Reject> {
    for value in request.headers.get_all(header) {
        let credentials: Credentials = value.parse().map_err(|_| Reject::BadRequest("Malformed Authorization"))?;
        if credentials.realm.eq_ignore_ascii_case(realm) {
            return Ok(Some(credentials));
        }
    }
    Ok(None)
}

/// Recent failed attempts per (source address, username).
struct Failures {
    limit: u32,
    window: Duration,
    seen: Mutex<HashMap<(IpAddr, String), (u32, Instant)>>,
}

impl Failures {
    fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, seen: Mutex::new(HashMap::new()) }
    }

    fn is_blocked(&self, attempt: &(IpAddr, String)) -> bool {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.get(attempt).is_some_and(|&(count, since)| count >= self.limit && since.elapsed() < self.window)
    }

    /// Counts a failure; true when the limit is now reached.
    fn record(&self, attempt: &(IpAddr, String)) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= MAX_FAILURE_RECORDS {
            seen.retain(|_, (_, since)| since.elapsed() < self.window);
        }
        let entry = seen.entry(attempt.clone()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= self.window {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
        entry.0 >= self.limit
    }

    fn forget(&self, attempt: &(IpAddr, String)) {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).remove(attempt);
    }
}

/// Now in Unix seconds, for nonce timestamps.
fn now_secs() -> u64 {
    u64::try_from(model::now_unix_ms() / 1000).unwrap_or(0)
}
