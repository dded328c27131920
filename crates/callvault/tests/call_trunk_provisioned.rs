//! A trunk provisioned with `callvault provision` (credentials sealed in
//! the store, nothing in the configuration file) carries an outbound call:
//! the SIPp carrier's digest check passes with the stored credentials.

mod common;

use std::time::Duration;

use common::carrier;
use common::phone::{Phone, sdp};
use common::shop::Shop;
use model::CallDirection;

#[test]
fn a_provisioned_trunk_answers_digest_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let trunk_port = carrier::free_udp_port();
    let shop = Shop::serve_provisioned(dir.path(), &carrier::provisioning(trunk_port), &carrier::policy_only());
    let config = std::fs::read_to_string(dir.path().join("callvault.toml")).unwrap();
    assert!(!config.contains("trunk-pass"), "the configuration holds no trunk password");
    let trunk = carrier::start_uas("trunk_uas_digest.xml", trunk_port, dir.path());
    std::thread::sleep(Duration::from_millis(300));

    let mut phone = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    assert_eq!(phone.register(), 200);
    let (mut dialog, response) = phone.call("12125551234", "shop.example", &[], &sdp(47000));
    assert_eq!(response.status, 200, "the trunk accepted the stored credentials");
    assert!(phone.ack_then_hang_up(&mut dialog, Duration::ZERO).is_some());
    assert!(carrier::succeeded(trunk));

    drop(shop);
    let cdrs = carrier::shop_cdrs(&dir.path().join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    assert_eq!((cdrs[0].direction, cdrs[0].trunk.as_deref()), (CallDirection::Outbound, Some("carrier")));
}
