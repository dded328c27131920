//! The transaction timers of RFC 3261 §17 (Table 4 in Appendix A), plus the
//! RFC 6026 §8.4 and §8.7 timers L and M, in a quinn-style timer table.
//!
//! | timer | machine | default | meaning |
//! |---|---|---|---|
//! | A | INVITE client | T1, doubling | retransmit INVITE (unreliable only) |
//! | B | INVITE client | 64·T1 | give up waiting for any response |
//! | D | INVITE client | 32 s, 0 reliable | absorb final-response retransmissions |
//! | E | non-INVITE client | T1, doubling to T2 | retransmit request (unreliable only) |
//! | F | non-INVITE client | 64·T1 | give up waiting for a final response |
//! | G | INVITE server | T1, doubling to T2 | retransmit a non-2xx final response (unreliable only) |
//! | H | INVITE server | 64·T1 | give up waiting for the ACK |
//! | I | INVITE server | T4, 0 reliable | absorb ACK retransmissions |
//! | J | non-INVITE server | 64·T1, 0 reliable | absorb request retransmissions |
//! | K | non-INVITE client | T4, 0 reliable | absorb response retransmissions |
//! | L | INVITE server | 64·T1 | RFC 6026 Accepted: absorb INVITE retransmissions |
//! | M | INVITE client | 64·T1 | RFC 6026 Accepted: pass up 2xx retransmissions |
//! | Trying | INVITE server | 200 ms | send 100 Trying if the TU has not answered (§17.2.1) |
//! | Guard | servers, INVITE client Proceeding | see [`super::Config`] | implementation limit on waiting for the TU or the peer |

use std::time::{Duration, Instant};

/// One transaction timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timer {
    A,
    B,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,
    Trying,
    Guard,
}

impl Timer {
    const COUNT: usize = 14;
    const ALL: [Self; Self::COUNT] = [
        Self::A,
        Self::B,
        Self::D,
        Self::E,
        Self::F,
        Self::G,
        Self::H,
        Self::I,
        Self::J,
        Self::K,
        Self::L,
        Self::M,
        Self::Trying,
        Self::Guard,
    ];
}

/// One deadline slot per timer.
#[derive(Debug, Clone, Default)]
pub(crate) struct TimerTable {
    slots: [Option<Instant>; Timer::COUNT],
}

impl TimerTable {
    pub(crate) fn set(&mut self, timer: Timer, at: Instant) {
        self.slots[timer as usize] = Some(at);
    }

    pub(crate) fn stop(&mut self, timer: Timer) {
        self.slots[timer as usize] = None;
    }

    pub(crate) fn stop_all(&mut self) {
        self.slots = [None; Timer::COUNT];
    }

    #[cfg(test)]
    pub(crate) fn is_set(&self, timer: Timer) -> bool {
        self.slots[timer as usize].is_some()
    }

    pub(crate) fn next_timeout(&self) -> Option<Instant> {
        self.slots.iter().flatten().min().copied()
    }

    /// Stops and returns the earliest timer due at `now`.
    pub(crate) fn pop_expired(&mut self, now: Instant) -> Option<Timer> {
        let (timer, _) = Timer::ALL
            .into_iter()
            .filter_map(|t| self.slots[t as usize].map(|at| (t, at)))
            .filter(|(_, at)| *at <= now)
            .min_by_key(|(_, at)| *at)?;
        self.stop(timer);
        Some(timer)
    }
}

/// `now + d`, or `now` if that would overflow: a timer is never lost.
pub(crate) fn after(now: Instant, d: Duration) -> Instant {
    now.checked_add(d).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_expired_timers_earliest_first() {
        let t0 = Instant::now();
        let mut table = TimerTable::default();
        table.set(Timer::B, t0 + Duration::from_secs(32));
        table.set(Timer::A, t0 + Duration::from_millis(500));
        table.set(Timer::Trying, t0 + Duration::from_millis(200));
        assert_eq!(table.next_timeout(), Some(t0 + Duration::from_millis(200)));
        let now = t0 + Duration::from_secs(1);
        assert_eq!(table.pop_expired(now), Some(Timer::Trying));
        assert_eq!(table.pop_expired(now), Some(Timer::A));
        assert_eq!(table.pop_expired(now), None);
        assert!(table.is_set(Timer::B));
    }
}
