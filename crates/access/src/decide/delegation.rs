//! Delegations: a customer admin lets the customer's reseller use one more
//! permission class on that customer; recorded, scoped, revocable (issue 5,
//! item 4; ARCHITECTURE.md principle 4).

use jiff::Timestamp;
use model::TenantId;

use super::{Actor, Decision, PersonId, Target, decide};
use crate::AccessError;
use crate::roles::{Permission, PermissionClass};
use crate::tenant_path::TenantPath;

/// One class a customer delegated to its reseller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    /// The customer that delegates.
    pub customer: TenantId,
    /// What it delegates.
    pub class: PermissionClass,
    /// The customer admin who recorded it.
    pub granted_by: PersonId,
    /// When it took effect.
    pub granted_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

impl Delegation {
    /// Records a delegation by `by`, who must hold `delegation.manage` on `customer`.
    pub fn grant(
        by: &Actor,
        customer: &TenantPath,
        class: PermissionClass,
        now: Timestamp,
    ) -> Result<Self, AccessError> {
        let target = Target::tenant(customer.clone());
        if let Decision::Deny(reason) = decide(by, Permission::DelegationManage, &target, now) {
            return Err(reason.into());
        }
        let customer = customer.leaf().clone();
        Ok(Self { customer, class, granted_by: by.person.clone(), granted_at: now, revoked_at: None })
    }

    /// Revokes it from `at` on (the earliest revocation stands).
    pub fn revoke(&mut self, at: Timestamp) {
        self.revoked_at = Some(self.revoked_at.map_or(at, |earlier| earlier.min(at)));
    }

    /// Whether it is in effect at `now`.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.granted_at <= now && self.revoked_at.is_none_or(|revoked| now < revoked)
    }

    /// Whether it lets `class` through for a target whose path below the reseller is `customers`.
    pub(super) fn covers(&self, class: PermissionClass, customers: &[TenantId], now: Timestamp) -> bool {
        self.class == class && customers.contains(&self.customer) && self.is_active(now)
    }
}
