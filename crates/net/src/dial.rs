//! Connections this node opens (RFC 3261 §18.1.1): to a carrier trunk
//! reached over TCP or TLS, when a request for it finds no connection open.
//! TLS checks the carrier's certificate against the trunk's trusted roots
//! and its name (RFC 5922 §7.2). Once connected, the connection is served
//! like an accepted one ([`crate::stream`]): the carrier's requests on it
//! come from the trunk's own address.

use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::ServerName;
use sip::transaction::TransportKind;
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

use crate::client::SipSender;
use crate::config::DialOut;
use crate::driver::Shared;
use crate::stream;

/// How long the TCP connect and the TLS handshake may take together.
const DIAL_TIMEOUT: Duration = Duration::from_secs(5);

/// Connects to `dial` in a task of its own; the driver hears the outcome
/// through `sender`.
pub(crate) fn start(dial: DialOut, shared: Arc<Shared>, sender: SipSender, stop: CancellationToken) {
    tokio::spawn(async move {
        let peer = dial.peer;
        let served = tokio::time::timeout(DIAL_TIMEOUT, connect(&dial, shared, stop)).await;
        let connected = match served {
            Ok(Some(serving)) => {
                tokio::spawn(serving);
                true
            }
            Ok(None) | Err(_) => false,
        };
        if !connected {
            tracing::info!(transport = ?peer.transport, "could not connect to a trunk");
        }
        sender.dialed(peer, connected);
    });
}

/// The connection, registered and ready to serve, or `None` on failure.
async fn connect(
    dial: &DialOut,
    shared: Arc<Shared>,
    stop: CancellationToken,
) -> Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>> {
    let socket = TcpStream::connect(dial.peer.addr).await.ok()?;
    let _ = socket.set_nodelay(true);
    match (dial.peer.transport, &dial.tls) {
        (TransportKind::Tcp, _) => Some(Box::pin(stream::open(socket, dial.peer, shared, stop))),
        (TransportKind::Tls, Some(config)) => {
            let name = ServerName::try_from(dial.server_name.clone()).ok()?;
            let connector = tokio_rustls::TlsConnector::from(Arc::clone(config));
            let tls = connector.connect(name, socket).await.map_err(|e| tracing::info!(%e, "trunk TLS")).ok()?;
            Some(Box::pin(stream::open(tls, dial.peer, shared, stop)))
        }
        _ => None,
    }
}
