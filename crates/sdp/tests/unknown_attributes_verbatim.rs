//! Attributes this crate does not know are kept verbatim, in order, at
//! session and media level (RFC 8866 §5.13: unknown attributes are ignored,
//! which for a B2BUA means passed through untouched).

mod support;

use sdp::Attribute;

#[test]
fn unknown_attributes_survive_parse_and_print() {
    let text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\na=x-vendor:some value: with colons\r\n\
                m=audio 4000 RTP/AVP 0\r\na=x-flag\r\na=ice-ufrag:F7gI\r\na=x-empty:\r\n";
    let sdp = support::parse_text(text);
    assert_eq!(sdp.attributes, [Attribute::new("x-vendor", "some value: with colons")]);
    let names: Vec<_> = sdp.media[0].attributes.iter().map(|a| (a.name.as_str(), a.value.as_deref())).collect();
    assert_eq!(names, [("x-flag", None), ("ice-ufrag", Some("F7gI")), ("x-empty", Some(""))]);
    assert_eq!(sdp.to_string(), text);
}
