//! Passwords: Argon2id hashing in PHC form with parameters at or above the
//! OWASP Password Storage Cheat Sheet's minimum, re-hash detection, and the
//! strength check of NIST SP 800-63B §5.1.1.2 (issue 5, item 1).
//!
//! Hashing costs a few hundred milliseconds of one core by design and the API
//! is synchronous: async callers run it with `tokio::task::spawn_blocking` on a
//! bounded pool, never on the SIP or request threads.

mod hash;
mod strength;

pub use hash::{CURRENT_COST, Cost, Hasher, OWASP_MINIMUM};
pub use strength::{AccountNames, MAX_LENGTH, MIN_LENGTH, Weakness, check_strength};
