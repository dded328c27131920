//! Media goes through callvault's relay: each phone is told a relay port
//! from the RTP range instead of the other phone's address, RTP sent there
//! reaches the other phone both ways, and a re-INVITE (hold) crosses to the
//! other leg with its SDP pointed at the relay too.

mod common;

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use common::Demo;
use common::phone::{Phone, sdp};
use sip::{Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);

fn registered(demo: &Demo, number: &str) -> Phone {
    let mut phone = Phone::new(demo.addr("udp"), number, DOMAIN, &demo.password(number));
    assert_eq!(phone.register(), 200, "{number} registers");
    phone
}

fn media_socket() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    socket
}

/// The audio address an SDP body names.
fn audio_addr(body: &[u8]) -> SocketAddr {
    let description = sdp::parse(body, &sdp::Limits::default()).expect("SDP");
    let audio = description.audio().expect("audio");
    let ip = description.connection_of(audio).and_then(|c| c.ip()).expect("an address");
    SocketAddr::new(ip, audio.port)
}

fn rtp(sequence: u8) -> Vec<u8> {
    let mut packet = vec![0x80, 0, 0, sequence, 0, 0, 0, 160, 0, 0, 0, 7];
    packet.extend(std::iter::repeat_n(0x55, 160));
    packet
}

fn in_rtp_range(addr: SocketAddr) -> bool {
    (16384..=17407).contains(&addr.port())
}

#[test]
fn rtp_flows_through_the_relay_and_hold_is_relayed() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(&dir.path().join("data"));
    let (mut alice, mut bob) = (registered(&demo, "1001"), registered(&demo, "1002"));
    let (media_a, media_b) = (media_socket(), media_socket());
    let (port_a, port_b) = (media_a.local_addr().unwrap().port(), media_b.local_addr().unwrap().port());
    let (mut caller, relay_for_b, callee) = std::thread::scope(|scope| {
        let calling = scope.spawn(|| alice.call("1002", DOMAIN, &[], &sdp(port_a)));
        let invite = bob.request_of(&Method::Invite, WAIT).expect("leg B's INVITE");
        bob.respond(&invite, 200, "bobtag", Some(&sdp(port_b)));
        let (caller, answer) = calling.join().unwrap();
        assert_eq!(answer.status, 200);
        (caller, (audio_addr(&invite.body), audio_addr(&answer.body)), bob.dialog_as_callee(&invite, "bobtag"))
    });
    let (relay_for_b, relay_for_a) = relay_for_b;
    assert!(in_rtp_range(relay_for_a) && in_rtp_range(relay_for_b), "{relay_for_a} / {relay_for_b}");
    assert_ne!(relay_for_a, relay_for_b, "each leg has its own relay port");
    alice.send(&Message::Request(alice.in_dialog(&mut caller, Method::Ack)));

    let mut buf = [0u8; 2048];
    media_a.send_to(&rtp(1), relay_for_a).unwrap();
    let (len, from) = media_b.recv_from(&mut buf).expect("A's RTP reaches B");
    assert_eq!((&buf[..len], from), (&rtp(1)[..], relay_for_b), "from B's relay port, unchanged");
    media_b.send_to(&rtp(2), relay_for_b).unwrap();
    let (len, from) = media_a.recv_from(&mut buf).expect("B's RTP reaches A");
    assert_eq!((&buf[..len], from), (&rtp(2)[..], relay_for_a));

    let mut hold = alice.in_dialog(&mut caller, Method::Invite);
    hold.headers.push(sip::HeaderName::ContentType, "application/sdp");
    hold.body = sdp(port_a).replace("a=sendrecv", "a=sendonly").into_bytes();
    alice.send(&Message::Request(hold));
    let reinvite = bob.request_of(&Method::Invite, WAIT).expect("the hold reaches leg B");
    assert_eq!(reinvite.headers.call_id().unwrap(), callee.call_id, "inside leg B's dialog");
    let offered = String::from_utf8_lossy(&reinvite.body).into_owned();
    assert!(offered.contains("a=sendonly"), "the hold direction is kept: {offered}");
    assert!(in_rtp_range(audio_addr(&reinvite.body)), "still pointed at the relay");
    bob.respond(&reinvite, 200, "bobtag", Some(&sdp(port_b).replace("a=sendrecv", "a=recvonly")));
    let answered = alice.final_response(&caller.call_id, &Method::Invite, WAIT).expect("the hold is answered");
    assert_eq!(answered.status, 200);
    assert!(String::from_utf8_lossy(&answered.body).contains("a=recvonly"));
    alice.send(&Message::Request(alice.in_dialog(&mut caller, Method::Ack)));
    assert!(bob.request_of(&Method::Ack, WAIT).is_some(), "the re-INVITE's ACK crosses too");
}
