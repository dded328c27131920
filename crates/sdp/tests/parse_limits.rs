//! The parser enforces its size limits (bytes, lines, media sections)
//! before doing the work they bound.

use sdp::{Limits, SdpError};

const HEAD: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";

#[test]
fn a_description_one_byte_over_the_limit_is_too_large() {
    let limits = Limits { max_bytes: HEAD.len(), ..Limits::default() };
    assert!(sdp::parse(HEAD.as_bytes(), &limits).is_ok());
    let longer = format!("{HEAD}\n");
    assert_eq!(sdp::parse(longer.as_bytes(), &limits), Err(SdpError::TooLarge { limit: HEAD.len() }));
}

#[test]
fn too_many_lines_and_media_sections() {
    let limits = Limits { max_lines: 5, max_media: 2, ..Limits::default() };
    let five = format!("{HEAD}a=x\r\n");
    assert!(sdp::parse(five.as_bytes(), &limits).is_ok());
    let six = format!("{five}a=y\r\n");
    assert_eq!(sdp::parse(six.as_bytes(), &limits), Err(SdpError::TooManyLines { limit: 5 }));
    let limits = Limits { max_media: 2, ..Limits::default() };
    let three = format!("{HEAD}{}", "m=audio 0 RTP/AVP 0\r\n".repeat(3));
    assert_eq!(sdp::parse(three.as_bytes(), &limits), Err(SdpError::TooManyMedia { limit: 2 }));
}

#[test]
fn the_default_limit_rejects_a_huge_body() {
    let huge = format!("{HEAD}{}", "a=x-padding:0123456789abcdef\r\n".repeat(2000));
    assert_eq!(sdp::parse(huge.as_bytes(), &Limits::default()), Err(SdpError::TooLarge { limit: 16 * 1024 }));
}
