//! A full table answers new requests statelessly with 503 and creates no
//! transaction; the TU's own sends are refused with `Full`.

mod transaction_support;

use sip::Method;
use sip::transaction::{Config, TransactionError};
use transaction_support::*;

fn full() -> Driver {
    let mut d = Driver::with(Config { max_transactions: 2, ..Default::default() });
    d.recv_request(request(Method::Options, "z9hG4bKf1"), udp());
    d.recv_request(request(Method::Options, "z9hG4bKf2"), udp());
    d.take_events();
    d
}

#[test]
fn a_new_request_gets_503_and_no_transaction() {
    let mut d = full();
    d.recv_request(invite("z9hG4bKf3"), udp());
    assert!(d.take_events().is_empty());
    let sent = d.take_sent();
    assert_eq!(statuses(&sent), [503]);
    let sip::Message::Response(refusal) = &sent[0].1.message else { panic!() };
    let to = refusal.headers.get(&sip::HeaderName::To).unwrap();
    assert!(to.contains(";tag=cv"), "a stateless final carries a To tag: {to}");
    assert_eq!(d.layer.len(), 2);
}

#[test]
fn retransmissions_of_live_transactions_still_match() {
    let mut d = full();
    d.recv_request(request(Method::Options, "z9hG4bKf1"), udp());
    assert!(d.take_sent().is_empty(), "absorbed in Trying, not refused");
}

#[test]
fn an_ack_is_never_answered_even_when_full() {
    let mut d = full();
    d.recv_request(request(Method::Ack, "z9hG4bKf9"), udp());
    assert!(d.take_sent().is_empty());
}

#[test]
fn the_tu_cannot_start_a_transaction() {
    let mut d = full();
    let result = d.layer.send_request(d.now, invite("z9hG4bKf4"), udp());
    assert_eq!(result, Err(TransactionError::Full));
}

#[test]
fn room_frees_up_when_transactions_end() {
    let mut d = full();
    d.advance(ms(32_000)); // the guard ends the unanswered OPTIONS
    assert!(d.layer.is_empty());
    d.recv_request(invite("z9hG4bKf5"), udp());
    assert_eq!(d.layer.len(), 1);
}
