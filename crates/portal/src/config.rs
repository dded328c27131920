//! What the portal is told to do: where to listen, which certificate to
//! serve, and its limits (issue 6 item 1). `callvault`'s `[portal]` TOML
//! section maps onto it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The portal's settings.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// HTTPS listeners.
    pub https: Vec<SocketAddr>,
    /// Plain HTTP listeners, which only redirect to HTTPS.
    pub http: Vec<SocketAddr>,
    /// Certificate chain and private key (PEM); none means a self-signed
    /// certificate made once in `data_dir/tls`.
    pub cert_files: Option<(PathBuf, PathBuf)>,
    /// The data folder.
    pub data_dir: PathBuf,
    /// Size, time and rate limits.
    pub limits: Limits,
}

/// Size, time and rate limits (ARCHITECTURE.md principle 8: transport first).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body accepted, in bytes.
    pub body_bytes: usize,
    /// Longest a request may take.
    pub request_timeout: Duration,
    /// Sign-in attempts per client address: burst, then one per `sign_in_every`.
    pub sign_in_burst: u32,
    /// The refill interval of sign-in attempts.
    pub sign_in_every: Duration,
    /// API requests per client address: burst, then one per `api_every`.
    pub api_burst: u32,
    /// The refill interval of API requests.
    pub api_every: Duration,
    /// Code exchanges at `/oauth2/token` per client address: burst, then one
    /// per `token_every` (RFC 6749 §2.3.1: guarded against brute force).
    pub token_burst: u32,
    /// The refill interval of code exchanges.
    pub token_every: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            body_bytes: 64 * 1024,
            request_timeout: Duration::from_secs(30),
            sign_in_burst: 10,
            sign_in_every: Duration::from_secs(6),
            api_burst: 100,
            api_every: Duration::from_millis(10),
            token_burst: 30,
            token_every: Duration::from_millis(200),
        }
    }
}
