//! RFC 5118 IPv6 torture messages (tests/data/rfc5118/*.sip), byte-exact
//! copies of the twelve files in the RFC's Appendix A archive (see the
//! folder's README).
//!
//! The archive is not wire-ready: its files end lines with a bare LF, the two
//! §4.10 files stop without the empty line that ends a head, and the
//! Content-Length of §4.6 and §4.8 does not match their bodies under either
//! line ending. [`wire`] makes the one documented transformation (CRLF, a
//! closing empty line, Content-Length = body) so each section is tested on
//! what it is about: IPv6 references. The archive quirks are pinned by
//! `the_archive_*` tests.

use sip::parse::{Limits, error_response, parse_datagram, parse_stream};
use sip::{Contact, HeaderName, Host, Message, ParseError, Request, SyntaxError};

/// (section, file) for every message RFC 5118 §4 defines.
const SECTIONS: &[(&str, &str)] = &[
    ("4.1", "ipv6-good"),
    ("4.2", "ipv6-bad"),
    ("4.3", "port-ambiguous"),
    ("4.4", "port-unambiguous"),
    ("4.5", "via-received-param-with-delim"),
    ("4.5", "via-received-param-no-delim"),
    ("4.6", "ipv6-in-sdp"),
    ("4.7", "mult-ip-in-header"),
    ("4.8", "mult-ip-in-sdp"),
    ("4.9", "ipv4-mapped-ipv6"),
    ("4.10", "ipv6-bug-abnf-3-colons"),
    ("4.10", "ipv6-correct-abnf-2-colons"),
];

/// (file, size, FNV-1a 64 of the bytes): the archive's bytes, pinned.
const FINGERPRINTS: &[(&str, usize, u64)] = &[
    ("ipv4-mapped-ipv6", 636, 0x7f6a6e410d342403),
    ("ipv6-bad", 291, 0x91baf0a8909bbc51),
    ("ipv6-bug-abnf-3-colons", 272, 0xb83d768907b56cfc),
    ("ipv6-correct-abnf-2-colons", 270, 0x3fa0d2b4cee4c6ca),
    ("ipv6-good", 293, 0x4a8deb351f7abd99),
    ("ipv6-in-sdp", 570, 0x0e9cae19eb166aef),
    ("mult-ip-in-header", 386, 0xec3c5a4796b79367),
    ("mult-ip-in-sdp", 510, 0xce2e33afce55127c),
    ("port-ambiguous", 298, 0x573582616395ef6f),
    ("port-unambiguous", 298, 0xf465e54b44ed7059),
    ("via-received-param-no-delim", 307, 0x831679b4ba79280c),
    ("via-received-param-with-delim", 274, 0xb58b45014b4db250),
];

/// The file as archived.
mod corpus_support;

fn archived(name: &str) -> Vec<u8> {
    corpus_support::read("rfc5118", name)
}

/// The archived message as it goes on the wire: LF → CRLF, the head closed
/// by an empty line if the file left it open, and Content-Length rewritten
/// to the body's length (digits only; the name and `: ` are kept).
fn wire(archive: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(archive.to_vec()).expect("the archive is ASCII");
    let mut crlf = text.replace('\n', "\r\n");
    if !crlf.contains("\r\n\r\n") {
        crlf.push_str("\r\n");
    }
    let (head, body) = crlf.split_once("\r\n\r\n").unwrap();
    let lines: Vec<String> = head
        .split("\r\n")
        .map(|line| match line.split_once(": ") {
            Some((name, _)) if name.eq_ignore_ascii_case("Content-Length") => {
                format!("{name}: {}", body.len())
            }
            _ => line.to_owned(),
        })
        .collect();
    format!("{}\r\n\r\n{body}", lines.join("\r\n")).into_bytes()
}

