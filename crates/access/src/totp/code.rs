//! RFC 6238 TOTP: the time step `T = floor(unix_time / X)` (§4.2), verification
//! over a window of ±1 step (§5.2, "at most one time step" of network delay),
//! and refusal of a code whose step was already used ("the verifier MUST NOT
//! accept the second attempt of the OTP after the successful validation", §5.2).

use jiff::Timestamp;
use subtle::{ConstantTimeEq, ConstantTimeLess};

use super::enrol::Secret;
use super::hotp::{Algorithm, hotp};
use crate::AccessError;

/// Digits per code.
pub const DEFAULT_DIGITS: u32 = 6;
/// Seconds per time step (`X`).
pub const DEFAULT_PERIOD_SECONDS: u64 = 30;
/// Steps accepted either side of the current one.
pub const DEFAULT_SKEW_STEPS: u64 = 1;

/// A TOTP generator and verifier for one secret.
#[derive(Debug, Clone)]
pub struct Totp {
    secret: Secret,
    algorithm: Algorithm,
    digits: u32,
    period: u64,
    skew: u64,
}

impl Totp {
    /// SHA-1, 6 digits, 30 s, ±1 step.
    pub fn new(secret: Secret) -> Self {
        Self {
            secret,
            algorithm: Algorithm::Sha1,
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD_SECONDS,
            skew: DEFAULT_SKEW_STEPS,
        }
    }

    /// The same, with another HMAC hash.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The same, with 6 to 8 digits per code (RFC 4226 §5.3); other values are clamped.
    pub fn with_digits(mut self, digits: u32) -> Self {
        self.digits = digits.clamp(6, 8);
        self
    }

    /// The time step `now` falls in; times before 1970 are step 0.
    pub fn step_at(&self, now: Timestamp) -> u64 {
        u64::try_from(now.as_second()).unwrap_or(0) / self.period
    }

    /// The code for time step `step`, zero-padded to the digit count.
    pub fn code_for_step(&self, step: u64) -> String {
        let value = hotp(self.secret.as_bytes(), self.algorithm, step, self.digits);
        format!("{value:0width$}", width = self.digits as usize)
    }

    /// The code at `now`.
    pub fn code_at(&self, now: Timestamp) -> String {
        self.code_for_step(self.step_at(now))
    }

    /// Checks `code` at `now` against the steps within the skew window.
    /// `last_used_step` is the step of the last accepted code, which the caller
    /// persists: a code for that step or an earlier one is refused as a replay.
    /// Returns the accepted step, to persist as the new `last_used_step`.
    /// Spaces in the code are ignored; the comparisons are constant-time.
    pub fn verify(&self, code: &str, now: Timestamp, last_used_step: Option<u64>) -> Result<u64, AccessError> {
        let entered: String = code.chars().filter(|c| *c != ' ').collect();
        if entered.len() != self.digits as usize || !entered.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AccessError::TotpMalformed);
        }
        let current = self.step_at(now);
        let window = current.saturating_sub(self.skew)..=current.saturating_add(self.skew);
        let matches: Vec<u64> =
            window.filter(|&step| bool::from(self.code_for_step(step).as_bytes().ct_eq(entered.as_bytes()))).collect();
        let fresh = matches.iter().copied().filter(|&step| is_after(step, last_used_step)).max();
        match (fresh, matches.is_empty()) {
            (Some(step), _) => Ok(step),
            (None, false) => Err(AccessError::TotpReplayed),
            (None, true) => Err(AccessError::TotpInvalid),
        }
    }
}

fn is_after(step: u64, last_used_step: Option<u64>) -> bool {
    last_used_step.is_none_or(|last| bool::from(last.ct_lt(&step)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_SHA1: &[u8] = b"12345678901234567890";
    const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    fn totp(seed: &[u8], algorithm: Algorithm) -> Totp {
        Totp::new(Secret::from_bytes(seed.to_vec())).with_algorithm(algorithm).with_digits(8)
    }

    /// RFC 6238 Appendix B: every time and mode of the table.
    #[test]
    fn rfc6238_appendix_b() {
        let table: [(i64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (seconds, sha1, sha256, sha512) in table {
            let now = Timestamp::from_second(seconds).unwrap();
            assert_eq!(totp(SEED_SHA1, Algorithm::Sha1).code_at(now), sha1, "SHA1 at {seconds}");
            assert_eq!(totp(SEED_SHA256, Algorithm::Sha256).code_at(now), sha256, "SHA256 at {seconds}");
            assert_eq!(totp(SEED_SHA512, Algorithm::Sha512).code_at(now), sha512, "SHA512 at {seconds}");
        }
    }

    /// RFC 6238 Appendix B: the time step column (T in hex).
    #[test]
    fn rfc6238_time_steps() {
        let steps = [(59, 0x1), (1111111109, 0x23523EC), (1234567890, 0x273EF07), (20000000000, 0x27BC86AA)];
        for (seconds, step) in steps {
            assert_eq!(totp(SEED_SHA1, Algorithm::Sha1).step_at(Timestamp::from_second(seconds).unwrap()), step);
        }
    }
}
