//! Inbound refusals: from the trunk's address, a number that is no DID
//! gets 404; from any other address, an INVITE that claims to be the trunk
//! calling the DID (its From host is the trunk's) gets 403 and rings nobody.

mod common;

use std::net::UdpSocket;
use std::time::Duration;

use common::carrier::{self, CALLER_ID};
use common::phone::Phone;
use common::shop::Shop;
use sip::Method;

#[test]
fn unknown_dids_get_404_and_impostors_403() {
    let dir = tempfile::tempdir().unwrap();
    let trunk = UdpSocket::bind("127.0.0.1:0").unwrap();
    let trunk_port = trunk.local_addr().unwrap().port();
    let shop = Shop::serve(dir.path(), &carrier::config(trunk_port, ""));
    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);

    assert_eq!(carrier::raw_invite(&trunk, shop.addr, "+15559990000", "127.0.0.1"), 404, "not a DID");
    let impostor = UdpSocket::bind("127.0.0.1:0").unwrap();
    assert_eq!(carrier::raw_invite(&impostor, shop.addr, CALLER_ID, "127.0.0.1"), 403, "not the trunk's address");
    assert!(phone.request_of(&Method::Invite, Duration::from_millis(500)).is_none(), "nothing rang");
}
