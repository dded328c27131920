//! Sign-in throttling: exponential back-off per account and per source
//! address that slows guessing without letting an attacker lock the real
//! user out for good (issue 5, item 1).
//!
//! Policy, after the OWASP Authentication Cheat Sheet ("Account Lockout":
//! lock after a threshold of failures, for a duration that grows
//! exponentially rather than indefinitely, and keep in mind that lockout can
//! be abused to deny service) and NIST SP 800-63B §5.2.2 (rate limiting,
//! at most 100 consecutive failures before a lock):
//!
//! - the first [`FREE_FAILURES`] failures cost nothing but the hash time;
//! - every further failure locks for `2^(n - FREE_FAILURES)` seconds, capped
//!   at [`MAX_LOCK`] (15 minutes): never longer, so the real user always gets
//!   another chance;
//! - failures older than [`FORGET_AFTER`] since the last one are forgotten;
//! - a locked *source address* is refused before any hash is computed;
//! - a locked *account* is refused to every address while its back-off is
//!   below the cap; once it reaches the cap (someone keeps guessing), the lock
//!   holds only against addresses that have failed themselves, so the real
//!   user signs in from a clean address while the attacker's stays locked.
//!   Each new address an attacker brings costs them one guess and one lock.

use jiff::{SignedDuration, Timestamp};

/// Failures before the first lock.
pub const FREE_FAILURES: u32 = 5;
/// The longest a lock lasts.
pub const MAX_LOCK: SignedDuration = SignedDuration::from_mins(15);
/// A quiet period after which the failure count starts over.
pub const FORGET_AFTER: SignedDuration = SignedDuration::from_hours(24);

/// The failure record of an account or an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// Consecutive failures counted.
    pub count: u32,
    /// When the last one happened.
    pub last: Option<Timestamp>,
    /// Until when it is locked, if it is.
    pub locked_until: Option<Timestamp>,
}

impl Failures {
    /// The record after one more failure at `now`.
    pub fn after_failure(self, now: Timestamp) -> Self {
        let count = self.count_at(now).saturating_add(1);
        let lock = lock_for(count);
        let locked_until = (!lock.is_zero()).then(|| now.saturating_add(lock).unwrap_or(Timestamp::MAX));
        Self { count, last: Some(now), locked_until }
    }

    /// The count still remembered at `now` (0 after [`FORGET_AFTER`] of quiet).
    pub fn count_at(self, now: Timestamp) -> u32 {
        match self.last {
            Some(last) if last.duration_until(now) < FORGET_AFTER => self.count,
            _ => 0,
        }
    }

    /// Whether it is locked at `now`.
    pub fn is_locked(self, now: Timestamp) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// Whether the back-off has reached [`MAX_LOCK`].
    pub fn at_cap(self) -> bool {
        lock_for(self.count) >= MAX_LOCK
    }
}

/// How long `count` consecutive failures lock for.
pub fn lock_for(count: u32) -> SignedDuration {
    let Some(over) = count.checked_sub(FREE_FAILURES) else { return SignedDuration::ZERO };
    let seconds = 1i64.checked_shl(over).filter(|s| *s > 0).unwrap_or(i64::MAX);
    SignedDuration::from_secs(seconds).min(MAX_LOCK)
}

/// Whether an account's lock refuses an attempt from a source whose own
/// record is `source`, at `now` (the policy above).
pub fn account_refuses(account: Failures, source: Failures, now: Timestamp) -> bool {
    account.is_locked(now) && (!account.at_cap() || source.count_at(now) > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_one_second_and_stops_at_fifteen_minutes() {
        assert_eq!(lock_for(FREE_FAILURES - 1), SignedDuration::ZERO);
        assert_eq!(lock_for(FREE_FAILURES), SignedDuration::from_secs(1));
        assert_eq!(lock_for(FREE_FAILURES + 3), SignedDuration::from_secs(8));
        assert_eq!(lock_for(FREE_FAILURES + 10), MAX_LOCK);
        assert_eq!(lock_for(u32::MAX), MAX_LOCK);
    }

    #[test]
    fn failures_are_forgotten_after_a_quiet_day() {
        let t0 = Timestamp::from_second(1_000_000).unwrap();
        let failed = (0..9).fold(Failures::default(), |f, _| f.after_failure(t0));
        assert_eq!(failed.count_at(t0), 9);
        assert_eq!(failed.count_at(t0 + FORGET_AFTER), 0);
        assert_eq!(failed.after_failure(t0 + FORGET_AFTER).count, 1);
    }

    #[test]
    fn at_the_cap_only_addresses_that_failed_stay_locked_out() {
        let t0 = Timestamp::from_second(1_000_000).unwrap();
        let clean = Failures::default();
        let dirty = Failures::default().after_failure(t0);
        let below_cap = (0..FREE_FAILURES + 2).fold(Failures::default(), |f, _| f.after_failure(t0));
        assert!(account_refuses(below_cap, clean, t0), "below the cap the lock holds for everyone");
        let at_cap = (0..20).fold(Failures::default(), |f, _| f.after_failure(t0));
        assert!(at_cap.at_cap());
        assert!(!account_refuses(at_cap, clean, t0));
        assert!(account_refuses(at_cap, dirty, t0));
        assert!(!account_refuses(at_cap, dirty, t0 + MAX_LOCK), "and never longer than the cap");
    }
}
