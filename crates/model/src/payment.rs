//! Customers' payment methods (issue 3 item 5): callvault stores only a
//! processor's reference to a card or bank account (an Authorize.Net
//! customer/payment profile, a Dwolla funding source), never the number.
//!
//! [`refuse_payment_numbers`] is the guard every free-text input passes: a
//! Luhn-valid 13–19 digit number (ISO/IEC 7812-1), a valid IBAN (ISO 13616)
//! or a US routing number (ABA checksum) beside an account number is refused,
//! with an error naming the field and the kind of number, never the digits.
//! The rules, and what they do with phone numbers, are in `guard` and `bank`.

mod bank;
mod digits;
mod guard;
mod label;
mod reference;
#[cfg(test)]
mod tests;

use std::fmt;

use crate::TenantId;

pub use guard::{PaymentDataRefused, RefusedNumber, refuse_payment_numbers};
pub use label::PaymentLabel;
pub use reference::{
    AUTHORIZE_NET_ID_MAX_DIGITS, AuthorizeNetProfile, DwollaFundingSource, PaymentReference, Processor,
};

/// Identifies a stored payment method; random 128-bit hex, made by the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PaymentMethodId(pub String);

impl fmt::Display for PaymentMethodId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A customer's payment method as stored: a reference and a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentMethod {
    /// Its id.
    pub id: PaymentMethodId,
    /// The customer it belongs to.
    pub customer: TenantId,
    /// Where the processor holds it.
    pub reference: PaymentReference,
    /// What the customer sees it as.
    pub label: PaymentLabel,
    /// When it was added, Unix milliseconds.
    pub created_ms: i64,
}

/// A payment detail refused or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaymentError {
    /// Free text held a card or bank account number.
    #[error(transparent)]
    Refused(#[from] PaymentDataRefused),
    /// An Authorize.Net profile id is not 1 to 12 digits.
    #[error("{field}: expected Authorize.Net's numeric id of at most {AUTHORIZE_NET_ID_MAX_DIGITS} digits")]
    NotAuthorizeNetId {
        /// Which of the two ids.
        field: &'static str,
    },
    /// A Dwolla reference is not a funding-source URL.
    #[error(
        "Dwolla funding source: expected https://api.dwolla.com/funding-sources/<uuid> \
         (or the api-sandbox.dwolla.com host)"
    )]
    NotDwollaFundingSource,
    /// A label is empty or blank.
    #[error("payment method label: empty")]
    LabelEmpty,
    /// A label is too long.
    #[error("payment method label: longer than {max} characters")]
    LabelTooLong {
        /// The limit.
        max: usize,
    },
    /// A label shows more digits of a number than the last four.
    #[error("payment method label: a number in it has more than {max} digits; show at most the last four")]
    LabelTooManyDigits {
        /// The limit.
        max: usize,
    },
}
