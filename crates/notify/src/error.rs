//! The crate's one error type. Messages never carry an address, a
//! credential or a message body.

use store::StoreError;

/// What went wrong in `notify`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotifyError {
    /// The `[smtp]` configuration is not usable.
    #[error("[smtp]: {0}")]
    Config(&'static str),
    /// The `[smtp] ca_file` could not be read or holds no certificate.
    #[error("[smtp] ca_file {path}: {reason}")]
    CaFile {
        /// The file named.
        path: std::path::PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// The TLS set-up of the SMTP transport failed.
    #[error("SMTP TLS set-up failed")]
    Tls(#[source] lettre::transport::smtp::Error),
    /// A template is missing, malformed, or its context is.
    #[error("notice template {template}: {reason}")]
    Template {
        /// The template's name.
        template: String,
        /// What was wrong (never the context's values).
        reason: &'static str,
    },
    /// A recipient address could not be used.
    #[error("the recipient is not a usable e-mail address")]
    Recipient,
    /// The message could not be built.
    #[error("building the message failed")]
    Message(#[source] lettre::error::Error),
    /// The outbox could not be read or updated.
    #[error("outbox: {0}")]
    Store(#[from] StoreError),
}
