//! The dial plan for calls between extensions (issue 4 item 2): the dialled
//! number is looked up among the caller's own customer's extensions only, so
//! a call never crosses customers. The Request-URI host must be the
//! customer's domain or the server itself; another customer's domain gets
//! 404, as does an unknown number (RFC 3261 §21.4.5). A known extension with
//! no registration gets 480 (§21.4.18).
//!
//! Each registration becomes a fork target (§16.5-like): UDP contacts with
//! an address are reached at that address; stream contacts over the
//! connection they registered on (RFC 3261 §18.2.2 reuse).

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
        SipTransport::Udp => Peer { transport: TransportKind::Udp, addr: contact_addr(&uri).unwrap_or(source) },
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
