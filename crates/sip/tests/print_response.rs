//! Building and printing responses (RFC 3261 §8.2.6.2, §20.14, §21).

use sip::parse::{Limits, parse_datagram};
use sip::{HeaderName, Message, Request, Response};

const INVITE: &str = "INVITE sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKnashds8\r\n\
v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1, SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2\r\n\
Max-Forwards: 70\r\n\
To: Bob <sip:bob@example.com>\r\n\
From: Alice <sip:alice@example.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710\r\n\
CSeq: 314159 INVITE\r\n\
Contact: <sip:alice@pc33.example.com>\r\n\
Content-Length: 0\r\n\r\n";

fn invite() -> Request {
    let Ok(Message::Request(req)) = parse_datagram(INVITE.as_bytes(), &Limits::default()) else {
        panic!("request");
    };
    req
}

#[test]
fn response_copies_the_transaction_headers() {
    let res = Response::for_request(&invite(), 180);
    assert_eq!((res.status, res.reason.as_str()), (180, "Ringing"));
    let names: Vec<_> = res.headers.iter().map(|(n, _)| n.as_str().to_owned()).collect();
    assert_eq!(names, ["Via", "Via", "Via", "From", "To", "Call-ID", "CSeq"]);
    let branches: Vec<_> = res.headers.vias().unwrap().iter().map(|v| v.branch().unwrap().to_owned()).collect();
    assert_eq!(branches, ["z9hG4bKnashds8", "z9hG4bK1", "z9hG4bK2"]);
    assert!(res.body.is_empty());
}

#[test]
fn to_tag_is_added_once() {
    let res = Response::for_request(&invite(), 200).with_to_tag("a6c85cf");
    assert_eq!(res.headers.to().unwrap().tag(), Some("a6c85cf"));
    let again = res.with_to_tag("other");
    assert_eq!(again.headers.to().unwrap().tag(), Some("a6c85cf"));
}

#[test]
fn printing_writes_canonical_names_and_a_true_content_length() {
    let mut req = invite();
    req.body = b"v=0\r\n".to_vec();
    let text = String::from_utf8(req.to_bytes()).unwrap();
    assert!(text.starts_with("INVITE sip:bob@example.com SIP/2.0\r\n"));
    assert_eq!(text.matches("Via: ").count(), 3, "compact v: printed in full");
    assert_eq!(text.matches("Content-Length:").count(), 1);
    assert!(text.ends_with("Content-Length: 5\r\n\r\nv=0\r\n"));
    assert_eq!(req.to_string(), text);
}

#[test]
fn printed_responses_parse_back() {
    let res = Response::for_request(&invite(), 486).with_to_tag("x");
    let Ok(Message::Response(back)) = parse_datagram(&res.to_bytes(), &Limits::default()) else {
        panic!("response");
    };
    assert_eq!((back.status, back.reason.as_str()), (486, "Busy Here"));
    assert_eq!(back.headers.get(&HeaderName::ContentLength), Some("0"));
}

#[test]
fn line_breaks_in_values_cannot_inject_headers() {
    let mut res = Response::for_request(&invite(), 200);
    res.reason = "OK\r\nX-Evil: 1".into();
    res.headers.push(HeaderName::Other("Subject".into()), "hi\r\nX-Evil: 2");
    let text = String::from_utf8(res.to_bytes()).unwrap();
    assert!(!text.contains("\r\nX-Evil"), "{text}");
}
