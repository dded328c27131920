//! Delegations, stored (issue 5 item 4): a customer admin lets the
//! customer's reseller use one more permission class on that customer
//! (`access::Delegation::grant` decides who may); revocable; audited.

use access::{Actor, Delegation, PermissionClass, PersonId, TenantPath};
use jiff::Timestamp;
use model::TenantId;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{ms, timestamp};
use crate::audit::AuditDecision;
use crate::id::new_id;
use crate::{Store, StoreError};

impl Store {
    /// Records a delegation by `by` (who must hold `delegation.manage` on the
    /// customer) and returns its id.
    pub async fn delegate(
        &self,
        by: &Actor,
        customer: &TenantPath,
        class: PermissionClass,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let delegation = Delegation::grant(by, customer, class, now)?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO delegations (id, customer_id, class, granted_by, granted_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&delegation.customer.0)
        .bind(class.name())
        .bind(&by.person.0)
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        self.audit_account(&by.person.0, &format!("delegation.grant.{}", class.name()), &id, AuditDecision::Allow, now)
            .await?;
        Ok(id)
    }

    /// Revokes a delegation from `now` on.
    pub async fn revoke_delegation(&self, id: &str, by: &str, now: Timestamp) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE delegations SET revoked_ms = COALESCE(revoked_ms, $1) WHERE id = $2")
            .bind(ms(now))
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownGrant);
        }
        self.audit_account(by, "delegation.revoke", id, AuditDecision::Allow, now).await
    }

    /// The delegations `customer` recorded (`access::decide` checks them).
    pub async fn delegations_of(&self, customer: &TenantId) -> Result<Vec<Delegation>, StoreError> {
        let rows = sqlx::query(
            "SELECT customer_id, class, granted_by, granted_ms, revoked_ms FROM delegations \
             WHERE customer_id = $1 ORDER BY granted_ms, id",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(delegation_from_row).collect()
    }
}

fn delegation_from_row(row: &AnyRow) -> Result<Delegation, StoreError> {
    let class: String = row.try_get("class")?;
    let revoked: Option<i64> = row.try_get("revoked_ms")?;
    Ok(Delegation {
        customer: TenantId(row.try_get("customer_id")?),
        class: PermissionClass::from_name(&class).ok_or(StoreError::Corrupt("unknown permission class"))?,
        granted_by: PersonId(row.try_get("granted_by")?),
        granted_at: timestamp(row.try_get("granted_ms")?)?,
        revoked_at: revoked.map(timestamp).transpose()?,
    })
}
