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
//! Memory (issue 4 target: ≤ 16 KiB per call beyond socket buffers): the
//! task is one hand-written poll over the four sockets' readiness, so it
//! stores no buffers or per-socket futures, only the sockets and the
//! decisions; the datagram buffer lives on the worker's stack for the
//! moment a packet is moved. Sends do not wait
//! either: a datagram the kernel cannot take at once is dropped, as a late
//! RTP packet is useless to a jitter buffer anyway (RFC 3550 §10 leaves
//! loss to the receiver).
//!
//! The task ends when the [`Relay`] handle is dropped; the sockets and
//! their ports go back to the pool with it.

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_util::task::AtomicWaker;
use rtp::{Leg, RelayConfig};
use tokio::net::UdpSocket;
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
    shared: Arc<Shared>,
    task: JoinHandle<()>,
    ports: (SocketAddr, SocketAddr),
}

/// What the handle and the task share.
#[derive(Debug)]
struct Shared {
    started: Instant,
    /// Milliseconds after `started` of the last packet forwarded.
    last_packet_ms: AtomicU64,
    forwarded: AtomicU64,
    /// Where each side's SDP says it wants media, `[A, B]`.
    signalled: Mutex<[Option<SocketAddr>; 2]>,
    /// Set with `signalled`; the task takes it.
    changed: AtomicBool,
    task: AtomicWaker,
}

impl Relay {
    /// Starts relaying between `a` (the port side A sends to) and `b`.
    pub fn spawn(a: PortPair, b: PortPair) -> Self {
        let shared = Arc::new(Shared {
            started: Instant::now(),
            last_packet_ms: AtomicU64::new(0),
            forwarded: AtomicU64::new(0),
            signalled: Mutex::new([None; 2]),
            changed: AtomicBool::new(false),
            task: AtomicWaker::new(),
        });
        let ports = (a.local_addr(), b.local_addr());
        let task = tokio::spawn(run(Sockets { a, b }, Arc::clone(&shared)));
        Self { shared, task, ports }
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
        let index = match side {
            MediaSide::A => 0,
            MediaSide::B => 1,
        };
        self.shared.lock()[index] = Some(rtp);
        self.shared.changed.store(true, Ordering::Release);
        self.shared.task.wake();
    }

    /// How long since the last packet was forwarded (or since the start).
    pub fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.shared.last_packet_ms.load(Ordering::Relaxed));
        self.shared.started.elapsed().saturating_sub(last)
    }

    /// Packets forwarded so far, both ways.
    pub fn forwarded(&self) -> u64 {
        self.shared.forwarded.load(Ordering::Relaxed)
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The largest datagram relayed; RTP over UDP stays below the path MTU.
const MAX_PACKET: usize = 2048;
/// Datagrams moved from one socket per wake-up before the others get a turn.
const BURST: usize = 16;

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

/// One of the four receiving sockets: its leg, and whether it is RTCP's.
#[derive(Clone, Copy)]
struct Port {
    leg: Leg,
    rtcp: bool,
}

const PORTS: [Port; 4] = [
    Port { leg: Leg::A, rtcp: false },
    Port { leg: Leg::B, rtcp: false },
    Port { leg: Leg::A, rtcp: true },
    Port { leg: Leg::B, rtcp: true },
];

/// Relays until aborted (when the [`Relay`] handle is dropped).
async fn run(sockets: Sockets, shared: Arc<Shared>) {
    let config = RelayConfig { inactivity: Duration::from_secs(3600), ..RelayConfig::default() };
    let mut decisions = rtp::Relay::new(Instant::now(), config);
    std::future::poll_fn(|cx| poll_relay(cx, &sockets, &shared, &mut decisions)).await;
}

/// Takes new signalled addresses, then moves what every ready socket has
/// queued; stays pending with the task's waker registered on each socket.
fn poll_relay(cx: &mut Context<'_>, sockets: &Sockets, shared: &Shared, decisions: &mut rtp::Relay) -> Poll<()> {
    shared.task.register(cx.waker());
    if shared.changed.swap(false, Ordering::AcqRel) {
        apply_signalled(decisions, *shared.lock());
    }
    let mut more = false;
    for port in PORTS {
        let socket = socket(sockets.of(port.leg), port.rtcp);
        while let Poll::Ready(Ok(())) = socket.poll_recv_ready(cx) {
            if !forward_ready(sockets, port, decisions, shared) {
                more = true; // a full burst: come back after the others
                break;
            }
        }
        while decisions.poll_event().is_some() {}
    }
    if more {
        cx.waker().wake_by_ref();
    }
    Poll::Pending
}

fn apply_signalled(decisions: &mut rtp::Relay, wanted: [Option<SocketAddr>; 2]) {
    for (leg, wanted) in [Leg::A, Leg::B].into_iter().zip(wanted) {
        if let Some(rtp) = wanted {
            decisions.side_mut(leg).set_signalled(rtp);
        }
    }
}

/// Moves what `port` has queued to the other leg, up to [`BURST`]
/// datagrams; true once the socket is drained (its readiness cleared).
/// Synchronous, so the buffer is on the stack and not in the task.
fn forward_ready(sockets: &Sockets, port: Port, decisions: &mut rtp::Relay, shared: &Shared) -> bool {
    let mut buf = [0u8; MAX_PACKET];
    let from_socket = socket(sockets.of(port.leg), port.rtcp);
    let to_socket = socket(sockets.of(port.leg.other()), port.rtcp);
    for _ in 0..BURST {
        let (len, from) = match from_socket.try_recv_from(&mut buf) {
            Ok(received) => received,
            Err(error) if error.kind() == ErrorKind::WouldBlock => return true,
            Err(_) => continue, // e.g. an ICMP error queued on the socket
        };
        let packet = &buf[..len];
        let target = if port.rtcp {
            rtcp_target(decisions, port.leg, from)
        } else {
            rtp_target(decisions, port.leg, from, packet)
        };
        if let Some(to) = target
            && to_socket.try_send_to(packet, to).is_ok()
        {
            shared.count();
        }
    }
    false
}

fn socket(pair: &PortPair, rtcp: bool) -> &UdpSocket {
    if rtcp { &pair.rtcp } else { &pair.rtp }
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

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, [Option<SocketAddr>; 2]> {
        self.signalled.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn count(&self) {
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_packet_ms.store(elapsed, Ordering::Relaxed);
        self.forwarded.fetch_add(1, Ordering::Relaxed);
    }
}
