//! Customer-initiated disclosure of call detail (issue 7 item 4; R16, R17,
//! R19, R22, R23 of `reference/cpni-rules.md`; 47 CFR 64.2010(a)–(d), (g);
//! 47 U.S.C. 222(c)(2)): which [`CallerVerification`] one way of handing
//! over call detail has, from the facts of one request — or why it has
//! none. The store records each request and each step; the gate decides
//! every disclosure with the verification this module names.
//!
//! - **Directly** (on the call, in the online session, at the counter):
//!   - a telephone call (64.2010(b)) or an online session (64.2010(c))
//!     needs the pre-established password, verified in this request; no
//!     question about readily available biographical information or
//!     account information ever replaces it;
//!   - in store (64.2010(d)): a valid photo ID matching the account;
//!   - 64.2010(g): a business customer with *both* a dedicated account
//!     representative and a contract that specifically addresses the
//!     protection of CPNI is authenticated under its contract instead; one
//!     attribute without the other is no exemption.
//! - **To the address of record** (64.2010(b)): only one associated with
//!   the account for at least 30 days (64.2003(b)), counted by
//!   [`crate::clocks::address_of_record`].
//! - **By calling back the telephone number of record** (64.2010(b)).
//! - **To a person the customer designates, such as a new carrier**
//!   (222(c)(2)): only "upon affirmative written request by the customer",
//!   whose reference is recorded.

use jiff::civil::Date;

use crate::Error;
use crate::clocks::address_of_record;
use crate::purpose::{CallerVerification, check_reference};

/// How the customer reached the carrier (64.2010(a)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// A customer-initiated telephone call (64.2010(b)).
    PhoneCall,
    /// Online account access (64.2010(c)).
    Online,
    /// A visit to a retail location (64.2010(d)).
    InStore,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Self; 3] = [Self::PhoneCall, Self::Online, Self::InStore];

    /// The stable code: `phone`, `online`, `in_store`.
    pub fn code(self) -> &'static str {
        match self {
            Self::PhoneCall => "phone",
            Self::Online => "online",
            Self::InStore => "in_store",
        }
    }

    /// The channel with this code (`-` and `_` alike).
    pub fn parse(code: &str) -> Result<Self, Error> {
        let code = code.replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|channel| channel.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "disclosure channel", name: code.clone() })
    }
}

/// How the call detail is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// On the call, in the online session or at the counter.
    Direct,
    /// Sent to the address of record (64.2010(b)).
    AddressOfRecord,
    /// Given on a call back to the telephone number of record (64.2010(b)).
    CallBack,
    /// Sent to a person the customer designated in writing, e.g. a new carrier (222(c)(2)).
    NewCarrier,
}

impl Delivery {
    /// Every delivery.
    pub const ALL: [Self; 4] = [Self::Direct, Self::AddressOfRecord, Self::CallBack, Self::NewCarrier];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::AddressOfRecord => "address_of_record",
            Self::CallBack => "call_back",
            Self::NewCarrier => "new_carrier",
        }
    }

    /// The delivery with this code (`-` and `_` alike).
    pub fn parse(code: &str) -> Result<Self, Error> {
        let code = code.replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|delivery| delivery.code() == code)
            .ok_or_else(|| Error::UnknownName { kind: "disclosure delivery", name: code.clone() })
    }
}

/// A business customer's attributes for the 64.2010(g) exemption.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessAccount {
    /// The dedicated account representative (a person id or name), if any.
    pub account_representative: Option<String>,
    /// The contract and its clause that specifically addresses CPNI protection, if any.
    pub cpni_contract_clause: Option<String>,
}

impl BusinessAccount {
    /// Whether both attributes are present: only then does the exemption apply.
    pub fn exempt(&self) -> bool {
        let present = |value: &Option<String>| value.as_deref().is_some_and(|text| !text.trim().is_empty());
        present(&self.account_representative) && present(&self.cpni_contract_clause)
    }

    /// Refuses malformed attributes (each is optional, but not blank or unbounded).
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(rep) = &self.account_representative {
            check_reference("account representative", rep)?;
        }
        if let Some(clause) = &self.cpni_contract_clause {
            check_reference("contract clause", clause)?;
        }
        Ok(())
    }
}

