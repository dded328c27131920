//! callvault e-mail: SMTP delivery of queued notices (RFC 5321 via `lettre`)
//! and the message templates they are rendered from (issue 5 item 6).
//!
//! - [`SmtpConfig`]: the `[smtp]` section (host, port, `tls = none |
//!   starttls | tls`, optional credentials that are never printed, the
//!   sender's address);
//! - [`Templates`]: minijinja templates of the notices, embedded in the
//!   binary; a change notice names the kind of change and its time, never
//!   the changed value (47 CFR 64.2010(f)(1));
//! - [`Mailer`]: one SMTP transport, whose failures are sorted into
//!   transient (retry) and permanent, with reasons that carry no address;
//! - [`Sender`]: the task `callvault serve` runs, which takes due e-mail from
//!   the store's durable outbox, delivers it and records the outcome, waking
//!   at once on an enqueue in this process and polling for others.
//!
//! Telephone-of-record notices (channel `phone`) stay queued: there is no
//! SMS or voice gateway here; operators list them (`callvault notices list`).

mod config;
mod error;
mod mailer;
mod sender;
mod templates;

pub use config::{SmtpConfig, TlsMode};
pub use error::NotifyError;
pub use mailer::{Mailer, SendFailure};
pub use sender::{Sender, SenderOptions};
pub use templates::{Rendered, Templates};
