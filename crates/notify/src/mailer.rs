//! SMTP delivery (RFC 5321) with `lettre` over tokio and rustls (ring).
//!
//! A failure is sorted for the outbox: a 5xx reply is permanent (RFC 5321
//! §4.2.1), anything else (4xx, connection refused, time-out, TLS, a broken
//! conversation) is transient. The reason recorded is the kind and the
//! reply code only: servers' reply texts often quote the recipient.

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::{AsyncSmtpTransportBuilder, Error as SmtpError};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

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
    let parameters = || TlsParameters::new(config.host.clone()).map_err(NotifyError::Tls);
    Ok(match config.tls {
        TlsMode::None => builder.tls(Tls::None),
        TlsMode::Starttls => builder.tls(Tls::Required(parameters()?)),
        TlsMode::Tls => builder.tls(Tls::Wrapper(parameters()?)),
    })
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
