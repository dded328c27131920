//! Marketing campaigns (47 CFR 64.2009(c), (d); R12, R13 of
//! `reference/cpni-rules.md`).
//!
//! - The register records, for each campaign, "a description of each
//!   campaign, the specific CPNI that was used in the campaign, and what
//!   products and services were offered", with the approval scope its use
//!   of CPNI needs, its tenant and its requester (64.2009(c)); records are
//!   kept at least one year.
//! - "Sales personnel must obtain supervisory approval of any proposed
//!   outbound marketing request for customer approval" (64.2009(d)): a
//!   two-person rule, the approver holding `campaign.approve` on the
//!   campaign's tenant and not being its requester. Until then the gate
//!   refuses the campaign's every read.
//! - An ended campaign reads nothing more; its record is kept a year from
//!   its end (64.2009(c)).

use access::{Actor, Permission, PersonId, Target, TenantPath};
use jiff::Timestamp;

use crate::Error;
use crate::approval::ApprovalScope;
use crate::gate::CampaignFacts;

/// A campaign as proposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRequest {
    /// The tenant that runs it (the platform or a reseller); it reaches customers below it.
    pub owner: TenantPath,
    /// What the campaign is.
    pub description: String,
    /// The specific CPNI it uses.
    pub cpni_used: String,
    /// The products and services it offers.
    pub offered: String,
    /// The approval scope its use of CPNI needs.
    pub scope: ApprovalScope,
}

/// A registered campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// Its id.
    pub id: String,
    /// What was requested.
    pub request: CampaignRequest,
    /// Who requested it.
    pub requested_by: PersonId,
    /// When.
    pub requested_at: Timestamp,
    /// The supervisor who approved it, and when.
    pub approval: Option<(PersonId, Timestamp)>,
    /// When it ended, if it has.
    pub ended_at: Option<Timestamp>,
}

/// Longest description, CPNI list or offer, in characters.
const TEXT_MAX: usize = 2_000;

impl CampaignRequest {
    /// Refuses empty or oversized texts, and a requester who may not run
    /// campaigns on the owner tenant.
    pub fn check(&self, requester: &Actor, now: Timestamp) -> Result<(), Error> {
        for (what, text) in [("description", &self.description), ("cpni used", &self.cpni_used)] {
            check_text(what, text)?;
        }
        check_text("products and services offered", &self.offered)?;
        allowed(requester, Permission::CampaignManage, &self.owner, now)
            .map_err(|reason| Error::NotSupervisor(format!("requester: {reason}")))
    }
}

impl Campaign {
    /// Whether `actor` may end this campaign now: whoever may run or
    /// approve campaigns on its tenant.
    pub fn check_end(&self, actor: &Actor, now: Timestamp) -> Result<(), Error> {
        let owner = &self.request.owner;
        allowed(actor, Permission::CampaignManage, owner, now)
            .or_else(|_| allowed(actor, Permission::CampaignApprove, owner, now))
            .map_err(|reason| Error::MayNotEndCampaign(reason.to_string()))
    }

    /// Whether `approver` may give this campaign its supervisory approval now.
    pub fn check_approval(&self, approver: &Actor, now: Timestamp) -> Result<(), Error> {
        if self.approval.is_some() {
            return Err(Error::AlreadyApproved);
        }
        if approver.person == self.requested_by {
            return Err(Error::SelfApproval);
        }
        allowed(approver, Permission::CampaignApprove, &self.request.owner, now)
            .map_err(|reason| Error::NotSupervisor(reason.to_string()))
    }

    /// What the gate needs to know about it.
    pub fn facts(&self) -> CampaignFacts {
        CampaignFacts {
            id: self.id.clone(),
            scope: self.request.scope,
            supervised: self.approval.is_some(),
            owner: self.request.owner.clone(),
            ended_at: self.ended_at,
        }
    }
}

fn allowed(
    actor: &Actor,
    permission: Permission,
    owner: &TenantPath,
    now: Timestamp,
) -> Result<(), access::DenyReason> {
    match access::decide(actor, permission, &Target::tenant(owner.clone()), now) {
        access::Decision::Allow(_) => Ok(()),
        access::Decision::Deny(reason) => Err(reason),
    }
}

fn check_text(what: &'static str, text: &str) -> Result<(), Error> {
    let length = text.chars().count();
    if text.trim().is_empty() || length > TEXT_MAX || text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::BadReference(what));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use access::{AuthStrength, Role};

    use super::*;
    use crate::approval::ApprovalScope;

    fn actor(id: &str, role: Role, home: &str) -> Actor {
        Actor {
            person: PersonId(id.into()),
            home: TenantPath::parse(home).unwrap(),
            role,
            strength: AuthStrength::PasswordAndTotp,
            grants: Vec::new(),
        }
    }

    fn campaign() -> Campaign {
        let request = CampaignRequest {
            owner: TenantPath::parse("p").unwrap(),
            description: "Spring offer".into(),
            cpni_used: "minutes of use".into(),
            offered: "Unlimited plan".into(),
            scope: ApprovalScope::OwnMarketing,
        };
        let now = Timestamp::now();
        Campaign {
            id: "c".into(),
            request,
            requested_by: PersonId("seller".into()),
            requested_at: now,
            approval: None,
            ended_at: None,
        }
    }

    #[test]
    fn those_who_run_or_approve_campaigns_end_one_and_nobody_else() {
        let (campaign, now) = (campaign(), Timestamp::now());
        assert!(campaign.check_end(&actor("seller", Role::Support, "p"), now).is_ok(), "campaign.manage");
        assert!(campaign.check_end(&actor("boss", Role::SecurityOfficer, "p"), now).is_ok(), "campaign.approve");
        for (role, home) in [(Role::CustomerAdmin, "p/c"), (Role::User, "p/c"), (Role::Support, "q")] {
            let refused = campaign.check_end(&actor("x", role, home), now);
            assert!(matches!(refused, Err(Error::MayNotEndCampaign(_))), "{role:?} at {home}: {refused:?}");
        }
    }
}
