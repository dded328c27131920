//! The answer's direction is the offer's reversed (RFC 3264 §6.1):
//! sendonly → recvonly, recvonly → sendonly, inactive → inactive,
//! sendrecv → sendrecv, taking a session-level attribute when the media
//! has none.

mod support;

use sdp::Direction;

fn offer_with(session: &str, media: &str) -> sdp::SessionDescription {
    support::parse_text(&format!(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n{session}m=audio 4000 RTP/AVP 0\n{media}"
    ))
}

fn answered(offer: &sdp::SessionDescription) -> Direction {
    let answer = sdp::answer(offer, &support::local()).unwrap();
    support::answered_audio(&answer).direction().unwrap()
}

#[test]
fn media_level_directions_are_reversed() {
    for (offered, expected) in [
        ("a=sendrecv\n", Direction::SendRecv),
        ("a=sendonly\n", Direction::RecvOnly),
        ("a=recvonly\n", Direction::SendOnly),
        ("a=inactive\n", Direction::Inactive),
        ("", Direction::SendRecv),
    ] {
        assert_eq!(answered(&offer_with("", offered)), expected, "{offered}");
    }
}

#[test]
fn a_session_level_direction_applies_and_media_level_wins() {
    assert_eq!(answered(&offer_with("a=sendonly\n", "")), Direction::RecvOnly);
    assert_eq!(answered(&offer_with("a=sendonly\n", "a=inactive\n")), Direction::Inactive);
}

/// RFC 4317 §3.1: Alice's offer is answered sendrecv with the codec we
/// share (PCMU; Bob took iLBC); Bob's hold is in his answer (`a=sendonly`),
/// which is read as hold, and his second offer resumes with no direction.
#[test]
fn rfc4317_3_1_hold_and_unhold() {
    let ours = sdp::answer(&support::parse("rfc4317/3_1_offer.sdp"), &support::local()).unwrap();
    let audio = support::answered_audio(&ours);
    assert_eq!((audio.direction(), audio.formats.as_slice()), (Some(Direction::SendRecv), &["0".to_owned()][..]));
    let bob_on_hold = support::parse("rfc4317/3_1_answer.sdp");
    assert_eq!(bob_on_hold.audio().unwrap().direction(), Some(Direction::SendOnly));
    let resumed = support::parse("rfc4317/3_1_second_offer.sdp");
    assert_eq!(resumed.direction_of(resumed.audio().unwrap()), Direction::SendRecv);
}
