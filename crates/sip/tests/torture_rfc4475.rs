//! RFC 4475 torture messages (tests/data/rfc4475/*.sip), byte-exact copies
//! of the files in the RFC's Appendix A archive (see the folder's README).
//!
//! Each test names the RFC 4475 section it checks and asserts what that
//! section says a receiver does with the message. Where the RFC leaves the
//! receiver a choice ("it is acceptable to reject ... an element that is
//! liberal in what it accepts may ..."), the test pins the choice this parser
//! makes and says so.
//!
//! The messages are datagrams ("ostensibly arrived over UDP"), so they go
//! through [`parse_datagram`]; the framing cases are also checked on a stream.

use sip::parse::{Limits, error_response, parse_datagram, parse_stream};
use sip::{Contact, HeaderError, HeaderName, Host, Message, Method, ParseError, Request, Response};

mod corpus_support;

fn data(name: &str) -> Vec<u8> {
    corpus_support::read("rfc4475", name)
}

fn parse(name: &str) -> Result<Message, ParseError> {
    parse_datagram(&data(name), &Limits::default())
}

fn stream(name: &str) -> Result<Option<(Message, usize)>, ParseError> {
    parse_stream(&data(name), &Limits::default())
}

fn request(name: &str) -> Request {
    match parse(name) {
        Ok(Message::Request(req)) => req,
        other => panic!("{name}: expected a request, got {other:?}"),
    }
}

fn response(name: &str) -> Response {
    match parse(name) {
        Ok(Message::Response(res)) => res,
        other => panic!("{name}: expected a response, got {other:?}"),
    }
}

/// Parses, prints, parses again: the same message (Content-Length aside).
fn assert_round_trip(name: &str) {
    let first = parse(name).unwrap_or_else(|err| panic!("{name}: {err}"));
    let again =
        parse_datagram(&first.to_bytes(), &Limits::default()).unwrap_or_else(|err| panic!("{name} reprinted: {err}"));
    assert_eq!(without_length(first), without_length(again), "{name}");
}

fn without_length(mut message: Message) -> Message {
    match &mut message {
        Message::Request(req) => req.headers.remove(&HeaderName::ContentLength),
        Message::Response(res) => res.headers.remove(&HeaderName::ContentLength),
    }
    message
}

/// The status and reason of the reply the parser asks for.
fn reply_to(name: &str) -> (u16, &'static str) {
    let err = parse(name).expect_err(name);
    err.status().unwrap_or_else(|| panic!("{name}: {err:?} gets no reply"))
}

// ---------------------------------------------------------------------------
// The corpus itself
// ---------------------------------------------------------------------------

/// (section, file) for every message RFC 4475 §3 defines.
const SECTIONS: &[(&str, &str)] = &[
    ("3.1.1.1", "wsinv"),
    ("3.1.1.2", "intmeth"),
    ("3.1.1.3", "esc01"),
    ("3.1.1.4", "escnull"),
    ("3.1.1.5", "esc02"),
    ("3.1.1.6", "lwsdisp"),
    ("3.1.1.7", "longreq"),
    ("3.1.1.8", "dblreq"),
    ("3.1.1.9", "semiuri"),
    ("3.1.1.10", "transports"),
    ("3.1.1.11", "mpart01"),
    ("3.1.1.12", "unreason"),
    ("3.1.1.13", "noreason"),
    ("3.1.2.1", "badinv01"),
    ("3.1.2.2", "clerr"),
    ("3.1.2.3", "ncl"),
    ("3.1.2.4", "scalar02"),
    ("3.1.2.5", "scalarlg"),
    ("3.1.2.6", "quotbal"),
    ("3.1.2.7", "ltgtruri"),
    ("3.1.2.8", "lwsruri"),
    ("3.1.2.9", "lwsstart"),
    ("3.1.2.10", "trws"),
    ("3.1.2.11", "escruri"),
    ("3.1.2.12", "baddate"),
    ("3.1.2.13", "regbadct"),
    ("3.1.2.14", "badaspec"),
    ("3.1.2.15", "baddn"),
    ("3.1.2.16", "badvers"),
    ("3.1.2.17", "mismatch01"),
    ("3.1.2.18", "mismatch02"),
    ("3.1.2.19", "bigcode"),
    ("3.2.1", "badbranch"),
    ("3.3.1", "insuf"),
    ("3.3.2", "unkscm"),
    ("3.3.3", "novelsc"),
    ("3.3.4", "unksm2"),
    ("3.3.5", "bext01"),
    ("3.3.6", "invut"),
    ("3.3.7", "regaut01"),
    ("3.3.8", "multi01"),
    ("3.3.9", "mcl01"),
    ("3.3.10", "bcast"),
    ("3.3.11", "zeromf"),
    ("3.3.12", "cparam01"),
    ("3.3.13", "cparam02"),
    ("3.3.14", "regescrt"),
    ("3.3.15", "sdp01"),
    ("3.4.1", "inv2543"),
];

