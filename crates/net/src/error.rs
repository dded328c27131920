//! Transport errors.

use std::net::SocketAddr;

/// What went wrong starting or running a transport.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    /// A listener could not be bound.
    #[error("cannot listen on {transport} {addr}: {source}")]
    Bind {
        /// UDP, TCP or TLS.
        transport: &'static str,
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The TLS certificate or key could not be read.
    #[error("TLS file {}: {source}", path.display())]
    TlsFile {
        /// The PEM file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: rustls_pki_types::pem::Error,
    },
    /// rustls refused the certificate or key.
    #[error("TLS configuration: {0}")]
    Tls(#[from] rustls::Error),
    /// The RTP port range holds no even/odd pair.
    #[error("the RTP port range {min}-{max} holds no even/odd port pair")]
    RtpRange {
        /// The lowest port configured.
        min: u16,
        /// The highest port configured.
        max: u16,
    },
    /// Every RTP port pair of the range is in use.
    #[error("no free RTP port pair in the configured range")]
    RtpExhausted,
}
