//! RFC 4475 torture messages (tests/data/rfc4475/*.sip), parsed as UDP
//! datagrams. Valid messages (§3.1.1, §3.2, §3.3 where the trouble is
//! above the parser) must parse and survive print → parse; invalid ones
//! (§3.1.2, §3.3.1, §3.3.8, §3.3.9) must fail with the reply the RFC asks for.

use sip::parse::{Limits, error_response, parse_datagram, parse_stream};
use sip::{Contact, HeaderName, Host, Message, Method, ParseError, Request};

fn data(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/data/rfc4475/{name}.sip",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn parse(name: &str) -> Result<Message, ParseError> {
    parse_datagram(&data(name), &Limits::default())
}

fn request(name: &str) -> Request {
    match parse(name) {
        Ok(Message::Request(req)) => req,
        other => panic!("{name}: expected a request, got {other:?}"),
    }
}

/// Parses, prints, parses again: the same message (Content-Length aside).
fn assert_round_trip(name: &str) {
    let first = parse(name).unwrap_or_else(|err| panic!("{name}: {err}"));
    let again = parse_datagram(&first.to_bytes(), &Limits::default())
        .unwrap_or_else(|err| panic!("{name} reprinted: {err}"));
    assert_eq!(without_length(first), without_length(again), "{name}");
}

fn without_length(mut message: Message) -> Message {
    match &mut message {
        Message::Request(req) => req.headers.remove(&HeaderName::ContentLength),
        Message::Response(res) => res.headers.remove(&HeaderName::ContentLength),
    }
    message
}

const VALID: &[&str] = &[
    "wsinv",
    "intmeth",
    "esc01",
    "escnull",
    "esc02",
    "lwsdisp",
    "longreq",
    "dblreq",
    "semiuri",
    "transports",
    "mpart01",
    "unreason",
    "noreason",
    "baddate",
    "badbranch",
    "unksm2",
    "bext01",
    "invut",
    "regaut01",
    "bcast",
    "zeromf",
    "cparam01",
    "cparam02",
    "regescrt",
    "sdp01",
    "inv2543",
];

#[test]
fn valid_messages_parse_and_round_trip() {
    for name in VALID {
        assert_round_trip(name);
    }
}

#[test]
fn valid_messages_parse_on_streams_too_when_framed() {
    let framed = [
        "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "mpart01",
    ];
    for name in framed {
        let bytes = data(name);
        let (_, used) = parse_stream(&bytes, &Limits::default()).unwrap().unwrap();
        assert_eq!(used, bytes.len(), "{name}");
    }
}

/// (file, status RFC 4475 / RFC 3261 call for, reason phrase)
const INVALID_REQUESTS: &[(&str, u16, &str)] = &[
    ("badinv01", 400, "Bad Via"),
    ("clerr", 400, "Body Shorter Than Content-Length"),
    ("ncl", 400, "Bad Content-Length"),
    ("scalar02", 400, "Bad CSeq"),
    ("quotbal", 400, "Bad To"),
    ("ltgtruri", 400, "Bad Request-URI"),
    ("lwsruri", 400, "Malformed Request-Line"),
    ("lwsstart", 400, "Malformed Request-Line"),
    ("trws", 400, "Malformed Request-Line"),
    ("escruri", 400, "Bad Request-URI"),
    ("regbadct", 400, "Bad Contact"),
    ("badaspec", 400, "Bad To"),
    ("baddn", 400, "Bad From"),
    ("badvers", 505, "Version Not Supported"),
    ("mismatch01", 400, "CSeq Method Mismatch"),
    ("mismatch02", 400, "CSeq Method Mismatch"),
    ("insuf", 400, "Missing From"),
    ("unkscm", 416, "Unsupported URI Scheme"),
    ("novelsc", 416, "Unsupported URI Scheme"),
    ("multi01", 400, "Duplicate CSeq"),
    ("mcl01", 400, "Duplicate Content-Length"),
];

#[test]
fn invalid_requests_get_the_named_reply() {
    for &(name, code, phrase) in INVALID_REQUESTS {
        let err = parse(name).expect_err(name);
        assert_eq!(err.status(), Some((code, phrase)), "{name}: {err}");
    }
}

