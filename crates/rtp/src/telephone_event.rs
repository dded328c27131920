//! RFC 4733 §2.3 telephone-event payloads (DTMF and line events).
//!
//! ```text
//!  0                   1                   2                   3
//! |     event     |E|R| volume    |          duration             |
//! ```
//!
//! Events 0–15 are the DTMF digits `0`–`9`, `*`, `#`, `A`–`D` (§3.2); the
//! end bit marks the final packets of an event, which are sent three times
//! (§2.5.1.4); volume is the power level in −dBm0 (0–63).

use crate::RtpError;

/// One telephone event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TelephoneEvent {
    /// The event code (§3.2: 0–15 for DTMF).
    pub event: u8,
    /// The E bit: this packet ends the event.
    pub end: bool,
    /// The power level, 0 to 63 (−dBm0).
    pub volume: u8,
    /// Duration so far, in RTP timestamp units.
    pub duration: u16,
}

impl TelephoneEvent {
    /// Reads the first event of a payload (later blocks are RFC 2198
    /// redundancy and are ignored). The R bit is ignored (§2.3).
    pub fn parse(payload: &[u8]) -> Result<Self, RtpError> {
        let [event, flags, high, low, ..] = *payload else {
            return Err(RtpError::TooShort { len: payload.len() });
        };
        Ok(Self { event, end: flags & 0x80 != 0, volume: flags & 0x3f, duration: u16::from_be_bytes([high, low]) })
    }

    /// The four payload octets (R bit zero, volume masked to 6 bits).
    pub fn to_bytes(&self) -> [u8; 4] {
        let [high, low] = self.duration.to_be_bytes();
        [self.event, u8::from(self.end) << 7 | (self.volume & 0x3f), high, low]
    }

    /// The DTMF digit of events 0–15 (§3.2).
    pub fn digit(&self) -> Option<char> {
        b"0123456789*#ABCD".get(usize::from(self.event)).map(|&d| char::from(d))
    }

    /// The event code of a DTMF digit.
    pub fn event_of(digit: char) -> Option<u8> {
        let digit = digit.to_ascii_uppercase();
        b"0123456789*#ABCD".iter().position(|&d| char::from(d) == digit).map(|i| i as u8)
    }
}
