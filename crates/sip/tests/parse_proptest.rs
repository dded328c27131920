//! Properties: the parser never panics, waits (`Ok(None)`) on every proper
//! prefix of a valid stream message, and print → parse is the identity on
//! generated requests.

use proptest::prelude::*;
use sip::parse::{Limits, parse_datagram, parse_stream};
use sip::{HeaderName, Headers, Host, Message, Method, Request, Scheme, Uri};

fn torture_files() -> Vec<Vec<u8>> {
    let dir = format!("{}/tests/data/rfc4475", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| std::fs::read(e.unwrap().path()).unwrap()).collect();
    files.sort();
    files
}

fn token() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9.!%*_+`'~-]{0,12}"
}

fn host() -> impl Strategy<Value = Host> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,10}(\\.[a-z][a-z0-9]{0,6}){0,2}".prop_map(Host::Domain),
        any::<[u8; 4]>().prop_map(|b| Host::V4(b.into())),
        any::<[u16; 8]>().prop_map(|s| Host::V6(s.into())),
    ]
}

prop_compose! {
    fn uri()(
        sips in any::<bool>(),
        user in proptest::option::of("[ -~]{1,12}"),
        host in host(),
        port in proptest::option::of(any::<u16>()),
        params in proptest::collection::vec(("[a-z][a-z0-9-]{0,6}", proptest::option::of("[ -~]{1,8}")), 0..3),
    ) -> Uri {
        Uri {
            scheme: if sips { Scheme::Sips } else { Scheme::Sip },
            user, password: None, host, port, params, headers: Vec::new(),
        }
    }
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Invite),
        Just(Method::Register),
        Just(Method::Options),
        Just(Method::Bye),
        "[A-Z]{3,10}".prop_map(|t| Method::from_token(&t)),
    ]
}

prop_compose! {
    fn request()(
        method in method(),
        uri in uri(),
        from in uri(),
        tag in token(),
        vias in proptest::collection::vec((host(), token()), 1..4),
        seq in any::<u32>(),
        extra in proptest::collection::vec(("X-[A-Za-z]{1,8}", "[!-~]([ -~]{0,20}[!-~])?"), 0..4),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) -> Request {
        let mut headers = Headers::new();
        for (host, branch) in vias {
            headers.push(HeaderName::Via, format!("SIP/2.0/UDP {host};branch=z9hG4bK{branch}"));
        }
        headers.push(HeaderName::From, format!("\"Alice \\\"A\\\"\" <{from}>;tag={tag}"));
        headers.push(HeaderName::To, format!("<{uri}>"));
        headers.push(HeaderName::CallId, format!("{tag}@example.com"));
        headers.push(HeaderName::CSeq, format!("{seq} {method}"));
        headers.push(HeaderName::MaxForwards, "70");
        for (name, value) in extra {
            headers.push(HeaderName::from_wire(&name), value);
        }
        headers.push(HeaderName::ContentLength, body.len().to_string());
        Request { method, uri, headers, body }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn uris_round_trip(uri in uri()) {
        prop_assert_eq!(uri.to_string().parse::<Uri>(), Ok(uri));
    }

    #[test]
    fn requests_round_trip(req in request()) {
        let bytes = req.to_bytes();
        let parsed = parse_datagram(&bytes, &Limits::default());
        prop_assert_eq!(parsed, Ok(Message::Request(req.clone())));
        let streamed = parse_stream(&bytes, &Limits::default());
        prop_assert_eq!(streamed, Ok(Some((Message::Request(req), bytes.len()))));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_datagram(&bytes, &Limits::default());
        let _ = parse_stream(&bytes, &Limits::default());
    }

    #[test]
    fn mutated_torture_messages_never_panic(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let files = torture_files();
        let mut bytes = files[pick.index(files.len())].clone();
        for (at, byte) in edits {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        if let Ok(msg) = parse_datagram(&bytes, &Limits::default()) {
            prop_assert!(parse_datagram(&msg.to_bytes(), &Limits::default()).is_ok());
        }
        let _ = parse_stream(&bytes, &Limits::default());
    }
}

#[test]
fn every_prefix_of_a_stream_message_waits() {
    let streamable = torture_files()
        .into_iter()
        .filter(|bytes| matches!(parse_stream(bytes, &Limits::default()), Ok(Some((_, used))) if used == bytes.len()));
    let mut checked = 0;
    for bytes in streamable {
        for end in 0..bytes.len() {
            assert_eq!(parse_stream(&bytes[..end], &Limits::default()), Ok(None), "prefix {end}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} torture messages are stream-framed");
}