/// What is known about one request when a disclosure is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureFacts {
    /// How the customer reached us.
    pub channel: Channel,
    /// The pre-established password was verified in this request.
    pub password_verified: bool,
    /// In store: a valid photo ID matching the account was checked in this request.
    pub photo_id_checked: bool,
    /// The customer's business attributes.
    pub business: BusinessAccount,
    /// The day the chosen address of record was added, if there is one.
    pub address_added: Option<Date>,
    /// Whether the account has a telephone number of record.
    pub number_of_record: bool,
    /// The reference of the customer's written request naming the recipient.
    pub written_request: Option<String>,
    /// Today (America/New_York).
    pub today: Date,
}

/// Why a delivery has no verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Directly on a call or online without the password verified in this request (64.2010(b), (c)).
    PasswordNotVerified,
    /// In store without a valid photo ID (64.2010(d)).
    PhotoIdNotChecked,
    /// No address of record to send it to.
    NoAddressOfRecord,
    /// The address has been on the account for less than 30 days (64.2003(b)); usable from this day.
    AddressTooNew {
        /// The first day it is an address of record.
        usable_from: Date,
    },
    /// No telephone number of record to call back.
    NoNumberOfRecord,
    /// No written request from the customer names the recipient (222(c)(2)).
    NoWrittenRequest,
}

impl Refusal {
    /// The stable code the step records.
    pub fn code(self) -> &'static str {
        match self {
            Self::PasswordNotVerified => "password_not_verified",
            Self::PhotoIdNotChecked => "photo_id_not_checked",
            Self::NoAddressOfRecord => "no_address_of_record",
            Self::AddressTooNew { .. } => "address_of_record_under_30_days",
            Self::NoNumberOfRecord => "no_number_of_record",
            Self::NoWrittenRequest => "no_written_request",
        }
    }

    /// What the agent is told.
    pub fn message(self) -> String {
        match self {
            Self::PasswordNotVerified => "call detail may be given on a call or online only after the customer's \
                                          password is verified (47 CFR 64.2010(b), (c)); offer to send it to the \
                                          address of record or to call back the number of record"
                .into(),
            Self::PhotoIdNotChecked => "in store, call detail needs a valid photo ID matching the account \
                                        (47 CFR 64.2010(d))"
                .into(),
            Self::NoAddressOfRecord => "the account has no address of record (47 CFR 64.2003(b))".into(),
            Self::AddressTooNew { usable_from } => format!(
                "the address has been on the account for less than 30 days; it is an address of record from \
                 {usable_from} (47 CFR 64.2003(b))"
            ),
            Self::NoNumberOfRecord => "the account has no telephone number of record (47 CFR 64.2003(r))".into(),
            Self::NoWrittenRequest => "disclosure to a designated recipient needs the customer's affirmative \
                                       written request (47 U.S.C. 222(c)(2))"
                .into(),
        }
    }
}

/// The verification `delivery` has under `facts`, or why it has none.
pub fn verification(delivery: Delivery, facts: &DisclosureFacts) -> Result<CallerVerification, Refusal> {
    match delivery {
        Delivery::Direct => direct(facts),
        Delivery::AddressOfRecord => address_of_record(facts),
        Delivery::CallBack if facts.number_of_record => Ok(CallerVerification::CallBackNumberOfRecord),
        Delivery::CallBack => Err(Refusal::NoNumberOfRecord),
        Delivery::NewCarrier => match facts.written_request.as_deref() {
            Some(reference) if check_reference("written request", reference).is_ok() => {
                Ok(CallerVerification::WrittenRequest)
            }
            _ => Err(Refusal::NoWrittenRequest),
        },
    }
}

fn direct(facts: &DisclosureFacts) -> Result<CallerVerification, Refusal> {
    match facts.channel {
        Channel::PhoneCall | Channel::Online if facts.password_verified => Ok(CallerVerification::Password),
        Channel::InStore if facts.photo_id_checked => Ok(CallerVerification::ValidPhotoId),
        _ if facts.business.exempt() => Ok(CallerVerification::BusinessContract),
        Channel::InStore => Err(Refusal::PhotoIdNotChecked),
        Channel::PhoneCall | Channel::Online => Err(Refusal::PasswordNotVerified),
    }
}

