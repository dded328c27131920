//! The CPNI purpose gate (ARCHITECTURE.md principle 3; R2, R4, R10, R16, R17
//! of `reference/cpni-rules.md`): one pure function, [`decide`], that allows
//! or denies a read of CPNI from who asks and how they authenticated, the
//! purpose they name, the customer, and the customer's approval for the
//! purpose's scope. Deny by default: a purpose is allowed only where a rule
//! below says so.
//!
//! 1. Identifying or tracking customers who call competing providers is
//!    always refused (47 CFR 64.2005(b)(2)).
//! 2. A purpose that needs a reference (legal process, campaign) names one.
//! 3. The accessor may claim the purpose: a person's role is in the
//!    purpose's row ([`roles_for`]) and `access::decide` allows the
//!    permission on the customer (role table, tenant tree, delegation,
//!    just-in-time grants, and a TOTP sign-in for staff roles); the host
//!    operator (the shell that holds the data folder's keys) may claim
//!    operational purposes only.
//! 4. The purpose's own rule: a customer-initiated disclosure needs a
//!    verified caller (64.2010(b), (g)); marketing needs a registered,
//!    supervisor-approved campaign (64.2009(c), (d)) reaching the customer,
//!    and an approval in effect that covers its scope: opt-in, or for the
//!    scopes where opt-out suffices an opt-out approval past its waiting
//!    period (64.2007(b), 64.2008(d)(1)); a disapproval in effect refuses.
//!    One-time use during a call needs the customer's oral approval,
//!    recorded for that call, not ended, and at most
//!    [`ONE_TIME_USE_LIMIT`] old (64.2008(f)): it opens nothing after the
//!    call and nothing on another call.
//!
//! An allow carries a [`Permit`], the only proof the store's CPNI readers
//! accept; nothing outside this module can make one.

mod decision;
mod permit;

use access::{Actor, Delegation, Permission, PersonId, Role, Target, TenantPath};
use jiff::Timestamp;
use jiff::civil::Date;

pub use decision::{AccessBasis, AllowBasis, Decision, DenyReason, Rule};
pub use permit::Permit;

use crate::approval::{ApprovalScope, ApprovalStatus};
use crate::purpose::{CallerVerification, Purpose};

/// The kinds of CPNI the store holds (47 CFR 64.2003(g); ARCHITECTURE.md principle 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CpniKind {
    /// Call detail records.
    CallDetail,
    /// Usage and the services a customer buys.
    Usage,
    /// Call recordings.
    Recording,
    /// Voicemail.
    Voicemail,
}

impl CpniKind {
    /// The permission a person needs to read it.
    pub fn permission(self) -> Permission {
        match self {
            Self::CallDetail => Permission::CdrRead,
            Self::Usage => Permission::UsageRead,
            Self::Recording => Permission::RecordingPlay,
            Self::Voicemail => Permission::VoicemailPlay,
        }
    }
}

/// Who asks, and how they authenticated.
#[derive(Debug, Clone)]
pub enum Accessor {
    /// A signed-in person; `Actor::strength` says how they signed in.
    Person(Actor),
    /// The operator of the host, authenticated by holding the data folder and
    /// its key files (the CLI without `--as`); named for the audit log.
    HostOperator {
        /// The OS user, e.g. `operator:alice`.
        name: String,
    },
}

impl Accessor {
    /// The name the audit log records.
    pub fn audit_name(&self) -> String {
        match self {
            Self::Person(actor) => actor.person.0.clone(),
            Self::HostOperator { name } => name.clone(),
        }
    }
}

/// What the store knows about a marketing campaign (64.2009(c), (d)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignFacts {
    /// Its id.
    pub id: String,
    /// The approval scope its use of CPNI needs.
    pub scope: ApprovalScope,
    /// Whether a supervisor other than the requester approved it.
    pub supervised: bool,
    /// The tenant that runs it; it reaches only customers below it.
    pub owner: TenantPath,
    /// When it ended, if it has: from then on it reads nothing.
    pub ended_at: Option<Timestamp>,
}

/// How long a one-time approval can last at most: a call ends sooner, and
/// an approval whose end was not recorded must not outlive it (64.2008(f):
/// "for the duration of the call").
pub const ONE_TIME_USE_LIMIT: jiff::SignedDuration = jiff::SignedDuration::from_hours(4);

