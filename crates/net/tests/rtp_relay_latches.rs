//! The relay forwards RTP both ways between a call's two port pairs, sends
//! to the SDP address until a side speaks, then latches onto that side's
//! real source and drops packets from anyone else.

use std::net::UdpSocket;
use std::time::Duration;

use net::{MediaSide, Relay, RtpPool};

fn endpoint() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
    socket
}

/// A minimal RTP packet (RFC 3550 §5.1: version 2, PCMU) carrying `payload`.
fn rtp(payload: &[u8]) -> Vec<u8> {
    let mut packet = vec![0x80, 0, 0, 1, 0, 0, 0, 160, 0, 0, 0, 42];
    packet.extend_from_slice(payload);
    packet
}

fn receive(socket: &UdpSocket) -> Option<Vec<u8>> {
    let mut buf = [0u8; 1500];
    socket.recv(&mut buf).ok().map(|len| buf[..len].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packets_cross_and_the_source_is_latched() {
    let pool = RtpPool::new("127.0.0.1".parse().unwrap(), 31_200, 31_219).unwrap();
    let relay = Relay::spawn(pool.allocate().unwrap(), pool.allocate().unwrap());
    let (phone_a, phone_b, intruder) = (endpoint(), endpoint(), endpoint());
    relay.set_remote(MediaSide::B, phone_b.local_addr().unwrap());
    let (to_a, to_b) = (relay.port_for_a(), relay.port_for_b());
    tokio::task::spawn_blocking(move || {
        phone_a.send_to(&rtp(b"from-a"), to_a).unwrap();
        assert_eq!(receive(&phone_b), Some(rtp(b"from-a")), "A's packet reached B's SDP address");
        phone_b.send_to(&rtp(b"from-b"), to_b).unwrap();
        assert_eq!(receive(&phone_a), Some(rtp(b"from-b")), "B's packet reached A's latched source");
        intruder.send_to(&rtp(b"spoof"), to_a).unwrap();
        assert_eq!(receive(&phone_b), None, "a packet from an unlatched source was forwarded");
    })
    .await
    .unwrap();
    assert_eq!(relay.forwarded(), 2);
    drop(relay);
    for _ in 0..50 {
        if pool.available() == pool.capacity() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the relay's ports were not released");
}
