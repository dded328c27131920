//! SIP over UDP (RFC 3261 §18): one datagram, one message.

use std::net::SocketAddr;
use std::sync::Arc;

use sip::parse::{error_response, parse_datagram};
use sip::transaction::{Peer, TransportKind};
use tokio::net::UdpSocket;
use tokio_util::sync::CancellationToken;

use crate::driver::{Inbound, Shared};

/// The largest datagram we read; bigger ones are truncated by the kernel and
/// then fail to parse.
const MAX_DATAGRAM: usize = 65_535;

/// Reads datagrams until shutdown.
pub(crate) async fn serve(socket: Arc<UdpSocket>, index: usize, shared: Arc<Shared>, stop: CancellationToken) {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    loop {
        let received = tokio::select! {
            () = stop.cancelled() => return,
            received = socket.recv_from(&mut buf) => received,
        };
        match received {
            Ok((len, from)) => on_datagram(&buf[..len], from, index, &shared),
            Err(error) => tracing::debug!(%error, "UDP receive failed"),
        }
    }
}

fn on_datagram(bytes: &[u8], from: SocketAddr, index: usize, shared: &Shared) {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return; // keep-alive (RFC 5626 §3.5.1 is for streams; NAT pings send CRLF)
    }
    shared.outbound.saw_udp_peer(from, index);
    let peer = Peer { transport: TransportKind::Udp, addr: from };
    match parse_datagram(bytes, &shared.limits) {
        Ok(message) => shared.deliver(Inbound { message, peer }),
        Err(error) => {
            tracing::debug!(%error, "malformed datagram");
            // An unparsed request's Via was never checked against the
            // source, so the reply goes back where the datagram came from.
            if let Some(reply) = error_response(bytes, &error) {
                shared.outbound.send_udp(from, from, &reply.to_bytes());
            }
        }
    }
}
