//! `a=` lines (RFC 8866 §5.13) and the typed views of the ones the B2BUA
//! reads: `rtpmap` (§6.6), `fmtp` (§6.15) and `rtcp` (RFC 3605 §2.1).

use crate::Connection;

/// One `a=<name>` or `a=<name>:<value>` line, kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute name (before `:`).
    pub name: String,
    /// The value after `:`, if there was one.
    pub value: Option<String>,
}

impl Attribute {
    /// A property attribute such as `a=sendrecv`.
    pub fn flag(name: &str) -> Self {
        Self { name: name.into(), value: None }
    }

    /// A value attribute such as `a=ptime:20`.
    pub fn new(name: &str, value: impl Into<String>) -> Self {
        Self { name: name.into(), value: Some(value.into()) }
    }

    /// Splits the text after `a=`.
    pub(crate) fn parse(text: &str) -> Self {
        match text.split_once(':') {
            Some((name, value)) => Self::new(name, value),
            None => Self::flag(text),
        }
    }
}

/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtpMap {
    /// The RTP payload type.
    pub payload_type: u8,
    /// The encoding name as written (compare case-insensitively).
    pub encoding: String,
    /// The RTP clock rate in Hz.
    pub clock_rate: u32,
    /// Audio channels, when given.
    pub channels: Option<u32>,
}

impl RtpMap {
    /// Parses an rtpmap value; `None` when malformed.
    pub fn parse(value: &str) -> Option<Self> {
        let (pt, rest) = value.split_once(' ')?;
        let mut parts = rest.trim().split('/');
        let encoding = parts.next().filter(|e| !e.is_empty())?.to_owned();
        let clock_rate = parts.next()?.parse().ok()?;
        let channels = parts.next().map(str::parse).transpose().ok()?;
        parts.next().is_none().then_some(Self { payload_type: pt.parse().ok()?, encoding, clock_rate, channels })
    }

    /// The attribute value.
    pub fn value(&self) -> String {
        match self.channels {
            Some(channels) => format!("{} {}/{}/{channels}", self.payload_type, self.encoding, self.clock_rate),
            None => format!("{} {}/{}", self.payload_type, self.encoding, self.clock_rate),
        }
    }
}

/// `a=fmtp:<payload type> <format parameters>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fmtp {
    /// The RTP payload type.
    pub payload_type: u8,
    /// The parameters, verbatim.
    pub params: String,
}

impl Fmtp {
    /// Parses an fmtp value; `None` when the payload type is not a number.
    pub fn parse(value: &str) -> Option<Self> {
        let (pt, params) = value.split_once(' ').unwrap_or((value, ""));
        Some(Self { payload_type: pt.parse().ok()?, params: params.trim().to_owned() })
    }
}

/// `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]` (RFC 3605).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rtcp {
    /// The RTCP port.
    pub port: u16,
    /// The RTCP address, when it differs from the media's.
    pub connection: Option<Connection>,
}

impl Rtcp {
    /// Parses an rtcp value; `None` when malformed.
    pub fn parse(value: &str) -> Option<Self> {
        let mut words = value.split_ascii_whitespace();
        let port = words.next()?.parse().ok()?;
        let connection = match (words.next(), words.next(), words.next(), words.next()) {
            (None, ..) => None,
            (Some(net), Some(addr_type), Some(address), None) => {
                Some(Connection { net_type: net.into(), addr_type: addr_type.into(), address: address.into() })
            }
            _ => return None,
        };
        Some(Self { port, connection })
    }

    /// The attribute value.
    pub fn value(&self) -> String {
        match &self.connection {
            Some(c) => format!("{} {} {} {}", self.port, c.net_type, c.addr_type, c.address),
            None => self.port.to_string(),
        }
    }
}
