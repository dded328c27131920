//! An answered call whose RTP stops (the callee vanished without a BYE) is
//! ended by callvault after `[rtp] inactivity_secs`: both legs get BYE. The
//! relay's ports come from the configured `[rtp]` range only.

mod common;

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use common::phone::{Phone, sdp};
use sip::{Message, Method};

fn rtp(sequence: u8) -> Vec<u8> {
    let mut packet = vec![0x80, 0, 0, sequence, 0, 0, 0, 160, 0, 0, 0, 9];
    packet.extend(std::iter::repeat_n(0xff, 160));
    packet
}

fn relay_address(body: &[u8]) -> SocketAddr {
    let description = sdp::parse(body, &sdp::Limits::default()).expect("SDP");
    let audio = description.audio().expect("audio");
    SocketAddr::new(description.connection_of(audio).and_then(|c| c.ip()).unwrap(), audio.port)
}

#[test]
fn a_call_whose_media_stops_is_hung_up_on_both_legs() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[rtp]\nport_min = 30600\nport_max = 30699\ninactivity_secs = 2\n";
    let shop = common::shop::Shop::serve(dir.path(), config);
    let addr = shop.addr;
    let mut caller = Phone::new(addr, "100", "shop.example", "shop-secret-100");
    let mut callee = Phone::new(addr, "101", "shop.example", "shop-secret-101");
    assert_eq!((caller.register(), callee.register()), (200, 200));
    let media = UdpSocket::bind("127.0.0.1:0").unwrap();
    let media_port = media.local_addr().unwrap().port();
    let (mut dialog, answer) = std::thread::scope(|scope| {
        let calling = scope.spawn(|| caller.call("101", "shop.example", &[], &sdp(media_port)));
        let invite = callee.request_of(&Method::Invite, Duration::from_secs(5)).expect("the callee rings");
        callee.respond(&invite, 200, "gone", Some(&sdp(media_port + 2)));
        calling.join().unwrap()
    });
    assert_eq!(answer.status, 200);
    let relay = relay_address(&answer.body);
    assert!((30600..=30699).contains(&relay.port()), "the relay port {relay} is from the configured range");
    caller.send(&Message::Request(caller.in_dialog(&mut dialog, Method::Ack)));
    for sequence in 0..5 {
        media.send_to(&rtp(sequence), relay).unwrap();
    }
    let started = Instant::now();
    let bye = caller.request_of(&Method::Bye, Duration::from_secs(10));
    assert!(bye.is_some(), "the caller's leg was hung up");
    assert!(started.elapsed() >= Duration::from_secs(1), "not before the media stopped");
    assert!(callee.request_of(&Method::Bye, Duration::from_secs(2)).is_some(), "the silent callee's leg too");
}
