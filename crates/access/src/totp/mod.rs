//! Two-factor sign-on with time-based one-time passwords (issue 5, item 2):
//! RFC 4226 HOTP underneath, RFC 6238 TOTP (SHA-1, 6 digits, 30 s, ±1 step by
//! default) with replay refusal, enrolment through the Key Uri Format
//! (`otpauth://`) and an SVG QR code, and ten one-time recovery codes.

mod base32;
mod code;
mod enrol;
mod hotp;
mod recovery;

pub use code::{DEFAULT_DIGITS, DEFAULT_PERIOD_SECONDS, DEFAULT_SKEW_STEPS, Totp};
pub use enrol::{Enrolment, SECRET_BYTES, Secret, otpauth_uri, qr_svg};
pub use hotp::{Algorithm, hotp};
pub use recovery::{
    RECOVERY_CODE_COUNT, RecoveryCodeHash, RecoveryCodes, RecoveryKey, match_recovery_code, recovery_code_hash,
};
