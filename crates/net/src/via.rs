//! The top Via of requests and responses over the network.
//!
//! - RFC 3261 §18.2.1: a server adds `received` when the sent-by host differs
//!   from the packet's source address.
//! - RFC 3581 §4: when the client asked with an empty `rport`, the server
//!   fills in the source port (and always adds `received`).
//! - RFC 3261 §18.2.2 with RFC 3581 §4: an unreliable response goes to
//!   `received` (or the sent-by host) at `rport` (or the sent-by port, 5060
//!   when absent).

use std::net::{IpAddr, SocketAddr};

use sip::{HeaderName, Headers, Host};

/// The default SIP port (RFC 3261 §19.1.2).
const DEFAULT_PORT: u16 = 5060;

/// Stamps `received` / `rport` on the top Via of a request that came from `source`.
/// A request without a usable Via is left alone; the parser rejects those.
pub(crate) fn stamp_received(headers: &mut Headers, source: SocketAddr) {
    let Ok(mut via) = headers.top_via() else { return };
    let asked_rport = matches!(via.rport(), Some(None));
    if asked_rport {
        via.set_param("rport", Some(&source.port().to_string()));
    }
    if asked_rport || !host_is(&via.host, source.ip()) {
        via.set_param("received", Some(&source.ip().to_string()));
    }
    headers.replace_first(&HeaderName::Via, via.to_string());
}

/// Where an unreliable response must go, from its top Via.
pub(crate) fn response_destination(headers: &Headers) -> Option<SocketAddr> {
    let via = headers.top_via().ok()?;
    let ip = match via.received().and_then(|r| r.parse::<IpAddr>().ok()) {
        Some(ip) => ip,
        None => host_ip(&via.host)?,
    };
    let port = via.rport().flatten().or(via.port).unwrap_or(DEFAULT_PORT);
    Some(SocketAddr::new(ip, port))
}

fn host_is(host: &Host, ip: IpAddr) -> bool {
    host_ip(host) == Some(ip)
}

fn host_ip(host: &Host) -> Option<IpAddr> {
    match host {
        Host::V4(v4) => Some(IpAddr::V4(*v4)),
        Host::V6(v6) => Some(IpAddr::V6(*v6)),
        Host::Domain(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use sip::header::Via;

    use super::*;

    fn headers_with_via(via: &str) -> Headers {
        let mut headers = Headers::new();
        headers.push(HeaderName::Via, via);
        headers.push(HeaderName::Via, "SIP/2.0/UDP proxy.example;branch=z9hG4bKold");
        headers
    }

    fn top(headers: &Headers) -> Via {
        headers.top_via().unwrap()
    }

    #[test]
    fn empty_rport_is_filled_and_received_added() {
        let mut h = headers_with_via("SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK1;rport");
        stamp_received(&mut h, "192.0.2.7:40123".parse().unwrap());
        let via = top(&h);
        assert_eq!(via.rport(), Some(Some(40123)));
        assert_eq!(via.received(), Some("192.0.2.7"));
        assert_eq!(response_destination(&h), Some("192.0.2.7:40123".parse().unwrap()));
        assert_eq!(h.get_all(&HeaderName::Via).count(), 2, "only the top Via changes");
    }

    #[test]
    fn matching_host_without_rport_is_left_alone() {
        let mut h = headers_with_via("SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1");
        stamp_received(&mut h, "192.0.2.7:5070".parse().unwrap());
        assert_eq!(top(&h).received(), None);
        assert_eq!(response_destination(&h), Some("192.0.2.7:5070".parse().unwrap()));
    }

    #[test]
    fn a_domain_sent_by_gets_received_and_the_default_port() {
        let mut h = headers_with_via("SIP/2.0/UDP phone.example;branch=z9hG4bK1");
        stamp_received(&mut h, "192.0.2.9:61000".parse().unwrap());
        assert_eq!(top(&h).received(), Some("192.0.2.9"));
        assert_eq!(response_destination(&h), Some("192.0.2.9:5060".parse().unwrap()));
    }

    #[test]
    fn ipv6_sources_are_stamped_as_addresses() {
        let mut h = headers_with_via("SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1;rport");
        stamp_received(&mut h, "[2001:db8::2]:5090".parse().unwrap());
        assert_eq!(response_destination(&h), Some("[2001:db8::2]:5090".parse().unwrap()));
    }
}
