//! The marketing campaign register, stored (issue 7 item 3; 47 CFR
//! 64.2009(c), (d); `cpni_campaigns`, migration 41): registered by a person
//! holding `campaign.manage`, approved once by a different person holding
//! `campaign.approve` (the rules are `compliance::campaign`'s), and run
//! through the gate: [`Store::campaign_audience`] asks the gate about every
//! customer below the campaign's tenant, so only those whose approval
//! covers the campaign's scope are included, each inclusion and exclusion
//! audited (`campaign.audience`).

use access::{Actor, PersonId, TenantPath};
use compliance::{Accessor, ApprovalScope, Campaign, CampaignRequest, CpniKind, CpniRequest, Purpose};
use jiff::Timestamp;
use model::TenantId;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::id::new_id;
use crate::{AuditDecision, AuditRecord, Store, StoreError};

const COLUMNS: &str = "id, owner_path, description, cpni_used, offered, scope, requested_by, requested_ms, approved_by, approved_ms, \
     ended_ms";

/// One customer the audience computation asked the gate about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudienceEntry {
    /// The customer.
    pub customer: TenantId,
    /// Its slug.
    pub slug: String,
    /// Whether it is in the audience.
    pub included: bool,
    /// The gate's explanation (`allow:…` or the deny reason's code).
    pub explanation: String,
}

impl Store {
    /// Registers a campaign requested by `requester` (who holds `campaign.manage` on its tenant).
    pub async fn register_campaign(
        &self,
        requester: &Actor,
        request: &CampaignRequest,
        now: Timestamp,
    ) -> Result<Campaign, StoreError> {
        request.check(requester, now)?;
        let now = millis(now.as_millisecond())?; // as stored
        let campaign = Campaign {
            id: new_id(),
            request: request.clone(),
            requested_by: requester.person.clone(),
            requested_at: now,
            approval: None,
            ended_at: None,
        };
        sqlx::query(
            "INSERT INTO cpni_campaigns (id, owner_tenant_id, owner_path, description, cpni_used, offered, scope, \
             requested_by, requested_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&campaign.id)
        .bind(&request.owner.leaf().0)
        .bind(request.owner.to_string())
        .bind(&request.description)
        .bind(&request.cpni_used)
        .bind(&request.offered)
        .bind(request.scope.code())
        .bind(&requester.person.0)
        .bind(now.as_millisecond())
        .execute(&self.pool)
        .await?;
        self.audit_campaign(&requester.person, "campaign.register", &campaign.id, now).await?;
        Ok(campaign)
    }

    /// Gives campaign `id` its supervisory approval by `approver`: not its
    /// requester, holding `campaign.approve` on its tenant (64.2009(d)).
    pub async fn approve_campaign(&self, approver: &Actor, id: &str, now: Timestamp) -> Result<Campaign, StoreError> {
        let mut campaign = self.campaign(id).await?.ok_or(StoreError::UnknownCampaign)?;
        campaign.check_approval(approver, now)?;
        let updated = sqlx::query(
            "UPDATE cpni_campaigns SET approved_by = $1, approved_ms = $2 WHERE id = $3 AND approved_by IS NULL",
        )
        .bind(&approver.person.0)
        .bind(now.as_millisecond())
        .bind(id)
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(compliance::Error::AlreadyApproved.into());
        }
        self.audit_campaign(&approver.person, "campaign.approve", id, now).await?;
        campaign.approval = Some((approver.person.clone(), millis(now.as_millisecond())?));
        Ok(campaign)
    }

    /// Records that campaign `id` ended at `now` (once): from then its
    /// record is kept one more year (64.2009(c), (d)), and the gate, which
    /// reads only registered campaigns, still names it in the audit log.
    pub async fn end_campaign(&self, id: &str, by: &str, now: Timestamp) -> Result<(), StoreError> {
        let updated = sqlx::query("UPDATE cpni_campaigns SET ended_ms = $1 WHERE id = $2 AND ended_ms IS NULL")
            .bind(now.as_millisecond())
            .bind(id)
            .execute(&self.pool)
            .await?;
        if updated.rows_affected() != 1 {
            self.campaign(id).await?.ok_or(StoreError::UnknownCampaign)?;
            return Err(compliance::Error::AlreadyRecorded { what: "the campaign's end" }.into());
        }
        self.audit_record_change(by, "campaign.end", id, "47 CFR 64.2009(c)".into(), now).await
    }

