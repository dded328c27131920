//! The ring timeout is configurable (issue 4): `[runtime] ring_timeout_secs`
//! for the node, `[[policy]] ring_timeout_secs` for one customer. A callee
//! that only rings is cancelled once it passes, the caller gets 408 (RFC
//! 3261 §16.6 step 11 and §16.7 step 6: Timer C fired with no final
//! response) and the CDR says `no answer`. A value out of range stops
//! `serve` with a message naming the setting.

mod common;

use std::time::{Duration, Instant};

use common::phone::{Phone, sdp};
use common::shop::Shop;
use model::{Disposition, HangupSide};
use sip::Method;

/// 100 calls 101, which rings and never answers; returns the caller's final
/// status and how long it took.
fn unanswered_call(shop: &Shop) -> (u16, Duration) {
    let mut caller = Phone::new(shop.addr, "100", "shop.example", "shop-secret-100");
    let mut callee = Phone::new(shop.addr, "101", "shop.example", "shop-secret-101");
    assert_eq!((caller.register(), callee.register()), (200, 200));
    std::thread::scope(|scope| {
        let calling = scope.spawn(|| {
            let started = Instant::now();
            let (_, response) = caller.call("101", "shop.example", &[], &sdp(41000));
            (response.status, started.elapsed())
        });
        let invite = callee.request_of(&Method::Invite, Duration::from_secs(5)).expect("leg B's INVITE");
        callee.respond(&invite, 180, "ringing", None);
        let cancel = callee.request_of(&Method::Cancel, Duration::from_secs(10)).expect("a CANCEL at the timeout");
        callee.respond(&cancel, 200, "ringing", None);
        callee.respond(&invite, 487, "ringing", None);
        calling.join().unwrap()
    })
}

fn one_no_answer_cdr(dir: &std::path::Path) {
    let cdrs = common::carrier::shop_cdrs(&dir.join("data"));
    assert_eq!(cdrs.len(), 1, "{cdrs:?}");
    let cdr = &cdrs[0];
    assert_eq!((cdr.disposition, cdr.sip_status, cdr.hangup), (Disposition::NoAnswer, 408, HangupSide::System));
    assert_eq!(cdr.answer_ms, None);
}

#[test]
fn the_node_ring_timeout_ends_an_unanswered_call_with_408() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::serve(dir.path(), "[runtime]\nring_timeout_secs = 2\n");
    let (status, took) = unanswered_call(&shop);
    assert_eq!(status, 408, "the caller is told the callee did not answer");
    assert!(took >= Duration::from_millis(1900) && took < Duration::from_secs(6), "rang for {took:?}");
    drop(shop);
    one_no_answer_cdr(dir.path());
}

#[test]
fn a_customer_policy_overrides_the_node_ring_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[runtime]\nring_timeout_secs = 30\n\n[[policy]]\ncustomer = \"shop\"\nring_timeout_secs = 1\n";
    let shop = Shop::serve(dir.path(), config);
    let (status, took) = unanswered_call(&shop);
    assert_eq!(status, 408);
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(5), "rang for {took:?}");
    drop(shop);
    one_no_answer_cdr(dir.path());
}

#[test]
fn a_ring_timeout_of_zero_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("callvault.toml");
    let text = format!(
        "data_dir = {data:?}\n[portal]\nhttps = [\"127.0.0.1:0\"]\nhttp = [\"127.0.0.1:0\"]\n[sip]\nudp = [\"127.0.0.1:0\"]\ntcp = []\ntls = []\nserver_names = []\n\
         [runtime]\nring_timeout_secs = 0\n"
    );
    std::fs::write(&config, text).unwrap();
    let output = common::run_callvault(&["serve", "--config", config.to_str().unwrap()]);
    assert!(!output.status.success(), "serve refuses the setting");
    let printed = common::printed(&output);
    assert!(printed.contains("ring_timeout_secs = 0"), "the error names the setting: {printed}");
}
