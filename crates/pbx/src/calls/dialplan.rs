//! The dial plan (issue 4 item 2): the dialled number is looked up among
//! the caller's own customer's extensions only, so a call never crosses
//! customers; other numbers are normalised to E.164 and go to a trunk
//! ([`super::outbound`]), emergency numbers always do. The Request-URI host must be the
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

use model::{Aor, Binding, SipTransport, TenantId};
use sip::transaction::{Peer, TransportKind};
use sip::{Host, NameAddr, Request, Uri};

use super::e164;
use super::routing::Routing;
use super::trunks::Trunking;
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

/// Where a call goes: the number as leg B carries it, its fork targets,
/// and how it is routed.
#[derive(Debug)]
pub(crate) struct Route {
    pub(crate) callee: String,
    pub(crate) targets: Vec<Target>,
    pub(crate) routing: Routing,
}

/// The route of `request`, or the status refusing the call. Emergency
/// numbers go to the trunk as dialled whatever the Request-URI host; an
/// extension of the caller's customer stays internal; any other number
/// that normalises to E.164 goes to the customer's trunk.
pub(crate) async fn route(
    registrar: &Registrar,
    trunking: &Trunking,
    caller: &Caller,
    request: &Request,
) -> Result<Route, u16> {
    let number = request.uri.user.clone().ok_or(404u16)?;
    if e164::is_emergency(&number) {
        return super::outbound::route(trunking, caller, number, true).ok_or(503);
    }
    if !registrar.host_is_for(&request.uri.host, &caller.customer.id).await {
        return Err(404);
    }
    if registrar.extension(&caller.customer.id, &number).is_none() {
        let country = trunking.policy(&caller.customer.id).country;
        let e164 = e164::normalise(&number, country).ok_or(404u16)?;
        return super::outbound::route(trunking, caller, e164, false).ok_or(404);
    }
    let targets = extension_targets(registrar, &caller.customer.id, &number)?;
    Ok(Route { callee: number, targets, routing: Routing::internal() })
}

/// Every registration of `customer`'s extension `number`; 480 when none.
pub(crate) fn extension_targets(registrar: &Registrar, customer: &TenantId, number: &str) -> Result<Vec<Target>, u16> {
    let aor = Aor { customer: customer.clone(), number: number.to_owned() };
    let targets: Vec<Target> = registrar.contacts(&aor).iter().filter_map(target).collect();
    if targets.is_empty() {
        return Err(480);
    }
    Ok(targets)
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
