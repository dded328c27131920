//! A carrier trunk over TCP (RFC 3261 §18): outbound, callvault opens the
//! connection to the carrier's gateway (a SIPp demanding digest, `-t t1`),
//! and the call is answered and hung up over it; inbound, the carrier
//! connects from a port of its own choosing and its INVITE to the DID is
//! recognised as the trunk's by its host and transport.

mod common;

use std::time::Duration;

use common::carrier::{self, CALLER_ID};
use common::phone::{Phone, sdp};
use common::shop::Shop;
use model::{CallDirection, Disposition, HangupSide};
use sip::Method;

fn tcp_shop(dir: &std::path::Path, trunk_port: u16) -> (Shop, u16) {
    let tcp = carrier::free_tcp_port();
    let streams = format!("tcp = [\"127.0.0.1:{tcp}\"]\ntls = []");
    (Shop::serve_streams(dir, "", &streams, &carrier::config_over("tcp", trunk_port, "")), tcp)
}

#[test]
fn an_outbound_call_opens_a_tcp_connection_to_the_carrier() {
    let dir = tempfile::tempdir().unwrap();
    let trunk_port = carrier::free_tcp_port();
    let (shop, _) = tcp_shop(dir.path(), trunk_port);
    let trunk = carrier::start_uas_over("t1", "trunk_uas_digest.xml", trunk_port, dir.path());
    std::thread::sleep(Duration::from_millis(300));

    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);
    let (mut dialog, response) = phone.call("2125551234", "shop.example", &[], &sdp(41000));
    assert_eq!(response.status, 200, "the carrier answered over TCP after authenticating us");
    assert_eq!(phone.ack_then_hang_up(&mut dialog, Duration::from_millis(300)), Some(200));
    assert!(carrier::succeeded(trunk), "the carrier saw a valid call over TCP");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    assert_eq!((cdrs[0].direction, cdrs[0].disposition), (CallDirection::Outbound, Disposition::Answered));
    assert_eq!(cdrs[0].trunk.as_deref(), Some("carrier"));
}

#[test]
fn an_inbound_call_on_the_carriers_tcp_connection_reaches_the_did() {
    let dir = tempfile::tempdir().unwrap();
    let trunk_port = carrier::free_tcp_port();
    let (shop, tcp) = tcp_shop(dir.path(), trunk_port);
    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);

    let (server, media) = (format!("127.0.0.1:{tcp}"), carrier::free_udp_port().to_string());
    let args = [&server, "-sf", &carrier::scenario("trunk_uac.xml"), "-s", "15552340000", "-t", "t1"];
    let sipp = carrier::sipp(&args, dir.path())
        .args(["-i", "127.0.0.1", "-mp", &media, "-m", "1", "-timeout", "30s", "-timeout_error"])
        .spawn()
        .unwrap();
    let invite = phone.request_of(&Method::Invite, Duration::from_secs(10)).expect("extension 100 rings");
    phone.respond(&invite, 200, "phone100", Some(&sdp(42000)));
    phone.request_of(&Method::Ack, Duration::from_secs(5)).expect("the ACK is relayed");
    let bye = phone.request_of(&Method::Bye, Duration::from_secs(5)).expect("the carrier's BYE is relayed");
    phone.respond(&bye, 200, "phone100", None);
    assert!(carrier::succeeded(sipp), "the carrier's call over TCP completed");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    let cdr = &cdrs[0];
    assert_eq!(
        (cdr.direction, cdr.disposition, cdr.hangup),
        (CallDirection::Inbound, Disposition::Answered, HangupSide::Caller)
    );
    assert_eq!((cdr.trunk.as_deref(), cdr.did.as_deref()), (Some("carrier"), Some(CALLER_ID)));
}

#[test]
fn an_unreachable_tcp_trunk_fails_the_call_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let closed_port = carrier::free_tcp_port();
    let (shop, _) = tcp_shop(dir.path(), closed_port);
    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);
    let started = std::time::Instant::now();
    let (_, response) = phone.call("2125551234", "shop.example", &[], &sdp(41000));
    assert_eq!(response.status, 480, "nobody listens at the trunk's address");
    assert!(started.elapsed() < Duration::from_secs(6), "told within the dial timeout: {:?}", started.elapsed());
}