/// What the store knows about the customer's oral approval for one-time
/// use during one call (64.2008(f)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeFacts {
    /// The call's reference, as the purpose names it.
    pub call: String,
    /// When the approval was recorded.
    pub granted_at: Timestamp,
    /// When the call's end was recorded, if it was.
    pub ended_at: Option<Timestamp>,
}

/// Everything [`decide`] decides from.
#[derive(Debug, Clone)]
pub struct GateInput<'a> {
    /// Who asks.
    pub accessor: &'a Accessor,
    /// Why.
    pub purpose: &'a Purpose,
    /// What kind of CPNI.
    pub data: CpniKind,
    /// Whose: the customer's tenant path.
    pub customer: &'a TenantPath,
    /// The person the records belong to, when the read is of one person's records.
    pub owner: Option<&'a PersonId>,
    /// The customers' delegations on the path (for a reseller's staff).
    pub delegations: &'a [Delegation],
    /// For marketing: the campaign, if it exists.
    pub campaign: Option<&'a CampaignFacts>,
    /// For marketing: the customer's approval for the campaign's scope.
    pub approval: ApprovalStatus,
    /// For one-time use: the customer's approval for the call, if recorded.
    pub one_time: Option<&'a OneTimeFacts>,
    /// Now.
    pub now: Timestamp,
}

/// Decides a CPNI read; see the module doc for the rules.
pub fn decide(input: &GateInput<'_>) -> Decision {
    match check(input) {
        Ok(basis) => Decision::Allow { basis, permit: Permit::new(input) },
        Err(reason) => Decision::Deny(reason),
    }
}

fn check(input: &GateInput<'_>) -> Result<AllowBasis, DenyReason> {
    if *input.purpose == Purpose::TrackCompetitorCallers {
        return Err(DenyReason::CompetitorTracking);
    }
    input.purpose.check_reference().map_err(|_| DenyReason::MissingReference)?;
    let access = accessor_basis(input)?;
    let rule = purpose_rule(input)?;
    Ok(AllowBasis { access, rule })
}

/// Rule 3: may this accessor claim this purpose on this customer?
fn accessor_basis(input: &GateInput<'_>) -> Result<AccessBasis, DenyReason> {
    match input.accessor {
        Accessor::HostOperator { .. } if host_may_claim(input.purpose) => Ok(AccessBasis::HostOperator),
        Accessor::HostOperator { .. } => Err(DenyReason::PurposeNotForAccessor),
        Accessor::Person(actor) => person_basis(actor, input),
    }
}

fn person_basis(actor: &Actor, input: &GateInput<'_>) -> Result<AccessBasis, DenyReason> {
    if !roles_for(input.purpose).contains(&actor.role) {
        return Err(DenyReason::PurposeNotForAccessor);
    }
    let permission = match input.purpose {
        Purpose::Marketing { .. } => Permission::CampaignManage,
        _ => input.data.permission(),
    };
    let mut target = Target::tenant(input.customer.clone()).with_delegations(input.delegations.to_vec());
    target.owner = input.owner.cloned();
    match access::decide(actor, permission, &target, input.now) {
        access::Decision::Allow(basis) => Ok(AccessBasis::Person(basis)),
        access::Decision::Deny(reason) => Err(DenyReason::Access(reason)),
    }
}

/// The roles that may name `purpose` (the carrier's staff for its own
/// operations, the customer's people for self-service).
pub fn roles_for(purpose: &Purpose) -> &'static [Role] {
    use Role as R;
    match purpose {
        Purpose::ServiceProvision | Purpose::Billing => {
            &[R::PlatformAdmin, R::Support, R::ResellerAdmin, R::CustomerAdmin]
        }
        Purpose::CustomerSelfService => &[R::CustomerAdmin, R::User],
        Purpose::CustomerInitiatedDisclosure(_) => &[R::Support, R::SecurityOfficer],
        Purpose::Marketing { .. } => &[R::SecurityOfficer, R::Support, R::ResellerAdmin],
        Purpose::OneTimeUse { .. } => &[R::Support, R::SecurityOfficer],
        Purpose::LawEnforcement { .. } => &[R::SecurityOfficer],
        Purpose::FraudProtection => &[R::SecurityOfficer, R::Support, R::PlatformAdmin],
        Purpose::NetworkOperations => &[R::PlatformAdmin, R::Support],
        Purpose::TrackCompetitorCallers => &[],
    }
}

