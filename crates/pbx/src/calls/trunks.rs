//! Carrier trunks, DIDs and per-customer call policy (issue 4 items 2 and
//! 6): where external and emergency numbers go, which inbound numbers
//! (DIDs) ring which extension, a customer's outbound caller ID and default
//! country (for E.164 normalisation, ITU-T E.164 §6), and its limits on
//! concurrent calls and calls per second.
//!
//! A trunk belongs to one customer or, without a customer, to the whole
//! platform; a customer's own trunk is preferred. Requests from a trunk are
//! recognised by their source address (RFC 3261 §18.2.1: the carrier
//! sends from its configured address; over TCP or TLS, from its host on a
//! connection of its own or on the one callvault opened), never by what the
//! request claims.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use model::{SipTransport, Tenant, TenantId};
use net::Source;
use sip::transaction::{Peer, TransportKind};

use super::e164::Country;

/// A carrier's SIP gateway.
#[derive(Debug, Clone)]
pub struct Trunk {
    /// Its name, as CDRs record it.
    pub name: String,
    /// The host for the Request-URI (a name or an address).
    pub host: String,
    /// Where its requests go, and where its requests come from.
    pub addr: SocketAddr,
    /// The transport to reach it.
    pub transport: SipTransport,
    /// Digest credentials answering its 401/407 (RFC 3261 §22.2).
    pub credentials: Option<TrunkCredentials>,
    /// The customer it serves; `None` for every customer.
    pub customer: Option<TenantId>,
}

impl Trunk {
    /// Its transport and address, where requests for it go.
    pub fn peer(&self) -> Peer {
        let transport = match self.transport {
            SipTransport::Udp => TransportKind::Udp,
            SipTransport::Tcp => TransportKind::Tcp,
            SipTransport::Tls => TransportKind::Tls,
        };
        Peer { transport, addr: self.addr }
    }

    /// Whether a request from `source` comes from this trunk: over UDP from
    /// its exact address; over TCP or TLS on a connection from its host
    /// (the carrier connects from a port of its choosing, RFC 3261 §18.2.1)
    /// or on the one this node opened to it.
    pub(crate) fn sends_from(&self, source: Source) -> bool {
        let peer = self.peer();
        match source.transport {
            TransportKind::Udp => peer.transport == TransportKind::Udp && source.remote == peer.addr,
            stream => peer.transport == stream && source.remote.ip() == peer.addr.ip(),
        }
    }
}

/// A trunk's digest user name and password.
#[derive(Clone)]
pub struct TrunkCredentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for TrunkCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrunkCredentials(<redacted>)")
    }
}

/// An inbound number that rings an extension.
#[derive(Debug, Clone)]
pub struct Did {
    /// The number in E.164 form (`+15551230000`).
    pub number: String,
    /// The customer owning it.
    pub customer: Tenant,
    /// The extension it rings.
    pub extension: String,
}

/// How one customer's calls are placed and limited.
#[derive(Debug, Clone, Default)]
pub struct CustomerPolicy {
    /// The number presented on outbound calls (E.164).
    pub caller_id: Option<String>,
    /// The country whose dialling habits apply (default: US).
    pub country: Country,
    /// Calls at once, at most (emergency calls exempt).
    pub max_concurrent: Option<u32>,
    /// New calls per second, at most (emergency calls exempt).
    pub calls_per_second: Option<u32>,
    /// How long its calls may ring before the caller gets 408; default:
    /// [`super::CallConfig::ring_timeout`].
    pub ring_timeout: Option<std::time::Duration>,
}

/// Trunks, DIDs and customer policies.
#[derive(Debug, Clone, Default)]
pub struct Trunking {
    /// The configured trunks.
    pub trunks: Vec<Arc<Trunk>>,
    /// The configured DIDs.
    pub dids: Vec<Did>,
    /// Policies by customer; a customer without one gets the default.
    pub customers: HashMap<TenantId, CustomerPolicy>,
}

impl Trunking {
    /// The trunk a request from `source` came from.
    pub(crate) fn trunk_at(&self, source: Source) -> Option<&Arc<Trunk>> {
        self.trunks.iter().find(|t| t.sends_from(source))
    }

    /// The trunk `customer` calls out through: its own, else a platform one.
    pub(crate) fn trunk_for(&self, customer: &TenantId) -> Option<&Arc<Trunk>> {
        let own = self.trunks.iter().find(|t| t.customer.as_ref() == Some(customer));
        own.or_else(|| self.trunks.iter().find(|t| t.customer.is_none()))
    }

    /// The DID an inbound number (as a carrier sends it) names.
    pub(crate) fn did(&self, number: &str) -> Option<&Did> {
        let e164 = super::e164::normalise(number, Country::default())?;
        self.dids.iter().find(|d| d.number == e164)
    }

    /// Whether `host` is a trunk's host.
    pub(crate) fn is_trunk_host(&self, host: &str) -> bool {
        self.trunks.iter().any(|t| t.host.eq_ignore_ascii_case(host) || t.addr.ip().to_string() == host)
    }

    /// `customer`'s policy.
    pub(crate) fn policy(&self, customer: &TenantId) -> CustomerPolicy {
        self.customers.get(customer).cloned().unwrap_or_default()
    }
}
