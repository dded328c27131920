//! Processor references: how callvault names a customer's payment method at
//! the processor that holds it, instead of holding the card or account.
//!
//! - Authorize.Net Customer Information Manager: a customer profile id and a
//!   payment profile id, both `numericString` (`[0-9]+`) in AnetApiSchema.xsd.
//!   Ids issued today have up to 10 digits; we accept 1 to 12, which keeps
//!   them shorter than any card number (13+ digits).
//! - Dwolla: a funding source's resource URL,
//!   `https://api.dwolla.com/funding-sources/{id}` (or the sandbox host
//!   `api-sandbox.dwolla.com`), the id a UUID (RFC 9562 §4 text form).
//!
//! Debug output never shows a reference: with the merchant's API keys it is
//! enough to charge the customer.

use std::fmt;

use super::PaymentError;
use super::guard::refuse_payment_numbers;

/// Most digits accepted in an Authorize.Net profile id.
pub const AUTHORIZE_NET_ID_MAX_DIGITS: usize = 12;

/// Dwolla funding-source URL prefixes: production, then sandbox.
const DWOLLA_PREFIXES: [&str; 2] =
    ["https://api.dwolla.com/funding-sources/", "https://api-sandbox.dwolla.com/funding-sources/"];

const CUSTOMER_PROFILE_FIELD: &str = "Authorize.Net customer profile id";
const PAYMENT_PROFILE_FIELD: &str = "Authorize.Net payment profile id";
const DWOLLA_FIELD: &str = "Dwolla funding source";

/// The payment processor holding a payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Processor {
    /// Authorize.Net (cards, through Customer Information Manager profiles).
    AuthorizeNet,
    /// Dwolla (US bank transfers, through funding sources).
    Dwolla,
}

impl Processor {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuthorizeNet => "authorize_net",
            Self::Dwolla => "dwolla",
        }
    }

    /// The processor for a stored name.
    pub fn from_stored(name: &str) -> Option<Self> {
        [Self::AuthorizeNet, Self::Dwolla].into_iter().find(|processor| processor.as_str() == name)
    }
}

/// An Authorize.Net customer payment profile, named by its two ids.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizeNetProfile {
    customer_profile_id: String,
    payment_profile_id: String,
}

impl AuthorizeNetProfile {
    /// Checks both ids: numeric, 1 to 12 digits, and (first, for a clear
    /// error) no card or bank number.
    pub fn parse(customer_profile_id: &str, payment_profile_id: &str) -> Result<Self, PaymentError> {
        Ok(Self {
            customer_profile_id: profile_id(CUSTOMER_PROFILE_FIELD, customer_profile_id)?,
            payment_profile_id: profile_id(PAYMENT_PROFILE_FIELD, payment_profile_id)?,
        })
    }

    /// The customer profile id (`customerProfileId`).
    pub fn customer_profile_id(&self) -> &str {
        &self.customer_profile_id
    }

    /// The payment profile id (`customerPaymentProfileId`).
    pub fn payment_profile_id(&self) -> &str {
        &self.payment_profile_id
    }
}

impl fmt::Debug for AuthorizeNetProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthorizeNetProfile(..)")
    }
}

fn profile_id(field: &'static str, id: &str) -> Result<String, PaymentError> {
    refuse_payment_numbers(field, id)?;
    let numeric = id.bytes().all(|b| b.is_ascii_digit());
    if !numeric || id.is_empty() || id.len() > AUTHORIZE_NET_ID_MAX_DIGITS {
        return Err(PaymentError::NotAuthorizeNetId { field });
    }
    Ok(id.to_owned())
}

/// A Dwolla funding source, named by its resource URL.
#[derive(Clone, PartialEq, Eq)]
pub struct DwollaFundingSource(String);

impl DwollaFundingSource {
    /// Checks `url` is a production or sandbox funding-source URL with a
    /// UUID id; the id is kept lower-case.
    pub fn parse(url: &str) -> Result<Self, PaymentError> {
        for prefix in DWOLLA_PREFIXES {
            if let Some(id) = url.strip_prefix(prefix)
                && is_uuid(id)
            {
                return Ok(Self(format!("{prefix}{}", id.to_ascii_lowercase())));
            }
        }
        refuse_payment_numbers(DWOLLA_FIELD, url)?;
        Err(PaymentError::NotDwollaFundingSource)
    }

    /// The funding source's URL.
    pub fn url(&self) -> &str {
        &self.0
    }

    /// Whether it lives in Dwolla's sandbox.
    pub fn is_sandbox(&self) -> bool {
        self.0.starts_with(DWOLLA_PREFIXES[1])
    }
}

impl fmt::Debug for DwollaFundingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DwollaFundingSource(..)")
    }
}

/// The RFC 9562 text form: 8-4-4-4-12 hex digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = groups.iter().map(|group| group.len());
    lengths.eq([8, 4, 4, 4, 12]) && groups.iter().all(|group| group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// A payment method at a processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentReference {
    /// An Authorize.Net payment profile.
    AuthorizeNet(AuthorizeNetProfile),
    /// A Dwolla funding source.
    Dwolla(DwollaFundingSource),
}

impl PaymentReference {
    /// The processor holding it.
    pub fn processor(&self) -> Processor {
        match self {
            Self::AuthorizeNet(_) => Processor::AuthorizeNet,
            Self::Dwolla(_) => Processor::Dwolla,
        }
    }

    /// Its stored text: `{customer profile id}/{payment profile id}`, or the URL.
    pub fn to_stored(&self) -> String {
        match self {
            Self::AuthorizeNet(profile) => format!("{}/{}", profile.customer_profile_id, profile.payment_profile_id),
            Self::Dwolla(source) => source.0.clone(),
        }
    }

    /// The reference stored as `stored` for `processor`, checked again.
    pub fn from_stored(processor: Processor, stored: &str) -> Result<Self, PaymentError> {
        match processor {
            Processor::AuthorizeNet => {
                let (customer, payment) =
                    stored.split_once('/').ok_or(PaymentError::NotAuthorizeNetId { field: CUSTOMER_PROFILE_FIELD })?;
                AuthorizeNetProfile::parse(customer, payment).map(Self::AuthorizeNet)
            }
            Processor::Dwolla => DwollaFundingSource::parse(stored).map(Self::Dwolla),
        }
    }
}
