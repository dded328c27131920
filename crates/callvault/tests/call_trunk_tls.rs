//! A carrier trunk over TLS (RFC 3261 §26.2, RFC 5922 §7.2): callvault opens
//! the TLS connection to the carrier's gateway, checks its certificate
//! against the trunk's `tls_ca` and its name, and the call is authenticated,
//! answered and hung up over it. The gateway is SIPp (Debian's build has no
//! TLS) behind a TLS front in this test that forwards the decrypted stream,
//! so every byte between callvault and the carrier crosses TLS. A carrier
//! whose certificate the trunk does not trust, or whose certificate names
//! another host, gets nothing: the call fails with 480.

mod common;

use std::path::Path;
use std::time::Duration;

use common::carrier;
use common::phone::{Phone, sdp};
use common::shop::Shop;
use common::tls_front::TlsFront;
use model::{CallDirection, Disposition};

/// The carrier "carrier" reached over TLS at 127.0.0.1:`port`, trusting `ca`.
fn tls_shop(dir: &Path, port: u16, ca: &Path) -> Shop {
    let config = carrier::config_over("tls", port, "");
    let config = config.replacen("transport = \"tls\"\n", &format!("transport = \"tls\"\ntls_ca = {ca:?}\n"), 1);
    Shop::serve_streams(dir, "", "tcp = []\ntls = []", &config)
}

#[test]
fn an_outbound_call_crosses_a_verified_tls_connection_to_the_carrier() {
    let dir = tempfile::tempdir().unwrap();
    let sipp_port = carrier::free_tcp_port();
    let front = TlsFront::start("127.0.0.1", sipp_port);
    let ca = dir.path().join("carrier-ca.pem");
    std::fs::write(&ca, front.certificate_pem()).unwrap();
    let shop = tls_shop(dir.path(), front.port(), &ca);
    let trunk = carrier::start_uas_over("t1", "trunk_uas_digest.xml", sipp_port, dir.path());
    std::thread::sleep(Duration::from_millis(300));

    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);
    let (mut dialog, response) = phone.call("2125551234", "shop.example", &[], &sdp(41000));
    assert_eq!(response.status, 200, "the carrier answered over TLS after authenticating us");
    assert_eq!(phone.ack_then_hang_up(&mut dialog, Duration::from_millis(300)), Some(200));
    assert!(carrier::succeeded(trunk), "the carrier saw a valid call, every message through the TLS front");
    assert!(front.handshakes() >= 1, "callvault completed a TLS handshake with the carrier");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    assert_eq!((cdrs[0].direction, cdrs[0].disposition), (CallDirection::Outbound, Disposition::Answered));
    assert_eq!(cdrs[0].trunk.as_deref(), Some("carrier"));
}

#[test]
fn a_carrier_whose_certificate_the_trunk_does_not_trust_gets_nothing() {
    let stranger = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    assert_refused("127.0.0.1", |_| stranger.cert.pem());
}

#[test]
fn a_trusted_certificate_for_another_name_gets_nothing() {
    assert_refused("carrier.example", |front| front.certificate_pem().to_owned());
}

/// A front with a certificate for `name`, the trunk (host 127.0.0.1)
/// trusting `trusted(front)`: the call fails and nothing reaches the carrier.
fn assert_refused(name: &str, trusted: impl FnOnce(&TlsFront) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let front = TlsFront::start(name, listener.local_addr().unwrap().port());
    let ca = dir.path().join("trusted.pem");
    std::fs::write(&ca, trusted(&front)).unwrap();
    let shop = tls_shop(dir.path(), front.port(), &ca);

    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);
    let (_, response) = phone.call("2125551234", "shop.example", &[], &sdp(41000));
    assert_eq!(response.status, 480, "the carrier could not be reached safely");
    assert_eq!(front.handshakes(), 0, "no TLS session was completed with the impostor");
    listener.set_nonblocking(true).unwrap();
    assert!(listener.accept().is_err(), "not one byte reached the carrier behind the front");
    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "the failed attempt has its CDR: {cdrs:?}");
    assert_eq!(cdrs[0].sip_status, 480);
}