    /// The campaign with this id.
    pub async fn campaign(&self, id: &str) -> Result<Option<Campaign>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM cpni_campaigns WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(campaign_from_row).transpose()
    }

    /// Every live customer below campaign `id`'s tenant, each decided by the
    /// gate for `requester` with purpose marketing under this campaign.
    pub async fn campaign_audience(
        &self,
        requester: &Actor,
        id: &str,
        source: &str,
    ) -> Result<Vec<AudienceEntry>, StoreError> {
        let campaign = self.campaign(id).await?.ok_or(StoreError::UnknownCampaign)?;
        let request = CpniRequest {
            accessor: Accessor::Person(requester.clone()),
            purpose: Purpose::Marketing { campaign: id.to_owned() },
            source: source.to_owned(),
        };
        let mut audience = Vec::new();
        for (customer, slug) in self.customers_below(&campaign.request.owner).await? {
            let decided = self.permit(&request, &customer, CpniKind::Usage, "campaign.audience").await;
            audience.push(audience_entry(customer, slug, decided)?);
        }
        Ok(audience)
    }

    /// Live customers within `owner`'s subtree, by slug (tenant ids are
    /// hex, so the path holds no `LIKE` wildcard).
    async fn customers_below(&self, owner: &TenantPath) -> Result<Vec<(TenantId, String)>, StoreError> {
        let prefix = owner.to_string();
        let rows = sqlx::query(
            "SELECT id, slug FROM tenants WHERE kind = 'customer' AND deleted_ms IS NULL \
             AND (path = $1 OR path LIKE $2) ORDER BY slug",
        )
        .bind(&prefix)
        .bind(format!("{prefix}/%"))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| Ok((TenantId(row.try_get("id")?), row.try_get("slug")?))).collect()
    }

    async fn audit_campaign(&self, by: &PersonId, action: &str, id: &str, now: Timestamp) -> Result<(), StoreError> {
        let record = AuditRecord {
            at_ms: now.as_millisecond(),
            actor: by.0.clone(),
            action: action.to_owned(),
            target: id.to_owned(),
            purpose: "marketing campaign supervision (64.2009(c), (d))".into(),
            decision: AuditDecision::Allow,
            source: "store".into(),
        };
        self.append_audit(&record).await.map(|_| ())
    }
}

fn audience_entry(
    customer: TenantId,
    slug: String,
    decided: Result<compliance::Permit, StoreError>,
) -> Result<AudienceEntry, StoreError> {
    let (included, explanation) = match decided {
        Ok(_) => (true, "allow".to_owned()),
        Err(StoreError::CpniDenied(reason)) => (false, reason.code().to_owned()),
        Err(other) => return Err(other),
    };
    Ok(AudienceEntry { customer, slug, included, explanation })
}

fn campaign_from_row(row: &AnyRow) -> Result<Campaign, StoreError> {
    let owner: String = row.try_get("owner_path")?;
    let approved_by: Option<String> = row.try_get("approved_by")?;
    let approved_ms: Option<i64> = row.try_get("approved_ms")?;
    let approval = match (approved_by, approved_ms) {
        (Some(by), Some(ms)) => Some((PersonId(by), millis(ms)?)),
        _ => None,
    };
    Ok(Campaign {
        id: row.try_get("id")?,
        request: CampaignRequest {
            owner: TenantPath::parse(&owner)?,
            description: row.try_get("description")?,
            cpni_used: row.try_get("cpni_used")?,
            offered: row.try_get("offered")?,
            scope: ApprovalScope::parse(row.try_get("scope")?)?,
        },
        requested_by: PersonId(row.try_get("requested_by")?),
        requested_at: millis(row.try_get("requested_ms")?)?,
        approval,
        ended_at: row.try_get::<Option<i64>, _>("ended_ms")?.map(millis).transpose()?,
    })
}

fn millis(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|_| StoreError::Corrupt("campaign time"))
}