/// The host operator runs the carrier's operations, never marketing or a
/// customer's own access.
fn host_may_claim(purpose: &Purpose) -> bool {
    matches!(
        purpose,
        Purpose::ServiceProvision
            | Purpose::Billing
            | Purpose::LawEnforcement { .. }
            | Purpose::FraudProtection
            | Purpose::NetworkOperations
    )
}

/// Rule 4: the purpose's own condition.
fn purpose_rule(input: &GateInput<'_>) -> Result<Rule, DenyReason> {
    match input.purpose {
        Purpose::CustomerInitiatedDisclosure(CallerVerification::Unverified) => Err(DenyReason::CallerNotVerified),
        Purpose::CustomerInitiatedDisclosure(how) => Ok(Rule::CallerVerified(*how)),
        Purpose::Marketing { campaign } => marketing_rule(input, campaign),
        Purpose::OneTimeUse { call } => one_time_rule(input, call),
        Purpose::LawEnforcement { .. } => Ok(Rule::LegalProcess),
        _ => Ok(Rule::NoApprovalNeeded),
    }
}

fn marketing_rule(input: &GateInput<'_>, campaign: &str) -> Result<Rule, DenyReason> {
    let facts = input.campaign.filter(|facts| facts.id == campaign).ok_or(DenyReason::UnknownCampaign)?;
    if !facts.supervised {
        return Err(DenyReason::CampaignNotApproved);
    }
    if facts.ended_at.is_some_and(|ended| ended <= input.now) {
        return Err(DenyReason::CampaignEnded);
    }
    if !input.customer.is_within(&facts.owner) {
        return Err(DenyReason::OutsideCampaign);
    }
    approval_rule(facts.scope, input.approval, eastern_date(input.now))
}

/// The customer's oral approval for this call, while the call lasts (64.2008(f)).
fn one_time_rule(input: &GateInput<'_>, call: &str) -> Result<Rule, DenyReason> {
    let facts = input.one_time.filter(|facts| facts.call == call).ok_or(DenyReason::NoOneTimeApproval)?;
    let expired = facts.granted_at + ONE_TIME_USE_LIMIT <= input.now;
    if facts.ended_at.is_some_and(|ended| ended <= input.now) || expired {
        return Err(DenyReason::CallEnded);
    }
    Ok(Rule::OneTimeOral)
}

/// Whether `status` covers `scope` on `today` (64.2007(b), 64.2008(d)(1)).
pub fn approval_rule(scope: ApprovalScope, status: ApprovalStatus, today: Date) -> Result<Rule, DenyReason> {
    match status {
        ApprovalStatus::OptIn { since } if since <= today => Ok(Rule::OptIn),
        ApprovalStatus::OptOut { .. } if !scope.opt_out_suffices() => Err(DenyReason::OptInRequired),
        ApprovalStatus::OptOut { effective_on } if effective_on <= today => Ok(Rule::OptOutAfterWait),
        ApprovalStatus::OptOut { .. } => Err(DenyReason::WaitingPeriod),
        ApprovalStatus::Disapproved { .. } => Err(DenyReason::CustomerDisapproved),
        ApprovalStatus::OptIn { .. } | ApprovalStatus::None => Err(DenyReason::NoApproval),
    }
}

/// The civil date at `now` in America/New_York, the FCC's time zone
/// (`reference/cpni-rules.md` §2). Without a time zone database, Eastern
/// Standard Time: a date that turns an hour late, never early.
pub fn eastern_date(now: Timestamp) -> Date {
    let zone =
        jiff::tz::TimeZone::get("America/New_York").unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::offset(-5)));
    now.to_zoned(zone).date()
}

/// A request to read CPNI: who asks, why, and from where (the audit log's
/// actor, purpose and source).
#[derive(Debug, Clone)]
pub struct CpniRequest {
    /// Who asks.
    pub accessor: Accessor,
    /// Why.
    pub purpose: Purpose,
    /// The request's source address (an IP address, or `cli`).
    pub source: String,
}

impl CpniRequest {
    /// A request by the host operator `name` (e.g. `operator:cli`).
    pub fn host_operator(name: &str, purpose: Purpose, source: &str) -> Self {
        Self { accessor: Accessor::HostOperator { name: name.to_owned() }, purpose, source: source.to_owned() }
    }
}
