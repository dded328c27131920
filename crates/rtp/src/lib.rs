//! Sans-IO RTP for the B2BUA's media relay (issue 4): no sockets, no
//! clock; time is an `Instant` passed in.
//!
//! - [`RtpPacket`]: zero-copy, validated RTP header view (RFC 3550 §5.1,
//!   App. A.1); [`RtpHeader`] writes one.
//! - [`classify`]: RTP or RTCP on a shared port (RFC 5761 §4).
//! - [`g711`]: μ-law and A-law (ITU-T G.711, RFC 3551 §4.5.14).
//! - [`TelephoneEvent`]: RFC 4733 §2.3 DTMF event payloads.
//! - [`Relay`] / [`RelaySide`]: symmetric-RTP latching (RFC 7362 §4),
//!   forwarding decisions, counters, inactivity events.
//! - [`wav`]: RIFF WAVE files (PCM 16-bit, μ-law, A-law) and mixing.
//!
//! The relay follows the drain rule: after each `handle_*` call, drain
//! `poll_event` and re-arm the timer from `poll_timeout`:
//!
//! ```
//! # use std::time::{Duration, Instant};
//! # use rtp::{Leg, Relay, RelayConfig};
//! let start = Instant::now(); // the driver's clock, not the core's
//! let mut relay = Relay::new(start, RelayConfig::default());
//! relay.side_mut(Leg::B).set_signalled("192.0.2.2:4000".parse().unwrap());
//! let packet = rtp::RtpHeader { payload_type: 0, sequence: 1, timestamp: 160, ssrc: 7, marker: false }
//!     .to_packet(&[0xff; 160]);
//! let forward = relay.handle_packet(start, Leg::A, "198.51.100.1:5000".parse().unwrap(), &packet);
//! assert_eq!(forward.unwrap().to, "192.0.2.2:4000".parse().unwrap());
//! while let Some((_leg, _event)) = relay.poll_event() { /* tell the call task */ }
//! let _wake_at = relay.poll_timeout();
//! ```

pub mod error;
pub mod g711;
mod packet;
mod relay;
mod rtcp;
mod telephone_event;
pub mod wav;

pub use error::RtpError;
pub use packet::{RtpHeader, RtpPacket};
pub use relay::{Event, Forward, Leg, Relay, RelayConfig, RelaySide, Stats, Verdict};
pub use rtcp::{PacketKind, classify, is_rtcp};
pub use telephone_event::TelephoneEvent;
