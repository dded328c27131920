//! Mail leaves over TLS that is really checked, against a real TLS SMTP
//! server on loopback (aiosmtpd with Python's `ssl`): STARTTLS (RFC 3207)
//! and implicit TLS (RFC 8314 §3.3) to a relay whose certificate comes from
//! the carrier's own CA (`[smtp] ca_file`); and nothing is sent when the
//! certificate chains to another CA, names another host, or the relay
//! offers no STARTTLS (no fallback to plain text).

mod smtp_support;

use std::path::PathBuf;
use std::time::Duration;

use notify::{Mailer, NotifyError, SmtpConfig, TlsMode};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use smtp_support::{SinkTls, SmtpSink, free_port};
use tempfile::TempDir;

const TO: &str = "dana@example.com";

/// A CA, and a relay certificate it signed, as PEM files.
struct Pki {
    dir: TempDir,
}

impl Pki {
    /// A new CA whose relay certificate names `relay_name`.
    fn new(relay_name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let relay_key = KeyPair::generate().unwrap();
        let relay = CertificateParams::new(vec![relay_name.to_owned()]).unwrap().signed_by(&relay_key, &ca).unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        std::fs::write(dir.path().join("relay.pem"), relay.pem()).unwrap();
        std::fs::write(dir.path().join("relay.key"), relay_key.serialize_pem()).unwrap();
        Self { dir }
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// The relay's side, for `mode` ("starttls" or "tls").
    fn relay(&self, mode: &'static str) -> SinkTls {
        SinkTls { mode, cert: self.dir.path().join("relay.pem"), key: self.dir.path().join("relay.key") }
    }
}

fn config(port: u16, tls: TlsMode, ca_file: Option<PathBuf>) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port: Some(port),
        tls,
        ca_file,
        username: None,
        password: None,
        from: "callvault <notices@callvault.test>".into(),
        timeout_secs: Some(5),
        retry_max_secs: Some(1),
    }
}

/// Starts a sink (blocking: it waits for the Python server).
async fn sink(tls: Option<SinkTls>) -> SmtpSink {
    tokio::task::spawn_blocking(move || SmtpSink::start_with(free_port(), tls)).await.unwrap()
}

/// Sends one message; the outbox's verdict.
async fn send(config: &SmtpConfig) -> Result<(), notify::SendFailure> {
    let mailer = Mailer::new(config).expect("a usable [smtp]");
    mailer.send(TO, "Your account changed", "Someone changed your account.").await.expect("a sendable message")
}

#[tokio::test]
async fn starttls_to_a_relay_of_the_private_ca_delivers_over_tls() {
    let pki = Pki::new("127.0.0.1");
    let sink = sink(Some(pki.relay("starttls"))).await;
    send(&config(sink.port(), TlsMode::Starttls, Some(pki.ca()))).await.expect("delivered");
    let (received, _) = sink.wait_for(1, Duration::from_secs(5));
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].rcpt_tos, [TO]);
    let version = received[0].tls_version.as_deref();
    assert!(matches!(version, Some("TLSv1.2" | "TLSv1.3")), "the message came over {version:?}");
}

#[tokio::test]
async fn implicit_tls_to_a_relay_of_the_private_ca_delivers_over_tls() {
    let pki = Pki::new("127.0.0.1");
    let sink = sink(Some(pki.relay("tls"))).await;
    send(&config(sink.port(), TlsMode::Tls, Some(pki.ca()))).await.expect("delivered");
    let (received, _) = sink.wait_for(1, Duration::from_secs(5));
    assert_eq!(received.len(), 1);
    assert!(received[0].tls_version.is_some(), "the message came over plain text");
}

#[tokio::test]
async fn a_relay_certificate_from_an_unknown_ca_gets_nothing() {
    let (pki, other) = (Pki::new("127.0.0.1"), Pki::new("127.0.0.1"));
    for (mode, tls) in [("starttls", TlsMode::Starttls), ("tls", TlsMode::Tls)] {
        let sink = sink(Some(pki.relay(mode))).await;
        for ca_file in [Some(other.ca()), None] {
            let failure = send(&config(sink.port(), tls, ca_file.clone())).await.expect_err("refused");
            assert!(!failure.permanent, "{mode} {ca_file:?}: a TLS failure is retried later: {failure:?}");
        }
        let (received, _) = sink.wait_for(1, Duration::from_millis(300));
        assert!(received.is_empty(), "{mode}: mail went to an unverified relay");
    }
}

#[tokio::test]
async fn a_relay_certificate_for_another_host_gets_nothing() {
    let pki = Pki::new("mail.elsewhere.test");
    let sink = sink(Some(pki.relay("starttls"))).await;
    let failure = send(&config(sink.port(), TlsMode::Starttls, Some(pki.ca()))).await.expect_err("refused");
    assert!(!failure.permanent, "{failure:?}");
    let (received, _) = sink.wait_for(1, Duration::from_millis(300));
    assert!(received.is_empty(), "mail went to a relay named otherwise");
}

#[tokio::test]
async fn a_relay_without_starttls_gets_nothing_in_plain_text() {
    let pki = Pki::new("127.0.0.1");
    let sink = sink(None).await;
    let failure = send(&config(sink.port(), TlsMode::Starttls, Some(pki.ca()))).await.expect_err("refused");
    assert!(!failure.permanent, "{failure:?}");
    let (received, _) = sink.wait_for(1, Duration::from_millis(300));
    assert!(received.is_empty(), "mail went out in plain text");
}

#[test]
fn an_unusable_ca_file_is_refused_at_start_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "no certificate here\n").unwrap();
    for path in [missing, empty] {
        let error = Mailer::new(&config(25, TlsMode::Starttls, Some(path.clone()))).expect_err("refused");
        assert!(matches!(error, NotifyError::CaFile { .. }), "{error:?}");
        assert!(error.to_string().contains(&*path.to_string_lossy()), "{error}");
    }
    let pki = Pki::new("127.0.0.1");
    let error = Mailer::new(&config(25, TlsMode::None, Some(pki.ca()))).expect_err("refused");
    assert!(error.to_string().contains("ca_file needs tls"), "{error}");
}
