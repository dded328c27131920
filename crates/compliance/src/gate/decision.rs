//! What the gate decided, as a value that explains itself: an allow names
//! its basis (who may, and under which rule), a deny its reason; both print
//! as the stable codes the audit log records.

use std::fmt;

use super::Permit;
use crate::purpose::CallerVerification;

/// The outcome of [`decide`](super::decide).
#[derive(Debug, PartialEq, Eq)]
#[must_use]
pub enum Decision {
    /// Allowed: on what basis, and the proof the store's readers take.
    Allow {
        /// Why it was allowed.
        basis: AllowBasis,
        /// The proof of this decision.
        permit: Permit,
    },
    /// Refused, and why.
    Deny(DenyReason),
}

impl Decision {
    /// Whether it allows.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allow { .. })
    }

    /// The allow basis or deny reason as the audit log records it.
    pub fn explanation(&self) -> String {
        match self {
            Self::Allow { basis, .. } => format!("allow:{basis}"),
            Self::Deny(reason) => format!("deny:{reason}"),
        }
    }
}

/// Why a read was allowed: who may, and under which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowBasis {
    /// Why this accessor may claim the purpose.
    pub access: AccessBasis,
    /// The rule of the purpose that allowed it.
    pub rule: Rule,
}

impl fmt::Display for AllowBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{}", self.access, self.rule)
    }
}

/// Why the accessor may claim the purpose on this customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessBasis {
    /// A person, on the basis `access::decide` gave.
    Person(access::AllowBasis),
    /// The host operator, for an operational purpose.
    HostOperator,
}

impl fmt::Display for AccessBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Person(access::AllowBasis::Role) => f.write_str("role"),
            Self::Person(access::AllowBasis::Delegation(class)) => write!(f, "delegation({})", class.name()),
            Self::Person(access::AllowBasis::Grant(grant)) => write!(f, "grant({})", grant.0),
            Self::Person(_) => f.write_str("access"),
            Self::HostOperator => f.write_str("host_operator"),
        }
    }
}

/// The purpose's rule that allowed the read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The purpose needs no customer approval (47 U.S.C. 222(c)(1), (d); 64.2005).
    NoApprovalNeeded,
    /// The caller was verified as 64.2010(b), (g) require.
    CallerVerified(CallerVerification),
    /// Legal process, named by its reference.
    LegalProcess,
    /// An opt-in approval covers the campaign's scope (64.2007(b)).
    OptIn,
    /// An opt-out approval covers it and its waiting period is over (64.2008(d)(1)).
    OptOutAfterWait,
    /// The customer approved orally, for this call only (64.2008(f)).
    OneTimeOral,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoApprovalNeeded => f.write_str("no_approval_needed"),
            Self::CallerVerified(how) => write!(f, "caller_verified({})", verification_code(*how)),
            Self::LegalProcess => f.write_str("legal_process"),
            Self::OptIn => f.write_str("opt_in_approval"),
            Self::OptOutAfterWait => f.write_str("opt_out_approval"),
            Self::OneTimeOral => f.write_str("one_time_oral_approval"),
        }
    }
}

impl CallerVerification {
    /// The stable code the audit log records.
    pub fn code(self) -> &'static str {
        verification_code(self)
    }
}

fn verification_code(how: CallerVerification) -> &'static str {
    match how {
        CallerVerification::Password => "password",
        CallerVerification::AddressOfRecord => "address_of_record",
        CallerVerification::CallBackNumberOfRecord => "call_back_number_of_record",
        CallerVerification::BusinessContract => "business_contract",
        CallerVerification::ValidPhotoId => "valid_photo_id",
        CallerVerification::WrittenRequest => "written_request",
        CallerVerification::Unverified => "unverified",
    }
}

/// Why a read was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DenyReason {
    /// Identifying or tracking customers who call competing providers (64.2005(b)(2)).
    CompetitorTracking,
    /// The purpose needs a legal process reference or campaign id and has none (or a malformed one).
    MissingReference,
    /// This accessor (role, or the host operator) may not claim this purpose.
    PurposeNotForAccessor,
    /// `access::decide` refused: role, second factor, tenant, ownership, delegation or grant.
    Access(access::DenyReason),
    /// A customer-initiated disclosure without a verified caller (64.2010(b)).
    CallerNotVerified,
    /// No such campaign is registered (64.2009(c)).
    UnknownCampaign,
    /// The campaign lacks its supervisory approval (64.2009(d)).
    CampaignNotApproved,
    /// The campaign has ended: no more reads for it (its record stays, 64.2009(c)).
    CampaignEnded,
    /// The customer is not below the campaign's tenant.
    OutsideCampaign,
    /// No approval in effect for the campaign's scope (64.2007).
    NoApproval,
    /// The customer disapproved, and has not revoked it (64.2007(a)(2)).
    CustomerDisapproved,
    /// Only opt-out approval, and the scope needs opt-in (64.2007(b)).
    OptInRequired,
    /// Opt-out approval whose notice waiting period is not over (64.2008(d)(1)).
    WaitingPeriod,
    /// One-time use without the customer's oral approval for this call (64.2008(f)).
    NoOneTimeApproval,
    /// One-time use after the call the approval was for has ended (64.2008(f)).
    CallEnded,
}

impl DenyReason {
    /// The stable code the audit log records.
    pub fn code(self) -> &'static str {
        match self {
            Self::CompetitorTracking => "competitor_tracking_forbidden",
            Self::MissingReference => "missing_reference",
            Self::PurposeNotForAccessor => "purpose_not_for_accessor",
            Self::Access(reason) => access_code(reason),
            Self::CallerNotVerified => "caller_not_verified",
            Self::UnknownCampaign => "unknown_campaign",
            Self::CampaignNotApproved => "campaign_not_supervised",
            Self::CampaignEnded => "campaign_ended",
            Self::OutsideCampaign => "outside_campaign",
            Self::NoApproval => "no_approval",
            Self::CustomerDisapproved => "customer_disapproved",
            Self::OptInRequired => "opt_in_required",
            Self::WaitingPeriod => "opt_out_waiting_period",
            Self::NoOneTimeApproval => "no_one_time_approval",
            Self::CallEnded => "call_ended",
        }
    }
}

fn access_code(reason: access::DenyReason) -> &'static str {
    use access::DenyReason as A;
    match reason {
        A::RoleLacksPermission => "role_lacks_permission",
        A::SecondFactorRequired => "second_factor_required",
        A::OutsideTenant => "outside_tenant",
        A::NotOwner => "not_owner",
        A::NotDelegated => "not_delegated",
        A::NoActiveGrant => "no_active_grant",
        _ => "access_denied",
    }
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
