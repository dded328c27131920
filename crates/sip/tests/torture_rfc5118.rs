//! RFC 5118 IPv6 torture messages (tests/data/rfc5118/*.sip).

use sip::parse::{Limits, parse_datagram};
use sip::{Contact, Host, Message, ParseError, Request, SyntaxError};

fn parse(name: &str) -> Result<Message, ParseError> {
    let path = format!(
        "{}/tests/data/rfc5118/{name}.sip",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_datagram(&std::fs::read(&path).unwrap(), &Limits::default())
}

fn request(name: &str) -> Request {
    match parse(name) {
        Ok(Message::Request(req)) => req,
        other => panic!("{name}: {other:?}"),
    }
}

fn v6(s: &str) -> Host {
    Host::V6(s.parse().unwrap())
}

#[test]
fn bracketed_references_parse() {
    let req = request("ipv6-good");
    assert_eq!(req.uri.host, v6("2001:db8::10"));
    assert_eq!(req.headers.top_via().unwrap().host, v6("2001:db8::9:1"));
    let Ok(Some(Contact::Addresses(c))) = req.headers.contacts() else {
        panic!("contact")
    };
    assert_eq!(c[0].uri.host, v6("2001:db8::1"));
}

#[test]
fn unbracketed_reference_is_rejected() {
    let err = parse("ipv6-bad").unwrap_err();
    assert_eq!(err, ParseError::RequestUri(SyntaxError::Port));
    assert_eq!(err.status(), Some((400, "Bad Request-URI")));
}

#[test]
fn ports_are_unambiguous() {
    let req = request("port-ambiguous");
    assert_eq!(
        (req.uri.host, req.uri.port),
        (v6("2001:db8::10:5070"), None)
    );
    let req = request("port-unambiguous");
    assert_eq!(
        (req.uri.host, req.uri.port),
        (v6("2001:db8::10"), Some(5070))
    );
}

#[test]
fn received_with_and_without_brackets() {
    let via = request("via-received-param-with-delim")
        .headers
        .top_via()
        .unwrap();
    assert_eq!(
        (via.port, via.received()),
        (Some(6050), Some("[2001:db8::9:255]"))
    );
    let via = request("via-received-param-no-delim")
        .headers
        .top_via()
        .unwrap();
    assert_eq!(via.received(), Some("2001:db8::9:255"));
}

#[test]
fn mixed_families_mapped_and_embedded_addresses() {
    let vias = request("mult-ip-in-header").headers.vias().unwrap();
    assert_eq!(vias[1].host, Host::V4("192.0.2.1".parse().unwrap()));
    assert_eq!(vias[2].received(), Some("192.0.2.200"));
    let req = request("ipv4-mapped");
    assert_eq!(req.headers.top_via().unwrap().host, v6("::ffff:192.0.2.10"));
    assert_eq!(
        request("ipv6-correct-abnf-2").uri.host,
        v6("2001:db8::192.0.2.1")
    );
    assert!(request("ipv6-in-sdp").body.starts_with(b"v=0"));
}

#[test]
fn every_message_round_trips() {
    let names = [
        "ipv6-good",
        "port-ambiguous",
        "port-unambiguous",
        "via-received-param-with-delim",
        "via-received-param-no-delim",
        "ipv6-in-sdp",
        "mult-ip-in-header",
        "ipv4-mapped",
        "ipv6-correct-abnf-2",
    ];
    for name in names {
        let first = parse(name).unwrap();
        let again = parse_datagram(&first.to_bytes(), &Limits::default()).unwrap();
        assert_eq!(first.to_bytes(), again.to_bytes(), "{name}");
    }
}
