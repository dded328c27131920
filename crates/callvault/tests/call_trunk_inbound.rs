//! The carrier (SIPp, sending from the trunk's configured address) calls
//! the customer's DID: the mapped extension 100 rings, answers, and the
//! carrier hangs up. The CDR says inbound, through trunk "carrier", on the
//! DID, from the carrier's caller to extension 100.

mod common;

use std::time::Duration;

use common::carrier::{self, CALLER_ID};
use common::phone::{Phone, sdp};
use common::shop::Shop;
use model::{CallDirection, Disposition, HangupSide};
use sip::Method;

#[test]
fn a_call_to_the_did_rings_the_mapped_extension() {
    let dir = tempfile::tempdir().unwrap();
    let trunk_port = carrier::free_udp_port();
    let shop = Shop::serve(dir.path(), &carrier::config(trunk_port, ""));
    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);

    let (server, media) = (shop.addr.to_string(), carrier::free_udp_port().to_string());
    let port = trunk_port.to_string();
    let args = [&server, "-sf", &carrier::scenario("trunk_uac.xml"), "-s", "15552340000", "-t", "u1"];
    let sipp = carrier::sipp(&args, dir.path())
        .args(["-i", "127.0.0.1", "-p", &port, "-mp", &media, "-m", "1", "-timeout", "30s", "-timeout_error"])
        .spawn()
        .unwrap();

    let invite = phone.request_of(&Method::Invite, Duration::from_secs(10)).expect("extension 100 rings");
    phone.respond(&invite, 180, "phone100", None);
    phone.respond(&invite, 200, "phone100", Some(&sdp(42000)));
    phone.request_of(&Method::Ack, Duration::from_secs(5)).expect("the ACK is relayed");
    let bye = phone.request_of(&Method::Bye, Duration::from_secs(5)).expect("the carrier's BYE is relayed");
    phone.respond(&bye, 200, "phone100", None);
    assert!(carrier::succeeded(sipp), "the carrier's call completed");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    let cdr = &cdrs[0];
    assert_eq!(
        (cdr.direction, cdr.disposition, cdr.hangup),
        (CallDirection::Inbound, Disposition::Answered, HangupSide::Caller)
    );
    assert_eq!((cdr.caller.as_str(), cdr.callee.as_str()), ("+12125550100", "100"));
    assert_eq!((cdr.trunk.as_deref(), cdr.did.as_deref()), (Some("carrier"), Some(CALLER_ID)));
}