/// (file, size, FNV-1a 64 of the bytes): the archive's bytes, pinned, so an
/// editor that strips trailing spaces (trws, noreason) or normalises line
/// endings fails here rather than silently weakening a test.
const FINGERPRINTS: &[(&str, usize, u64)] = &[
    ("badaspec", 346, 0x7e1cfaecb78547af),
    ("badbranch", 262, 0x6c8e3cc392912213),
    ("baddate", 532, 0x265f9e6d86b5ba08),
    ("baddn", 331, 0xf268e8fe9ff92bc4),
    ("badinv01", 472, 0xabaf1cddce2ea338),
    ("badvers", 291, 0x283ed8cfdeccee32),
    ("bcast", 516, 0x686484117d5dd3b5),
    ("bext01", 381, 0xcf32cb299e3b2855),
    ("bigcode", 332, 0x0fe11f07c50aa700),
    ("clerr", 498, 0x048fd6b0ed5a1a75),
    ("cparam01", 321, 0x9bd8d4c02b2b48c5),
    ("cparam02", 311, 0x90bfd4f71bb46b30),
    ("dblreq", 750, 0x08d59c7b17b51898),
    ("esc01", 543, 0xec3a89e6cfc7f7d3),
    ("esc02", 439, 0x62cb87491c374bac),
    ("escnull", 359, 0xb56d30c764dfda07),
    ("escruri", 550, 0x070537f84f57dd85),
    ("insuf", 304, 0xaa9a527d3841118a),
    ("intmeth", 641, 0xefc5a6639689c901),
    ("inv2543", 445, 0xa64bd28b9502694a),
    ("invut", 391, 0x3a270866ea0c1a10),
    ("longreq", 3515, 0x826a0e847279a9cf),
    ("ltgtruri", 452, 0x2ceeb62f11694e71),
    ("lwsdisp", 255, 0xfddf345468a3c69e),
    ("lwsruri", 541, 0xc1c1ec17518ccf31),
    ("lwsstart", 506, 0xdf4b31726f402355),
    ("mcl01", 382, 0x1b8671ee4a6565dc),
    ("mismatch01", 236, 0x124ddd18f0b9a13f),
    ("mismatch02", 449, 0x641642bf6e8fb847),
    ("mpart01", 1290, 0x79c7ba2da508b7cc),
    ("multi01", 643, 0xcace3d3fc5ebec32),
    ("ncl", 486, 0x1f9bbbde223cb2c6),
    ("noreason", 274, 0xc7dd437a2330c017),
    ("novelsc", 277, 0x8606552427ad773c),
    ("quotbal", 485, 0x62a5577280c50f2f),
    ("regaut01", 304, 0x917fc9d7d8cbb377),
    ("regbadct", 307, 0xa0dab8bfdaebd906),
    ("regescrt", 302, 0x4c9af98d7f224310),
    ("scalar02", 476, 0xc23f618a952b0e96),
    ("scalarlg", 385, 0x5e9dbcfa9e8e388a),
    ("sdp01", 494, 0xe25f6ed406510a4a),
    ("semiuri", 380, 0xa56af3bfc9984ba8),
    ("transports", 503, 0xb5ee333f37864986),
    ("trws", 327, 0x5a81eef6f34f1cb2),
    ("unkscm", 291, 0x1d6f622055559894),
    ("unksm2", 282, 0xbc48aaa6ed289a4e),
    ("unreason", 526, 0xc247cf6222f366e8),
    ("wsinv", 1001, 0xc7051bc60630dd66),
    ("zeromf", 272, 0x68b5a926f0d5a7ce),
];

#[test]
fn the_folder_holds_the_49_messages_of_section_3_and_nothing_else() {
    corpus_support::assert_holds_exactly("rfc4475", SECTIONS);
    assert_eq!(SECTIONS.len(), 49);
}

#[test]
fn files_are_the_archive_bytes() {
    corpus_support::assert_fingerprints("rfc4475", FINGERPRINTS, SECTIONS.len());
}

/// The archive's messages are CRLF-terminated; no head carries a bare LF or
/// CR. Only `baddn` stops without the empty line that ends a head (the RFC
/// prints one; its archive file does not).
#[test]
fn heads_use_crlf_and_all_but_baddn_end_in_an_empty_line() {
    for &(_, name) in SECTIONS {
        let bytes = data(name);
        let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |at| at + 2);
        assert_eq!(name == "baddn", head_end == bytes.len(), "{name}");
        let head = &bytes[..head_end];
        for (at, &b) in head.iter().enumerate() {
            match b {
                b'\n' => assert_eq!(head[at - 1], b'\r', "{name}: bare LF at {at}"),
                b'\r' => assert_eq!(head.get(at + 1), Some(&b'\n'), "{name}: bare CR at {at}"),
                _ => {}
            }
        }
    }
    assert!(data("baddn").ends_with(b"l: 0\r\n"));
}

// ---------------------------------------------------------------------------
// §3.1.1 Valid messages: every element must accept these
// ---------------------------------------------------------------------------

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
];

