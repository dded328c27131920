//! A sender on a loopback SMTP port with short waits, for the tests.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use notify::{Mailer, Sender, SenderOptions, SmtpConfig, Templates, TlsMode};
use store::Store;

/// The `[smtp]` of a plain relay on `port`.
pub fn config(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port: Some(port),
        tls: TlsMode::None,
        ca_file: None,
        username: None,
        password: None,
        from: "callvault <notices@callvault.test>".into(),
        timeout_secs: Some(5),
        retry_max_secs: Some(1),
    }
}

/// Waits that keep an outage test short.
pub fn options() -> SenderOptions {
    SenderOptions {
        retry_first: Duration::from_millis(200),
        retry_max: Duration::from_secs(1),
        ..SenderOptions::default()
    }
}

/// A sender delivering `store`'s outbox to 127.0.0.1:`port`.
pub fn start(store: &Store, port: u16) -> Sender {
    let mailer = Mailer::new(&config(port)).unwrap();
    Sender::start(store.clone(), mailer, Templates::new("callvault"), options())
}
