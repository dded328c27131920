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

/// Timers one machine runs at once: never more than two (A and B, G and
/// H, Trying and Guard, E and F), plus a spare.
const RUNNING: usize = 3;

/// The running timers of one transaction. A few slots rather than one per
/// timer kind: a held call keeps two transactions for 64·T1, so their size
/// counts towards the memory a call costs (issue 4).
#[derive(Debug, Clone, Default)]
pub(crate) struct TimerTable {
    slots: [Option<(Timer, Instant)>; RUNNING],
}

impl TimerTable {
    /// Starts (or restarts) `timer`. Should every slot be taken, which no
    /// machine does, the latest deadline makes room: the earliest timers
    /// are never lost.
    pub(crate) fn set(&mut self, timer: Timer, at: Instant) {
        let slot = match self.slots.iter().position(|s| s.is_none_or(|(t, _)| t == timer)) {
            Some(free) => free,
            None => {
                debug_assert!(false, "more than {RUNNING} transaction timers at once");
                self.latest()
            }
        };
        self.slots[slot] = Some((timer, at));
    }

    pub(crate) fn stop(&mut self, timer: Timer) {
        for slot in &mut self.slots {
            if slot.is_some_and(|(t, _)| t == timer) {
                *slot = None;
            }
        }
    }

    pub(crate) fn stop_all(&mut self) {
        self.slots = [None; RUNNING];
    }

    #[cfg(test)]
    pub(crate) fn is_set(&self, timer: Timer) -> bool {
        self.slots.iter().flatten().any(|(t, _)| *t == timer)
    }

    pub(crate) fn next_timeout(&self) -> Option<Instant> {
        self.slots.iter().flatten().map(|(_, at)| *at).min()
    }

    /// Stops and returns the earliest timer due at `now`.
    pub(crate) fn pop_expired(&mut self, now: Instant) -> Option<Timer> {
        let (slot, timer) = (0..RUNNING)
            .filter_map(|i| self.slots[i].map(|(timer, at)| (i, timer, at)))
            .filter(|(_, _, at)| *at <= now)
            .min_by_key(|(_, _, at)| *at)
            .map(|(i, timer, _)| (i, timer))?;
        self.slots[slot] = None;
        Some(timer)
    }

    fn latest(&self) -> usize {
        (0..RUNNING).max_by_key(|&i| self.slots[i].map(|(_, at)| at)).unwrap_or(0)
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

    #[test]
    fn restarting_a_timer_moves_it_instead_of_taking_a_second_slot() {
        let t0 = Instant::now();
        let mut table = TimerTable::default();
        table.set(Timer::A, t0 + Duration::from_millis(500));
        table.set(Timer::B, t0 + Duration::from_secs(32));
        table.set(Timer::A, t0 + Duration::from_secs(1));
        table.set(Timer::Guard, t0 + Duration::from_secs(60));
        assert_eq!(table.next_timeout(), Some(t0 + Duration::from_secs(1)));
        assert_eq!(table.pop_expired(t0 + Duration::from_millis(600)), None, "A was moved to 1 s");
        table.stop(Timer::A);
        assert_eq!(table.next_timeout(), Some(t0 + Duration::from_secs(32)));
        assert!(table.is_set(Timer::Guard) && !table.is_set(Timer::A));
    }
}
