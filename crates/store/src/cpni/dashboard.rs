//! The compliance dashboard's inputs from the store (issue 7 item 8):
//! [`Store::compliance_dashboard`] gathers every open clock of the records
//! through `compliance::records::dashboard` — open breaches, opt-out
//! failure letters, each live customer's opt-out notices (the re-notice,
//! a returned e-mail notice still to be mailed; without recorded notices,
//! its opt-out approvals' notice dates), campaigns awaiting approval, the next certification —
//! sorted by urgency. Customers are named by id, never by name.

use compliance::calendar::BusinessCalendar;
use compliance::records::dashboard::{self, DashboardItem};
use compliance::records::notices::NoticeStanding;
use compliance::{ApprovalAction, ApprovalScope, Mechanism};
use jiff::Timestamp;
use jiff::civil::Date;
use model::TenantId;
use sqlx::Row;

use crate::{Store, StoreError};

impl Store {
    /// Every open clock on `today`, nearest first.
    pub async fn compliance_dashboard(
        &self,
        calendar: &BusinessCalendar,
        today: Date,
    ) -> Result<Vec<DashboardItem>, StoreError> {
        let mut items = vec![dashboard::certification_item(calendar, today)?];
        for stored in self.breaches().await? {
            items.extend(dashboard::breach_items(calendar, &stored.id, &stored.incident, today)?);
        }
        for stored in self.optout_failures().await? {
            let filed = stored.filed.as_ref().map(|filed| filed.on);
            items.extend(dashboard::optout_failure_item(calendar, &stored.id, &stored.incident, filed, today)?);
        }
        items.extend(self.renotice_items(today).await?);
        items.extend(self.pending_campaign_items(today).await?);
        dashboard::sort(&mut items);
        Ok(items)
    }

    /// Each live customer's re-notice and returned notices: from its
    /// recorded notices, or without any, from its opt-out approvals'
    /// notice dates.
    async fn renotice_items(&self, today: Date) -> Result<Vec<DashboardItem>, StoreError> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM tenants t WHERE t.deleted_ms IS NULL AND (\
             EXISTS (SELECT 1 FROM cpni_approvals a WHERE a.tenant_id = t.id) OR \
             EXISTS (SELECT 1 FROM cpni_notices n WHERE n.tenant_id = t.id)) ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::new();
        for id in ids {
            let customer = TenantId(id.clone());
            let notices = self.cpni_notices(&customer).await?;
            if notices.is_empty() {
                items.extend(self.approval_renotice_items(&customer, today).await?);
            } else {
                items.extend(dashboard::notice_items(&id, &NoticeStanding::of(&notices)?, today));
            }
        }
        Ok(items)
    }

    async fn approval_renotice_items(
        &self,
        customer: &TenantId,
        today: Date,
    ) -> Result<Vec<DashboardItem>, StoreError> {
        let history = self.approval_history(customer).await?;
        let mut items = Vec::new();
        for scope in ApprovalScope::ALL {
            let latest = history.iter().rev().find(|record| record.scope == scope);
            let notified = latest
                .filter(|record| record.action == ApprovalAction::Approve(Mechanism::OptOut))
                .and_then(|record| record.notified_on);
            if let Some(notified) = notified {
                items.push(dashboard::renotice_item(&customer.0, notified, today)?);
            }
        }
        Ok(items)
    }

    async fn pending_campaign_items(&self, today: Date) -> Result<Vec<DashboardItem>, StoreError> {
        let rows = sqlx::query("SELECT id, requested_ms FROM cpni_campaigns WHERE approved_by IS NULL")
            .fetch_all(&self.pool)
            .await?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.try_get("id")?;
            let requested = super::sealed_text::parse_ms(row.try_get("requested_ms")?)?;
            items.push(dashboard::pending_campaign_item(&id, eastern(requested), today));
        }
        Ok(items)
    }
}

fn eastern(at: Timestamp) -> Date {
    compliance::gate::eastern_date(at)
}
