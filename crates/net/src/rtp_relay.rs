//! The media relay of one call (issue 4 item 3): a task that owns the two
//! port pairs of a leg pair and forwards datagrams both ways — what side A
//! sends to its port leaves from B's port towards B, and back.
//!
//! Symmetric RTP latching (RFC 4961 §2; the common NAT practice): until a
//! side sends, its packets go where its SDP said (RFC 3264 §5: `c=` and
//! `m=`); its first packet's source address is then latched and used from
//! there on, and packets from other sources are dropped. RTCP follows on
//! the odd ports the same way (RFC 3550 §11).
//!
//! The task ends when the [`Relay`] handle is dropped; the sockets and
//! their ports go back to the pool with it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::rtp_pool::PortPair;

/// One side of a call's media.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaSide {
    /// The caller's leg.
    A,
    /// The callee's leg.
    B,
}

/// The running relay of one call; dropping it stops the relay.
#[derive(Debug)]
pub struct Relay {
    control: mpsc::UnboundedSender<(MediaSide, SocketAddr)>,
    counters: Arc<Counters>,
    task: JoinHandle<()>,
    ports: (SocketAddr, SocketAddr),
}

#[derive(Debug)]
struct Counters {
    started: Instant,
    /// Milliseconds after `started` of the last packet forwarded.
    last_packet_ms: AtomicU64,
    forwarded: AtomicU64,
}

impl Relay {
    /// Starts relaying between `a` (the port side A sends to) and `b`.
    pub fn spawn(a: PortPair, b: PortPair) -> Self {
        let (control, commands) = mpsc::unbounded_channel();
        let counters = Arc::new(Counters {
            started: Instant::now(),
            last_packet_ms: AtomicU64::new(0),
            forwarded: AtomicU64::new(0),
        });
        let ports = (a.local_addr(), b.local_addr());
        let task = tokio::spawn(run(a, b, commands, Arc::clone(&counters)));
        Self { control, counters, task, ports }
    }

    /// The local address side A must send RTP to.
    pub fn port_for_a(&self) -> SocketAddr {
        self.ports.0
    }

    /// The local address side B must send RTP to.
    pub fn port_for_b(&self) -> SocketAddr {
        self.ports.1
    }

    /// Where `side` wants its RTP, from its SDP (until it latches).
    pub fn set_remote(&self, side: MediaSide, rtp: SocketAddr) {
        let _ = self.control.send((side, rtp));
    }

    /// How long since the last packet was forwarded (or since the start).
    pub fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.counters.last_packet_ms.load(Ordering::Relaxed));
        self.counters.started.elapsed().saturating_sub(last)
    }

    /// Packets forwarded so far, both ways.
    pub fn forwarded(&self) -> u64 {
        self.counters.forwarded.load(Ordering::Relaxed)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Where one side's packets go, and where they may come from.
#[derive(Debug, Default, Clone, Copy)]
struct Peer {
    signalled: Option<SocketAddr>,
    latched: Option<SocketAddr>,
}

impl Peer {
    fn target(&self) -> Option<SocketAddr> {
        self.latched.or(self.signalled)
    }

    /// Whether a packet from `source` is this side's (latching on the first).
    fn accept(&mut self, source: SocketAddr) -> bool {
        match self.latched {
            Some(latched) => latched == source,
            None => {
                self.latched = Some(source);
                true
            }
        }
    }
}

const MAX_PACKET: usize = 2048;

async fn run(
    a: PortPair,
    b: PortPair,
    mut commands: mpsc::UnboundedReceiver<(MediaSide, SocketAddr)>,
    counters: Arc<Counters>,
) {
    let (mut peer_a, mut peer_b) = (Peer::default(), Peer::default());
    let (mut rtcp_a, mut rtcp_b) = (Peer::default(), Peer::default());
    let mut buf_a = vec![0u8; MAX_PACKET];
    let mut buf_b = vec![0u8; MAX_PACKET];
    let mut buf_c = vec![0u8; MAX_PACKET];
    let mut buf_d = vec![0u8; MAX_PACKET];
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                Some((MediaSide::A, rtp)) => signal(&mut peer_a, &mut rtcp_a, rtp),
                Some((MediaSide::B, rtp)) => signal(&mut peer_b, &mut rtcp_b, rtp),
                None => return,
            },
            Ok((len, from)) = a.rtp.recv_from(&mut buf_a) => {
                forward(&buf_a[..len], from, &mut peer_a, peer_b.target(), &b.rtp, &counters).await;
            }
            Ok((len, from)) = b.rtp.recv_from(&mut buf_b) => {
                forward(&buf_b[..len], from, &mut peer_b, peer_a.target(), &a.rtp, &counters).await;
            }
            Ok((len, from)) = a.rtcp.recv_from(&mut buf_c) => {
                forward(&buf_c[..len], from, &mut rtcp_a, rtcp_b.target(), &b.rtcp, &counters).await;
            }
            Ok((len, from)) = b.rtcp.recv_from(&mut buf_d) => {
                forward(&buf_d[..len], from, &mut rtcp_b, rtcp_a.target(), &a.rtcp, &counters).await;
            }
        }
    }
}

/// A side's SDP named `rtp`; RTCP is the port above (RFC 3550 §11).
fn signal(rtp_peer: &mut Peer, rtcp_peer: &mut Peer, rtp: SocketAddr) {
    rtp_peer.signalled = Some(rtp);
    rtcp_peer.signalled = Some(SocketAddr::new(rtp.ip(), rtp.port().saturating_add(1)));
}

async fn forward(
    packet: &[u8],
    from: SocketAddr,
    sender: &mut Peer,
    target: Option<SocketAddr>,
    out: &UdpSocket,
    counters: &Counters,
) {
    if !sender.accept(from) {
        return;
    }
    let Some(target) = target else { return };
    if out.send_to(packet, target).await.is_ok() {
        let elapsed = u64::try_from(counters.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        counters.last_packet_ms.store(elapsed, Ordering::Relaxed);
        counters.forwarded.fetch_add(1, Ordering::Relaxed);
    }
}
