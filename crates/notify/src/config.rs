//! The `[smtp]` configuration (RFC 5321 submission to a relay; RFC 3207
//! STARTTLS; RFC 8314 implicit TLS).
//!
//! ```toml
//! [smtp]
//! host = "mail.example.net"
//! port = 587                       # default: 25 (none), 587 (starttls), 465 (tls)
//! tls = "starttls"                 # none | starttls | tls (default starttls)
//! ca_file = "/etc/callvault/mail-ca.pem"  # optional: trust only this CA
//! username = "callvault"           # optional; with password
//! password = "…"                   # never logged or printed
//! from = "callvault <notices@example.net>"
//! timeout_secs = 10                # per SMTP conversation step (default 10)
//! retry_max_secs = 300             # longest wait between attempts (default 300)
//! ```
//!
//! `tls = "none"` is for a relay on the same host or a trusted network only.
//! Without `ca_file` the relay's certificate must chain to a public root
//! (Mozilla's, as webpki-roots carries them); with it, to one of the PEM
//! certificates in that file and nothing else: a relay inside the carrier's
//! network with a certificate from its own CA. Either way the certificate
//! must name `host` (RFC 6125), and TLS is 1.2 or 1.3.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TlsMode {
    /// Plain text (a local or trusted relay only).
    None,
    /// Plain connection upgraded with STARTTLS, which is required.
    #[default]
    Starttls,
    /// TLS from the first byte (submissions port 465).
    Tls,
}

/// `[smtp]`
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// The relay's host name (also the name its certificate must carry).
    pub host: String,
    /// Its port; default by [`TlsMode`].
    pub port: Option<u16>,
    /// How the connection is protected.
    #[serde(default)]
    pub tls: TlsMode,
    /// A PEM file of the CA certificates the relay's certificate must chain
    /// to, in place of the public roots.
    pub ca_file: Option<PathBuf>,
    /// The user name to authenticate with, if any.
    pub username: Option<String>,
    /// Its password.
    pub password: Option<String>,
    /// The sender, e.g. `callvault <notices@example.net>`.
    pub from: String,
    /// Seconds each SMTP step may take.
    pub timeout_secs: Option<u64>,
    /// Longest wait between delivery attempts, in seconds.
    pub retry_max_secs: Option<u64>,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port())
            .field("tls", &self.tls)
            .field("ca_file", &self.ca_file)
            .field("username", &self.username.as_ref().map(|_| "<set>"))
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

impl SmtpConfig {
    /// The port: the configured one, else the usual one for the TLS mode.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            TlsMode::None => 25,
            TlsMode::Starttls => 587,
            TlsMode::Tls => 465,
        })
    }

    /// The time each SMTP step may take (default 10 s).
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.unwrap_or(10).max(1))
    }

    /// The longest wait between attempts (default 5 minutes).
    pub fn retry_max(&self) -> Duration {
        Duration::from_secs(self.retry_max_secs.unwrap_or(300).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_printed() {
        let config: SmtpConfig = toml_like();
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2-secret") && !printed.contains("mailer-user"), "{printed}");
        assert_eq!(config.port(), 587);
    }

    fn toml_like() -> SmtpConfig {
        SmtpConfig {
            host: "mail.example.net".into(),
            port: None,
            tls: TlsMode::default(),
            ca_file: None,
            username: Some("mailer-user".into()),
            password: Some("hunter2-secret".into()),
            from: "callvault <notices@example.net>".into(),
            timeout_secs: None,
            retry_max_secs: None,
        }
    }
}
