//! The portal's errors: configuration and I/O at start-up, kept apart.

use std::path::PathBuf;

/// What can go wrong starting or running the portal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PortalError {
    /// A certificate or key file could not be read or parsed.
    #[error("reading {path}: {source}")]
    TlsFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The certificate and key do not form a usable pair.
    #[error("certificate: {0}")]
    Certificate(#[from] rustls::Error),
    /// The self-signed certificate could not be made.
    #[error("making the self-signed certificate: {0}")]
    SelfSigned(#[from] rcgen::Error),
    /// A listener could not be bound.
    #[error("listening on {addr}: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Another I/O failure.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// No HTTPS listener is configured.
    #[error("[portal] https lists no address")]
    NoHttpsListener,
}
