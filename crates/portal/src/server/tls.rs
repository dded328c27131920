//! The portal's TLS (issue 6 item 1): TLS 1.3 (RFC 8446) and TLS 1.2
//! (RFC 5246) only, with ECDHE key exchange and AEAD ciphers only (RFC 7525
//! §4.2, BCP 195: no CBC, no static RSA, no SSLv3/TLS 1.0/1.1). The
//! certificate sits behind an `Arc` that SIGHUP swaps ([`CertStore::reload`]),
//! so a renewed certificate takes effect without a restart.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use rustls::crypto::{CryptoProvider, ring};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::PortalError;

/// The suites offered: ECDHE + AEAD only, strongest first.
const SUITES: [rustls::SupportedCipherSuite; 9] = [
    ring::cipher_suite::TLS13_AES_256_GCM_SHA384,
    ring::cipher_suite::TLS13_AES_128_GCM_SHA256,
    ring::cipher_suite::TLS13_CHACHA20_POLY1305_SHA256,
    ring::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ring::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ring::cipher_suite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ring::cipher_suite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ring::cipher_suite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ring::cipher_suite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
];

/// The ring provider restricted to [`SUITES`].
fn provider() -> Arc<CryptoProvider> {
    Arc::new(CryptoProvider { cipher_suites: SUITES.to_vec(), ..ring::default_provider() })
}

/// The certificate being served, and the files it comes from.
pub struct CertStore {
    files: (PathBuf, PathBuf),
    current: RwLock<Arc<CertifiedKey>>,
}

impl fmt::Debug for CertStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertStore").field("cert", &self.files.0).finish_non_exhaustive()
    }
}

impl CertStore {
    /// Loads the certificate chain and key from PEM files.
    pub fn load(cert: &Path, key: &Path) -> Result<Self, PortalError> {
        let files = (cert.to_owned(), key.to_owned());
        let current = RwLock::new(Arc::new(certified_key(&files)?));
        Ok(Self { files, current })
    }

    /// Reads the files again and serves what they now hold; on error the
    /// old certificate stays.
    pub fn reload(&self) -> Result<(), PortalError> {
        let fresh = Arc::new(certified_key(&self.files)?);
        *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
        Ok(())
    }

    fn current(&self) -> Arc<CertifiedKey> {
        Arc::clone(&self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current())
    }
}

fn certified_key((cert, key): &(PathBuf, PathBuf)) -> Result<CertifiedKey, PortalError> {
    let file_error = |path: &Path| {
        let path = path.to_owned();
        move |e: rustls_pki_types::pem::Error| PortalError::TlsFile { path, source: std::io::Error::other(e) }
    };
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(file_error(cert))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(file_error(key))?;
    Ok(CertifiedKey::from_der(chain, key, &provider())?)
}

/// The server configuration: TLS 1.3 and 1.2, [`SUITES`], HTTP/2 and
/// HTTP/1.1 by ALPN (RFC 7301), certificate from `certs`.
pub fn server_config(certs: Arc<CertStore>) -> Result<Arc<rustls::ServerConfig>, PortalError> {
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .with_no_client_auth()
        .with_cert_resolver(certs);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
