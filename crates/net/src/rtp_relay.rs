//! The media relay of one call (issue 4 item 3): a task that owns the two
//! port pairs of a leg pair and forwards datagrams both ways — what side A
//! sends to its port leaves from B's port towards B, and back.
//!
//! The forwarding decisions — symmetric RTP latching (RFC 7362 §4,
//! RFC 4961), the anti-hijack rule and re-latching after silence — are the
//! sans-IO [`rtp::Relay`]'s; this task only moves datagrams. Until a
//! side sends, its packets go where its SDP said (RFC 3264 §5: `c=` and
//! `m=`). RTCP travels on the odd ports (RFC 3550 §11), accepted only from
//! the IP address RTP latched to, sent to the port above the RTP
//! destination.
//!
//! The task ends when the [`Relay`] handle is dropped; the sockets and
//! their ports go back to the pool with it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rtp::{Leg, RelayConfig};

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

const MAX_PACKET: usize = 2048;

fn leg(side: MediaSide) -> Leg {
    match side {
        MediaSide::A => Leg::A,
        MediaSide::B => Leg::B,
    }
}

/// The sockets of both legs, indexed by leg.
struct Sockets {
    a: PortPair,
    b: PortPair,
}

impl Sockets {
    fn of(&self, leg: Leg) -> &PortPair {
        match leg {
            Leg::A => &self.a,
            Leg::B => &self.b,
        }
    }
}

async fn run(
    a: PortPair,
    b: PortPair,
    mut commands: mpsc::UnboundedReceiver<(MediaSide, SocketAddr)>,
    counters: Arc<Counters>,
) {
    let config = RelayConfig { inactivity: Duration::from_secs(3600), ..RelayConfig::default() };
    let mut decisions = rtp::Relay::new(Instant::now(), config);
    let sockets = Sockets { a, b };
    let mut bufs = [[0u8; MAX_PACKET]; 4];
    let [buf_a, buf_b, buf_c, buf_d] = &mut bufs;
    loop {
        let (leg, rtcp, len, from) = tokio::select! {
            command = commands.recv() => match command {
                Some((side, rtp)) => {
                    decisions.side_mut(leg(side)).set_signalled(rtp);
                    continue;
                }
                None => return,
            },
            Ok((len, from)) = sockets.a.rtp.recv_from(buf_a) => (Leg::A, false, len, from),
            Ok((len, from)) = sockets.b.rtp.recv_from(buf_b) => (Leg::B, false, len, from),
            Ok((len, from)) = sockets.a.rtcp.recv_from(buf_c) => (Leg::A, true, len, from),
            Ok((len, from)) = sockets.b.rtcp.recv_from(buf_d) => (Leg::B, true, len, from),
        };
        let packet = match (leg, rtcp) {
            (Leg::A, false) => &buf_a[..len],
            (Leg::B, false) => &buf_b[..len],
            (Leg::A, true) => &buf_c[..len],
            (Leg::B, true) => &buf_d[..len],
        };
        let target =
            if rtcp { rtcp_target(&decisions, leg, from) } else { rtp_target(&mut decisions, leg, from, packet) };
        if let Some(to) = target {
            send(sockets.of(leg.other()), rtcp, packet, to, &counters).await;
        }
        while decisions.poll_event().is_some() {}
    }
}

async fn send(out: &PortPair, rtcp: bool, packet: &[u8], to: SocketAddr, counters: &Counters) {
    let socket = if rtcp { &out.rtcp } else { &out.rtp };
    if socket.send_to(packet, to).await.is_ok() {
        counters.count();
    }
}

fn rtp_target(decisions: &mut rtp::Relay, leg: Leg, from: SocketAddr, packet: &[u8]) -> Option<SocketAddr> {
    decisions.handle_packet(Instant::now(), leg, from, packet).map(|forward| forward.to)
}

/// RTCP is accepted from the latched RTP source's address and goes to the
/// port above the other party's RTP destination.
fn rtcp_target(decisions: &rtp::Relay, leg: Leg, from: SocketAddr) -> Option<SocketAddr> {
    let latched = decisions.side(leg).latched()?;
    if latched.ip() != from.ip() {
        return None;
    }
    let rtp = decisions.side(leg.other()).destination()?;
    Some(SocketAddr::new(rtp.ip(), rtp.port().checked_add(1)?))
}

impl Counters {
    fn count(&self) {
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_packet_ms.store(elapsed, Ordering::Relaxed);
        self.forwarded.fetch_add(1, Ordering::Relaxed);
    }
}
