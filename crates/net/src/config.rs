//! Which addresses to listen on (RFC 3261 §18; TLS per §26.2). The default
//! layout — UDP and TCP on 5060 and 5062, TLS on 5061 — is the binary's
//! configuration default.

use std::net::SocketAddr;
use std::sync::Arc;

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
}

impl std::fmt::Debug for Listeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listeners").field("listeners", &self.listeners).field("tls", &self.tls.is_some()).finish()
    }
}
