//! Sans-IO SDP (RFC 8866, which obsoletes RFC 4566) and the RFC 3264
//! offer/answer model for the audio the B2BUA relays: PCMU (PT 0), PCMA
//! (PT 8) and RFC 4733 telephone-event.
//!
//! - [`parse`] turns bytes into a [`SessionDescription`] under [`Limits`];
//!   unknown attributes and fields are kept verbatim and printed back.
//! - [`SessionDescription`] prints with `Display` / [`SessionDescription::to_bytes`].
//! - [`MediaDescription`] has typed views: payload types, `a=rtpmap`,
//!   `a=fmtp`, direction, `a=ptime`, `a=rtcp` (RFC 3605).
//! - [`answer`] builds the RFC 3264 §6 answer to an offer; [`rewrite_connection`]
//!   points a description at the relay.
//!
//! No I/O, no clock: a description is plain data.
//!
//! ```
//! let offer = sdp::parse(b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
//!     m=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n", &sdp::Limits::default()).unwrap();
//! let local = sdp::LocalMedia::new("192.0.2.9".parse().unwrap(), 20000, 7);
//! let answer = sdp::answer(&offer, &local).unwrap();
//! assert_eq!(answer.media[0].formats, ["0", "101"]);
//! ```

mod attribute;
mod direction;
pub mod error;
mod media;
mod model;
mod offer_answer;
mod parse;
mod print;
mod rewrite;

pub use attribute::{Attribute, Fmtp, Rtcp, RtpMap};
pub use direction::Direction;
pub use error::SdpError;
pub use media::MediaDescription;
pub use model::{Connection, Field, Origin, SessionDescription, Timing};
pub use offer_answer::{Codec, LocalMedia, answer};
pub use parse::{Limits, parse};
pub use rewrite::rewrite_connection;
