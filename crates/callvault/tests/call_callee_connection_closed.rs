//! A phone registered over TCP is reached only over its own connection
//! (RFC 3261 §18.2.2; callvault never dials a phone, which may sit behind
//! NAT). While the connection is open the call rings it; once the phone has
//! closed it, a call to it fails at once with 480 Temporarily Unavailable
//! (the transport error of §8.1.3.1, told straight away rather than after
//! Timer B's 32 s), and the CDR says `no answer`, 480, ended on the
//! callee's side (leg B failed).

mod common;

use std::time::{Duration, Instant};

use common::phone::{Phone, sdp};
use common::shop::Shop;
use common::ua::Ua;
use model::{Disposition, HangupSide};

#[test]
fn a_call_to_a_phone_whose_tcp_connection_closed_gets_480_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let tcp = common::carrier::free_tcp_port();
    let streams = format!("tcp = [\"127.0.0.1:{tcp}\"]\ntls = []");
    let shop = Shop::serve_streams(dir.path(), "", &streams, "");
    let mut callee = Ua::tcp(format!("127.0.0.1:{tcp}").parse().unwrap());
    let contact = format!("Contact: <sip:101@{};transport=tcp>\r\n", callee.local);
    assert_eq!(callee.register("101", "shop.example", "shop-secret-101", &contact).status, 200);
    drop(callee);
    std::thread::sleep(Duration::from_millis(300));

    let mut caller = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(caller.register(), 200);
    let started = Instant::now();
    let (_, response) = caller.call("101", "shop.example", &[], &sdp(41000));
    assert_eq!(response.status, 480, "the callee cannot be reached");
    assert!(started.elapsed() < Duration::from_secs(2), "told at once, not after a timer: {:?}", started.elapsed());

    drop(shop);
    let cdrs = common::carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    assert_eq!((cdrs[0].disposition, cdrs[0].sip_status), (Disposition::NoAnswer, 480));
    assert_eq!(cdrs[0].hangup, HangupSide::Callee, "leg B failed, as a 486 from the callee would");
}
