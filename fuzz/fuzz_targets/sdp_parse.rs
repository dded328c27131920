//! Fuzzes the SDP parser (RFC 8866 §5) and what the B2BUA does with a
//! parsed offer: parsing never panics; whatever parses prints into text
//! that parses back to the same description; the RFC 3264 answer, when
//! there is one, has one m-line per offered m-line and parses back; the
//! relay rewrite keeps the description parseable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdp::{Limits, LocalMedia, SdpError, SessionDescription};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(offer) = sdp::parse(data, &limits) else { return };
    assert_eq!(reparse(&offer), offer);
    let local = LocalMedia::new("192.0.2.9".parse().unwrap(), 30000, 1);
    match sdp::answer(&offer, &local) {
        Ok(answer) => check_answer(&offer, &answer),
        Err(err) => assert!(matches!(err, SdpError::NoAudio | SdpError::NoCommonCodec), "{err:?}"),
    }
    let mut rewritten = offer.clone();
    if sdp::rewrite_connection(&mut rewritten, "2001:db8::9".parse().unwrap(), 40000).is_ok() {
        assert_eq!(reparse(&rewritten), rewritten);
        assert_eq!(rewritten.audio().map(|m| m.port), Some(40000));
    }
});

/// Print, then parse with room for CRLF line ends and rewritten addresses.
fn reparse(sdp: &SessionDescription) -> SessionDescription {
    let roomy = Limits { max_bytes: 1 << 20, ..Limits::default() };
    sdp::parse(&sdp.to_bytes(), &roomy).unwrap_or_else(|err| panic!("reprint failed: {err:?}\n{sdp}"))
}

fn check_answer(offer: &SessionDescription, answer: &SessionDescription) {
    assert_eq!(answer.media.len(), offer.media.len());
    assert!(answer.audio().is_some(), "an accepted answer has audio");
    for (offered, answered) in offer.media.iter().zip(&answer.media) {
        assert_eq!(answered.kind, offered.kind);
        assert!(answered.formats.iter().all(|f| offered.formats.contains(f)), "answered formats were offered");
        assert!(answered.port == 0 || !answered.formats.is_empty());
    }
    assert_eq!(reparse(answer), *answer);
}
