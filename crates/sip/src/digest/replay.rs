//! A bounded record of nonce counts seen per nonce (RFC 7616 §3.3 `nc`,
//! §5.5 replay attacks).
//!
//! Each accepted nonce remembers the highest `nc` used with it, or that it was
//! used once without a qop. The table holds at most `capacity` nonces and
//! evicts the oldest inserted. Forgetting a live nonce would reopen it to
//! replay, so eviction raises a floor: a nonce issued at or before the newest
//! evicted one that is no longer in the table is treated as stale, and the
//! client simply re-authenticates with a fresh nonce.

use std::collections::{HashMap, VecDeque};

use super::DigestError;

/// The nonce count of one use: `Some(nc)` with a qop, `None` without.
pub(crate) type Count = Option<u32>;

#[derive(Debug)]
struct Seen {
    issued_at: u64,
    count: Count,
}

#[derive(Debug)]
pub(crate) struct ReplayTable {
    seen: HashMap<String, Seen>,
    order: VecDeque<String>,
    capacity: usize,
    floor: Option<u64>,
}

impl ReplayTable {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            seen: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
            floor: None,
        }
    }

    /// Whether `count` is a fresh use of `nonce`.
    pub(crate) fn check(
        &self,
        nonce: &str,
        issued_at: u64,
        count: Count,
    ) -> Result<(), DigestError> {
        match self.seen.get(nonce) {
            Some(Seen {
                count: Some(last), ..
            }) if count.is_some_and(|nc| nc > *last) => Ok(()),
            Some(_) => Err(DigestError::Replay),
            None if self.floor.is_some_and(|floor| issued_at <= floor) => Err(DigestError::Stale),
            None => Ok(()),
        }
    }

    /// Records an accepted use; call only after [`Self::check`] and a
    /// successful response check, so that forged attempts cannot burn counts.
    pub(crate) fn record(&mut self, nonce: &str, issued_at: u64, count: Count) {
        if let Some(seen) = self.seen.get_mut(nonce) {
            seen.count = count;
            return;
        }
        if self.seen.len() >= self.capacity {
            self.evict_oldest();
        }
        self.seen
            .insert(nonce.to_owned(), Seen { issued_at, count });
        self.order.push_back(nonce.to_owned());
    }

    fn evict_oldest(&mut self) {
        let Some(oldest) = self.order.pop_front() else {
            return;
        };
        if let Some(seen) = self.seen.remove(&oldest) {
            self.floor = Some(self.floor.map_or(seen.issued_at, |f| f.max(seen.issued_at)));
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_must_increase() {
        let mut table = ReplayTable::new(4);
        table.record("n", 1, Some(1));
        assert_eq!(table.check("n", 1, Some(1)), Err(DigestError::Replay));
        assert_eq!(table.check("n", 1, Some(2)), Ok(()));
        assert_eq!(table.check("n", 1, None), Err(DigestError::Replay));
    }

    #[test]
    fn a_qop_less_nonce_is_single_use() {
        let mut table = ReplayTable::new(4);
        assert_eq!(table.check("n", 1, None), Ok(()));
        table.record("n", 1, None);
        assert_eq!(table.check("n", 1, None), Err(DigestError::Replay));
        assert_eq!(table.check("n", 1, Some(9)), Err(DigestError::Replay));
    }

    #[test]
    fn eviction_is_bounded_and_closes_evicted_nonces() {
        let mut table = ReplayTable::new(2);
        table.record("a", 10, Some(1));
        table.record("b", 11, Some(1));
        table.record("c", 12, Some(1));
        assert_eq!(table.len(), 2);
        assert_eq!(table.check("a", 10, Some(1)), Err(DigestError::Stale));
        assert_eq!(table.check("d", 13, Some(1)), Ok(()));
    }
}
