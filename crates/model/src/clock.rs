//! Wall-clock time as the database stores it: Unix milliseconds in an
//! `i64`. The store writes these and the registrar compares against them,
//! so both read the clock here.

use std::time::{SystemTime, UNIX_EPOCH};

/// Now in Unix milliseconds (0 before 1970, saturating far in the future).
pub fn now_unix_ms() -> i64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}
