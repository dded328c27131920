//! Who asks and what they ask about: the inputs of `decide` (issue 5, item 4).

use std::fmt;

use super::JitGrant;
use crate::roles::Role;
use crate::tenant_path::TenantPath;

/// Identifies a person (an account that signs in; not a SIP device).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub String);

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How strongly the session was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthStrength {
    /// A password alone.
    Password,
    /// A password and a TOTP code (or a recovery code).
    PasswordAndTotp,
}

/// The person asking, as their session knows them.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The person.
    pub person: PersonId,
    /// The tenant the person belongs to.
    pub home: TenantPath,
    /// Their role at `home`.
    pub role: Role,
    /// How they signed in.
    pub strength: AuthStrength,
    /// Just-in-time grants issued to them (only a `platform_admin` uses them).
    pub grants: Vec<JitGrant>,
}

/// What is asked about: a tenant, possibly a person's own record in it, and
/// the delegations of the customers on its path.
#[derive(Debug, Clone)]
pub struct Target {
    /// The tenant the data or setting belongs to.
    pub tenant: TenantPath,
    /// The person a record belongs to (a mailbox, a call leg, a recording).
    pub owner: Option<PersonId>,
    /// Delegations recorded by the customers on the path below the actor.
    pub delegations: Vec<super::Delegation>,
}

impl Target {
    /// A tenant-wide target: no owner, no delegations.
    pub fn tenant(tenant: TenantPath) -> Self {
        Self { tenant, owner: None, delegations: Vec::new() }
    }

    /// The same target, as a record owned by `owner`.
    pub fn owned_by(mut self, owner: PersonId) -> Self {
        self.owner = Some(owner);
        self
    }

    /// The same target, with the customer's delegations loaded.
    pub fn with_delegations(mut self, delegations: Vec<super::Delegation>) -> Self {
        self.delegations = delegations;
        self
    }
}
