//! The Via header (RFC 3261 §20.42, §18.2.1 `received`, §8.1.1.7 `branch`;
//! RFC 3581 `rport`; RFC 5118 §4.5 IPv6 sent-by).
//!
//! `SIP / 2.0 / UDP host[:port] *(;param)`; LWS may surround each `/`
//! (RFC 4475 §3.1.1.1).

use std::fmt;
use std::str::FromStr;

use super::Params;
use super::scan::{expect_sep, is_wsp, skip_lws, take_token};
use crate::Host;
use crate::error::SyntaxError;

/// One Via value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Via {
    /// The transport token, upper-cased (`UDP`, `TCP`, `TLS`, `WS`, ...).
    pub transport: String,
    /// The sent-by host.
    pub host: Host,
    /// The sent-by port, when given.
    pub port: Option<u16>,
    /// `branch`, `received`, `rport`, `maddr`, `ttl` and extensions.
    pub params: Params,
}

impl Via {
    /// The transaction branch (§8.1.1.7).
    pub fn branch(&self) -> Option<&str> {
        self.params.get("branch").flatten()
    }

    /// `rport` (RFC 3581 §3): `Some(None)` when present without a value.
    pub fn rport(&self) -> Option<Option<u16>> {
        self.params.get("rport").map(|v| v.and_then(|v| v.parse().ok()))
    }

    /// `received` (§18.2.1).
    pub fn received(&self) -> Option<&str> {
        self.params.get("received").flatten()
    }

    /// Sets (or adds) a parameter, e.g. `received` or `rport` on receipt.
    pub fn set_param(&mut self, name: &str, value: Option<&str>) {
        self.params.set(name, value);
    }
}

impl FromStr for Via {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Self, SyntaxError> {
        let rest = sent_protocol(skip_lws(s))?;
        let (transport, rest) = take_token(rest);
        if transport.is_empty() || !rest.starts_with(is_wsp) {
            return Err(SyntaxError::Protocol);
        }
        let rest = skip_lws(rest);
        let end = rest.find(|c| c == ';' || is_wsp(c)).unwrap_or(rest.len());
        let (host, port) = Host::parse_with_port(&rest[..end])?;
        Ok(Via { transport: transport.to_ascii_uppercase(), host, port, params: rest[end..].parse()? })
    }
}

/// Reads `SIP / 2.0 /` and returns what follows.
fn sent_protocol(s: &str) -> Result<&str, SyntaxError> {
    let (name, rest) = take_token(s);
    let rest = expect_sep(rest, '/').ok_or(SyntaxError::Protocol)?;
    let (version, rest) = take_token(rest);
    let rest = expect_sep(rest, '/').ok_or(SyntaxError::Protocol)?;
    match name.eq_ignore_ascii_case("SIP") && version == "2.0" {
        true => Ok(rest),
        false => Err(SyntaxError::Protocol),
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SIP/2.0/{} {}", self.transport, self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        write!(f, "{}", self.params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tortuous_whitespace() {
        let via: Via = "SIP  /   2.0  /UDP     192.0.2.2;rport;branch=390skdjuw".parse().unwrap();
        assert_eq!(via.transport, "UDP");
        assert_eq!(via.host, Host::V4("192.0.2.2".parse().unwrap()));
        assert_eq!(via.port, None);
        assert_eq!(via.branch(), Some("390skdjuw"));
        assert_eq!(via.rport(), Some(None));
        assert_eq!(via.received(), None);
    }

    #[test]
    fn parses_ipv6_sent_by_and_received() {
        let via: Via =
            "SIP/2.0/tcp [2001:db8::9:1]:5061;branch=z9hG4bKas3;received=2001:db8::9:255;rport=5062".parse().unwrap();
        assert_eq!(via.transport, "TCP");
        assert_eq!(via.host, Host::V6("2001:db8::9:1".parse().unwrap()));
        assert_eq!(via.port, Some(5061));
        assert_eq!(via.received(), Some("2001:db8::9:255"));
        assert_eq!(via.rport(), Some(Some(5062)));
    }

    #[test]
    fn rejects_bad_protocol_and_separators() {
        assert_eq!("SIP/3.0/UDP h".parse::<Via>(), Err(SyntaxError::Protocol));
        assert_eq!("SIP/2.0/UDPh".parse::<Via>(), Err(SyntaxError::Protocol));
        assert_eq!("SIP/2.0/UDP 192.0.2.15;;,".parse::<Via>(), Err(SyntaxError::Param));
        assert_eq!("SIP/2.0/UDP".parse::<Via>(), Err(SyntaxError::Protocol));
    }

    #[test]
    fn prints_and_round_trips_with_set_params() {
        let mut via: Via = "SIP/2.0/UDP Host.Example.com:5060 ; branch=z9hG4bK1;rport".parse().unwrap();
        via.set_param("rport", Some("5070"));
        via.set_param("received", Some("192.0.2.1"));
        let printed = via.to_string();
        assert_eq!(printed, "SIP/2.0/UDP host.example.com:5060;branch=z9hG4bK1;rport=5070;received=192.0.2.1");
        assert_eq!(printed.parse::<Via>(), Ok(via));
    }
}
