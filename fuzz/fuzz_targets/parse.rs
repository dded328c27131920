//! Fuzzes the SIP parser (RFC 3261 §7, §18.3): datagram and stream entry
//! points must never panic, must agree with each other on framed input, and
//! whatever parses must print into bytes that parse back to the same message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sip::parse::{Limits, error_response, parse_datagram, parse_stream};
use sip::{HeaderName, Message, ParseError};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    match parse_datagram(data, &limits) {
        Ok(msg) => check_reprint(&msg, &limits),
        Err(err) => check_reply(data, &err),
    }
    if let Ok(Some((msg, used))) = parse_stream(data, &limits) {
        assert!(used <= data.len());
        check_reprint(&msg, &limits);
        let again = parse_stream(&data[..used], &limits).expect("framed prefix parses");
        assert_eq!(again, Some((msg, used)));
    }
});

/// print → parse yields the same message, bar the recomputed Content-Length.
/// Re-escaping may grow a URI past a limit; only a limit error is excused.
fn check_reprint(msg: &Message, limits: &Limits) {
    match parse_datagram(&msg.to_bytes(), limits) {
        Ok(again) => assert_eq!(without_length(again), without_length(msg.clone())),
        Err(err) => assert!(is_limit(&err), "reprint failed to parse: {err:?}"),
    }
}

/// Whether `err` is a size-limit error (413, 414, 513).
fn is_limit(err: &ParseError) -> bool {
    match err {
        ParseError::Response(inner) => is_limit(inner),
        other => matches!(other.status(), Some((413 | 414 | 513, _))),
    }
}

/// An error reply, when there is one, carries the status the error names
/// and prints with a start line and the five copied headers.
fn check_reply(data: &[u8], err: &ParseError) {
    if let Some(reply) = error_response(data, err) {
        assert_eq!(Some(reply.status), err.status().map(|(code, _)| code));
        assert!(reply.to_bytes().starts_with(b"SIP/2.0 "));
        assert!(reply.headers.len() >= 5);
    }
}

fn without_length(mut msg: Message) -> Message {
    match &mut msg {
        Message::Request(req) => req.headers.remove(&HeaderName::ContentLength),
        Message::Response(res) => res.headers.remove(&HeaderName::ContentLength),
    }
    msg
}
