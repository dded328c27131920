//! The store's side of the CPNI gate (issue 7; ARCHITECTURE.md principle 3;
//! 47 CFR 64.2009(a), (c)): the only way to the store's CPNI readers.
//!
//! [`Store::permit`] gathers what `compliance::decide` decides from — the
//! customer's tenant path, its delegations, and for marketing the campaign
//! and the customer's approval for the campaign's scope — decides, queues
//! the decision's audit record (batched, `crate::audit`), and returns the
//! [`Permit`] of an allow, or [`StoreError::CpniDenied`]. The readers that
//! return CPNI (`cdrs`) are private to the store and take a permit; their
//! public forms take a [`CpniRequest`] and go through `permit` first.
//!
//! Outside the store the raw readers do not exist:
//!
//! ```compile_fail
//! # async fn f(store: store::Store, permit: compliance::Permit) {
//! let cdrs = store.cdrs_page_permitted(&permit, None, 10).await;
//! # }
//! ```
//!
//! and only the gated form compiles:
//!
//! ```no_run
//! # async fn f(store: store::Store, customer: model::TenantId) -> Result<(), store::StoreError> {
//! use compliance::{CpniRequest, Purpose};
//! let request = CpniRequest::host_operator("operator:cli", Purpose::Billing, "cli");
//! let cdrs = store.cdrs_page(&request, &customer, None, 10).await?;
//! # Ok(()) }
//! ```
//!
//! Audit records: actor (person id or `operator:…`), action (e.g.
//! `cdr.read`), target (the customer's id: never a name or number),
//! purpose (the purpose with its reference, then `; ` and the decision's
//! explanation, e.g. `billing; allow:host_operator+no_approval_needed`),
//! decision, time and source address.

mod approvals;
mod breaches;
mod campaigns;
mod customer_paths;
mod dashboard;
mod disclosures;
mod notices;
mod officers;
mod one_time;
mod optout_failures;
mod records;
mod sealed_text;

use access::{Delegation, PersonId, Role, TenantPath};
use compliance::{Accessor, ApprovalStatus, CpniKind, CpniRequest, Decision, GateInput, Permit, Purpose};
use jiff::Timestamp;
use model::TenantId;

pub use breaches::StoredBreach;
pub use campaigns::AudienceEntry;
pub(crate) use customer_paths::CustomerPaths;
pub use disclosures::{
    DeliveryTarget, DisclosureOutcome, DisclosureRequest, DisclosureStep, MAX_PASSWORD_ATTEMPTS, StoredDisclosure,
};
pub use notices::NoticeToSend;
pub use officers::Officer;
pub use optout_failures::{LetterFiled, StoredOptOutFailure};
pub use records::StoredRecord;
pub(crate) use sealed_text::{parse_date as parse_record_date, parse_ms as parse_record_ms};

use crate::{AuditDecision, AuditRecord, Store, StoreError};

impl Store {
    /// Decides `request` for `data` of `customer`, audits the decision
    /// under `action`, and returns the permit of an allow.
    pub(crate) async fn permit(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        data: CpniKind,
        action: &str,
    ) -> Result<Permit, StoreError> {
        self.permit_of(request, customer, None, data, action).await
    }

    /// [`Store::permit`] for the records of `owner` alone, when there is
    /// one: an end user's own calls (issue 5 item 4). Its permit opens only
    /// that person's records.
    pub(crate) async fn permit_of(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        owner: Option<&PersonId>,
        data: CpniKind,
        action: &str,
    ) -> Result<Permit, StoreError> {
        let path = self.customer_path(customer).await?;
        let delegations = self.gate_delegations(&request.accessor, customer).await?;
        let (campaign, approval) = self.marketing_facts(&request.purpose, customer).await?;
        let one_time = self.one_time_facts_for(&request.purpose, customer).await?;
        let now = Timestamp::now();
        let input = GateInput {
            accessor: &request.accessor,
            purpose: &request.purpose,
            data,
            customer: &path,
            owner,
            delegations: &delegations,
            campaign: campaign.as_ref(),
            approval,
            one_time: one_time.as_ref(),
            now,
        };
        let decision = compliance::decide(&input);
        self.queue_audit(decision_record(request, customer, action, &decision, now)).await?;
        match decision {
            Decision::Allow { permit, .. } => Ok(permit),
            Decision::Deny(reason) => Err(StoreError::CpniDenied(reason)),
        }
    }

    /// The tenant path of a customer (a deleted one too: its CPNI is
    /// crypto-shredded, so a read it allows still opens nothing).
    async fn customer_path(&self, customer: &TenantId) -> Result<TenantPath, StoreError> {
        if let Some(path) = self.customer_paths.get(customer) {
            return Ok(path);
        }
        let path: Option<String> = sqlx::query_scalar("SELECT path FROM tenants WHERE id = $1 AND kind = 'customer'")
            .bind(&customer.0)
            .fetch_optional(&self.pool)
            .await?;
        let path = TenantPath::parse(&path.ok_or_else(|| StoreError::UnknownTenant(customer.0.clone()))?)?;
        self.customer_paths.remember(customer, &path);
        Ok(path)
    }

    /// A reseller's staff act on a customer through its delegations.
    async fn gate_delegations(&self, accessor: &Accessor, customer: &TenantId) -> Result<Vec<Delegation>, StoreError> {
        match accessor {
            Accessor::Person(actor) if actor.role == Role::ResellerAdmin => self.delegations_of(customer).await,
            _ => Ok(Vec::new()),
        }
    }

    /// For marketing: the campaign named and the customer's approval for its scope.
    async fn marketing_facts(
        &self,
        purpose: &Purpose,
        customer: &TenantId,
    ) -> Result<(Option<compliance::CampaignFacts>, ApprovalStatus), StoreError> {
        let Purpose::Marketing { campaign } = purpose else { return Ok((None, ApprovalStatus::None)) };
        let Some(campaign) = self.campaign(campaign).await? else { return Ok((None, ApprovalStatus::None)) };
        let history = self.approval_history(customer).await?;
        let status = ApprovalStatus::of(&history, campaign.request.scope);
        Ok((Some(campaign.facts()), status))
    }
}

/// The audit record of one gate decision.
fn decision_record(
    request: &CpniRequest,
    customer: &TenantId,
    action: &str,
    decision: &Decision,
    now: Timestamp,
) -> AuditRecord {
    AuditRecord {
        at_ms: now.as_millisecond(),
        actor: request.accessor.audit_name(),
        action: action.to_owned(),
        target: customer.0.clone(),
        purpose: format!("{}; {}", request.purpose, decision.explanation()),
        decision: if decision.is_allowed() { AuditDecision::Allow } else { AuditDecision::Deny },
        source: request.source.clone(),
    }
}

/// Refuses a permit for another kind of CPNI than the read's, and one for
/// a single person's records: this reader reads the whole customer's.
pub(crate) fn check_permit(permit: &Permit, data: CpniKind) -> Result<&TenantId, StoreError> {
    match check_scoped_permit(permit, data)? {
        (customer, None) => Ok(customer),
        (_, Some(_)) => Err(StoreError::PermitMismatch),
    }
}

/// Refuses a permit for another kind of CPNI than the read's; returns the
/// customer and, for a permit of one person's records, that person, whom
/// the reader must then keep to.
pub(crate) fn check_scoped_permit(
    permit: &Permit,
    data: CpniKind,
) -> Result<(&TenantId, Option<&PersonId>), StoreError> {
    if permit.data() == data { Ok((permit.customer(), permit.owner())) } else { Err(StoreError::PermitMismatch) }
}
