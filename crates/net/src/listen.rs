//! Binding listeners and accepting stream connections.

use std::net::SocketAddr;
use std::sync::Arc;

use sip::transaction::{Peer, TransportKind};
use tokio::net::{TcpListener, UdpSocket};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;

use crate::config::{ListenerConfig, Listeners};
use crate::driver::Shared;
use crate::outbound::Outbound;
use crate::{NetError, stream, udp};

/// Stream connections open at once, per listener; more are refused.
const MAX_CONNECTIONS: usize = 10_000;
/// The UDP receive buffer asked for, so a burst of REGISTERs (a site's
/// phones after a power cut) waits in the kernel rather than being dropped.
/// The kernel caps it at `net.core.rmem_max`.
const UDP_RECEIVE_BUFFER: usize = 8 << 20;

/// Sockets bound and not yet served.
pub(crate) struct Bound {
    udp: Vec<(Arc<UdpSocket>, usize)>,
    streams: Vec<(TcpListener, bool)>,
}

impl Bound {
    /// The listeners as bound, with real ports.
    pub(crate) fn addresses(&self) -> Vec<ListenerConfig> {
        let udp = self.udp.iter().filter_map(|(s, _)| s.local_addr().ok()).map(ListenerConfig::Udp);
        let streams = self.streams.iter().filter_map(|(l, tls)| {
            let addr = l.local_addr().ok()?;
            Some(if *tls { ListenerConfig::Tls(addr) } else { ListenerConfig::Tcp(addr) })
        });
        udp.chain(streams).collect()
    }

    /// Starts a task per listener.
    pub(crate) fn spawn(
        self,
        tasks: &mut JoinSet<()>,
        shared: &Arc<Shared>,
        tls: Option<&Arc<rustls::ServerConfig>>,
        stop: &CancellationToken,
    ) {
        for (socket, index) in self.udp {
            tasks.spawn(udp::serve(socket, index, Arc::clone(shared), stop.clone()));
        }
        for (listener, is_tls) in self.streams {
            let acceptor = if is_tls { tls.cloned().map(TlsAcceptor::from) } else { None };
            tasks.spawn(accept(listener, acceptor, Arc::clone(shared), stop.clone()));
        }
    }
}

/// Binds every configured listener, registering UDP sockets for sending.
pub(crate) async fn bind_all(listeners: &Listeners, outbound: &mut Outbound) -> Result<Bound, NetError> {
    let mut bound = Bound { udp: Vec::new(), streams: Vec::new() };
    for listener in &listeners.listeners {
        match *listener {
            ListenerConfig::Udp(addr) => {
                let socket = Arc::new(bind_udp(addr).map_err(bind_error("UDP", addr))?);
                let index = outbound.add_udp(Arc::clone(&socket));
                bound.udp.push((socket, index));
            }
            ListenerConfig::Tcp(addr) => bound.streams.push((bind_tcp("TCP", addr).await?, false)),
            ListenerConfig::Tls(addr) if listeners.tls.is_some() => {
                bound.streams.push((bind_tcp("TLS", addr).await?, true));
            }
            ListenerConfig::Tls(addr) => tracing::warn!(%addr, "no TLS certificate; TLS listener skipped"),
        }
    }
    Ok(bound)
}

fn bind_udp(addr: SocketAddr) -> std::io::Result<UdpSocket> {
    let socket = socket2::Socket::new(socket2::Domain::for_address(addr), socket2::Type::DGRAM, None)?;
    if let Err(error) = socket.set_recv_buffer_size(UDP_RECEIVE_BUFFER) {
        tracing::debug!(%error, "could not enlarge the UDP receive buffer");
    }
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    UdpSocket::from_std(socket.into())
}

async fn bind_tcp(transport: &'static str, addr: SocketAddr) -> Result<TcpListener, NetError> {
    TcpListener::bind(addr).await.map_err(bind_error(transport, addr))
}

fn bind_error(transport: &'static str, addr: SocketAddr) -> impl FnOnce(std::io::Error) -> NetError {
    move |source| NetError::Bind { transport, addr, source }
}

async fn accept(listener: TcpListener, tls: Option<TlsAcceptor>, shared: Arc<Shared>, stop: CancellationToken) {
    let limit = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let accepted = tokio::select! {
            () = stop.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        let Ok((socket, remote)) = accepted else { continue };
        let Ok(permit) = Arc::clone(&limit).try_acquire_owned() else {
            tracing::warn!("too many SIP connections; refusing one");
            continue;
        };
        let _ = socket.set_nodelay(true);
        let (shared, stop, tls) = (Arc::clone(&shared), stop.clone(), tls.clone());
        tokio::spawn(async move {
            serve_one(socket, remote, tls, shared, stop).await;
            drop(permit);
        });
    }
}

async fn serve_one(
    socket: tokio::net::TcpStream,
    remote: SocketAddr,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    stop: CancellationToken,
) {
    let Some(acceptor) = tls else {
        let peer = Peer { transport: TransportKind::Tcp, addr: remote };
        return stream::serve(socket, peer, shared, stop).await;
    };
    let handshake = tokio::time::timeout(std::time::Duration::from_secs(10), acceptor.accept(socket));
    match handshake.await {
        Ok(Ok(tls_stream)) => {
            let peer = Peer { transport: TransportKind::Tls, addr: remote };
            stream::serve(tls_stream, peer, shared, stop).await;
        }
        _ => tracing::debug!("TLS handshake failed or timed out"),
    }
}
