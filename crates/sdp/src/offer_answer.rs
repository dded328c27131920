//! The RFC 3264 §6 answer to an audio offer, for a B2BUA that relays
//! G.711 (RFC 3551 §4.5.14: PCMU = PT 0, PCMA = PT 8) and RFC 4733
//! telephone-event.
//!
//! - Every offered `m=` line gets an answer line, in order (§6).
//! - The first RTP/AVP audio stream that shares a codec is accepted; the
//!   answer lists the common codecs in the offerer's order with the
//!   offerer's payload type numbers, and echoes telephone-event's dynamic
//!   number and `fmtp` (§6.1, RFC 4733 §7.1.1).
//! - Every other stream is rejected with port 0, listing the offered
//!   formats (§6: "at least one media format").
//! - The direction is the offered one reversed (§6.1); an offer whose
//!   connection address is `0.0.0.0` does not want media sent to it (§8.4),
//!   so it is treated as not receiving.
//! - `t=` is copied from the offer (§6).

use std::net::IpAddr;

use crate::model::{Connection, Origin, SessionDescription, Timing, addr_type};
use crate::{Attribute, Direction, MediaDescription, RtpMap, SdpError};

/// A G.711 codec this side can relay or decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// μ-law, static payload type 0.
    Pcmu,
    /// A-law, static payload type 8.
    Pcma,
}

impl Codec {
    /// The RFC 3551 static payload type.
    pub fn payload_type(self) -> u8 {
        match self {
            Self::Pcmu => 0,
            Self::Pcma => 8,
        }
    }

    /// The encoding name in `a=rtpmap`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pcmu => "PCMU",
            Self::Pcma => "PCMA",
        }
    }

    /// Whether an offered rtpmap denotes this codec (8 kHz mono).
    fn matches(self, map: &RtpMap) -> bool {
        map.encoding.eq_ignore_ascii_case(self.name())
            && map.clock_rate == 8000
            && matches!(map.channels, None | Some(1))
    }
}

/// What this side puts in its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMedia {
    /// Where we receive RTP.
    pub address: IpAddr,
    /// The RTP port of the audio stream.
    pub port: u16,
    /// `o=` username.
    pub username: String,
    /// `o=` session id.
    pub session_id: u64,
    /// `o=` session version.
    pub session_version: u64,
    /// The codecs we accept; the answer follows the offer's order.
    pub codecs: Vec<Codec>,
    /// Whether we accept RFC 4733 telephone-event.
    pub telephone_event: bool,
}

impl LocalMedia {
    /// PCMU, PCMA and telephone-event at `address:port`, user `-`, version 1.
    pub fn new(address: IpAddr, port: u16, session_id: u64) -> Self {
        let codecs = vec![Codec::Pcmu, Codec::Pcma];
        Self { address, port, username: "-".into(), session_id, session_version: 1, codecs, telephone_event: true }
    }

    fn origin(&self) -> Origin {
        Origin {
            username: self.username.clone(),
            session_id: self.session_id.to_string(),
            session_version: self.session_version,
            net_type: "IN".into(),
            addr_type: addr_type(self.address).into(),
            address: self.address.to_string(),
        }
    }
}

/// The answer to `offer`, or [`SdpError::NoAudio`] / [`SdpError::NoCommonCodec`]
/// (both answered with 488, see [`SdpError::status`]).
pub fn answer(offer: &SessionDescription, local: &LocalMedia) -> Result<SessionDescription, SdpError> {
    let mut media = Vec::with_capacity(offer.media.len());
    let (mut accepted, mut candidates) = (false, 0);
    for offered in &offer.media {
        let accept = !accepted && is_candidate(offered);
        candidates += usize::from(accept);
        let answered = accept.then(|| accept_audio(offer, offered, local)).flatten();
        accepted |= answered.is_some();
        media.push(answered.unwrap_or_else(|| rejected(offered)));
    }
    match (accepted, candidates) {
        (true, _) => Ok(session(offer, local, media)),
        (false, 0) => Err(SdpError::NoAudio),
        (false, _) => Err(SdpError::NoCommonCodec),
    }
}

