//! Relay decisions for one call's media: two legs, each with a relay port
//! facing one party (issue 4, "B2BUA with RTP relay").
//!
//! Latching (symmetric RTP, RFC 7362 §4; RFC 4961): a party behind NAT
//! sends from an address other than the one in its SDP, so each side
//! learns its party's real address from the first valid RTP packet it
//! receives and sends there from then on. To resist hijacking (RFC 7362
//! §5.1), a side latched to one source ignores every other source until
//! the latched one has been silent for [`RelayConfig::relatch_after`];
//! only then may a valid RTP packet from a new source move the latch.
//! RTCP (RFC 5761 §4) is forwarded from the latched source but never
//! latches. A side that receives nothing for [`RelayConfig::inactivity`]
//! reports [`Event::Inactive`] once per silence.
//!
//! Sans-IO: every method takes `now`; after each `handle_*` call, drain
//! [`Relay::poll_event`] and re-arm the timer from [`Relay::poll_timeout`].

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::{RtpPacket, is_rtcp};

/// Timing rules of a relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelayConfig {
    /// Silence after which a side reports [`Event::Inactive`].
    pub inactivity: Duration,
    /// Silence of the latched source after which another may take over.
    pub relatch_after: Duration,
}

impl Default for RelayConfig {
    /// 30 s inactivity, 2 s before re-latching.
    fn default() -> Self {
        Self { inactivity: Duration::from_secs(30), relatch_after: Duration::from_secs(2) }
    }
}

/// What a side reports to the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The side learnt its party's address.
    Latched(SocketAddr),
    /// The side moved from a silent source to a new one.
    Relatched {
        /// The source given up.
        from: SocketAddr,
        /// The new source.
        to: SocketAddr,
    },
    /// Nothing was received for [`RelayConfig::inactivity`].
    Inactive,
}

/// What a side did with one datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted from the latched (or newly latched) source.
    Accepted,
    /// Dropped: not RTP/RTCP, or RTCP before any latch.
    Malformed,
    /// Dropped: from a source other than the latched one.
    WrongSource,
}

/// Packet and byte counts of one side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Accepted RTP packets.
    pub rtp_packets: u64,
    /// Accepted RTCP packets.
    pub rtcp_packets: u64,
    /// Bytes of accepted packets.
    pub bytes: u64,
    /// Dropped datagrams.
    pub dropped: u64,
}

/// One relay port and the party it faces.
#[derive(Debug, Clone)]
pub struct RelaySide {
    config: RelayConfig,
    signalled: Option<SocketAddr>,
    latched: Option<SocketAddr>,
    last_received: Instant,
    inactive_reported: bool,
    stats: Stats,
    events: VecDeque<Event>,
}

impl RelaySide {
    /// A side that has heard nothing yet; the inactivity clock starts now.
    pub fn new(now: Instant, config: RelayConfig) -> Self {
        let (signalled, latched, stats, events) = (None, None, Stats::default(), VecDeque::new());
        Self { config, signalled, latched, last_received: now, inactive_reported: false, stats, events }
    }

    /// The address the party's SDP names; used until a packet latches.
    pub fn set_signalled(&mut self, addr: SocketAddr) {
        self.signalled = Some(addr);
    }

    /// Where to send the party's media: the latched source, else the
    /// signalled address.
    pub fn destination(&self) -> Option<SocketAddr> {
        self.latched.or(self.signalled)
    }

    /// The latched source, if any.
    pub fn latched(&self) -> Option<SocketAddr> {
        self.latched
    }

    /// The counters.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Takes in one datagram received from `from` on this side's port.
    pub fn handle_packet(&mut self, now: Instant, from: SocketAddr, packet: &[u8]) -> Verdict {
        let verdict = self.judge(now, from, packet);
        match verdict {
            Verdict::Accepted => self.count(now, packet),
            _ => self.stats.dropped += 1,
        }
        verdict
    }

