//! Shared helpers for the relay tests: addresses, packets and a clock.

#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use rtp::RtpHeader;

pub fn addr(text: &str) -> SocketAddr {
    text.parse().unwrap()
}

/// A PCMU packet of 160 bytes of silence.
pub fn rtp(sequence: u16) -> Vec<u8> {
    RtpHeader { marker: false, payload_type: 0, sequence, timestamp: u32::from(sequence) * 160, ssrc: 0x1234 }
        .to_packet(&[0xff; 160])
}

/// An empty RTCP receiver report.
pub fn rtcp() -> Vec<u8> {
    vec![0x80, 201, 0, 1, 0, 0, 0x12, 0x34]
}

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A fixed starting instant (only differences matter to the relay).
pub fn start() -> Instant {
    Instant::now()
}
