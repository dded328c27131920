//! Argon2id (RFC 9106) in PHC string form, with the cost chosen by
//! `examples/argon2_cost.rs` on this machine (issue 5, item 1 and target).
//!
//! OWASP Password Storage Cheat Sheet: "Use Argon2id with a minimum
//! configuration of 19 MiB of memory, an iteration count of 2, and 1 degree of
//! parallelism." [`CURRENT_COST`] is RFC 9106 §4's second recommended option
//! (64 MiB, t=3) with p=1: one verification costs a median 183 ms of CPU
//! time on one core of this machine (release build, measured 2026-11-22 with
//! the example; 30 ms for the OWASP minimum, 289 ms for 96 MiB).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::AccessError;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Memory in KiB (`m`).
    pub memory_kib: u32,
    /// Passes over memory (`t`).
    pub iterations: u32,
    /// Lanes (`p`).
    pub parallelism: u32,
}

/// The OWASP minimum: m=19 MiB, t=2, p=1.
pub const OWASP_MINIMUM: Cost = Cost { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };

/// What new hashes use: m=64 MiB, t=3, p=1.
pub const CURRENT_COST: Cost = Cost { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };

/// Output length in bytes; shorter stored outputs count as outdated.
const OUTPUT_LEN: usize = 32;

/// Hashes and verifies passwords at one cost.
#[derive(Debug, Clone)]
pub struct Hasher {
    cost: Cost,
    argon: Argon2<'static>,
}

impl Hasher {
    /// The hasher at [`CURRENT_COST`].
    pub fn current() -> Self {
        Self::with_cost(CURRENT_COST).expect("CURRENT_COST is above the minimum")
    }

    /// A hasher at `cost`, which must not be below [`OWASP_MINIMUM`] in any parameter.
    pub fn with_cost(cost: Cost) -> Result<Self, AccessError> {
        if !at_least(cost, OWASP_MINIMUM) {
            return Err(AccessError::CostBelowMinimum);
        }
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, Some(OUTPUT_LEN))
            .map_err(|_| AccessError::Hashing)?;
        Ok(Self { cost, argon: Argon2::new(Algorithm::Argon2id, Version::V0x13, params) })
    }

    /// The cost new hashes get.
    pub fn cost(&self) -> Cost {
        self.cost
    }

    /// Hashes `password` with a fresh random 16-byte salt into a PHC string
    /// (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub fn hash(&self, password: &str) -> Result<String, AccessError> {
        let hash = self.argon.hash_password(password.as_bytes()).map_err(|_| AccessError::Hashing)?;
        Ok(hash.to_string())
    }

    /// Whether `password` matches the stored PHC string, at the stored cost.
    /// The final comparison is constant-time (argon2 compares outputs with `ctutils`).
    pub fn verify(&self, password: &str, stored: &str) -> Result<bool, AccessError> {
        let parsed = parse(stored)?;
        Ok(self.argon.verify_password(password.as_bytes(), &parsed).is_ok())
    }

    /// Spends the time of one verification and answers `false`: call it when
    /// the account does not exist, so timing does not reveal which accounts do.
    pub fn verify_unknown_account(&self, password: &str) -> bool {
        let mut out = [0u8; OUTPUT_LEN];
        let _ = self.argon.hash_password_into(password.as_bytes(), b"no-such-account!", &mut out);
        false
    }

    /// Whether a stored hash is older or cheaper than this hasher's: another
    /// algorithm or version, a lower `m`, `t` or `p`, or a shorter output.
    /// Call after a successful [`verify`](Self::verify) and store [`hash`](Self::hash)'s result.
    pub fn needs_rehash(&self, stored: &str) -> Result<bool, AccessError> {
        let parsed = parse(stored)?;
        let current = parsed.algorithm.as_str() == "argon2id" && parsed.version == Some(Version::V0x13.into());
        let params = Params::try_from(&parsed).map_err(|_| AccessError::MalformedPasswordHash)?;
        let stored_cost =
            Cost { memory_kib: params.m_cost(), iterations: params.t_cost(), parallelism: params.p_cost() };
        let long_enough = parsed.hash.is_some_and(|output| output.len() >= OUTPUT_LEN);
        Ok(!(current && long_enough && at_least(stored_cost, self.cost)))
    }
}

fn parse(stored: &str) -> Result<PasswordHash, AccessError> {
    PasswordHash::new(stored).map_err(|_| AccessError::MalformedPasswordHash)
}

fn at_least(cost: Cost, floor: Cost) -> bool {
    cost.memory_kib >= floor.memory_kib && cost.iterations >= floor.iterations && cost.parallelism >= floor.parallelism
}

#[cfg(test)]
mod tests {
    use super::*;

    fn movable_to_a_blocking_pool<T: Send + Sync + 'static>() {}

    #[test]
    fn a_hasher_can_be_shared_with_spawn_blocking() {
        movable_to_a_blocking_pool::<Hasher>();
    }

    #[test]
    fn the_owasp_minimum_is_accepted_and_one_step_below_is_not() {
        assert!(Hasher::with_cost(OWASP_MINIMUM).is_ok());
        let below = Cost { iterations: OWASP_MINIMUM.iterations - 1, ..OWASP_MINIMUM };
        assert_eq!(Hasher::with_cost(below).unwrap_err(), AccessError::CostBelowMinimum);
    }
}
