//! TU misuse is refused with a typed error and changes nothing; a TU that
//! never answers is timed out rather than leaking the transaction.

mod transaction_support;

use sip::transaction::{Event, TransactionError, TransactionKey};
use sip::{HeaderName, Method};
use transaction_support::*;

fn received(d: &mut Driver, method: Method, branch: &str) -> (sip::transaction::ServerKey, sip::Request) {
    let req = request(method, branch);
    d.recv_request(req.clone(), udp());
    let Some(Event::Request { key, .. }) = d.take_events().pop() else { panic!() };
    (key, req)
}

#[test]
fn respond_refuses_bad_status_unknown_keys_and_second_finals() {
    let mut d = Driver::new();
    let (key, req) = received(&mut d, Method::Options, "z9hG4bKu1");
    assert_eq!(d.layer.respond(d.now, &key, response(&req, 99)), Err(TransactionError::InvalidStatus(99)));
    assert_eq!(d.layer.respond(d.now, &key, response(&req, 700)), Err(TransactionError::InvalidStatus(700)));
    d.layer.respond(d.now, &key, response(&req, 200)).unwrap();
    assert_eq!(d.layer.respond(d.now, &key, response(&req, 500)), Err(TransactionError::AlreadyCompleted));
    assert_eq!(d.layer.respond(d.now, &key, response(&req, 180)), Err(TransactionError::AlreadyCompleted));
    let (other, _) = received(&mut d, Method::Options, "z9hG4bKu2");
    d.layer.respond(d.now, &other, response(&req, 200)).unwrap();
    d.drain();
    d.advance(ms(40_000));
    assert_eq!(d.layer.respond(d.now, &key, response(&req, 200)), Err(TransactionError::NoSuchTransaction));
}

#[test]
fn an_invite_rejected_cannot_be_accepted_later() {
    let mut d = Driver::new();
    let (key, req) = received(&mut d, Method::Invite, "z9hG4bKu3");
    d.layer.respond(d.now, &key, response(&req, 486)).unwrap();
    assert_eq!(d.layer.respond(d.now, &key, response(&req, 200)), Err(TransactionError::AlreadyCompleted));
}

#[test]
fn send_request_refuses_acks_missing_branches_and_duplicates() {
    let mut d = Driver::new();
    let ack = request(Method::Ack, "z9hG4bKu4");
    assert_eq!(d.layer.send_request(d.now, ack, udp()), Err(TransactionError::AckIsNotATransaction));
    let old = request(Method::Options, "nocookie");
    assert_eq!(d.layer.send_request(d.now, old, udp()), Err(TransactionError::MissingBranch));
    let mut no_cseq = request(Method::Options, "z9hG4bKu5");
    no_cseq.headers.remove(&HeaderName::CSeq);
    assert_eq!(d.layer.send_request(d.now, no_cseq, udp()), Err(TransactionError::MissingBranch));
    d.layer.send_request(d.now, request(Method::Options, "z9hG4bKu6"), udp()).unwrap();
    let again = d.layer.send_request(d.now, request(Method::Options, "z9hG4bKu6"), udp());
    assert_eq!(again, Err(TransactionError::DuplicateBranch));
    let bye = request(Method::Bye, "z9hG4bKu6");
    assert_eq!(d.layer.send_ack(bye, udp()), Err(TransactionError::NotAnAck));
    assert_eq!(d.layer.len(), 1);
}

#[test]
fn an_unanswered_non_invite_times_out_after_64_t1() {
    let mut d = Driver::new();
    let (key, _) = received(&mut d, Method::Register, "z9hG4bKu7");
    d.advance(ms(32_000));
    let key = TransactionKey::Server(key);
    assert_eq!(d.take_events(), [Event::Timeout { key: key.clone() }, Event::Terminated { key }]);
}

#[test]
fn an_unanswered_invite_times_out_at_the_proceeding_limit() {
    let config = sip::transaction::Config { proceeding_limit: ms(60_000), ..Default::default() };
    let mut d = Driver::with(config);
    let (key, req) = received(&mut d, Method::Invite, "z9hG4bKu8");
    d.layer.respond(d.now, &key, response(&req, 180)).unwrap();
    d.advance(ms(59_999));
    assert_eq!(d.layer.len(), 1, "ringing is not a timeout");
    d.advance(ms(1));
    assert!(d.layer.is_empty());
}
