//! An extension dials a 10-digit NANP number: callvault normalises it to
//! +1…, sends it to the customer's trunk (a SIPp carrier demanding digest
//! authentication, which checks the credentials, the E.164 Request-URI and
//! the customer's caller ID), and the call is answered end to end. Its CDR
//! says outbound, through trunk "carrier", presenting the caller ID.

mod common;

use std::time::Duration;

use common::carrier::{self, CALLER_ID};
use common::phone::{Phone, sdp};
use common::shop::Shop;
use model::{CallDirection, Disposition, HangupSide};

#[test]
fn a_nanp_number_reaches_the_trunk_with_digest_and_caller_id() {
    let dir = tempfile::tempdir().unwrap();
    let trunk_port = carrier::free_udp_port();
    let shop = Shop::serve(dir.path(), &carrier::config(trunk_port, ""));
    let trunk = carrier::start_uas("trunk_uas_digest.xml", trunk_port, dir.path());
    std::thread::sleep(Duration::from_millis(300));

    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);
    let (mut dialog, response) = phone.call("2125551234", "shop.example", &[], &sdp(41000));
    assert_eq!(response.status, 200, "the trunk answered after authenticating us");
    assert_eq!(phone.ack_then_hang_up(&mut dialog, Duration::from_millis(300)), Some(200));
    assert!(carrier::succeeded(trunk), "the carrier saw a valid, authenticated call to +12125551234");

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    let cdr = &cdrs[0];
    assert_eq!(
        (cdr.direction, cdr.disposition, cdr.hangup),
        (CallDirection::Outbound, Disposition::Answered, HangupSide::Caller)
    );
    assert_eq!((cdr.caller.as_str(), cdr.callee.as_str()), ("100", "+12125551234"));
    assert_eq!((cdr.trunk.as_deref(), cdr.did.as_deref()), (Some("carrier"), Some(CALLER_ID)));
}
