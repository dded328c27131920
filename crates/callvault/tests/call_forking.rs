//! A callee registered from two phones rings on both (parallel forking);
//! the first to answer wins and the other is sent CANCEL. A caller who
//! gives up while both ring gets 487, both forks are cancelled, and the CDR
//! says `cancelled`.

mod common;

use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use model::{Disposition, HangupSide};
use sip::{Message, Method, Request};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

/// The CANCEL for `invite` reaches `phone`; it answers 200 and then 487 to the INVITE.
fn cancelled(phone: &mut Phone, invite: &Request) -> bool {
    let Some(cancel) = phone.request_of(&Method::Cancel, WAIT) else { return false };
    phone.respond(&cancel, 200, "c", None);
    phone.respond(invite, 487, "desk", None);
    cancel.headers.call_id().ok() == invite.headers.call_id().ok()
}

#[test]
fn the_first_answer_wins_and_the_other_phone_is_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let (mut desk, mut mobile) = (registered(&demo, "1002"), registered(&demo, "1002"));
    let mut alice = registered(&demo, "1001");
    let status = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(40000)).1.status);
        let desk_invite = desk.request_of(&Method::Invite, WAIT).expect("the desk phone rings");
        let mobile_invite = mobile.request_of(&Method::Invite, WAIT).expect("the mobile rings too");
        desk.respond(&desk_invite, 180, "desk", None);
        mobile.respond(&mobile_invite, 200, "mobile", Some(&sdp(40002)));
        assert!(cancelled(&mut desk, &desk_invite), "the desk phone is cancelled");
        calling.join().unwrap()
    });
    assert_eq!(status, 200, "the caller is connected to the mobile");
}

#[test]
fn a_caller_who_gives_up_gets_487_and_every_fork_is_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(&dir.path().join("data"));
    let (mut desk, mut mobile) = (registered(&demo, "1002"), registered(&demo, "1002"));
    let mut alice = registered(&demo, "1001");
    let (invite, sent) = alice.invite_authenticated("1002", DOMAIN, &sdp(40000));
    let desk_invite = desk.request_of(&Method::Invite, WAIT).expect("the desk phone rings");
    let mobile_invite = mobile.request_of(&Method::Invite, WAIT).expect("the mobile rings");
    desk.respond(&desk_invite, 180, "desk", None);
    let cancel = alice.cancel_for(&sent);
    alice.send(&Message::Request(cancel));
    assert_eq!(alice.final_response(&invite, &Method::Cancel, WAIT).map(|r| r.status), Some(200));
    assert_eq!(alice.final_response(&invite, &Method::Invite, WAIT).map(|r| r.status), Some(487));
    assert!(cancelled(&mut desk, &desk_invite), "the desk phone is cancelled");
    assert!(cancelled(&mut mobile, &mobile_invite), "the mobile is cancelled");
    let cdrs = common::cdrs::of_stopped_demo(&mut demo);
    let summary: Vec<_> = cdrs.iter().map(|c| (c.disposition, c.hangup, c.sip_status, c.answer_ms)).collect();
    assert_eq!(summary, [(Disposition::Cancelled, HangupSide::Caller, 487, None)]);
}
