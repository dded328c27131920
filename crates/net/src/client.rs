//! What a transaction user needs beyond answering at once: answering a
//! server transaction later, and starting client transactions of its own
//! (RFC 3261 §17.1) — the B2BUA's legs toward callees (RFC 3261 §13.2, §15).
//!
//! The driver owns the transaction layer, so these are commands sent to it;
//! responses to a client transaction come back on the channel given with the
//! request, tagged with the request's branch.

use std::net::SocketAddr;
use std::sync::Arc;

use sip::transaction::{Peer, ServerKey, TransportKind};
use sip::{Request, Response};
use tokio::sync::mpsc;

use crate::ListenerConfig;

/// What happened to a client transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// A response (provisional, final, or a 2xx retransmission).
    Response(Response),
    /// No final response in time (Timer B or F, RFC 3261 §17.1).
    Timeout,
    /// The layer refused to start it (table full or a duplicate branch).
    Refused,
    /// Nothing was sent: the peer is reached over TCP or TLS and no
    /// connection to it is open or could be opened (RFC 3261 §8.1.3.1: a
    /// transport error, told at once rather than after Timer B).
    Unreachable,
}

/// A [`ClientEvent`] and the top Via branch of the request it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientReply {
    /// The branch of the request.
    pub branch: String,
    /// What happened.
    pub event: ClientEvent,
}

/// Where client replies go. Boxed: tokio allocates a channel's first block
/// of 32 slots up front, and every call holds one of these channels.
pub type ReplySender = mpsc::UnboundedSender<Box<ClientReply>>;

pub(crate) enum Command {
    Respond {
        key: ServerKey,
        response: Response,
    },
    Request {
        request: Request,
        to: Peer,
        replies: ReplySender,
    },
    Ack {
        ack: Request,
        to: Peer,
    },
    /// A dial-out connection attempt to `peer` finished ([`crate::dial`]).
    Dialed {
        peer: Peer,
        connected: bool,
    },
}

/// A handle on the SIP driver for transaction users; cheap to clone.
#[derive(Clone)]
pub struct SipSender {
    commands: mpsc::UnboundedSender<Command>,
    listeners: Arc<Vec<ListenerConfig>>,
}

impl std::fmt::Debug for SipSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SipSender").field("listeners", &self.listeners).finish_non_exhaustive()
    }
}

/// A request's server transaction, to answer later through [`SipSender::respond`].
#[derive(Debug, Clone)]
pub struct ServerTransaction {
    /// The transaction's key.
    pub key: ServerKey,
    /// The driver.
    pub sip: SipSender,
}

impl SipSender {
    pub(crate) fn new(commands: mpsc::UnboundedSender<Command>, listeners: Vec<ListenerConfig>) -> Self {
        Self { commands, listeners: Arc::new(listeners) }
    }

    /// Tells the driver a dial-out attempt finished.
    pub(crate) fn dialed(&self, peer: Peer, connected: bool) {
        let _ = self.commands.send(Command::Dialed { peer, connected });
    }

    /// Sends `response` (provisional or final; a 2xx again to retransmit it,
    /// RFC 3261 §13.3.1.4) in server transaction `key`.
    pub fn respond(&self, key: &ServerKey, response: Response) {
        let _ = self.commands.send(Command::Respond { key: key.clone(), response });
    }

    /// Starts a client transaction for `request` (which carries a unique
    /// `z9hG4bK` branch in its top Via) toward `to`; its responses go to `replies`.
    pub fn send_request(&self, request: Request, to: Peer, replies: ReplySender) {
        let _ = self.commands.send(Command::Request { request, to, replies });
    }

    /// Sends the ACK for a 2xx (RFC 3261 §13.2.2.4); not a transaction.
    pub fn send_ack(&self, ack: Request, to: Peer) {
        let _ = self.commands.send(Command::Ack { ack, to });
    }

    /// The first listener of `transport` as bound, for Via and Contact.
    pub fn local_addr(&self, transport: TransportKind) -> Option<SocketAddr> {
        self.listeners.iter().find_map(|listener| match (*listener, transport) {
            (ListenerConfig::Udp(a), TransportKind::Udp)
            | (ListenerConfig::Tcp(a), TransportKind::Tcp)
            | (ListenerConfig::Tls(a), TransportKind::Tls) => Some(a),
            _ => None,
        })
    }

    /// Whether `addr` is one of our listeners (loop detection).
    pub fn is_local(&self, addr: SocketAddr) -> bool {
        self.listeners.iter().any(|listener| match *listener {
            ListenerConfig::Udp(a) | ListenerConfig::Tcp(a) | ListenerConfig::Tls(a) => a == addr,
        })
    }
}
