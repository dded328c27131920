//! Random ids and the current time for rows.

/// A fresh random 128-bit id in lower-case hex.
pub(crate) fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    hex::encode(bytes)
}

/// Now in Unix milliseconds, for `created_ms` columns.
pub(crate) use model::now_unix_ms as now_ms;
