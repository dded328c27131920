//! The session description as data (RFC 8866 §5): the typed fields the
//! B2BUA reads or writes, and every other line kept verbatim.

use std::net::IpAddr;

use crate::{Attribute, Direction, MediaDescription};

/// A whole session description (RFC 8866 §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDescription {
    /// `o=` (§5.2).
    pub origin: Origin,
    /// `s=` (§5.3); RFC 4317's examples leave it empty, so empty is kept.
    pub session_name: String,
    /// Session-level `c=` (§5.7).
    pub connection: Option<Connection>,
    /// `t=` lines, each with its `r=` lines (§5.9, §5.10).
    pub timing: Vec<Timing>,
    /// Session-level `a=` lines, in order (§5.13).
    pub attributes: Vec<Attribute>,
    /// `m=` sections, in order (§5.14).
    pub media: Vec<MediaDescription>,
    /// Session-level `i= u= e= p= b= z= k=` lines, verbatim and in order.
    pub other: Vec<Field>,
}

/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>` (§5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The user's login, or `-`.
    pub username: String,
    /// A numeric string; kept as text because some agents exceed 64 bits.
    pub session_id: String,
    /// Incremented on each change of the description (RFC 3264 §8).
    pub session_version: u64,
    /// `IN`.
    pub net_type: String,
    /// `IP4` or `IP6`.
    pub addr_type: String,
    /// The originating host (address or name).
    pub address: String,
}

/// `c=<nettype> <addrtype> <connection-address>` (§5.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `IN`.
    pub net_type: String,
    /// `IP4` or `IP6`.
    pub addr_type: String,
    /// The address, possibly with a multicast `/ttl` suffix, or a host name.
    pub address: String,
}

/// One `t=<start> <stop>` line and the `r=` lines after it (§5.9, §5.10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// NTP start time; 0 for unbounded.
    pub start: u64,
    /// NTP stop time; 0 for unbounded.
    pub stop: u64,
    /// `r=` values, verbatim.
    pub repeats: Vec<String>,
}

/// A line kept verbatim: its type letter and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The type letter.
    pub kind: char,
    /// Everything after `=`.
    pub value: String,
}

impl Connection {
    /// `IN IP4 <addr>` or `IN IP6 <addr>`.
    pub fn new(addr: IpAddr) -> Self {
        Self { net_type: "IN".into(), addr_type: addr_type(addr).into(), address: addr.to_string() }
    }

    /// The address as an IP, when it is one (no multicast suffix, no name).
    pub fn ip(&self) -> Option<IpAddr> {
        self.address.parse().ok()
    }

    /// `0.0.0.0` (or `::`): RFC 2543-style hold; RFC 3264 §8.4 says it means
    /// "neither RTP nor RTCP is to be sent to the peer".
    pub fn is_unspecified(&self) -> bool {
        self.ip().is_some_and(|ip| ip.is_unspecified())
    }
}

/// `IP4` or `IP6` for an address.
pub(crate) fn addr_type(addr: IpAddr) -> &'static str {
    if addr.is_ipv4() { "IP4" } else { "IP6" }
}

impl SessionDescription {
    /// The session-level direction attribute, if any (RFC 3264 §5.1).
    pub fn direction(&self) -> Option<Direction> {
        Direction::find(&self.attributes)
    }

    /// The connection that applies to `media`: its own `c=`, else the
    /// session's (RFC 8866 §5.7).
    pub fn connection_of<'a>(&'a self, media: &'a MediaDescription) -> Option<&'a Connection> {
        media.connections.first().or(self.connection.as_ref())
    }

    /// The direction that applies to `media`: its own attribute, else the
    /// session's, else `sendrecv` (RFC 3264 §5.1).
    pub fn direction_of(&self, media: &MediaDescription) -> Direction {
        media.direction().or(self.direction()).unwrap_or(Direction::SendRecv)
    }

    /// The first audio section with a port other than 0.
    pub fn audio(&self) -> Option<&MediaDescription> {
        self.media.iter().find(|m| m.is_audio() && m.port != 0)
    }

    /// Whether the offerer of this description has put the audio on hold:
    /// `sendonly` or `inactive`, or an unspecified connection address
    /// (RFC 3264 §8.4).
    pub fn is_hold(&self) -> bool {
        self.audio().is_some_and(|m| !self.offerer_receives(m))
    }

    /// Whether the author of the description wants to receive on `media`:
    /// its direction allows it and its address is not `0.0.0.0`.
    pub fn offerer_receives(&self, media: &MediaDescription) -> bool {
        let held = self.connection_of(media).is_some_and(Connection::is_unspecified);
        self.direction_of(media).receives() && !held
    }
}
