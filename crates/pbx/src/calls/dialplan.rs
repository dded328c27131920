//! The dial plan for calls between extensions (issue 4 item 2): the dialled
//! number is looked up among the caller's own customer's extensions only, so
//! a call never crosses customers. The Request-URI host must be the
//! customer's domain or the server itself; another customer's domain gets
//! 404, as does an unknown number (RFC 3261 §21.4.5). A known extension with
//! no registration gets 480 (§21.4.18).
//!
//! Each registration becomes a fork target (§16.5-like): UDP contacts with
//! an address are reached at that address, unless it is a private address
//! while the REGISTER came from a public one — a phone behind NAT, reached
//! where its REGISTER came from (the RFC 3581 rport idea applied to the
//! binding); stream contacts over the connection they registered on
//! (RFC 3261 §18.2.2 reuse).

use std::net::{IpAddr, SocketAddr};

use model::{Aor, Binding, SipTransport};
use sip::transaction::{Peer, TransportKind};
use sip::{Host, NameAddr, Request, Uri};

use crate::Registrar;
use crate::registrar::Caller;

/// Where a fork of leg B goes.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The Request-URI: the registered contact.
    pub(crate) uri: Uri,
    /// Where to send it.
    pub(crate) peer: Peer,
}

/// The dialled number and its registrations, or the status refusing the call.
pub(crate) async fn route(
    registrar: &Registrar,
    caller: &Caller,
    request: &Request,
) -> Result<(String, Vec<Target>), u16> {
    let number = request.uri.user.clone().ok_or(404u16)?;
    if !registrar.host_is_for(&request.uri.host, &caller.customer.id).await {
        return Err(404);
    }
    registrar.extension(&caller.customer.id, &number).ok_or(404u16)?;
    let aor = Aor { customer: caller.customer.id.clone(), number: number.clone() };
    let targets: Vec<Target> = registrar.contacts(&aor).iter().filter_map(target).collect();
    if targets.is_empty() {
        return Err(480);
    }
    Ok((number, targets))
}

fn target(binding: &Binding) -> Option<Target> {
    let uri = binding.contact.parse::<NameAddr>().ok()?.uri;
    let source: SocketAddr = binding.source.parse().ok()?;
    let peer = match binding.transport {
        SipTransport::Udp => {
            let contact = contact_addr(&uri).filter(|&contact| !behind_nat(contact, source));
            Peer { transport: TransportKind::Udp, addr: contact.unwrap_or(source) }
        }
        SipTransport::Tcp => Peer { transport: TransportKind::Tcp, addr: source },
        SipTransport::Tls => Peer { transport: TransportKind::Tls, addr: source },
    };
    Some(Target { uri, peer })
}

/// The address of a contact URI with an IP host.
fn contact_addr(uri: &Uri) -> Option<SocketAddr> {
    let ip = match uri.host {
        Host::V4(v4) => IpAddr::V4(v4),
        Host::V6(v6) => IpAddr::V6(v6),
        Host::Domain(_) => return None,
    };
    Some(SocketAddr::new(ip, uri.port.unwrap_or(5060)))
}

/// Whether a contact address is a private one seen from a public source.
fn behind_nat(contact: SocketAddr, source: SocketAddr) -> bool {
    contact.ip() != source.ip() && is_private(contact.ip()) && !is_private(source.ip())
}

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let shared = v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]); // RFC 6598
            v4.is_private() || v4.is_loopback() || v4.is_link_local() || shared
        }
        IpAddr::V6(v6) => v6.is_loopback() || v6.is_unique_local() || v6.is_unicast_link_local(),
    }
}

#[cfg(test)]
mod tests {
    use super::behind_nat;

    #[test]
    fn a_private_contact_from_a_public_source_is_natted() {
        let at = |s: &str| s.parse().unwrap();
        assert!(behind_nat(at("192.168.1.20:5060"), at("203.0.113.7:40312")));
        assert!(behind_nat(at("100.64.0.9:5060"), at("198.51.100.1:5060")));
        assert!(!behind_nat(at("127.0.0.1:5070"), at("127.0.0.1:5070")), "the same host");
        assert!(!behind_nat(at("10.0.0.5:5060"), at("10.0.0.9:5060")), "both private: a LAN");
        assert!(!behind_nat(at("198.51.100.2:5060"), at("203.0.113.7:5060")), "a public contact is used");
    }
}
