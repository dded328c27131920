//! SMTP delivery (RFC 5321) with `lettre` over tokio and rustls (ring).
//!
//! A failure is sorted for the outbox: a 5xx reply is permanent (RFC 5321
//! §4.2.1), anything else (4xx, connection refused, time-out, TLS, a broken
//! conversation) is transient. The reason recorded is the kind and the
//! reply code only: servers' reply texts often quote the recipient.

use std::path::Path;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::transport::smtp::{AsyncSmtpTransportBuilder, Error as SmtpError};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::{NotifyError, SmtpConfig, TlsMode};

/// Why a delivery attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// Whether the server refused for good (5xx).
    pub permanent: bool,
    /// The kind and reply code, without any address.
    pub reason: String,
}

/// One SMTP relay.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `config` (no connection is made yet).
    pub fn new(config: &SmtpConfig) -> Result<Self, NotifyError> {
        let from: Mailbox = config.from.parse().map_err(|_| NotifyError::Config("from is not an e-mail address"))?;
        if config.username.is_some() != config.password.is_some() {
            return Err(NotifyError::Config("username and password go together"));
        }
        let mut builder = builder(config)?.port(config.port()).timeout(Some(config.timeout()));
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self { transport: builder.build(), from })
    }

    /// Sends one text message to `to`.
    pub async fn send(&self, to: &str, subject: &str, text: &str) -> Result<Result<(), SendFailure>, NotifyError> {
        let to: Mailbox = to.parse().map_err(|_| NotifyError::Recipient)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text.to_owned())
            .map_err(NotifyError::Message)?;
        Ok(self.transport.send(message).await.map(|_| ()).map_err(|error| classify(&error)))
    }
}

fn builder(config: &SmtpConfig) -> Result<AsyncSmtpTransportBuilder, NotifyError> {
    let builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.as_str());
    Ok(match config.tls {
        TlsMode::None if config.ca_file.is_some() => {
            return Err(NotifyError::Config("ca_file needs tls = \"starttls\" or \"tls\""));
        }
        TlsMode::None => builder.tls(Tls::None),
        TlsMode::Starttls => builder.tls(Tls::Required(tls_parameters(config)?)),
        TlsMode::Tls => builder.tls(Tls::Wrapper(tls_parameters(config)?)),
    })
}

/// Verification of the relay's certificate for `host`: against the public
/// roots, or against the `ca_file` alone.
fn tls_parameters(config: &SmtpConfig) -> Result<TlsParameters, NotifyError> {
    let mut builder = TlsParameters::builder(config.host.clone());
    if let Some(path) = &config.ca_file {
        builder = builder.certificate_store(CertificateStore::None);
        for certificate in private_roots(path)? {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder.build().map_err(NotifyError::Tls)
}

/// The certificates in the PEM file `path`; at least one.
fn private_roots(path: &Path) -> Result<Vec<Certificate>, NotifyError> {
    let refuse = |reason: String| NotifyError::CaFile { path: path.to_owned(), reason };
    let pem = std::fs::read(path).map_err(|error| refuse(error.to_string()))?;
    let ders: Vec<CertificateDer<'_>> = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<_, _>>()
        .map_err(|error| refuse(format!("not PEM: {error}")))?;
    if ders.is_empty() {
        return Err(refuse("holds no CERTIFICATE".into()));
    }
    ders.into_iter()
        .map(|der| {
            Certificate::from_der(der.to_vec()).map_err(|error| refuse(format!("unusable certificate: {error}")))
        })
        .collect()
}

/// The outbox's view of an SMTP error.
fn classify(error: &SmtpError) -> SendFailure {
    let code = error.status().map(|code| code.to_string());
    let kind = if error.is_permanent() {
        "permanent"
    } else if error.is_transient() {
        "transient"
    } else if error.is_timeout() {
        "timeout"
    } else if error.is_tls() {
        "tls"
    } else {
        "connection"
    };
    let reason = match code {
        Some(code) => format!("smtp {kind} {code}"),
        None => format!("smtp {kind}"),
    };
    SendFailure { permanent: error.is_permanent(), reason }
}
