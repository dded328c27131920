//! Calls the dial plan or the checks before it refuse: an unknown number and
//! another customer's extension get 404 (calls never cross customers), an
//! extension with no registration 480, Max-Forwards 0 483, a request that
//! already passed through callvault 482 (a loop), one requiring 100rel 420,
//! and a busy callee's 486 reaches the caller. An authenticated caller's
//! refused attempt leaves a CDR.

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use sip::Method;

const DOMAIN: &str = "demo.callvault.test";

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

fn status_of_call(demo: &Demo, number: &str, host: &str, extra: &[(&str, &str)]) -> u16 {
    let mut alice = registered(demo, "1001");
    alice.call(number, host, extra, &sdp(40000)).1.status
}

/// The single CDR a stopped demo holds: (disposition, hangup side, status).
fn only_cdr(demo: &mut Demo) -> (model::Disposition, model::HangupSide, u16) {
    let cdrs = common::cdrs::of_stopped_demo(demo);
    assert_eq!(cdrs.len(), 1, "one attempt, one CDR: {cdrs:?}");
    (cdrs[0].disposition, cdrs[0].hangup, cdrs[0].sip_status)
}

#[test]
fn an_unknown_number_gets_404() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    assert_eq!(status_of_call(&demo, "7777", DOMAIN, &[]), 404);
    assert_eq!(only_cdr(&mut demo), (model::Disposition::Failed, model::HangupSide::System, 404));
}

#[test]
fn another_customers_extension_gets_404() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let file = dir.path().join("other.toml");
    std::fs::write(
        &file,
        "[[reseller]]\nslug = \"r2\"\nname = \"R2\"\n\n[[customer]]\nslug = \"other\"\nname = \"Other\"\n\
         reseller = \"r2\"\nsip_domain = \"other.callvault.test\"\n\n[[extension]]\ncustomer = \"other\"\n\
         number = \"2001\"\npassword = \"other-secret-1\"\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let provisioned =
        common::run_callvault(&["provision", "--data-dir", data.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    std::thread::sleep(Duration::from_millis(1500)); // the directory follows changes every second
    let mut other = Phone::new(demo.addr("udp"), "2001", "other.callvault.test", "other-secret-1");
    assert_eq!(other.register(), 200, "the other customer's extension is live");
    assert_eq!(status_of_call(&demo, "2001", "other.callvault.test", &[]), 404, "by its domain");
    assert_eq!(status_of_call(&demo, "2001", DOMAIN, &[]), 404, "as if it were ours");
    assert!(other.request_of(&Method::Invite, Duration::from_millis(500)).is_none(), "no INVITE crossed");
}

#[test]
fn an_unregistered_extension_gets_480() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    assert_eq!(status_of_call(&demo, "1003", DOMAIN, &[]), 480);
    assert_eq!(only_cdr(&mut demo), (model::Disposition::NoAnswer, model::HangupSide::System, 480));
}

#[test]
fn max_forwards_zero_gets_483() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let _bob = registered(&demo, "1002");
    let mut alice = registered(&demo, "1001");
    let (_, response) = alice.call("1002", DOMAIN, &[("Max-Forwards", "0")], &sdp(40000));
    assert_eq!(response.status, 483);
}

#[test]
fn a_busy_callee_gives_the_caller_486() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    let mut bob = registered(&demo, "1002");
    let mut alice = registered(&demo, "1001");
    let status = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)).1.status);
        let invite = bob.request_of(&Method::Invite, Duration::from_secs(5)).expect("leg B's INVITE");
        bob.respond(&invite, 486, "busytag", None);
        calling.join().unwrap()
    });
    assert_eq!(status, 486);
    assert!(bob.request_of(&Method::Ack, Duration::from_secs(2)).is_some(), "our 486 was ACKed hop by hop");
    assert_eq!(only_cdr(&mut demo), (model::Disposition::Busy, model::HangupSide::Callee, 486), "a busy CDR");
}

#[test]
fn an_invite_that_already_passed_through_us_gets_482() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let _bob = registered(&demo, "1002");
    let via = format!("SIP/2.0/UDP {};branch=z9hG4bKloop{};rport", demo.addr("udp"), common::ua::random_hex());
    assert_eq!(status_of_call(&demo, "1002", DOMAIN, &[("Via", &via)]), 482);
}

#[test]
fn an_invite_requiring_reliable_provisionals_gets_420() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let _bob = registered(&demo, "1002");
    assert_eq!(status_of_call(&demo, "1002", DOMAIN, &[("Require", "100rel")]), 420);
}
