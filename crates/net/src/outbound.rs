//! Where outgoing messages leave: the UDP socket a peer last reached us on,
//! or the TCP/TLS connection a peer holds open (RFC 3261 §18.2.2).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use sip::transaction::{Peer, TransportKind};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

/// How many UDP peers we remember the socket of before starting afresh.
const MAX_UDP_PEERS: usize = 200_000;

/// Writers of open stream connections, by transport and peer address.
type StreamWriters = HashMap<(TransportKind, SocketAddr), mpsc::Sender<Vec<u8>>>;

/// The registry of sockets and connections messages can leave on.
#[derive(Default)]
pub(crate) struct Outbound {
    udp: Vec<Arc<UdpSocket>>,
    udp_peers: Mutex<HashMap<SocketAddr, usize>>,
    streams: Mutex<StreamWriters>,
}

impl Outbound {
    /// Registers a bound UDP socket; returns its index.
    pub(crate) fn add_udp(&mut self, socket: Arc<UdpSocket>) -> usize {
        self.udp.push(socket);
        self.udp.len() - 1
    }

    /// Notes that `peer` reached us on UDP socket `index`.
    pub(crate) fn saw_udp_peer(&self, peer: SocketAddr, index: usize) {
        let mut peers = self.udp_peers.lock().unwrap_or_else(PoisonError::into_inner);
        if peers.len() >= MAX_UDP_PEERS && !peers.contains_key(&peer) {
            peers.clear();
        }
        peers.insert(peer, index);
    }

    /// Registers an open stream connection's writer.
    pub(crate) fn add_stream(&self, peer: Peer, writer: mpsc::Sender<Vec<u8>>) {
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        streams.insert((peer.transport, peer.addr), writer);
    }

    /// Forgets a closed stream connection.
    pub(crate) fn remove_stream(&self, peer: Peer) {
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        streams.remove(&(peer.transport, peer.addr));
    }

    /// Sends `bytes` to `to` over UDP from the socket that peer last used.
    pub(crate) fn send_udp(&self, to: SocketAddr, via_peer: SocketAddr, bytes: &[u8]) {
        let index = self.udp_socket_for(via_peer);
        let Some(socket) = self.udp.get(index) else { return };
        if let Err(error) = socket.try_send_to(bytes, to) {
            tracing::debug!(%error, "UDP send failed");
        }
    }

    /// Whether a connection to `peer` is open.
    pub(crate) fn has_stream(&self, peer: Peer) -> bool {
        let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        streams.contains_key(&(peer.transport, peer.addr))
    }

    /// Queues `bytes` on the connection of `peer`; false if it has none.
    pub(crate) fn send_stream(&self, peer: Peer, bytes: Vec<u8>) -> bool {
        let writer = {
            let streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
            streams.get(&(peer.transport, peer.addr)).cloned()
        };
        writer.is_some_and(|writer| writer.try_send(bytes).is_ok())
    }

    fn udp_socket_for(&self, peer: SocketAddr) -> usize {
        let peers = self.udp_peers.lock().unwrap_or_else(PoisonError::into_inner);
        peers.get(&peer).copied().unwrap_or(0)
    }
}
