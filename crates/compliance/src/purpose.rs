//! Why CPNI is read: every read names one purpose (ARCHITECTURE.md principle
//! 3; R2 and R10 of `reference/cpni-rules.md`; 47 CFR 64.2005, 64.2009(a);
//! 47 U.S.C. 222(c)(1), (d)).
//!
//! Purposes that need no customer approval: providing the service the CPNI
//! comes from (222(c)(1)(A)), billing and collecting (222(d)(1)), protecting
//! the carrier's rights and property and users against fraud (222(d)(2),
//! 64.2005(d)), network operations (providing the service, 222(c)(1)(A)),
//! the customer's own access and customer-initiated disclosure after
//! authentication (64.2010), and legal process (222(c)(1) "as required by
//! law"). Marketing needs approval (64.2007) and names a campaign (64.2009(c)).
//! Identifying or tracking customers who call competing providers is
//! never allowed (64.2005(b)(2)): it is a purpose so that the attempt is
//! named, refused and audited.

use std::fmt;

use crate::Error;

/// How a caller asking for call detail on a customer-initiated contact was
/// verified (47 CFR 64.2010(b), (g)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerVerification {
    /// The pre-established password, not prompted by biographical or account information (64.2010(b)).
    Password,
    /// The call detail is sent to the address of record (64.2010(b)).
    AddressOfRecord,
    /// The carrier calls back the telephone number of record (64.2010(b)).
    CallBackNumberOfRecord,
    /// A business customer with both a dedicated account representative and a contract clause on CPNI (64.2010(g)).
    BusinessContract,
    /// In store: a valid photo ID matching the account (64.2010(d)).
    ValidPhotoId,
    /// Disclosure to a person the customer designated by affirmative written request (47 U.S.C. 222(c)(2)).
    WrittenRequest,
    /// Nothing, or only readily available biographical or account information: never enough.
    Unverified,
}

/// The reason a CPNI read is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Providing the service the CPNI is derived from (222(c)(1)(A), 64.2005(a)).
    ServiceProvision,
    /// Initiating, rendering, billing and collecting (222(d)(1)).
    Billing,
    /// The customer's own people reading their own records (64.2010(c)).
    CustomerSelfService,
    /// A customer's call or request for their call detail (64.2010(b), (g)).
    CustomerInitiatedDisclosure(CallerVerification),
    /// Marketing, under a registered campaign (64.2007, 64.2009(c)).
    Marketing {
        /// The campaign's id.
        campaign: String,
    },
    /// Legal process (a subpoena, court order, warrant), named by its reference.
    LawEnforcement {
        /// The legal process's reference.
        legal_process: String,
    },
    /// Protecting rights, property, users and other carriers from fraud (222(d)(2), 64.2005(d)).
    FraudProtection,
    /// Operating and repairing the network that provides the service (222(c)(1)(A)).
    NetworkOperations,
    /// Marketing during one inbound or outbound call, after oral notice and
    /// the customer's oral approval for that call alone (64.2008(f)).
    OneTimeUse {
        /// The call's reference in the carrier's contact records (never a number or address).
        call: String,
    },
    /// Identifying or tracking customers who call competing providers: always refused (64.2005(b)(2)).
    TrackCompetitorCallers,
}

