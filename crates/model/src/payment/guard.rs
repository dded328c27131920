//! The guard every free-text input passes (issue 3 item 5): card numbers and
//! bank account numbers are refused, with an error that names the field and
//! the kind of number but never repeats the digits.
//!
//! **Card numbers.** A primary account number has 13 to 19 digits, the last
//! a Luhn check digit (ISO/IEC 7812-1 §4.2 and Annex B). People type them
//! whole or in groups (4-4-4-4, Amex 4-6-5), often with the expiry or the
//! security code after, so every span of consecutive groups of a digit run
//! ([`digit_runs`]) holding 13 to 19 digits is tried, and a Luhn-valid one is
//! refused. Nine in ten random spans fail the check, so ordinary numbers
//! mostly pass; what remains are phone numbers long enough to be card-sized:
//!
//! - Written internationally (a leading `+`, or the call prefix `00` or
//!   `011`) a phone number has at most 15 digits (E.164 §6.1) and is always
//!   accepted: card numbers are never written that way.
//! - NANP numbers have at most 11 digits (`1 212 555 0100`) and national
//!   numbers elsewhere are shorter still, so they are never card-sized.
//! - An international number of 13 to 15 digits written *without* the `+`
//!   or call prefix (`49 1512 3456789`) is refused when it happens to be
//!   Luhn-valid (one time in ten). We accept that: without the `+` such a
//!   string is indistinguishable from a 13–15-digit card number (Amex has 15,
//!   some Visa 13), and the error tells the user to add the `+`.
//!
//! **Bank account numbers** ([`super::bank`]): an IBAN whose ISO 13616 mod-97
//! check holds, or a US ABA routing number beside an account number.

use std::fmt;

use super::bank::{has_iban, has_us_bank_account};
use super::digits::{DigitRun, digit_runs};

/// Fewest digits of a card number (ISO/IEC 7812-1 §4.2).
const CARD_MIN_DIGITS: usize = 13;
/// Most digits of a card number (ISO/IEC 7812-1 §4.2).
const CARD_MAX_DIGITS: usize = 19;

/// The kind of number the guard refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefusedNumber {
    /// A Luhn-valid 13–19 digit number: a payment card number.
    CardNumber,
    /// An IBAN whose mod-97 check holds.
    Iban,
    /// A US routing number (ABA checksum) with an account number beside it.
    UsBankAccount,
}

impl fmt::Display for RefusedNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CardNumber => "a payment card number",
            Self::Iban => "an international bank account number (IBAN)",
            Self::UsBankAccount => "a US bank routing number with an account number",
        })
    }
}

/// Free text held a card or bank account number. The message names the
/// field and the kind of number, never the digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{field}: refused, it holds what looks like {kind}; payment details are never stored here, only a \
     payment processor's reference to them (a phone number is accepted in international form with a leading +)"
)]
pub struct PaymentDataRefused {
    /// The input refused, as the caller named it.
    pub field: &'static str,
    /// What it looked like.
    pub kind: RefusedNumber,
}

/// Refuses `value` if anything in it looks like a payment card number or a
/// bank account number; `field` names the input in the error.
pub fn refuse_payment_numbers(field: &'static str, value: &str) -> Result<(), PaymentDataRefused> {
    match find_payment_number(value) {
        Some(kind) => Err(PaymentDataRefused { field, kind }),
        None => Ok(()),
    }
}

/// The first kind of payment number found in `value`, most specific first.
fn find_payment_number(value: &str) -> Option<RefusedNumber> {
    if has_iban(value) {
        return Some(RefusedNumber::Iban);
    }
    let runs = digit_runs(value);
    if has_us_bank_account(&runs) {
        return Some(RefusedNumber::UsBankAccount);
    }
    runs.iter().any(has_card_number).then_some(RefusedNumber::CardNumber)
}

/// Whether some span of consecutive groups of `run` is a Luhn-valid
/// 13–19 digit number, unless the run is an international phone number.
fn has_card_number(run: &DigitRun) -> bool {
    !run.is_international_phone() && (0..run.groups.len()).any(|first| card_span_from(&run.groups[first..]))
}

/// Whether `groups[..n]`, for some `n`, is a Luhn-valid 13–19 digit number.
fn card_span_from(groups: &[Vec<u8>]) -> bool {
    let mut digits = Vec::with_capacity(CARD_MAX_DIGITS);
    for group in groups {
        digits.extend_from_slice(group);
        if digits.len() > CARD_MAX_DIGITS {
            return false;
        }
        if digits.len() >= CARD_MIN_DIGITS && luhn_valid(&digits) {
            return true;
        }
    }
    false
}

/// The Luhn check (ISO/IEC 7812-1 Annex B): from the right, every second
/// digit doubled (less 9 when over 9); the sum is a multiple of 10.
pub(super) fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits.iter().rev().enumerate().map(|(i, &d)| luhn_term(u32::from(d), i % 2 == 1)).sum();
    sum.is_multiple_of(10)
}

fn luhn_term(digit: u32, doubled: bool) -> u32 {
    match (doubled, digit * 2) {
        (false, _) => digit,
        (true, twice) if twice > 9 => twice - 9,
        (true, twice) => twice,
    }
}
