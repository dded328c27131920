//! A zero-copy view of an RTP packet (RFC 3550 §5.1) and a writer for the
//! fixed header.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//! |                           timestamp                           |
//! |           synchronization source (SSRC) identifier            |
//! |            contributing source (CSRC) identifiers             |
//! ```
//!
//! [`RtpPacket::parse`] applies the RFC 3550 App. A.1 checks that need no
//! state: version 2, CSRC list and extension inside the packet, a padding
//! count between 1 and the payload length, and a payload type that is not
//! an RTCP packet type (RFC 5761 §4).

use crate::RtpError;
use crate::rtcp::{PacketKind, classify};

const FIXED: usize = 12;

/// A validated RTP packet borrowed from a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtpPacket<'a> {
    bytes: &'a [u8],
    payload_start: usize,
    payload_end: usize,
}

impl<'a> RtpPacket<'a> {
    /// Validates `bytes` as one RTP packet.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, RtpError> {
        if bytes.len() < FIXED {
            return Err(RtpError::TooShort { len: bytes.len() });
        }
        if bytes[0] >> 6 != 2 {
            return Err(RtpError::Version(bytes[0] >> 6));
        }
        if classify(bytes) == PacketKind::Rtcp {
            return Err(RtpError::Rtcp);
        }
        let payload_start = header_len(bytes)?;
        let payload_end = bytes.len() - padding_len(bytes, payload_start)?;
        Ok(Self { bytes, payload_start, payload_end })
    }

    /// The whole packet.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Always 2.
    pub fn version(&self) -> u8 {
        self.bytes[0] >> 6
    }

    /// The P bit.
    pub fn has_padding(&self) -> bool {
        self.bytes[0] & 0x20 != 0
    }

    /// The X bit.
    pub fn has_extension(&self) -> bool {
        self.bytes[0] & 0x10 != 0
    }

    /// The CC field.
    pub fn csrc_count(&self) -> u8 {
        self.bytes[0] & 0x0f
    }

    /// The M bit.
    pub fn marker(&self) -> bool {
        self.bytes[1] & 0x80 != 0
    }

    /// The PT field.
    pub fn payload_type(&self) -> u8 {
        self.bytes[1] & 0x7f
    }

    /// The sequence number.
    pub fn sequence(&self) -> u16 {
        u16::from_be_bytes([self.bytes[2], self.bytes[3]])
    }

    /// The RTP timestamp.
    pub fn timestamp(&self) -> u32 {
        be32(self.bytes, 4)
    }

    /// The SSRC.
    pub fn ssrc(&self) -> u32 {
        be32(self.bytes, 8)
    }

    /// The CSRC list.
    pub fn csrcs(&self) -> impl Iterator<Item = u32> + 'a {
        let bytes = self.bytes;
        (0..usize::from(self.csrc_count())).map(move |i| be32(bytes, FIXED + 4 * i))
    }

    /// The header extension: its profile-defined 16 bits and its data
    /// (RFC 3550 §5.3.1).
    pub fn extension(&self) -> Option<(u16, &'a [u8])> {
        if !self.has_extension() {
            return None;
        }
        let at = FIXED + 4 * usize::from(self.csrc_count());
        let profile = u16::from_be_bytes([self.bytes[at], self.bytes[at + 1]]);
        Some((profile, &self.bytes[at + 4..self.payload_start]))
    }

    /// The payload, without padding.
    pub fn payload(&self) -> &'a [u8] {
        &self.bytes[self.payload_start..self.payload_end]
    }
}

fn be32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Fixed header + CSRCs + extension, checked against the length.
fn header_len(bytes: &[u8]) -> Result<usize, RtpError> {
    let with_csrcs = FIXED + 4 * usize::from(bytes[0] & 0x0f);
    if with_csrcs > bytes.len() {
        return Err(RtpError::CsrcOverrun);
    }
    if bytes[0] & 0x10 == 0 {
        return Ok(with_csrcs);
    }
    let words = bytes.get(with_csrcs + 2..with_csrcs + 4).ok_or(RtpError::ExtensionOverrun)?;
    let end = with_csrcs + 4 + 4 * usize::from(u16::from_be_bytes([words[0], words[1]]));
    if end > bytes.len() { Err(RtpError::ExtensionOverrun) } else { Ok(end) }
}

/// The padding count, when P is set (its last octet, RFC 3550 §5.1).
fn padding_len(bytes: &[u8], payload_start: usize) -> Result<usize, RtpError> {
    if bytes[0] & 0x20 == 0 {
        return Ok(0);
    }
    let count = usize::from(bytes[bytes.len() - 1]);
    if count == 0 || count > bytes.len() - payload_start {
        return Err(RtpError::BadPadding);
    }
    Ok(count)
}

/// The fixed header of a packet to send: no padding, extension or CSRCs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtpHeader {
    /// The M bit.
    pub marker: bool,
    /// The PT field (0–127).
    pub payload_type: u8,
    /// The sequence number.
    pub sequence: u16,
    /// The RTP timestamp.
    pub timestamp: u32,
    /// The SSRC.
    pub ssrc: u32,
}

impl RtpHeader {
    /// Appends the header and `payload` to `out`.
    pub fn write(&self, payload: &[u8], out: &mut Vec<u8>) {
        out.push(0x80);
        out.push(u8::from(self.marker) << 7 | (self.payload_type & 0x7f));
        out.extend_from_slice(&self.sequence.to_be_bytes());
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.ssrc.to_be_bytes());
        out.extend_from_slice(payload);
    }

    /// The header and `payload` as a new packet.
    pub fn to_packet(&self, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(FIXED + payload.len());
        self.write(payload, &mut out);
        out
    }
}
