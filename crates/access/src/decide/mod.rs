//! The one function that decides every access (issue 5, item 4; ARCHITECTURE.md
//! principles 4 and 7): deny by default, and every decision carries the reason
//! the caller writes to the audit log.
//!
//! Rules, cheapest first:
//! 1. the actor's role holds the permission (the table in [`crate::roles`]);
//! 2. roles above `user` signed in with TOTP (issue 5, item 2), except for
//!    their own profile, so that a password-only session can enrol TOTP;
//! 3. the target tenant is the actor's home tenant or lies below it;
//! 4. a `user` acts only on what they own (their own voicemail and calls), and
//!    everyone's `profile.manage` reaches only their own account;
//! 5. `platform_admin` acts only through an active just-in-time grant (item 5),
//!    own profile aside;
//! 6. a reseller acting on a customer below it holds only the basic PBX setup
//!    class unless that customer delegated more (item 4).

mod actor;
mod delegation;
mod grant;

use std::fmt;

use jiff::Timestamp;

pub use actor::{Actor, AuthStrength, PersonId, Target};
pub use delegation::Delegation;
pub use grant::{GrantId, JitGrant, JitScope, MAX_GRANT_WINDOW};

use crate::roles::{Permission, PermissionClass, Role};

/// The outcome of [`decide`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Decision {
    /// Allowed, and on what basis.
    Allow(AllowBasis),
    /// Refused, and why.
    Deny(DenyReason),
}

impl Decision {
    /// Whether access is allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow(_))
    }
}

/// What made an access allowed, for the audit record.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AllowBasis {
    /// The actor's role holds the permission on this tenant.
    Role,
    /// The customer delegated this class to its reseller.
    Delegation(PermissionClass),
    /// A just-in-time grant covers it; every use is audited under the grant's id.
    Grant(GrantId),
}

/// Why an access was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DenyReason {
    /// The actor's role does not hold the permission.
    RoleLacksPermission,
    /// The role requires a TOTP-strength sign-in and the session has a password only.
    SecondFactorRequired,
    /// The target tenant is neither the actor's tenant nor below it.
    OutsideTenant,
    /// An end user asked for something that is not theirs.
    NotOwner,
    /// A reseller asked for more than basic PBX setup and the customer delegated no such class.
    NotDelegated,
    /// A platform admin has no active grant covering this permission and tenant.
    NoActiveGrant,
    /// A grant would be issued by its own grantee.
    SelfGrant,
    /// A grant's window is empty, already over, or longer than allowed.
    GrantWindowInvalid,
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DenyReason::RoleLacksPermission => "role lacks the permission",
            DenyReason::SecondFactorRequired => "second factor required",
            DenyReason::OutsideTenant => "target outside the actor's tenant",
            DenyReason::NotOwner => "not the owner",
            DenyReason::NotDelegated => "customer has not delegated this class",
            DenyReason::NoActiveGrant => "no active just-in-time grant",
            DenyReason::SelfGrant => "a grant cannot be issued to oneself",
            DenyReason::GrantWindowInvalid => "grant window invalid",
        })
    }
}

/// Decides whether `actor` may use `permission` on `target` at `now`.
pub fn decide(actor: &Actor, permission: Permission, target: &Target, now: Timestamp) -> Decision {
    match check(actor, permission, target, now) {
        Ok(basis) => Decision::Allow(basis),
        Err(reason) => Decision::Deny(reason),
    }
}

fn check(actor: &Actor, permission: Permission, target: &Target, now: Timestamp) -> Result<AllowBasis, DenyReason> {
    let self_service = permission.class() == PermissionClass::SelfService;
    require(actor.role.holds(permission), DenyReason::RoleLacksPermission)?;
    require(self_service || strong_enough(actor), DenyReason::SecondFactorRequired)?;
    require(target.tenant.is_within(&actor.home), DenyReason::OutsideTenant)?;
    if self_service || actor.role.acts_on_own_records_only() {
        require(target.owner.as_ref() == Some(&actor.person), DenyReason::NotOwner)?;
    }
    match actor.role {
        _ if self_service => Ok(AllowBasis::Role),
        Role::PlatformAdmin => grant_basis(actor, permission, target, now),
        Role::ResellerAdmin if target.tenant.is_strictly_below(&actor.home) => {
            reseller_basis(actor, permission, target, now)
        }
        _ => Ok(AllowBasis::Role),
    }
}

fn require(condition: bool, reason: DenyReason) -> Result<(), DenyReason> {
    if condition { Ok(()) } else { Err(reason) }
}

fn strong_enough(actor: &Actor) -> bool {
    !actor.role.requires_second_factor() || actor.strength == AuthStrength::PasswordAndTotp
}

fn grant_basis(
    actor: &Actor,
    permission: Permission,
    target: &Target,
    now: Timestamp,
) -> Result<AllowBasis, DenyReason> {
    actor
        .grants
        .iter()
        .find(|grant| grant.authorizes(&actor.person, permission, &target.tenant, now))
        .map(|grant| AllowBasis::Grant(grant.id.clone()))
        .ok_or(DenyReason::NoActiveGrant)
}

fn reseller_basis(
    actor: &Actor,
    permission: Permission,
    target: &Target,
    now: Timestamp,
) -> Result<AllowBasis, DenyReason> {
    let class = permission.class();
    if class == PermissionClass::PbxSetup {
        return Ok(AllowBasis::Role);
    }
    let customers = target.tenant.below(&actor.home);
    let delegated = target.delegations.iter().any(|d| d.covers(class, customers, now));
    require(delegated, DenyReason::NotDelegated).map(|()| AllowBasis::Delegation(class))
}
