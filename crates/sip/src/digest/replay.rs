//! A fixed window over the most recently issued nonce serials, remembering
//! the nonce counts used with each (RFC 7616 §3.3 `nc`, §5.5 replay attacks).
//!
//! Every challenge takes the next serial; serial `s` owns slot
//! `s % capacity` of a ring allocated once. A slot records whether its nonce
//! has been used and with which highest `nc` (or once without a qop). Issuing
//! serial `s + capacity` reuses the slot, so nonces older than the last
//! `capacity` challenges are answered stale and the client re-authenticates
//! with a fresh nonce: a nonce is never forgotten while it can still be
//! accepted, so it can never be accepted twice. Lookups are O(1), with no
//! allocation after construction and no hashing of nonce strings.

use super::DigestError;

/// The nonce count of one use: `Some(nc)` with a qop, `None` without.
pub(crate) type Count = Option<u32>;

/// One serial's replay state: `used` is `None` until first accepted, then
/// `Some(count)` of the last accepted use.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    serial: u64,
    used: Option<Count>,
}

#[derive(Debug)]
pub(crate) struct ReplayWindow {
    slots: Vec<Slot>,
    next: u64,
}

impl ReplayWindow {
    /// A window over the last `capacity` serials (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        Self { slots: vec![Slot::default(); capacity.max(1)], next: 0 }
    }

    /// The next serial, with its slot reset to unused.
    pub(crate) fn issue(&mut self) -> u64 {
        let serial = self.next;
        *self.slot_mut(serial) = Slot { serial, used: None };
        self.next += 1;
        serial
    }

    /// Whether `count` is a fresh use of the nonce with `serial`.
    ///
    /// A serial not yet issued is [`DigestError::ForgedNonce`] (only a nonce
    /// from another verifier sharing the key can carry one); one older than
    /// the window is [`DigestError::Stale`].
    pub(crate) fn check(&self, serial: u64, count: Count) -> Result<(), DigestError> {
        if serial >= self.next {
            return Err(DigestError::ForgedNonce);
        }
        let slot = self.slot(serial);
        if self.next - serial > self.capacity() || slot.serial != serial {
            return Err(DigestError::Stale);
        }
        match slot.used {
            None => Ok(()),
            Some(Some(last)) if count.is_some_and(|nc| nc > last) => Ok(()),
            Some(_) => Err(DigestError::Replay),
        }
    }

    /// Records an accepted use; call only after [`Self::check`] and a
    /// successful response check, so that forged attempts cannot burn counts.
    pub(crate) fn record(&mut self, serial: u64, count: Count) {
        let slot = self.slot_mut(serial);
        if slot.serial == serial {
            slot.used = Some(count);
        }
    }

    fn capacity(&self) -> u64 {
        self.slots.len() as u64
    }

    fn index(&self, serial: u64) -> usize {
        // The remainder is below `slots.len()`, so it fits in usize.
        (serial % self.capacity()) as usize
    }

    fn slot(&self, serial: u64) -> &Slot {
        &self.slots[self.index(serial)]
    }

    fn slot_mut(&mut self, serial: u64) -> &mut Slot {
        let index = self.index(serial);
        &mut self.slots[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_must_increase() {
        let mut window = ReplayWindow::new(4);
        let n = window.issue();
        assert_eq!(window.check(n, Some(1)), Ok(()));
        window.record(n, Some(1));
        assert_eq!(window.check(n, Some(1)), Err(DigestError::Replay));
        assert_eq!(window.check(n, Some(2)), Ok(()));
        assert_eq!(window.check(n, None), Err(DigestError::Replay));
    }

    #[test]
    fn a_qop_less_nonce_is_single_use() {
        let mut window = ReplayWindow::new(4);
        let n = window.issue();
        assert_eq!(window.check(n, None), Ok(()));
        window.record(n, None);
        assert_eq!(window.check(n, None), Err(DigestError::Replay));
        assert_eq!(window.check(n, Some(9)), Err(DigestError::Replay));
    }

    #[test]
    fn a_serial_older_than_the_window_is_stale() {
        let mut window = ReplayWindow::new(2);
        let old = window.issue();
        window.issue();
        assert_eq!(window.check(old, Some(1)), Ok(()));
        window.issue();
        assert_eq!(window.check(old, Some(1)), Err(DigestError::Stale));
    }

    #[test]
    fn a_used_serial_stays_refused_until_it_is_stale() {
        let mut window = ReplayWindow::new(2);
        let n = window.issue();
        window.record(n, None);
        window.issue();
        assert_eq!(window.check(n, None), Err(DigestError::Replay));
        window.issue();
        assert_eq!(window.check(n, None), Err(DigestError::Stale));
    }

    #[test]
    fn a_serial_never_issued_is_forged() {
        let mut window = ReplayWindow::new(4);
        assert_eq!(window.check(0, Some(1)), Err(DigestError::ForgedNonce));
        window.issue();
        assert_eq!(window.check(0, Some(1)), Ok(()));
        assert_eq!(window.check(1, Some(1)), Err(DigestError::ForgedNonce));
        assert_eq!(window.check(u64::MAX, None), Err(DigestError::ForgedNonce));
    }

    #[test]
    fn the_window_keeps_working_after_wrapping_around_many_times() {
        let mut window = ReplayWindow::new(4);
        for _ in 0..100 {
            let n = window.issue();
            window.record(n, Some(1));
        }
        let fresh: Vec<u64> = (0..4).map(|_| window.issue()).collect();
        assert_eq!(fresh, [100, 101, 102, 103]);
        for &n in &fresh {
            assert_eq!(window.check(n, Some(1)), Ok(()), "serial {n}");
            window.record(n, Some(1));
            assert_eq!(window.check(n, Some(1)), Err(DigestError::Replay));
        }
        for n in 0..100 {
            assert_eq!(window.check(n, Some(2)), Err(DigestError::Stale), "serial {n}");
        }
    }

    #[test]
    fn a_slot_is_sixteen_bytes() {
        // The memory figure in the module docs of `verifier` rests on this.
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }

    #[test]
    fn a_zero_capacity_is_clamped_to_one() {
        let mut window = ReplayWindow::new(0);
        let first = window.issue();
        assert_eq!(window.check(first, None), Ok(()));
        let second = window.issue();
        assert_eq!(window.check(first, None), Err(DigestError::Stale));
        assert_eq!(window.check(second, None), Ok(()));
    }
}
