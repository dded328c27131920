//! TLS server configuration (RFC 3261 §26.2; TLS 1.2 and 1.3 only — rustls
//! implements nothing older).

use std::path::PathBuf;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::NetError;

/// Where the PEM certificate chain and private key live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Where Debian keeps the system's trusted roots (package ca-certificates).
const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// A TLS client configuration trusting the PEM certificates in `roots`
/// (default: the system's), for connections to carrier trunks.
pub fn load_client_config(roots: Option<&std::path::Path>) -> Result<Arc<rustls::ClientConfig>, NetError> {
    let path = roots.map_or_else(|| PathBuf::from(SYSTEM_ROOTS), std::path::Path::to_path_buf);
    let certs = CertificateDer::pem_file_iter(&path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|source| NetError::TlsFile { path: path.clone(), source })?;
    let mut store = rustls::RootCertStore::empty();
    let (added, _ignored) = store.add_parsable_certificates(certs);
    if added == 0 {
        return Err(NetError::TlsFile { path, source: rustls_pki_types::pem::Error::NoItemsFound });
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Reads the PEM files and builds a server configuration.
pub fn load_server_config(files: &TlsFiles) -> Result<Arc<rustls::ServerConfig>, NetError> {
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|source| NetError::TlsFile { path: files.cert.clone(), source })?;
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|source| NetError::TlsFile { path: files.key.clone(), source })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    Ok(Arc::new(config))
}