#[test]
fn valid_messages_parse_and_round_trip() {
    for name in VALID {
        assert_round_trip(name);
    }
}

/// Each carries a Content-Length that frames it exactly (dblreq frames its
/// REGISTER; the rest of that datagram is §3.1.1.8's point).
#[test]
fn valid_messages_frame_on_streams_too() {
    for name in VALID {
        let bytes = data(name);
        let (message, used) = stream(name).unwrap().unwrap();
        let expected = match *name {
            "dblreq" => bytes.windows(6).position(|w| w == b"INVITE").unwrap() - 2,
            _ => bytes.len(),
        };
        assert_eq!(used, expected, "{name}");
        assert_eq!(without_length(message), without_length(parse(name).unwrap()), "{name}");
    }
}

/// §3.1.1.1: folding, escaped quotes, empty Subject, LWS around separators,
/// mixed compact/long names, unknown parameters and headers, leading zeros.
#[test]
fn wsinv_a_short_tortuous_invite() {
    let req = request("wsinv");
    assert_eq!(req.method, Method::Invite);
    assert_eq!(req.uri.to_string(), "sip:vivekg@chair-dnrc.example.com;unknownparam");
    let h = &req.headers;
    let to = h.to().unwrap();
    assert_eq!(to.uri.to_string(), "sip:vivekg@chair-dnrc.example.com");
    assert_eq!(to.tag(), Some("1918181833n"));
    let from = h.from().unwrap();
    assert_eq!(from.display_name.as_deref(), Some(r#"J Rosenberg \""#));
    assert_eq!(from.tag(), Some("98asjd8"));
    assert_eq!(h.max_forwards(), Ok(Some(68)), "leading zeros");
    assert_eq!(h.call_id(), Ok("wsinv.ndaksdj@192.0.2.1"));
    let cseq = h.cseq().unwrap();
    assert_eq!((cseq.seq, cseq.method), (9, Method::Invite));
    // `s :` is the empty Subject, in compact form. The parser only expands
    // the compact forms of the headers it types, so it is stored as `s`.
    assert_eq!(h.get(&HeaderName::from_wire("s")), Some(""));
    let vias = h.vias().unwrap();
    assert_eq!(vias.len(), 3, "one Via line and a folded, comma-separated v:");
    assert_eq!(vias[0].transport, "UDP");
    assert_eq!(vias[0].host, Host::V4("192.0.2.2".parse().unwrap()));
    assert_eq!(vias[0].branch(), Some("390skdjuw"));
    assert_eq!(vias[0].params.len(), 1);
    assert_eq!(vias[1].transport, "TCP");
    assert_eq!(vias[1].host, Host::Domain("spindle.example.com".into()));
    assert_eq!(vias[1].branch(), Some("z9hG4bK9ikj8"));
    assert_eq!(vias[2].host, Host::V4("192.168.255.111".parse().unwrap()));
    assert_eq!(vias[2].branch(), Some("z9hG4bK30239"));
    let Ok(Some(Contact::Addresses(contacts))) = h.contacts() else { panic!("contacts") };
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].display_name.as_deref(), Some(r#"Quoted string """#));
    assert_eq!(contacts[0].params.get("newparam"), Some(Some("newvalue")));
    assert_eq!(contacts[0].params.get("secondparam"), Some(None));
    assert_eq!(contacts[0].q(), Some(0.33));
    assert_eq!(h.get(&HeaderName::from_wire("newfangledheader")), Some("newfangled value continued newfangled value"));
    // Unknown header: its value is opaque, however it would parse as params.
    assert_eq!(h.get(&HeaderName::from_wire("UnknownHeaderWithUnusualValue")), Some(";;,,;;,;"));
    let routes = h.routes().unwrap();
    assert_eq!(routes[0].uri.params.len(), 3);
    assert_eq!(h.content_type(), Ok(Some("application/sdp")));
    assert_eq!(h.content_length(), Ok(Some(150)));
    assert_eq!(req.body.len(), 150);
    assert!(req.body.ends_with(b"a=rtpmap:31 LPC\r\n"));
}

#[test]
fn wsinv_with_bare_line_feeds_parses_the_same() {
    let crlf = data("wsinv");
    let text = String::from_utf8(crlf.clone()).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let lf = format!("{}\n\n{body}", head.replace("\r\n", "\n"));
    let from_lf = parse_datagram(lf.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(from_lf, parse_datagram(&crlf, &Limits::default()).unwrap());
}

/// §3.1.1.2: token characters in the method (an unknown method; `%` is not
/// an escape there), unusual URI characters, quoted-pairs of BEL, NUL and
/// DEL, UTF-8 in a parameter and in an extension header.
#[test]
fn intmeth_wide_range_of_valid_characters() {
    let req = request("intmeth");
    let method = "!interesting-Method0123456789_*+`.%indeed'~";
    assert_eq!(req.method, Method::Other(method.into()));
    assert_eq!(req.headers.cseq().unwrap().method, Method::Other(method.into()));
    assert_eq!(req.uri.user.as_deref(), Some("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"));
    assert_eq!(req.uri.password.as_deref(), Some("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"));
    assert_eq!(req.uri.host, Host::Domain("example.com".into()));
    assert_eq!(req.headers.top_via().unwrap().branch(), Some("z9hG4bK-.!%66*_+`'~"));
    let to = req.headers.to().unwrap();
    assert_eq!(to.display_name.as_deref(), Some("BEL:\x07 NUL:\0 DEL:\x7f"));
    let from = req.headers.from().unwrap();
    assert_eq!(from.display_name.as_deref(), Some("token1~` token2'+_ token3*%!.-"));
    assert_eq!(from.params.get("fromParam''~+*_!.-%"), Some(Some("\"работающий\"")));
    assert_eq!(from.tag(), Some("_token~1'+`*%!-."));
    assert_eq!(req.headers.call_id(), Ok("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"));
    assert_eq!(req.headers.max_forwards(), Ok(Some(255)));
    assert_eq!(req.headers.get(&HeaderName::from_wire("extensionHeader-!.%*+_`'~")), Some("\u{feff}大停電"));
}

/// §3.1.1.3: escapes in user parts and URI parameters mean their characters;
/// `%25%34%31` is "%41", not "A".
#[test]
fn esc01_valid_use_of_the_escaping_mechanism() {
    let req = request("esc01");
    assert_eq!(req.uri.user.as_deref(), Some("sips:user@example.com"));
    assert_eq!(req.uri.host, Host::Domain("example.net".into()));
    assert_eq!(req.headers.to().unwrap().uri.user.as_deref(), Some("user"));
    assert_eq!(req.headers.from().unwrap().uri.user.as_deref(), Some("I have spaces"));
    assert_eq!(req.headers.call_id(), Ok("esc01.239409asdfakjkn23onasd0-3234"));
    let Ok(Some(Contact::Addresses(contact))) = req.headers.contacts() else { panic!("contact") };
    assert_eq!(contact[0].uri.user.as_deref(), Some("caller"));
    assert_eq!(contact[0].uri.params, [("lr".into(), None), ("name".into(), Some("value%41".into()))]);
}

/// §3.1.1.4: `%00` is a legal escape; the users contain NUL octets.
#[test]
fn escnull_escaped_nulls_in_uris() {
    let req = request("escnull");
    assert_eq!(req.headers.to().unwrap().uri.user.as_deref(), Some("null-\0-null"));
    assert_eq!(req.headers.from().unwrap().uri.user.as_deref(), Some("null-\0-null"));
    let Ok(Some(Contact::Addresses(contacts))) = req.headers.contacts() else { panic!("contacts") };
    let users: Vec<_> = contacts.iter().map(|c| c.uri.user.as_deref()).collect();
    assert_eq!(users, [Some("\0"), Some("\0\0")]);
}

/// §3.1.1.5: `%` outside the `escaped` rule is just a character: the method
/// is unknown (not REGISTER), `C%6Fntact` is an unknown header, and there
/// are two Contact values, not three.
#[test]
fn esc02_use_of_percent_when_it_is_not_an_escape() {
    let req = request("esc02");
    assert_eq!(req.method, Method::Other("RE%47IST%45R".into()));
    assert_ne!(req.method, Method::Register);
    for address in [req.headers.to().unwrap(), req.headers.from().unwrap()] {
        assert_eq!(address.display_name.as_deref(), Some("%Z%45"));
    }
    assert_eq!(req.headers.top_via().unwrap().branch(), Some("z9hG4bK209%fzsnel234"));
    assert_eq!(req.headers.get(&HeaderName::from_wire("C%6Fntact")), Some("<sip:alias2@host2.example.com>"));
    let Ok(Some(Contact::Addresses(contacts))) = req.headers.contacts() else { panic!("contacts") };
    assert_eq!(contacts.len(), 2, "C%6Fntact is not Contact");
}

/// §3.1.1.6: no LWS between a token display name and `<`.
#[test]
fn lwsdisp_no_lws_between_display_name_and_angle_bracket() {
    let from = request("lwsdisp").headers.from().unwrap();
    assert_eq!(from.display_name.as_deref(), Some("caller"));
    assert_eq!(from.uri.to_string(), "sip:caller@example.com");
    assert_eq!(from.tag(), Some("323"));
}

/// §3.1.1.7: long values everywhere, 34 Vias under every spelling of the
/// name, and a Content-Length in compact form.
#[test]
fn longreq_long_values_in_header_fields() {
    let req = request("longreq");
    let h = &req.headers;
    let to = h.to().unwrap();
    assert_eq!(
        to.display_name.as_deref(),
        Some(format!("I have a user name of {} proportion", "extreme".repeat(10)).as_str())
    );
    assert_eq!(to.uri.port, Some(6000));
    assert_eq!(to.uri.params[0].1.as_deref(), Some(format!("very{}value", "long".repeat(20)).as_str()));
    assert_eq!(to.uri.params[1].0, format!("longparam{}", "name".repeat(25)));
    let from = h.from().unwrap();
    assert_eq!(from.uri.user.as_deref(), Some("amazinglylongcallername".repeat(5).as_str()));
    assert_eq!(from.tag(), Some(format!("12{}424", "982".repeat(50)).as_str()));
    assert_eq!(h.call_id(), Ok(format!("longreq.one{}longcallid", "really".repeat(20)).as_str()));
    let unknown = format!("Unknown-{}-Name", "Long".repeat(20));
    assert!(h.get(&HeaderName::from_wire(&unknown)).is_some());
    let vias = h.vias().unwrap();
    assert_eq!(vias.len(), 34);
    assert_eq!(vias[0].host, Host::Domain("sip33.example.com".into()));
    assert_eq!(vias[32].host, Host::Domain("sip1.example.com".into()));
    assert_eq!(vias[33].branch(), Some(format!("very{}branchvalue", "long".repeat(50)).as_str()));
    assert_eq!(vias[33].received(), Some("192.0.2.5"));
    assert_eq!(h.content_length(), Ok(Some(150)));
    assert_eq!(req.body.len(), 150);
}

/// §3.1.1.8: one REGISTER; the INVITE-like octets after its (empty) body
/// are noise in the datagram and must be ignored (RFC 3261 §18.3).
#[test]
fn dblreq_extra_trailing_octets_in_a_udp_datagram() {
    let req = request("dblreq");
    assert_eq!(req.method, Method::Register);
    assert_eq!(req.headers.call_id(), Ok("dblreq.0ha0isndaksdj99sdfafnl3lk233412"));
    assert!(req.body.is_empty());
}

/// §3.1.1.9: the user part is `user;par=u@example.net`; the Request-URI has
/// no parameters.
#[test]
fn semiuri_semicolon_separated_parameters_in_uri_user_part() {
    let req = request("semiuri");
    assert_eq!(req.uri.user.as_deref(), Some("user;par=u@example.net"));
    assert_eq!(req.uri.host, Host::Domain("example.com".into()));
    assert!(req.uri.params.is_empty());
    let accept_name = HeaderName::from_wire("Accept");
    let accept: Vec<_> = req.headers.get_all(&accept_name).collect();
    assert_eq!(accept.len(), 1, "folded across three lines");
    assert!(accept[0].ends_with("message/sipfrag"));
}

/// §3.1.1.10: every known transport and an unknown one.
#[test]
fn transports_varied_and_unknown_transport_types() {
    let req = request("transports");
    let vias = req.headers.vias().unwrap();
    let transports: Vec<_> = vias.iter().map(|v| v.transport.as_str()).collect();
    assert_eq!(transports, ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]);
    assert_eq!(req.headers.call_id(), Ok("transports.kijh4akdnaqjkwendsasfdj"));
}

/// §3.1.1.11: a multipart body with a binary (PKCS#7) part; the body is
/// Content-Length octets, NULs and lone CRs included.
#[test]
fn mpart01_multipart_mime_message() {
    let req = request("mpart01");
    assert_eq!(req.method, Method::Message);
    assert_eq!(req.headers.content_length(), Ok(Some(553)));
    assert_eq!(req.body.len(), 553);
    assert_eq!(req.headers.content_type(), Ok(Some("multipart/mixed;boundary=7a9cbec02ceef655")));
    assert!(req.body.starts_with(b"--7a9cbec02ceef655\r\nContent-Type: text/plain\r\n"));
    assert!(req.body.ends_with(b"\xd0\x05\r\n--7a9cbec02ceef655--\r\n"));
    let pkcs7 = b"\r\n\r\n\x30\x82\x01\x52\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02";
    assert!(req.body.windows(pkcs7.len()).any(|w| w == pkcs7));
    assert!(req.body.contains(&0));
    let top = req.headers.top_via().unwrap();
    assert_eq!((top.port, top.rport()), (Some(5070), Some(None)));
}

/// §3.1.1.12: a reason phrase with UTF-8 and unusual punctuation.
#[test]
fn unreason_unusual_reason_phrase() {
    let res = response("unreason");
    assert_eq!(res.status, 200);
    assert_eq!(res.reason, "= 2**3 * 5**2 но сто девяносто девять - простое");
    assert_eq!(res.body.len(), 154);
}

/// §3.1.1.13: `SIP/2.0 100 ` — the SP is there, the reason phrase is empty.
#[test]
fn noreason_empty_reason_phrase() {
    let res = response("noreason");
    assert_eq!((res.status, res.reason.as_str()), (100, ""));
    assert!(data("noreason").starts_with(b"SIP/2.0 100 \r\n"));
}

// ---------------------------------------------------------------------------
// §3.1.2 Invalid messages
// ---------------------------------------------------------------------------

/// (file, reply, what RFC 4475 says about it)
const REJECTED: &[(&str, (u16, &str), &str)] = &[
    ("badinv01", (400, "Bad Via"), "§3.1.2.1: syntactically invalid; should respond with 400"),
    ("clerr", (400, "Body Shorter Than Content-Length"), "§3.1.2.2: over UDP, should respond with 400"),
    ("ncl", (400, "Bad Content-Length"), "§3.1.2.3: should respond with an error"),
    ("scalar02", (400, "Bad CSeq"), "§3.1.2.4: should respond with 400 due to the CSeq error"),
    ("quotbal", (400, "Bad To"), "§3.1.2.6: should return 400 (inferring the quote is the liberal choice; not ours)"),
    (
        "ltgtruri",
        (400, "Bad Request-URI"),
        "§3.1.2.7: reasonable always to reject with 400 (ignoring the <> is the liberal choice)",
    ),
    ("lwsruri", (400, "Malformed Request-Line"), "§3.1.2.8: should respond with 400"),
    (
        "lwsstart",
        (400, "Malformed Request-Line"),
        "§3.1.2.9: acceptable to reject as malformed (ignoring the SPs is the liberal choice)",
    ),
    (
        "trws",
        (400, "Malformed Request-Line"),
        "§3.1.2.10: acceptable to reject as malformed (ignoring the SPs is the liberal choice)",
    ),
    (
        "escruri",
        (400, "Bad Request-URI"),
        "§3.1.2.11: acceptable to reject with 400 (ignoring the headers is the liberal choice)",
    ),
    (
        "regbadct",
        (400, "Bad Contact"),
        "§3.1.2.13: reasonable to respond with 400 (inferring the <> is the liberal choice)",
    ),
    (
        "badaspec",
        (400, "Bad To"),
        "§3.1.2.14: reasonable to reject with 400 (ignoring the spaces is the liberal choice)",
    ),
    (
        "baddn",
        (400, "Incomplete Message"),
        "§3.1.2.15: reasonable always to reject with 400; see baddn_* for the reason phrase",
    ),
    ("badvers", (505, "Version Not Supported"), "§3.1.2.16: should respond with 505"),
    ("mismatch01", (400, "CSeq Method Mismatch"), "§3.1.2.17: will respond with 400"),
    (
        "mismatch02",
        (400, "CSeq Method Mismatch"),
        "§3.1.2.18: should respond 501; 400 is also acceptable and is our choice",
    ),
    ("insuf", (400, "Missing From"), "§3.3.1: must not break; ideally 400 (no reply can be built, see insuf_*)"),
    ("unkscm", (416, "Unsupported URI Scheme"), "§3.3.2: well-formed, but an element will reject it with 416"),
    (
        "novelsc",
        (416, "Unsupported URI Scheme"),
        "§3.3.3: a scheme never accepted in a Request-URI is treated as unknown: 416",
    ),
    ("multi01", (400, "Duplicate CSeq"), "§3.3.8: would respond with 400"),
    ("mcl01", (400, "Duplicate Content-Length"), "§3.3.9: should respond with an error; over UDP discard the rest"),
];

#[test]
fn rejected_requests_get_the_reply_the_rfc_names() {
    for &(name, reply, why) in REJECTED {
        assert_eq!(reply_to(name), reply, "{name}: {why}");
    }
}

/// The reply copies Via, From, To, Call-ID and CSeq from the raw request
/// (RFC 3261 §8.2.6.2) — salvaged even when the header at fault is one of
/// them (quotbal's To, badinv01's Via).
#[test]
fn replies_copy_the_five_headers_from_the_raw_request() {
    for &(name, (code, phrase), _) in REJECTED.iter().filter(|(n, ..)| *n != "insuf") {
        let bytes = data(name);
        let err = parse(name).unwrap_err();
        let reply = error_response(&bytes, &err).unwrap_or_else(|| panic!("{name}: no reply"));
        assert_eq!((reply.status, reply.reason.as_str()), (code, phrase), "{name}");
        for header in [HeaderName::Via, HeaderName::From, HeaderName::To, HeaderName::CallId, HeaderName::CSeq] {
            assert!(reply.headers.get(&header).is_some(), "{name}: {header} missing");
        }
    }
    let reply = error_response(&data("quotbal"), &parse("quotbal").unwrap_err()).unwrap();
    assert_eq!(reply.headers.get(&HeaderName::To), Some("\"Mr. J. User <sip:j.user@example.com>"));
}

/// §3.1.2.2: over a stream "there's not much the receiving party could do
/// but wait for more data".
#[test]
fn clerr_over_a_stream_waits_for_the_rest_of_the_body() {
    assert_eq!(parse("clerr"), Err(ParseError::Truncated { declared: 9999, actual: 154 }));
    assert_eq!(stream("clerr"), Ok(None));
}

/// §3.1.2.3 and §3.3.9: on a stream the framing error is not recoverable
/// (the connection is closed): the stream parser fails instead of waiting.
#[test]
fn ncl_and_mcl01_are_framing_errors_on_streams() {
    for name in ["ncl", "mcl01"] {
        assert_eq!(stream(name).unwrap_err().status(), parse(name).unwrap_err().status(), "{name}");
    }
}

/// §3.1.2.4: CSeq > 2**32-1 is the fault reported (Max-Forwards 300,
/// Expires and the Contact expires are overlarge too).
#[test]
fn scalar02_reports_the_cseq_error() {
    assert_eq!(
        parse("scalar02"),
        Err(ParseError::Header(HeaderError::Malformed { name: HeaderName::CSeq, reason: sip::SyntaxError::Number }))
    );
}

/// §3.1.2.5 and §3.1.2.19: a malformed *response* "will simply be
/// discarded" / "should simply be dropped" — no reply.
#[test]
fn scalarlg_and_bigcode_responses_are_dropped_silently() {
    for name in ["scalarlg", "bigcode"] {
        let err = parse(name).expect_err(name);
        assert!(matches!(err, ParseError::Response(_)), "{name}: {err:?}");
        assert_eq!(err.status(), None, "{name}");
        assert_eq!(error_response(&data(name), &err), None, "{name}");
    }
}

/// §3.1.2.15: the archive file of baddn stops after `l: 0` with no empty
/// line, so on its own it is an incomplete head (400 "Incomplete Message");
/// with the empty line the RFC prints, the unquoted `Bell, Alexander`
/// display name is what gets the 400.
#[test]
fn baddn_non_token_characters_in_display_name() {
    assert_eq!(parse("baddn"), Err(ParseError::Incomplete));
    assert_eq!(stream("baddn"), Ok(None));
    let mut completed = data("baddn");
    completed.extend_from_slice(b"\r\n");
    let err = parse_datagram(&completed, &Limits::default()).unwrap_err();
    assert_eq!(err.status(), Some((400, "Bad From")));
}

/// §3.1.2.16: a SIP/7.0 request gets 505, and the reply still goes out
/// (its Via is SIP/7.0 too).
#[test]
fn badvers_gets_505() {
    let err = parse("badvers").unwrap_err();
    assert_eq!(err, ParseError::Version);
    let reply = error_response(&data("badvers"), &err).unwrap();
    assert_eq!(reply.status, 505);
    assert_eq!(reply.headers.get(&HeaderName::Via), Some("SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw"));
}

/// §3.1.2.12: a non-GMT Date. "It is acceptable to reject this request as
/// malformed (though an element shouldn't do that unless the contents of
/// the Date header field were actually important to its processing)." Date
/// is unimportant here: the parser keeps it as text and accepts the message.
#[test]
fn baddate_is_accepted_with_the_date_kept_verbatim() {
    let req = request("baddate");
    assert_eq!(req.headers.get(&HeaderName::Date), Some("Fri, 01 Jan 2010 16:00:00 EST"));
    assert_round_trip("baddate");
}

// ---------------------------------------------------------------------------
// §3.2 Transaction layer, §3.3 application layer, §3.4 backward compatibility
// ---------------------------------------------------------------------------

/// Well-formed messages whose trouble is above the parser: they must parse.
const ABOVE_THE_PARSER: &[&str] = &[
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
fn application_layer_messages_parse_and_round_trip() {
    for name in ABOVE_THE_PARSER {
        assert_round_trip(name);
    }
}

/// §3.2.1: branch is the bare magic cookie. "A parser must not break"; the
/// element may reject with 400 or fall back to RFC 2543 matching — the
/// parser passes it through and leaves that to the transaction layer.
#[test]
fn badbranch_missing_transaction_identifier_parses() {
    let req = request("badbranch");
    assert_eq!(req.headers.top_via().unwrap().branch(), Some("z9hG4bK"));
}

/// §3.3.1: no Call-ID, From or To. "Must not break ... ideally respond with
/// 400" — the 400 is named, but with From, To and Call-ID gone there is
/// nothing to build a reply from (RFC 3261 §8.2.6.2), so none is sent.
#[test]
fn insuf_missing_required_headers_gets_no_reply() {
    let err = parse("insuf").unwrap_err();
    assert_eq!(err, ParseError::Header(HeaderError::Missing(HeaderName::From)));
    assert_eq!(error_response(&data("insuf"), &err), None);
}

/// §3.3.2 and §3.3.3: the 416 reply carries the request's headers.
#[test]
fn unkscm_and_novelsc_get_416_with_the_headers_copied() {
    for (name, call_id) in
        [("unkscm", "unkscm.nasdfasser0q239nwsdfasdkl34"), ("novelsc", "novelsc.asdfasser0q239nwsdfasdkl34")]
    {
        let err = parse(name).unwrap_err();
        assert_eq!(err, ParseError::UnsupportedScheme, "{name}");
        let reply = error_response(&data(name), &err).unwrap();
        assert_eq!(reply.status, 416);
        assert_eq!(reply.headers.get(&HeaderName::CallId), Some(call_id));
    }
}

/// §3.3.4: isbn:, http: and name: URIs in To, From and Contact are
/// syntactically valid; "parsers must not fail". The typed views (which
/// demand SIP URIs, as a registrar would) refuse them.
#[test]
fn unksm2_unknown_schemes_in_header_fields() {
    let req = request("unksm2");
    assert_eq!(req.headers.get(&HeaderName::To), Some("isbn:2983792873"));
    assert_eq!(req.headers.get(&HeaderName::From), Some("<http://www.example.com>;tag=3234233"));
    assert_eq!(req.headers.get(&HeaderName::Contact), Some("<name:John_Smith>"));
    assert!(req.headers.to().is_err());
    assert!(req.headers.contacts().is_err());
}

/// §3.3.5: the unknown option tags are kept for the 420 (UAS) / Unsupported
/// (proxy) decision above the parser.
#[test]
fn bext01_proxy_require_and_require() {
    let req = request("bext01");
    assert_eq!(req.headers.get(&HeaderName::Require), Some("nothingSupportsThis, nothingSupportsThisEither"));
    let proxy_require = HeaderName::from_wire("Proxy-Require");
    assert_eq!(req.headers.get(&proxy_require), Some("noProxiesSupportThis, norDoAnyProxiesSupportThis"));
}

/// §3.3.6: a body of unknown type is still a body ("a parser must not fail").
#[test]
fn invut_unknown_content_type() {
    let req = request("invut");
    assert_eq!(req.headers.content_type(), Ok(Some("application/unknownformat")));
    assert_eq!(req.body, b"<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n");
}

/// §3.3.7: an Authorization with an unknown scheme is well formed.
#[test]
fn regaut01_unknown_authorization_scheme() {
    let req = request("regaut01");
    assert_eq!(req.headers.get(&HeaderName::Authorization), Some("NoOneKnowsThisScheme opaque-data=here"));
}

/// §3.3.8: several single-valued headers repeated; the first duplicate in
/// header order (CSeq) is reported.
#[test]
fn multi01_multiple_values_in_single_value_fields() {
    assert_eq!(parse("multi01"), Err(ParseError::Duplicate(HeaderName::CSeq)));
}

/// §3.3.10: a 200 whose second Via is a broadcast address parses; dropping
/// it is the proxy's business.
#[test]
fn bcast_response_with_a_broadcast_via() {
    let res = response("bcast");
    let vias = res.headers.vias().unwrap();
    assert_eq!(vias[1].host, Host::V4("255.255.255.255".parse().unwrap()));
}

/// §3.3.11: Max-Forwards 0 is legal (a proxy answers 483; a UAS processes it).
#[test]
fn zeromf_max_forwards_of_zero() {
    assert_eq!(request("zeromf").headers.max_forwards(), Ok(Some(0)));
}

/// §3.3.12–14: contact parameters vs URI parameters vs URI headers.
#[test]
fn cparam01_cparam02_regescrt_contact_forms() {
    let Ok(Some(Contact::Addresses(c))) = request("cparam01").headers.contacts() else { panic!("cparam01") };
    assert!(c[0].params.contains("unknownparam"), "a contact-param");
    assert!(c[0].uri.params.is_empty());
    let Ok(Some(Contact::Addresses(c))) = request("cparam02").headers.contacts() else { panic!("cparam02") };
    assert!(c[0].params.is_empty());
    assert_eq!(c[0].uri.params, [("unknownparam".into(), None)], "a url-param");
    let Ok(Some(Contact::Addresses(c))) = request("regescrt").headers.contacts() else { panic!("regescrt") };
    assert_eq!(c[0].uri.headers, [("Route".into(), "<sip:sip.example.com>".into())]);
}

/// §3.3.15: an Accept without application/sdp; the 406/400 is the UAS's.
#[test]
fn sdp01_unacceptable_accept_offering() {
    let req = request("sdp01");
    assert_eq!(req.headers.get(&HeaderName::from_wire("Accept")), Some("text/nobodyKnowsThis"));
    assert_eq!(req.body.len(), 150);
}

/// §3.4.1: RFC 2543 syntax — no branch, no From tag, no Max-Forwards, no
/// Content-Length (the body is the rest of the datagram). On a stream,
/// RFC 3261 §18.3 makes Content-Length mandatory.
#[test]
fn inv2543_rfc_2543_syntax() {
    let req = request("inv2543");
    assert_eq!(req.headers.top_via().unwrap().branch(), None);
    assert_eq!(req.headers.from().unwrap().tag(), None);
    assert_eq!(req.headers.max_forwards(), Ok(None));
    assert_eq!(req.headers.content_length(), Ok(None));
    assert!(req.body.starts_with(b"v=0\r\n"));
    assert!(req.body.ends_with(b"m=audio 49217 RTP/AVP 0\r\n"));
    assert_eq!(req.body.len(), 105);
    assert_eq!(stream("inv2543"), Err(ParseError::MissingContentLength));
}