impl Purpose {
    /// The stable code, as the CLI and the audit log name it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ServiceProvision => "service_provision",
            Self::Billing => "billing",
            Self::CustomerSelfService => "customer_self_service",
            Self::CustomerInitiatedDisclosure(_) => "customer_initiated_disclosure",
            Self::Marketing { .. } => "marketing",
            Self::LawEnforcement { .. } => "law_enforcement",
            Self::FraudProtection => "fraud_protection",
            Self::NetworkOperations => "network_operations",
            Self::OneTimeUse { .. } => "one_time_use",
            Self::TrackCompetitorCallers => "track_competitor_callers",
        }
    }

    /// The purpose named `code`, with the reference it needs (a campaign id
    /// for `marketing`, a legal process reference for `law_enforcement`, a
    /// call reference for `one_time_use`).
    pub fn parse(code: &str, reference: Option<&str>) -> Result<Self, Error> {
        let reference = || reference.map(str::to_owned).unwrap_or_default();
        let purpose = match code {
            "service_provision" => Self::ServiceProvision,
            "billing" => Self::Billing,
            "customer_self_service" => Self::CustomerSelfService,
            "fraud_protection" => Self::FraudProtection,
            "network_operations" => Self::NetworkOperations,
            "track_competitor_callers" => Self::TrackCompetitorCallers,
            "marketing" => Self::Marketing { campaign: reference() },
            "law_enforcement" => Self::LawEnforcement { legal_process: reference() },
            "one_time_use" => Self::OneTimeUse { call: reference() },
            _ => return Err(Error::UnknownName { kind: "purpose", name: code.to_owned() }),
        };
        purpose.check_reference()?;
        Ok(purpose)
    }

    /// Refuses a missing or malformed campaign id, legal process reference
    /// or call reference.
    pub fn check_reference(&self) -> Result<(), Error> {
        match self {
            Self::Marketing { campaign } => check_reference("campaign id", campaign),
            Self::LawEnforcement { legal_process } => check_reference("legal process reference", legal_process),
            Self::OneTimeUse { call } => check_call_reference(call),
            _ => Ok(()),
        }
    }
}

/// The audit form: the code, then the reference or verification in brackets.
impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Marketing { campaign } => write!(f, "marketing[campaign={campaign}]"),
            Self::LawEnforcement { legal_process } => write!(f, "law_enforcement[legal_process={legal_process}]"),
            Self::CustomerInitiatedDisclosure(how) => write!(f, "customer_initiated_disclosure[{how:?}]"),
            Self::OneTimeUse { call } => write!(f, "one_time_use[call={call}]"),
            other => f.write_str(other.code()),
        }
    }
}

/// A reference must be 1..=200 characters, none of them control characters.
pub fn check_reference(what: &'static str, value: &str) -> Result<(), Error> {
    let fits = (1..=200).contains(&value.chars().count());
    if fits && !value.chars().any(char::is_control) && !value.trim().is_empty() {
        Ok(())
    } else {
        Err(Error::BadReference(what))
    }
}

/// A call reference is a reference, and it goes into the audit log: it
/// may not be or hold a telephone number (separators aside: all digits,
/// or ten in a row) or an address (`@`, as in a SIP Call-ID), which the
/// log must never carry.
pub fn check_call_reference(value: &str) -> Result<(), Error> {
    check_reference("call reference", value)?;
    let compact: String = value.chars().filter(|c| !" -.()".contains(*c)).collect();
    let longest_digits = compact.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let a_number = digits.len() >= 7 && digits.chars().all(|c| c.is_ascii_digit());
    if longest_digits >= 10 || a_number || value.contains('@') {
        return Err(Error::BadReference("call reference (not a number or address)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_required_where_a_purpose_needs_one() {
        assert!(Purpose::parse("law_enforcement", None).is_err());
        assert!(Purpose::parse("marketing", Some(" ")).is_err());
        assert!(Purpose::parse("law_enforcement", Some("case\n1")).is_err());
        let purpose = Purpose::parse("law_enforcement", Some("SDNY 24-mj-1")).unwrap();
        assert_eq!(purpose.to_string(), "law_enforcement[legal_process=SDNY 24-mj-1]");
    }

    #[test]
    fn a_call_reference_holds_no_number_or_address() {
        assert!(Purpose::parse("one_time_use", None).is_err());
        assert!(Purpose::parse("one_time_use", Some("+1 (202) 555-0143")).is_err());
        assert!(Purpose::parse("one_time_use", Some("555.0143")).is_err());
        assert!(Purpose::parse("one_time_use", Some("ticket 20255501430")).is_err());
        assert!(Purpose::parse("one_time_use", Some("a84bc3@192.0.2.1")).is_err());
        let purpose = Purpose::parse("one_time_use", Some("CC-2026-118")).unwrap();
        assert_eq!(purpose.to_string(), "one_time_use[call=CC-2026-118]");
    }

    #[test]
    fn codes_round_trip() {
        for code in ["service_provision", "billing", "customer_self_service", "fraud_protection", "network_operations"]
        {
            assert_eq!(Purpose::parse(code, None).unwrap().code(), code);
        }
        assert!(Purpose::parse("curiosity", None).is_err());
    }
}
