//! Which addresses to listen on (RFC 3261 §18; TLS per §26.2). The default
//! layout — UDP and TCP on 5060 and 5062, TLS on 5061 — is the binary's
//! configuration default.

use std::net::SocketAddr;
use std::sync::Arc;

use sip::transaction::Peer;

/// The transport of one listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerConfig {
    /// Datagrams.
    Udp(SocketAddr),
    /// Plain TCP streams.
    Tcp(SocketAddr),
    /// TLS over TCP.
    Tls(SocketAddr),
}

/// Every listener of one server and the TLS configuration they share.
#[derive(Clone, Default)]
pub struct Listeners {
    /// The listeners.
    pub listeners: Vec<ListenerConfig>,
    /// The TLS server configuration; needed only when a TLS listener exists.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// Servers this node opens TCP or TLS connections to (carrier trunks).
    /// Any other stream peer is reached only over a connection it opened.
    pub dial: Vec<DialOut>,
}

impl std::fmt::Debug for Listeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listeners")
            .field("listeners", &self.listeners)
            .field("tls", &self.tls.is_some())
            .field("dial", &self.dial)
            .finish()
    }
}

/// A server reached over TCP or TLS, connected to when a request for it
/// finds no open connection (RFC 3261 §18.1.1).
#[derive(Clone)]
pub struct DialOut {
    /// Its transport (TCP or TLS) and address.
    pub peer: Peer,
    /// The name its TLS certificate must carry (RFC 5922 §7.2).
    pub server_name: String,
    /// The TLS client configuration (trusted roots); `None` for TCP.
    pub tls: Option<Arc<rustls::ClientConfig>>,
}

impl std::fmt::Debug for DialOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DialOut").field("peer", &self.peer).field("server_name", &self.server_name).finish()
    }
}
