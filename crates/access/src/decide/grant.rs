//! Just-in-time privileged access: `platform_admin` powers exist only through
//! a grant a `security_officer` issues for a scope and a window, revocable,
//! expiring by itself (issue 5, item 5).

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use super::{Actor, Decision, DenyReason, PersonId, Target, decide};
use crate::AccessError;
use crate::roles::Permission;
use crate::tenant_path::TenantPath;

/// The longest window a grant may have.
pub const MAX_GRANT_WINDOW: SignedDuration = SignedDuration::from_hours(12);

/// Identifies a grant; audit records of its uses name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GrantId(pub String);

impl fmt::Display for GrantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a grant covers: some permissions on one subtree of tenants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JitScope {
    /// The subtree the grant reaches.
    pub tenant: TenantPath,
    /// The permissions it lends (still bounded by the `platform_admin` row).
    pub permissions: Vec<Permission>,
}

/// A just-in-time grant of `platform_admin` powers to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JitGrant {
    /// Its id.
    pub id: GrantId,
    /// The engineer it is for.
    pub grantee: PersonId,
    /// The security officer who issued it.
    pub issued_by: PersonId,
    /// What it covers.
    pub scope: JitScope,
    /// When it starts.
    pub not_before: Timestamp,
    /// When it ends by itself.
    pub expires: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

impl JitGrant {
    /// Issues a grant; `issuer` must hold `access.grant` over the scope's tenant,
    /// must not be the grantee, and the window must be non-empty, not over, and
    /// at most [`MAX_GRANT_WINDOW`].
    pub fn issue(
        id: GrantId,
        issuer: &Actor,
        grantee: PersonId,
        scope: JitScope,
        window: (Timestamp, Timestamp),
        now: Timestamp,
    ) -> Result<Self, AccessError> {
        let target = Target::tenant(scope.tenant.clone());
        if let Decision::Deny(reason) = decide(issuer, Permission::AccessGrant, &target, now) {
            return Err(reason.into());
        }
        if issuer.person == grantee {
            return Err(DenyReason::SelfGrant.into());
        }
        let (not_before, expires) = window;
        if !window_is_valid(not_before, expires, now) {
            return Err(DenyReason::GrantWindowInvalid.into());
        }
        Ok(Self { id, grantee, issued_by: issuer.person.clone(), scope, not_before, expires, revoked_at: None })
    }

    /// Revokes it from `at` on (the earliest revocation stands).
    pub fn revoke(&mut self, at: Timestamp) {
        self.revoked_at = Some(self.revoked_at.map_or(at, |earlier| earlier.min(at)));
    }

    /// Whether it is in effect at `now`: started, not expired, not revoked.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.not_before <= now && now < self.expires && self.revoked_at.is_none_or(|revoked| now < revoked)
    }

    /// Whether it lets `person` use `permission` on `tenant` at `now`.
    pub(super) fn authorizes(
        &self,
        person: &PersonId,
        permission: Permission,
        tenant: &TenantPath,
        now: Timestamp,
    ) -> bool {
        self.grantee == *person
            && self.issued_by != *person
            && self.scope.permissions.contains(&permission)
            && tenant.is_within(&self.scope.tenant)
            && self.not_before.duration_until(self.expires) <= MAX_GRANT_WINDOW
            && self.is_active(now)
    }
}

fn window_is_valid(not_before: Timestamp, expires: Timestamp, now: Timestamp) -> bool {
    not_before < expires && now < expires && not_before.duration_until(expires) <= MAX_GRANT_WINDOW
}