/// An RTP/AVP audio stream that is not disabled.
fn is_candidate(media: &MediaDescription) -> bool {
    media.is_audio() && media.is_rtp_avp() && media.port != 0
}

fn session(offer: &SessionDescription, local: &LocalMedia, media: Vec<MediaDescription>) -> SessionDescription {
    let timing = match offer.timing.as_slice() {
        [] => vec![Timing { start: 0, stop: 0, repeats: vec![] }],
        offered => offered.to_vec(),
    };
    SessionDescription {
        origin: local.origin(),
        session_name: "-".into(),
        connection: Some(Connection::new(local.address)),
        timing,
        attributes: vec![],
        media,
        other: vec![],
    }
}

/// `m=<kind> 0 <proto> <offered formats>` (§6).
fn rejected(offered: &MediaDescription) -> MediaDescription {
    MediaDescription::new(&offered.kind, 0, &offered.proto, offered.formats.clone())
}

/// The accepted audio stream, or `None` when no codec is common.
fn accept_audio(
    offer: &SessionDescription,
    offered: &MediaDescription,
    local: &LocalMedia,
) -> Option<MediaDescription> {
    let chosen = choose(offered, local);
    if !chosen.iter().any(|(map, _)| local.codecs.iter().any(|c| c.matches(map))) {
        return None;
    }
    let formats = chosen.iter().filter_map(|(map, _)| offered_token(offered, map.payload_type)).collect();
    let mut media = MediaDescription::new(&offered.kind, local.port, &offered.proto, formats);
    for (map, fmtp) in chosen {
        media.attributes.push(Attribute::new("rtpmap", map.value()));
        media.attributes.extend(fmtp.map(|params| Attribute::new("fmtp", format!("{} {params}", map.payload_type))));
    }
    media.attributes.extend(offered.ptime().map(|ptime| Attribute::new("ptime", ptime.to_string())));
    media.set_direction(answer_direction(offer, offered));
    Some(media)
}

/// The offered format token of a payload type, as written (`08` stays `08`).
fn offered_token(offered: &MediaDescription, payload_type: u8) -> Option<String> {
    offered.formats.iter().find(|f| f.parse::<u8>().ok() == Some(payload_type)).cloned()
}

/// The offered formats we accept, in the offer's order, each with the
/// `fmtp` parameters to echo.
fn choose(offered: &MediaDescription, local: &LocalMedia) -> Vec<(RtpMap, Option<String>)> {
    let mut chosen: Vec<(RtpMap, Option<String>)> = Vec::new();
    for pt in offered.payload_types() {
        let Some(map) = offered.encoding(pt) else { continue };
        if chosen.iter().any(|(c, _)| c.payload_type == pt) {
            continue;
        }
        if local.codecs.iter().any(|c| c.matches(&map)) {
            chosen.push((map, None));
        } else if local.telephone_event
            && is_telephone_event(&map)
            && !chosen.iter().any(|(c, _)| is_telephone_event(c))
        {
            let fmtp = offered.fmtp(pt).map(|f| f.params).filter(|p| !p.is_empty()).unwrap_or_else(|| "0-15".into());
            chosen.push((map, Some(fmtp)));
        }
    }
    chosen
}

/// `telephone-event/8000` (RFC 4733 §7.1.1).
fn is_telephone_event(map: &RtpMap) -> bool {
    map.encoding.eq_ignore_ascii_case("telephone-event") && map.clock_rate == 8000
}

/// The offered direction, reversed; `c=0.0.0.0` means the offerer does not
/// receive (RFC 3264 §6.1, §8.4).
fn answer_direction(offer: &SessionDescription, offered: &MediaDescription) -> Direction {
    let sends = offer.direction_of(offered).sends();
    Direction::from_flags(sends, offer.offerer_receives(offered)).reversed()
}
