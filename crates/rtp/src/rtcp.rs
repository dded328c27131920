//! Telling RTP from RTCP on one port (RFC 5761 §4): RTCP packet types
//! 200–204 (SR, RR, SDES, BYE, APP) sit where an RTP header has its marker
//! bit and payload type, and RTP avoids the payload types 72–76 that they
//! would read as.

/// What a datagram on an RTP port is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketKind {
    /// Version 2, second octet outside 200–204.
    Rtp,
    /// Version 2, second octet 200–204.
    Rtcp,
    /// Too short or not version 2 (STUN, garbage).
    Other,
}

/// Classifies a datagram by its first two octets.
pub fn classify(bytes: &[u8]) -> PacketKind {
    match bytes {
        [first, ..] if first >> 6 != 2 => PacketKind::Other,
        [_, second, ..] if bytes.len() >= 8 && (200..=204).contains(second) => PacketKind::Rtcp,
        [_, _, ..] if bytes.len() >= 12 => PacketKind::Rtp,
        _ => PacketKind::Other,
    }
}

/// Whether a datagram is RTCP (RFC 5761 §4).
pub fn is_rtcp(bytes: &[u8]) -> bool {
    classify(bytes) == PacketKind::Rtcp
}
