//! An offer with `c=0.0.0.0` (RFC 2543 hold) wants no media sent to it
//! (RFC 3264 §8.4), so its sendrecv is answered recvonly and its recvonly
//! inactive; the answer still carries our real address.

mod support;

use sdp::Direction;

#[test]
fn yealink_legacy_hold_is_answered_recvonly() {
    let offer = support::parse("devices/yealink_legacy_hold.sdp");
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    let audio = support::answered_audio(&answer);
    assert_eq!(audio.direction(), Some(Direction::RecvOnly));
    assert_eq!(audio.formats, ["8", "101"]);
    assert_eq!(answer.connection.as_ref().unwrap().address, "192.0.2.99");
}

#[test]
fn media_level_unspecified_address_with_recvonly_is_inactive() {
    let offer = support::parse_text(
        "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n\
         c=IN IP4 0.0.0.0\na=recvonly\n",
    );
    assert!(offer.is_hold());
    let answer = sdp::answer(&offer, &support::local()).unwrap();
    assert_eq!(support::answered_audio(&answer).direction(), Some(Direction::Inactive));
}
