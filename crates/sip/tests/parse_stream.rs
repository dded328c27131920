//! Stream framing (RFC 3261 §18.3, §7.5): Content-Length is mandatory,
//! leading CRLFs are consumed, incomplete input waits, oversized input fails.

use sip::parse::{Limits, parse_stream, skip_keepalive};
use sip::{Message, ParseError};

const OPTIONS: &str = "OPTIONS sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/TCP client.example.com;branch=z9hG4bK776\r\n\
From: <sip:alice@example.com>;tag=1\r\n\
To: <sip:bob@example.com>\r\n\
Call-ID: s1@example.com\r\n\
CSeq: 1 OPTIONS\r\n\
Content-Length: 5\r\n\r\nhello";

#[test]
fn leading_crlf_is_consumed_and_counted() {
    let buf = format!("\r\n\r\n{OPTIONS}");
    let (msg, used) = parse_stream(buf.as_bytes(), &Limits::default()).unwrap().unwrap();
    assert_eq!(used, buf.len());
    let Message::Request(req) = msg else { panic!("request") };
    assert_eq!(req.body, b"hello");
}

#[test]
fn two_messages_in_one_buffer_are_taken_one_at_a_time() {
    let buf = format!("{OPTIONS}{OPTIONS}");
    let (_, used) = parse_stream(buf.as_bytes(), &Limits::default()).unwrap().unwrap();
    assert_eq!(used, OPTIONS.len());
    let (_, used) = parse_stream(&buf.as_bytes()[used..], &Limits::default()).unwrap().unwrap();
    assert_eq!(used, OPTIONS.len());
}

#[test]
fn keepalives_alone_wait() {
    assert_eq!(parse_stream(b"\r\n\r\n", &Limits::default()), Ok(None));
    assert_eq!(skip_keepalive(b"\r\n\r\nOPTIONS"), 4);
}

#[test]
fn content_length_is_mandatory() {
    let buf = OPTIONS.replace("Content-Length: 5\r\n", "");
    let err = parse_stream(buf.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(err, ParseError::MissingContentLength);
    assert_eq!(err.status(), Some((400, "Missing Content-Length")));
}

#[test]
fn oversized_declared_body_fails_before_it_arrives() {
    let buf = OPTIONS.replace("Content-Length: 5", "Content-Length: 70000");
    let head = &buf[..buf.find("hello").unwrap()];
    let err = parse_stream(head.as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(err.status(), Some((413, "Request Entity Too Large")));
}

#[test]
fn endless_head_fails_instead_of_waiting() {
    let limits = Limits { max_message_bytes: 1024, ..Limits::default() };
    let buf = format!("OPTIONS sip:a@b SIP/2.0\r\n{}", "X-Pad: aaaaaaaaaaaaaaaaaaaa\r\n".repeat(40));
    let err = parse_stream(buf.as_bytes(), &limits).unwrap_err();
    assert_eq!(err, ParseError::TooLarge { limit: 1024 });
    assert_eq!(err.status(), Some((513, "Message Too Large")));
}

#[test]
fn too_many_headers_and_long_lines_fail() {
    let limits = Limits { max_headers: 4, ..Limits::default() };
    let err = parse_stream(OPTIONS.as_bytes(), &limits).unwrap_err();
    assert_eq!(err, ParseError::TooManyHeaders { limit: 4 });
    let limits = Limits { max_line_bytes: 20, ..Limits::default() };
    let err = parse_stream(OPTIONS.as_bytes(), &limits).unwrap_err();
    assert_eq!(err.status(), Some((414, "Request-URI Too Long")));
}

#[test]
fn garbage_responses_on_streams_are_dropped() {
    let err = parse_stream(b"SIP/2.0 99 Nope\r\n\r\n", &Limits::default()).unwrap_err();
    assert_eq!(err.status(), None);
    let err = parse_stream(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", &Limits::default()).unwrap_err();
    assert_eq!((err.clone(), err.status()), (ParseError::Garbage, None));
}
