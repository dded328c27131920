//! callvault e-mail: SMTP delivery of queued notices (RFC 5321 via `lettre`)
//! and the message templates they are rendered from.