fn parse(name: &str) -> Result<Message, ParseError> {
    parse_datagram(&wire(&archived(name)), &Limits::default())
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

/// The declared Content-Length and the body's length, as archived.
fn declared_and_actual(archive: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(archive).unwrap();
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let declared = head.lines().find_map(|l| l.strip_prefix("Content-Length: ")).unwrap().parse().unwrap();
    (declared, body.len())
}

// ---------------------------------------------------------------------------
// The corpus itself
// ---------------------------------------------------------------------------

#[test]
fn the_folder_holds_the_12_messages_of_section_4_and_nothing_else() {
    corpus_support::assert_holds_exactly("rfc5118", SECTIONS);
    assert_eq!(SECTIONS.len(), 12);
}

#[test]
fn files_are_the_archive_bytes() {
    corpus_support::assert_fingerprints("rfc5118", FINGERPRINTS, SECTIONS.len());
}

/// No CR anywhere; every file ends in LF; only the §4.10 pair lacks the
/// empty line after the headers.
#[test]
fn the_archive_uses_bare_lf_and_leaves_the_4_10_heads_open() {
    for &(section, name) in SECTIONS {
        let bytes = archived(name);
        assert!(!bytes.contains(&b'\r'), "{name}");
        assert!(bytes.ends_with(b"\n"), "{name}");
        let has_empty_line = bytes.windows(2).any(|w| w == b"\n\n");
        assert_eq!(has_empty_line, section != "4.10", "{name}");
    }
}

/// RFC 5118's Content-Length values, against the archived (LF) bodies:
/// only §4.9's matches; §4.6 and §4.8 declare more than they carry (with
/// CRLF bodies, 251 and 189, neither matches either).
#[test]
fn the_archive_content_lengths_are_the_rfcs_own() {
    let expected = [("ipv6-in-sdp", (268, 242)), ("mult-ip-in-sdp", (181, 180)), ("ipv4-mapped-ipv6", (236, 236))];
    for (name, pair) in expected {
        assert_eq!(declared_and_actual(&archived(name)), pair, "{name}");
    }
    for &(_, name) in SECTIONS.iter().filter(|(_, n)| !n.ends_with("sdp") && !n.starts_with("ipv4")) {
        assert_eq!(declared_and_actual(&archived(name)), (0, 0), "{name}");
    }
}

/// `wire` changes line ends, closes an open head and fixes Content-Length
/// digits — nothing else.
#[test]
fn wire_changes_only_terminators_and_content_length() {
    for &(_, name) in SECTIONS {
        let archive = archived(name);
        let wired = String::from_utf8(wire(&archive)).unwrap();
        let back = wired.replace("\r\n", "\n");
        let original = String::from_utf8(archive).unwrap();
        let strip_length = |s: &str| -> Vec<String> {
            s.trim_end_matches('\n').lines().filter(|l| !l.starts_with("Content-Length: ")).map(str::to_owned).collect()
        };
        assert_eq!(strip_length(&back), strip_length(&original), "{name}");
        assert!(wired.contains("\r\n\r\n"), "{name}");
    }
}

/// The archived bytes themselves: bare LF is accepted, so the messages with
/// a closed head and a Content-Length that fits parse as archived, to the
/// same head as on the wire. The others fail on the archive's framing.
#[test]
fn archived_bytes_parse_where_the_archive_frames_them() {
    for &(section, name) in SECTIONS {
        let as_archived = parse_datagram(&archived(name), &Limits::default());
        match (section, name) {
            ("4.10", _) => assert_eq!(as_archived, Err(ParseError::Incomplete), "{name}"),
            (_, "ipv6-in-sdp" | "mult-ip-in-sdp") => {
                assert!(matches!(as_archived, Err(ParseError::Truncated { .. })), "{name}: {as_archived:?}")
            }
            (_, "ipv6-bad") => assert!(as_archived.is_err()),
            _ => assert_eq!(head_only(as_archived.unwrap()), head_only(parse(name).unwrap()), "{name}"),
        }
    }
}

/// The start line and headers, bar Content-Length (the body keeps its LF
/// or CRLF line ends, and so its length).
fn head_only(message: Message) -> Message {
    let Message::Request(mut req) = message else { panic!("a request") };
    req.headers.remove(&HeaderName::ContentLength);
    req.body.clear();
    Message::Request(req)
}

// ---------------------------------------------------------------------------
// §4 sections
// ---------------------------------------------------------------------------

/// Every message but §4.2's (and §4.10's three-colon one, see below) must
/// be accepted; it prints and parses back to itself, and frames on a stream.
#[test]
fn valid_messages_parse_round_trip_and_frame_on_streams() {
    let valid = SECTIONS.iter().map(|(_, n)| *n).filter(|n| !matches!(*n, "ipv6-bad"));
    for name in valid {
        let first = parse(name).unwrap_or_else(|err| panic!("{name}: {err}"));
        let again = parse_datagram(&first.to_bytes(), &Limits::default()).unwrap();
        assert_eq!(first.to_bytes(), again.to_bytes(), "{name}");
        let bytes = wire(&archived(name));
        let (streamed, used) = parse_stream(&bytes, &Limits::default()).unwrap().unwrap();
        assert_eq!((streamed, used), (first, bytes.len()), "{name}");
    }
}

/// §4.1: IPv6 references, delimited by "[" "]", in the Request-URI, Via and
/// Contact.
#[test]
fn ipv6_good_valid_message_with_an_ipv6_reference() {
    let req = request("ipv6-good");
    assert_eq!(req.uri.host, v6("2001:db8::10"));
    assert_eq!(req.uri.to_string(), "sip:[2001:db8::10]");
    assert_eq!(req.headers.top_via().unwrap().host, v6("2001:db8::9:1"));
    let Ok(Some(Contact::Addresses(c))) = req.headers.contacts() else { panic!("contact") };
    assert_eq!(c[0].display_name.as_deref(), Some("Caller"));
    assert_eq!(c[0].uri.host, v6("2001:db8::1"));
}

/// §4.2: the Request-URI's IPv6 address lacks the mandated "[" "]". "A SIP
/// implementation receiving this request should respond with a 400 Bad
/// Request error."
#[test]
fn ipv6_bad_gets_400() {
    let bytes = wire(&archived("ipv6-bad"));
    let err = parse_datagram(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(err, ParseError::RequestUri(SyntaxError::Port));
    assert_eq!(err.status(), Some((400, "Bad Request-URI")));
    let reply = error_response(&bytes, &err).unwrap();
    assert_eq!(reply.status, 400);
    assert_eq!(reply.headers.get(&HeaderName::Via), Some("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111"));
}

/// §4.3 and §4.4: `[2001:db8::10:5070]` is well-formed — an IPv6 address
/// with no port, whatever the sender meant — while
/// `[2001:db8::10]:5070` is the address and port 5070.
#[test]
fn port_ambiguous_and_port_unambiguous() {
    let req = request("port-ambiguous");
    assert_eq!((req.uri.host, req.uri.port), (v6("2001:db8::10:5070"), None));
    let req = request("port-unambiguous");
    assert_eq!((req.uri.host, req.uri.port), (v6("2001:db8::10"), Some(5070)));
}

/// §4.5: a `received` IPv6 address with and without "[" "]". "A SIP
/// implementation receiving either of these messages must parse them
/// successfully." The parameter is kept as sent.
#[test]
fn via_received_param_with_and_without_delimiters() {
    let via = request("via-received-param-with-delim").headers.top_via().unwrap();
    assert_eq!(via.host, v6("2001:db8::9:1"));
    assert_eq!(via.received(), Some("[2001:db8::9:255]"));
    assert_eq!(via.branch(), Some("z9hG4bKas3-111"));
    let via = request("via-received-param-no-delim").headers.top_via().unwrap();
    assert_eq!(via.received(), Some("2001:db8::9:255"));
    assert_eq!(via.branch(), Some("z9hG4bKas3"));
}

/// §4.6: IPv6 addresses in the SDP body (`IN IP6`, no brackets).
#[test]
fn ipv6_in_sdp() {
    let req = request("ipv6-in-sdp");
    assert_eq!(req.uri.host, v6("2001:db8::10"));
    assert_eq!(req.headers.to().unwrap().uri.host, v6("2001:db8::10"));
    assert_eq!(req.headers.top_via().unwrap().host, v6("2001:db8::20"));
    let body = String::from_utf8(req.body).unwrap();
    assert!(body.contains("\r\nc=IN IP6 2001:db8::20\r\n"));
    assert!(body.ends_with("a=rtpmap:107 H263-1998/90000\r\n"));
}

/// §4.7: IPv6 and IPv4 in one Via list, a port after a reference, and an
/// IPv4 `received` on an IPv6 hop.
#[test]
fn mult_ip_in_header() {
    let vias = request("mult-ip-in-header").headers.vias().unwrap();
    assert_eq!(vias.len(), 3);
    assert_eq!((vias[0].host.clone(), vias[0].port), (v6("2001:db8::9:1"), Some(6050)));
    assert_eq!(vias[1].host, Host::V4("192.0.2.1".parse().unwrap()));
    assert_eq!(vias[2].transport, "TCP");
    assert_eq!(vias[2].host, v6("2001:db8::9:255"));
    assert_eq!(vias[2].received(), Some("192.0.2.200"));
}

/// §4.8: per-stream `c=` lines, one IPv4 and one IPv6.
#[test]
fn mult_ip_in_sdp() {
    let req = request("mult-ip-in-sdp");
    let body = String::from_utf8(req.body).unwrap();
    assert!(body.contains("\r\nc=IN IP4 192.0.2.1\r\n"));
    assert!(body.contains("\r\nc=IN IP6 2001:db8::1\r\n"));
}

/// §4.9: IPv4-mapped IPv6 addresses. "A SIP implementation receiving a
/// message that contains such a mapped address must be prepared to parse it
/// successfully."
#[test]
fn ipv4_mapped_ipv6() {
    let req = request("ipv4-mapped-ipv6");
    let vias = req.headers.vias().unwrap();
    assert_eq!((vias[0].host.clone(), vias[0].port), (v6("::ffff:192.0.2.10"), Some(19823)));
    assert_eq!((vias[1].host.clone(), vias[1].port), (v6("::ffff:192.0.2.2"), None));
    let Ok(Some(Contact::Addresses(c))) = req.headers.contacts() else { panic!("contact") };
    assert_eq!(c[0].uri.host, v6("::ffff:192.0.2.2"));
    assert!(req.body.ends_with(b"a=rtpmap:107 H263-1998/90000\r\n"));
}

/// §4.10: the correct construct, `[2001:db8::192.0.2.1]`.
#[test]
fn ipv6_correct_abnf_2_colons() {
    let req = request("ipv6-correct-abnf-2-colons");
    assert_eq!(req.uri.host, v6("2001:db8::192.0.2.1"));
    assert_eq!(req.headers.to().unwrap().uri.host, v6("2001:db8::192.0.2.1"));
}

/// §4.10: `[2001:db8:::192.0.2.1]`, which RFC 3261's ABNF (inherited from
/// RFC 2373) allows and RFC 4291 does not. RFC 5118 asks implementations to
/// tolerate both forms ("Robustness Principle"): the three-colon message
/// parses, and names the same hosts as the two-colon one.
#[test]
fn ipv6_bug_abnf_3_colons_is_tolerated_as_the_two_colon_form() {
    // The two messages differ only by the extra colon, twice.
    let buggy = String::from_utf8(archived("ipv6-bug-abnf-3-colons")).unwrap();
    let correct = String::from_utf8(archived("ipv6-correct-abnf-2-colons")).unwrap();
    assert_eq!(buggy.replace(":::", "::"), correct);
    let (Message::Request(buggy), Message::Request(correct)) =
        (parse("ipv6-bug-abnf-3-colons").unwrap(), parse("ipv6-correct-abnf-2-colons").unwrap())
    else {
        panic!("both are requests");
    };
    assert_eq!(buggy.uri, correct.uri);
    assert_eq!(buggy.headers.to().unwrap(), correct.headers.to().unwrap(), "typed To names the same host");
}
