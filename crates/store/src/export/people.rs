//! The export's people (issue 3 item 4 meets issue 5 items 1, 2, 4, 5; the
//! table in the module above says what becomes what).
//!
//! - Sign-in names become `person-<n>@<tenant's pseudonym domain>`: the
//!   customer's pseudonymized SIP domain, else `<slug>.example` (RFC 2606),
//!   numbered in the order the export meets people (nothing of the original).
//! - Role, tenant (the export's copy of it) and the disabled flag are kept.
//! - No password: a fresh random one nobody knows would be just as unusable
//!   and is one more secret to generate; a tester sets one with
//!   `callvault user passwd`. So no hash of any kind crosses over.
//! - TOTP secrets and recovery codes are dropped (a tester enrols again:
//!   the first sign-in with a pending enrolment confirms it).
//! - Delegations are copied with the granter remapped (the export's copy of
//!   the customer admin who recorded them) and their times kept, revoked
//!   ones revoked again: they decide what a reseller may do, part of the
//!   tree's shape a test environment should behave like. One whose granter
//!   no longer may delegate is left out (the writer refuses it).
//! - Extension owners are copied as the owner's copy (extensions keep their
//!   numbers): they decide which calls a person sees.
//! - Just-in-time grants are dropped: emergency powers of at most 12 hours,
//!   long expired in any copy, and the store's writer rightly refuses to
//!   issue one without a security officer signed in with TOTP. A tester
//!   issues a fresh one with `callvault access grant`.
//!
//! Writes go through the ordinary writers (`create_person`, `set_disabled`,
//! `delegate`, `revoke_delegation`, `assign_extension`), so their audit records name the
//! export's ids only.

use std::collections::HashMap;

use access::{AuthStrength, PersonId, TenantPath};
use model::{Tenant, TenantId, TenantKind};

use super::Export;
use super::pseudonym::EXAMPLE_TLD;
use crate::{NewPerson, StoreError};

/// The actor the export's audit records name.
const EXPORT_ACTOR: &str = "export";

impl Export {
    /// Every live tenant's people, then every customer's delegations (the
    /// export's path of the customer: `tenant` maps source ids to copies).
    pub(super) async fn copy_people(&mut self) -> Result<(), StoreError> {
        let mut tenants: Vec<(TenantId, Tenant)> = self.tenants.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        tenants.sort_by(|a, b| a.0.cmp(&b.0));
        let mut people = HashMap::new();
        for (old, new) in &tenants {
            for person in self.source.people_of(old).await? {
                let copy = self.copy_person(&person, new).await?;
                people.insert(person.id, copy);
            }
        }
        for (old, new) in self.customers() {
            self.copy_delegations(&old, &people).await?;
            self.copy_extension_owners(&old, &new, &people).await?;
        }
        Ok(())
    }

    /// Each extension's owner, as the owner's copy (extensions keep their numbers).
    async fn copy_extension_owners(
        &mut self,
        old: &TenantId,
        new: &TenantId,
        people: &HashMap<PersonId, PersonId>,
    ) -> Result<(), StoreError> {
        let numbers: Vec<String> = self.extensions.get(old).into_iter().flatten().cloned().collect();
        for number in numbers {
            let Some(owner) = self.source.extension_owner(old, &number).await? else { continue };
            let Some(copy) = people.get(&owner) else { continue };
            self.target.assign_extension(new, &number, Some(copy), EXPORT_ACTOR).await?;
        }
        Ok(())
    }

    async fn copy_person(&mut self, person: &crate::Person, tenant: &Tenant) -> Result<PersonId, StoreError> {
        self.report.people += 1;
        let login = format!("person-{}@{}", self.report.people, login_domain(tenant));
        let new = NewPerson { tenant: tenant.id.clone(), role: person.role, login };
        let copy = self.target.create_person(&new, EXPORT_ACTOR, jiff::Timestamp::now()).await?;
        if person.disabled {
            self.target.set_disabled(&copy.id, true, EXPORT_ACTOR, jiff::Timestamp::now()).await?;
        }
        Ok(copy.id)
    }

    async fn copy_delegations(
        &mut self,
        old: &TenantId,
        people: &HashMap<PersonId, PersonId>,
    ) -> Result<(), StoreError> {
        let path = TenantPath::parse(&self.tenant(old)?.path)?;
        for delegation in self.source.delegations_of(old).await? {
            let Some(granter) = people.get(&delegation.granted_by) else { continue };
            let granter = self.target.person(granter).await?;
            let actor = self.target.actor_for(&granter, AuthStrength::PasswordAndTotp).await?;
            let id = match self.target.delegate(&actor, &path, delegation.class, delegation.granted_at).await {
                Ok(id) => id,
                Err(StoreError::Access(_)) => continue,
                Err(other) => return Err(other),
            };
            if let Some(revoked) = delegation.revoked_at {
                self.target.revoke_delegation(&id, EXPORT_ACTOR, revoked).await?;
            }
            self.report.delegations += 1;
        }
        Ok(())
    }
}

/// The domain of the export's sign-in names for `tenant`'s people.
fn login_domain(tenant: &Tenant) -> String {
    match (&tenant.sip_domain, tenant.kind) {
        (Some(domain), TenantKind::Customer) => domain.clone(),
        _ => format!("{}.{EXAMPLE_TLD}", tenant.slug),
    }
}
