//! A payment method's label, shown to the customer ("Visa ending 1111").
//!
//! It may show at most the last four digits of the card or account: every
//! number in it has at most four digits (PCI DSS v4.0 req. 3.4.1 allows up to
//! the BIN and last four when masked; we keep only the last four), and the
//! payment-number guard runs over it first so a full number gets the clear
//! "looks like a card number" error.

use super::PaymentError;
use super::digits::digit_runs;
use super::guard::refuse_payment_numbers;

const FIELD: &str = "payment method label";

/// A checked payment method label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentLabel(String);

impl PaymentLabel {
    /// Most characters in a label.
    pub const MAX_CHARS: usize = 64;
    /// Most digits in any one number of a label.
    pub const MAX_DIGITS: usize = 4;

    /// Checks `label`: no card or bank number, not blank, at most
    /// [`Self::MAX_CHARS`] characters, no number over [`Self::MAX_DIGITS`] digits.
    pub fn parse(label: &str) -> Result<Self, PaymentError> {
        refuse_payment_numbers(FIELD, label)?;
        if label.trim().is_empty() {
            return Err(PaymentError::LabelEmpty);
        }
        if label.chars().count() > Self::MAX_CHARS {
            return Err(PaymentError::LabelTooLong { max: Self::MAX_CHARS });
        }
        if digit_runs(label).iter().any(|run| run.digit_count() > Self::MAX_DIGITS) {
            return Err(PaymentError::LabelTooManyDigits { max: Self::MAX_DIGITS });
        }
        Ok(Self(label.to_owned()))
    }

    /// The label's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
