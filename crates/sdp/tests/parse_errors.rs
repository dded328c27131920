//! Malformed descriptions fail with an error that names the line and the
//! field (RFC 8866 §5 grammar), never a panic or a partial result.

use sdp::{Limits, SdpError};

fn parse(text: &str) -> Result<sdp::SessionDescription, SdpError> {
    sdp::parse(text.as_bytes(), &Limits::default())
}

const HEAD: &str = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n";

#[test]
fn each_error_names_what_is_wrong() {
    let cases: [(String, SdpError); 13] = [
        (String::new(), SdpError::Empty),
        ("\r\n\n".into(), SdpError::Empty),
        ("v=1\n".into(), SdpError::Version { line: 1 }),
        ("o=- 1 1 IN IP4 a\n".into(), SdpError::Missing('v')),
        ("v=0\ns=-\n".into(), SdpError::Missing('o')),
        ("v=0\no=- 1 1 IN IP4 a\nt=0 0\n".into(), SdpError::Missing('s')),
        ("v=0\nhello\n".into(), SdpError::BadLine { line: 2 }),
        ("v=0\nO=x\n".into(), SdpError::BadLine { line: 2 }),
        ("v=0\no=- 1 x IN IP4 a\ns=-\n".into(), SdpError::Malformed { line: 2, field: 'o' }),
        (format!("{HEAD}x=1\n"), SdpError::UnknownType { line: 4, field: 'x' }),
        (format!("{HEAD}r=7d 1h 0 25h\n"), SdpError::OutOfOrder { line: 4, field: 'r' }),
        (format!("{HEAD}m=audio 4000 RTP/AVP 0\nt=0 0\n"), SdpError::OutOfOrder { line: 5, field: 't' }),
        (format!("{HEAD}m=audio 70000 RTP/AVP 0\n"), SdpError::Malformed { line: 4, field: 'm' }),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(&text), Err(expected), "{text:?}");
    }
}

#[test]
fn malformed_connection_timing_and_duplicates() {
    assert_eq!(parse(&format!("{HEAD}c=IN IP4\n")), Err(SdpError::Malformed { line: 4, field: 'c' }));
    assert_eq!(parse(&format!("{HEAD}t=0\n")), Err(SdpError::Malformed { line: 4, field: 't' }));
    assert_eq!(parse(&format!("{HEAD}t=0 0 0\n")), Err(SdpError::Malformed { line: 4, field: 't' }));
    let twice = format!("{HEAD}c=IN IP4 192.0.2.1\nc=IN IP4 192.0.2.2\n");
    assert_eq!(parse(&twice), Err(SdpError::OutOfOrder { line: 5, field: 'c' }));
    assert_eq!(parse(&format!("{HEAD}m=audio\n")), Err(SdpError::Malformed { line: 4, field: 'm' }));
}

#[test]
fn invalid_utf8_is_rejected_and_errors_map_to_400() {
    let err = sdp::parse(b"v=0\no=- 1 1 IN IP4 a\ns=\xff\n", &Limits::default()).unwrap_err();
    assert_eq!(err, SdpError::NotUtf8);
    assert_eq!(err.status(), (400, "Malformed SDP"));
}