fn address_of_record(facts: &DisclosureFacts) -> Result<CallerVerification, Refusal> {
    let added = facts.address_added.ok_or(Refusal::NoAddressOfRecord)?;
    let clock = address_of_record::compute(added, facts.today).map_err(|_| Refusal::NoAddressOfRecord)?;
    if clock.usable() {
        Ok(CallerVerification::AddressOfRecord)
    } else {
        Err(Refusal::AddressTooNew { usable_from: clock.usable_from })
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn facts(channel: Channel) -> DisclosureFacts {
        DisclosureFacts {
            channel,
            password_verified: false,
            photo_id_checked: false,
            business: BusinessAccount::default(),
            address_added: None,
            number_of_record: false,
            written_request: None,
            today: date(2026, 3, 31),
        }
    }

    fn business(rep: Option<&str>, clause: Option<&str>) -> BusinessAccount {
        BusinessAccount {
            account_representative: rep.map(str::to_owned),
            cpni_contract_clause: clause.map(str::to_owned),
        }
    }

    #[test]
    fn on_a_call_or_online_only_the_password_opens_call_detail() {
        for channel in [Channel::PhoneCall, Channel::Online] {
            let mut facts = facts(channel);
            facts.photo_id_checked = true;
            facts.address_added = Some(date(2020, 1, 1));
            facts.number_of_record = true;
            assert_eq!(verification(Delivery::Direct, &facts), Err(Refusal::PasswordNotVerified));
            facts.password_verified = true;
            assert_eq!(verification(Delivery::Direct, &facts), Ok(CallerVerification::Password));
        }
    }

    #[test]
    fn in_store_needs_a_photo_id_not_a_password() {
        let mut facts = facts(Channel::InStore);
        facts.password_verified = true;
        assert_eq!(verification(Delivery::Direct, &facts), Err(Refusal::PhotoIdNotChecked));
        facts.photo_id_checked = true;
        assert_eq!(verification(Delivery::Direct, &facts), Ok(CallerVerification::ValidPhotoId));
    }

    #[test]
    fn the_business_exemption_needs_both_a_representative_and_a_contract_clause() {
        let cases = [
            (business(None, None), false),
            (business(Some("rep-7"), None), false),
            (business(None, Some("MSA 2025 §9.2")), false),
            (business(Some("  "), Some("MSA 2025 §9.2")), false),
            (business(Some("rep-7"), Some("MSA 2025 §9.2")), true),
        ];
        for channel in Channel::ALL {
            for (account, exempt) in &cases {
                let facts = DisclosureFacts { business: account.clone(), ..facts(channel) };
                let expected = if *exempt { Ok(CallerVerification::BusinessContract) } else { Err(()) };
                assert_eq!(verification(Delivery::Direct, &facts).map_err(|_| ()), expected, "{channel:?} {account:?}");
            }
        }
    }

    #[test]
    fn the_address_of_record_must_be_thirty_days_old() {
        let mut facts = facts(Channel::PhoneCall);
        assert_eq!(verification(Delivery::AddressOfRecord, &facts), Err(Refusal::NoAddressOfRecord));
        // Added March 1: its 30th day is March 31, usable from April 1.
        facts.address_added = Some(date(2026, 3, 1));
        let too_new = Refusal::AddressTooNew { usable_from: date(2026, 4, 1) };
        assert_eq!(verification(Delivery::AddressOfRecord, &facts), Err(too_new));
        facts.today = date(2026, 4, 1);
        assert_eq!(verification(Delivery::AddressOfRecord, &facts), Ok(CallerVerification::AddressOfRecord));
        facts.address_added = Some(date(2026, 4, 2));
        assert!(verification(Delivery::AddressOfRecord, &facts).is_err(), "an address added after today");
    }

    #[test]
    fn call_back_needs_a_number_of_record_and_a_new_carrier_a_written_request() {
        let mut facts = facts(Channel::PhoneCall);
        assert_eq!(verification(Delivery::CallBack, &facts), Err(Refusal::NoNumberOfRecord));
        facts.number_of_record = true;
        assert_eq!(verification(Delivery::CallBack, &facts), Ok(CallerVerification::CallBackNumberOfRecord));
        facts.password_verified = true;
        assert_eq!(verification(Delivery::NewCarrier, &facts), Err(Refusal::NoWrittenRequest), "a password is not");
        facts.written_request = Some(" ".into());
        assert_eq!(verification(Delivery::NewCarrier, &facts), Err(Refusal::NoWrittenRequest));
        facts.written_request = Some("LOA 2026-0042 signed 2026-03-30".into());
        assert_eq!(verification(Delivery::NewCarrier, &facts), Ok(CallerVerification::WrittenRequest));
    }

    #[test]
    fn codes_round_trip() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.code()).unwrap(), channel);
        }
        for delivery in Delivery::ALL {
            assert_eq!(Delivery::parse(&delivery.code().replace('_', "-")).unwrap(), delivery);
        }
        assert!(Channel::parse("fax").is_err());
    }
}
