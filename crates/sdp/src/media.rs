//! One media section: `m=` and the lines after it (RFC 8866 §5.14), with
//! typed views of what RTP/AVP audio needs (RFC 3551, RFC 3264, RFC 3605).

use crate::{Attribute, Connection, Direction, Field, Fmtp, Rtcp, RtpMap};

/// `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaDescription {
    /// `audio`, `video`, `application`, ...
    pub kind: String,
    /// The transport port; 0 rejects or disables the stream (RFC 3264 §5.1, §6).
    pub port: u16,
    /// The `/<number of ports>` suffix, when given.
    pub port_count: Option<u16>,
    /// The transport protocol, e.g. `RTP/AVP`.
    pub proto: String,
    /// Media formats; RTP payload type numbers for `RTP/AVP`.
    pub formats: Vec<String>,
    /// Media-level `c=` lines (§5.7).
    pub connections: Vec<Connection>,
    /// Media-level `a=` lines, in order.
    pub attributes: Vec<Attribute>,
    /// Media-level `i= b= k=` lines, verbatim.
    pub other: Vec<Field>,
}

impl MediaDescription {
    /// A section with no lines below `m=`.
    pub fn new(kind: &str, port: u16, proto: &str, formats: Vec<String>) -> Self {
        let (kind, proto) = (kind.to_owned(), proto.to_owned());
        Self { kind, port, port_count: None, proto, formats, connections: vec![], attributes: vec![], other: vec![] }
    }

    /// Whether this is an `audio` section.
    pub fn is_audio(&self) -> bool {
        self.kind.eq_ignore_ascii_case("audio")
    }

    /// Whether the transport is plain `RTP/AVP` (RFC 3551).
    pub fn is_rtp_avp(&self) -> bool {
        self.proto.eq_ignore_ascii_case("RTP/AVP")
    }

    /// The formats that are RTP payload type numbers (0–127), in order.
    pub fn payload_types(&self) -> Vec<u8> {
        self.formats.iter().filter_map(|f| f.parse().ok()).filter(|pt| *pt < 128).collect()
    }

    /// The values of every attribute called `name`.
    pub fn attribute_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + use<'a> {
        self.attributes.iter().filter(move |a| a.name.eq_ignore_ascii_case(name)).filter_map(|a| a.value.as_deref())
    }

    /// The first value of the attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|a| a.name.eq_ignore_ascii_case(name)).and_then(|a| a.value.as_deref())
    }

    /// The `a=rtpmap` of a payload type.
    pub fn rtpmap(&self, payload_type: u8) -> Option<RtpMap> {
        self.attribute_values("rtpmap").filter_map(RtpMap::parse).find(|m| m.payload_type == payload_type)
    }

    /// The `a=fmtp` of a payload type.
    pub fn fmtp(&self, payload_type: u8) -> Option<Fmtp> {
        self.attribute_values("fmtp").filter_map(Fmtp::parse).find(|f| f.payload_type == payload_type)
    }

    /// The encoding of a payload type: its `a=rtpmap`, else the RFC 3551
    /// §6 static assignment for the G.711 types.
    pub fn encoding(&self, payload_type: u8) -> Option<RtpMap> {
        self.rtpmap(payload_type).or_else(|| static_encoding(payload_type))
    }

    /// The media-level direction attribute, if any.
    pub fn direction(&self) -> Option<Direction> {
        Direction::find(&self.attributes)
    }

    /// Replaces any direction attributes with `direction`.
    pub fn set_direction(&mut self, direction: Direction) {
        self.attributes.retain(|a| Direction::from_name(&a.name).is_none());
        self.attributes.push(Attribute::flag(direction.as_str()));
    }

    /// `a=ptime` in milliseconds (RFC 8866 §6.4).
    pub fn ptime(&self) -> Option<u32> {
        self.attribute("ptime").and_then(|v| v.trim().parse().ok())
    }

    /// `a=rtcp` (RFC 3605).
    pub fn rtcp(&self) -> Option<Rtcp> {
        self.attribute("rtcp").and_then(Rtcp::parse)
    }
}

/// RFC 3551 §6 table 4: the static audio types this crate answers.
fn static_encoding(payload_type: u8) -> Option<RtpMap> {
    let encoding = match payload_type {
        0 => "PCMU",
        8 => "PCMA",
        _ => return None,
    };
    Some(RtpMap { payload_type, encoding: encoding.into(), clock_rate: 8000, channels: None })
}