#[test]
fn error_replies_copy_the_salvaged_headers() {
    for &(name, code, _) in INVALID_REQUESTS.iter().filter(|(n, ..)| *n != "insuf") {
        let err = parse(name).unwrap_err();
        let reply = error_response(&data(name), &err).unwrap_or_else(|| panic!("{name}: no reply"));
        assert_eq!(reply.status, code, "{name}");
        for header in [
            HeaderName::Via,
            HeaderName::From,
            HeaderName::To,
            HeaderName::CallId,
            HeaderName::CSeq,
        ] {
            assert!(
                reply.headers.get(&header).is_some(),
                "{name}: {header} missing"
            );
        }
    }
}

#[test]
fn no_reply_without_the_five_headers() {
    let err = parse("insuf").unwrap_err();
    assert_eq!(error_response(&data("insuf"), &err), None);
}

#[test]
fn malformed_responses_are_dropped_silently() {
    for name in ["scalarlg", "bigcode"] {
        let err = parse(name).expect_err(name);
        assert!(matches!(err, ParseError::Response(_)), "{name}: {err:?}");
        assert_eq!(err.status(), None, "{name}");
        assert_eq!(error_response(&data(name), &err), None, "{name}");
    }
}

#[test]
fn tortuous_invite_yields_its_values() {
    let req = request("wsinv");
    assert_eq!(
        req.uri.to_string(),
        "sip:vivekg@chair-dnrc.example.com;unknownparam"
    );
    let h = &req.headers;
    assert_eq!(h.to().unwrap().tag(), Some("1918181833n"));
    let from = h.from().unwrap();
    assert_eq!(from.display_name.as_deref(), Some(r#"J Rosenberg \""#));
    assert_eq!(from.tag(), Some("98asjd8"));
    assert_eq!(h.max_forwards(), Ok(Some(68)));
    assert_eq!(h.cseq().unwrap().seq, 9);
    let vias = h.vias().unwrap();
    assert_eq!(vias.len(), 3);
    assert_eq!(
        (vias[0].transport.as_str(), vias[0].rport()),
        ("UDP", Some(None))
    );
    assert_eq!(vias[1].branch(), Some("z9hG4bK9ikj8"));
    assert_eq!(vias[2].host, Host::V4("192.168.255.111".parse().unwrap()));
    assert_eq!(vias[2].branch(), Some("z9hG4bK30239"));
    let Ok(Some(Contact::Addresses(contacts))) = h.contacts() else {
        panic!("contacts")
    };
    assert_eq!(
        contacts[0].display_name.as_deref(),
        Some(r#"Quoted string """#)
    );
    assert_eq!(contacts[0].params.get("newparam"), Some(Some("newvalue")));
    assert_eq!(contacts[0].q(), Some(0.33));
    let other = HeaderName::from_wire("newfangledheader");
    assert_eq!(
        h.get(&other),
        Some("newfangled value continued newfangled value")
    );
    let unusual = HeaderName::from_wire("UnknownHeaderWithUnusualValue");
    assert_eq!(h.get(&unusual), Some(";;,,;;,;"));
    assert_eq!(h.routes().unwrap()[0].uri.params.len(), 3);
    assert_eq!(req.body.len(), 150);
}

#[test]
fn tortuous_invite_with_bare_line_feeds_parses_the_same() {
    let crlf = data("wsinv");
    let text = String::from_utf8(crlf.clone()).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let lf = format!("{}\n\n{body}", head.replace("\r\n", "\n"));
    let from_lf = parse_datagram(lf.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(from_lf, parse_datagram(&crlf, &Limits::default()).unwrap());
}

#[test]
fn unusual_characters_survive() {
    let req = request("intmeth");
    assert_eq!(
        req.method,
        Method::Other("!interesting-Method0123456789_*+`.%indeed'~".into())
    );
    let user = req.uri.user.as_deref().unwrap();
    assert_eq!(user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    assert_eq!(
        req.uri.password.as_deref(),
        Some("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)")
    );
    let to = req.headers.to().unwrap();
    assert_eq!(to.display_name.as_deref(), Some("BEL:\x07 NUL:\0 DEL:\x7f"));
    let from = req.headers.from().unwrap();
    assert_eq!(
        from.display_name.as_deref(),
        Some("token1~` token2'+_ token3*%!.-")
    );
    assert_eq!(from.tag(), Some("_token~1'+`*%!-."));
    assert_eq!(
        req.headers.call_id(),
        Ok("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")
    );
}

#[test]
fn escapes_are_decoded() {
    let req = request("esc01");
    assert_eq!(req.uri.user.as_deref(), Some("sips:user@example.com"));
    assert_eq!(req.headers.to().unwrap().uri.user.as_deref(), Some("user"));
    assert_eq!(
        req.headers.from().unwrap().uri.user.as_deref(),
        Some("I have spaces")
    );
    let Ok(Some(Contact::Addresses(contact))) = req.headers.contacts() else {
        panic!("contact")
    };
    let params = &contact[0].uri.params;
    assert_eq!(
        params,
        &[
            ("lr".into(), None),
            ("name".into(), Some("value%41".into()))
        ]
    );
    let req = request("escnull");
    assert_eq!(
        req.headers.to().unwrap().uri.user.as_deref(),
        Some("null-\0-null")
    );
}

#[test]
fn percent_that_is_not_an_escape() {
    let req = request("esc02");
    assert_eq!(req.method, Method::Other("RE%47IST%45R".into()));
    assert_eq!(
        req.headers.to().unwrap().display_name.as_deref(),
        Some("%Z%45")
    );
    let unknown = HeaderName::from_wire("C%6Fntact");
    assert_eq!(
        req.headers.get(&unknown),
        Some("<sip:alias2@host2.example.com>")
    );
    let Ok(Some(Contact::Addresses(contacts))) = req.headers.contacts() else {
        panic!("contacts")
    };
    assert_eq!(contacts.len(), 2, "C%6Fntact is not Contact");
}

#[test]
fn extra_datagram_bytes_are_discarded() {
    let req = request("dblreq");
    assert_eq!(req.method, Method::Register);
    assert!(req.body.is_empty());
}

#[test]
fn user_part_with_semicolons_and_many_transports() {
    let req = request("semiuri");
    assert_eq!(req.uri.user.as_deref(), Some("user;par=u@example.net"));
    assert!(req.uri.params.is_empty());
    let vias = request("transports").headers.vias().unwrap();
    let transports: Vec<_> = vias.iter().map(|v| v.transport.as_str()).collect();
    assert_eq!(transports, ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]);
}

#[test]
fn binary_multipart_body_is_kept_whole() {
    let req = request("mpart01");
    assert_eq!(Some(req.body.len()), req.headers.content_length().unwrap());
    assert!(req.body.windows(3).any(|w| w == [0x00, 0xff, 0xfe]));
}

#[test]
fn response_reason_phrases() {
    let Ok(Message::Response(res)) = parse("unreason") else {
        panic!("response")
    };
    assert_eq!(res.status, 200);
    assert!(res.reason.starts_with("= 2**3 * 5**2 но"));
    let Ok(Message::Response(res)) = parse("noreason") else {
        panic!("response")
    };
    assert_eq!((res.status, res.reason.as_str()), (100, ""));
}

#[test]
fn semantic_oddities_parse_but_typed_views_refuse_them() {
    let req = request("unksm2");
    assert!(req.headers.to().is_err(), "isbn: is not a SIP URI");
    assert!(req.headers.contacts().is_err());
    assert_eq!(request("zeromf").headers.max_forwards(), Ok(Some(0)));
    let req = request("inv2543");
    assert_eq!(req.headers.top_via().unwrap().branch(), None);
    assert_eq!(req.headers.max_forwards(), Ok(None));
    assert!(
        req.body.starts_with(b"v=0\r\n"),
        "no Content-Length: the rest of the datagram"
    );
    assert!(req.body.ends_with(b"a=rtpmap:31 LPC\r\n"));
}

#[test]
fn contact_parameters_vs_uri_parameters() {
    let Ok(Some(Contact::Addresses(c))) = request("cparam01").headers.contacts() else {
        panic!()
    };
    assert!(c[0].params.contains("unknownparam"));
    assert!(c[0].uri.params.is_empty());
    let Ok(Some(Contact::Addresses(c))) = request("cparam02").headers.contacts() else {
        panic!()
    };
    assert!(c[0].params.is_empty());
    assert_eq!(c[0].uri.params, [("unknownparam".into(), None)]);
    let Ok(Some(Contact::Addresses(c))) = request("regescrt").headers.contacts() else {
        panic!()
    };
    assert_eq!(
        c[0].uri.headers,
        [("Route".into(), "<sip:sip.example.com>".into())]
    );
}