    fn judge(&mut self, now: Instant, from: SocketAddr, packet: &[u8]) -> Verdict {
        let is_rtp = RtpPacket::parse(packet).is_ok();
        let rtcp = is_rtcp(packet);
        match self.latched {
            _ if !is_rtp && !rtcp => Verdict::Malformed,
            Some(current) if current == from => Verdict::Accepted,
            None if is_rtp => self.latch(from, Event::Latched(from)),
            Some(current) if is_rtp && self.silent_for(now) >= self.config.relatch_after => {
                self.latch(from, Event::Relatched { from: current, to: from })
            }
            None => Verdict::Malformed,
            Some(_) => Verdict::WrongSource,
        }
    }

    fn latch(&mut self, from: SocketAddr, event: Event) -> Verdict {
        self.latched = Some(from);
        self.events.push_back(event);
        Verdict::Accepted
    }

    fn count(&mut self, now: Instant, packet: &[u8]) {
        if is_rtcp(packet) {
            self.stats.rtcp_packets += 1;
        } else {
            self.stats.rtp_packets += 1;
        }
        self.stats.bytes += packet.len() as u64;
        self.last_received = now;
        self.inactive_reported = false;
    }

    fn silent_for(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.last_received)
    }

    /// When [`Self::handle_timeout`] next has work: the inactivity deadline,
    /// unless it was already reported.
    pub fn poll_timeout(&self) -> Option<Instant> {
        (!self.inactive_reported).then(|| self.last_received + self.config.inactivity)
    }

    /// Reports [`Event::Inactive`] when the deadline has passed.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.poll_timeout().is_some_and(|deadline| now >= deadline) {
            self.inactive_reported = true;
            self.events.push_back(Event::Inactive);
        }
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }
}

/// One of the two legs of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Leg {
    /// The caller's side.
    A,
    /// The callee's side.
    B,
}

impl Leg {
    /// The other leg.
    pub fn other(self) -> Self {
        match self {
            Self::A => Self::B,
            Self::B => Self::A,
        }
    }
}

/// Where to send an accepted packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forward {
    /// The leg whose relay port sends it.
    pub leg: Leg,
    /// The party's address on that leg.
    pub to: SocketAddr,
}

/// The two sides of one call's relay.
#[derive(Debug, Clone)]
pub struct Relay {
    a: RelaySide,
    b: RelaySide,
}

impl Relay {
    /// Two fresh sides.
    pub fn new(now: Instant, config: RelayConfig) -> Self {
        Self { a: RelaySide::new(now, config), b: RelaySide::new(now, config) }
    }

    /// One side.
    pub fn side(&self, leg: Leg) -> &RelaySide {
        match leg {
            Leg::A => &self.a,
            Leg::B => &self.b,
        }
    }

    /// One side, to set its signalled address.
    pub fn side_mut(&mut self, leg: Leg) -> &mut RelaySide {
        match leg {
            Leg::A => &mut self.a,
            Leg::B => &mut self.b,
        }
    }

    /// Takes in a datagram received on `leg`'s port; returns where to
    /// forward it, or `None` to drop it (refused, or the other party's
    /// address is not known yet).
    pub fn handle_packet(&mut self, now: Instant, leg: Leg, from: SocketAddr, packet: &[u8]) -> Option<Forward> {
        let verdict = self.side_mut(leg).handle_packet(now, from, packet);
        let out = leg.other();
        let to = self.side(out).destination()?;
        (verdict == Verdict::Accepted).then_some(Forward { leg: out, to })
    }

    /// The earlier of the two sides' deadlines.
    pub fn poll_timeout(&self) -> Option<Instant> {
        [self.a.poll_timeout(), self.b.poll_timeout()].into_iter().flatten().min()
    }

    /// Runs both sides' timers.
    pub fn handle_timeout(&mut self, now: Instant) {
        self.a.handle_timeout(now);
        self.b.handle_timeout(now);
    }

    /// The next event of either side.
    pub fn poll_event(&mut self) -> Option<(Leg, Event)> {
        let a = self.a.poll_event().map(|e| (Leg::A, e));
        a.or_else(|| self.b.poll_event().map(|e| (Leg::B, e)))
    }
}
