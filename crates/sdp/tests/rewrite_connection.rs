//! `rewrite_connection` points a description at the relay: session and
//! media `c=`, the audio port, `a=rtcp` (RFC 3605) and a new `o=` version
//! (RFC 3264 §8); an RFC 3264 §8.4 `0.0.0.0` hold stays a hold.

mod support;

use std::net::IpAddr;

use sdp::{Rtcp, SdpError};

fn relay() -> IpAddr {
    "203.0.113.200".parse().unwrap()
}

#[test]
fn baresip_offer_points_at_the_relay() {
    let mut offer = support::parse("devices/baresip.sdp");
    let before = offer.clone();
    sdp::rewrite_connection(&mut offer, relay(), 40000).unwrap();
    assert_eq!(offer.connection.as_ref().unwrap().address, "203.0.113.200");
    let audio = offer.audio().unwrap();
    assert_eq!(audio.port, 40000);
    let rtcp = audio.rtcp().unwrap();
    assert_eq!(rtcp, Rtcp { port: 40001, connection: Some(sdp::Connection::new(relay())) });
    assert_eq!(offer.origin.session_version, before.origin.session_version + 1);
    assert_eq!(audio.formats, before.audio().unwrap().formats);
    assert_eq!(audio.attribute_values("rtcp").count(), 1);
}

#[test]
fn media_level_connections_and_ipv6_are_rewritten_but_rejected_ports_stay_zero() {
    let mut offer = support::parse_text(
        "v=0\no=- 1 7 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=video 0 RTP/AVP 31\nm=audio 4000 RTP/AVP 0\n\
         c=IN IP4 192.0.2.1\na=rtcp:4001\n",
    );
    sdp::rewrite_connection(&mut offer, "2001:db8::1".parse().unwrap(), 50000).unwrap();
    assert_eq!(offer.media[0].port, 0);
    assert_eq!(offer.media[1].port, 50000);
    assert_eq!(offer.media[1].connections[0].to_string(), "IN IP6 2001:db8::1");
    assert_eq!(offer.media[1].rtcp(), Some(Rtcp { port: 50001, connection: None }));
    assert_eq!(offer.origin.session_version, 8);
}

#[test]
fn an_old_style_hold_survives_the_rewrite() {
    let mut offer = support::parse("devices/yealink_legacy_hold.sdp");
    sdp::rewrite_connection(&mut offer, relay(), 40000).unwrap();
    assert_eq!(offer.connection.as_ref().unwrap().address, "0.0.0.0");
    assert!(offer.is_hold());
    assert_eq!(offer.audio().unwrap().port, 40000);
}

#[test]
fn a_description_without_audio_is_an_error_and_unchanged() {
    let mut offer = support::parse_text("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n");
    let before = offer.clone();
    assert_eq!(sdp::rewrite_connection(&mut offer, relay(), 40000), Err(SdpError::NoAudio));
    assert_eq!(offer, before);
}

#[test]
fn audio_without_any_connection_gets_a_media_level_one() {
    let mut offer = support::parse_text("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\n");
    sdp::rewrite_connection(&mut offer, relay(), 40000).unwrap();
    assert_eq!(offer.connection, None);
    assert_eq!(offer.media[0].connections, [sdp::Connection::new(relay())]);
}
