//! A customer's delegations in effect with their ids, for the portal's
//! delegation settings (issue 6 item 2), so a page can revoke one
//! (`Store::revoke_delegation` takes the id).

use access::PermissionClass;
use model::TenantId;
use sqlx::Row;

use crate::{Store, StoreError};

/// A delegation in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveDelegation {
    /// Its id.
    pub id: String,
    /// The permission class the customer's reseller may use.
    pub class: PermissionClass,
    /// Who granted it (a person id).
    pub granted_by: String,
    /// When, in Unix milliseconds.
    pub granted_ms: i64,
}

impl Store {
    /// `customer`'s delegations not revoked, oldest first.
    pub async fn active_delegations(&self, customer: &TenantId) -> Result<Vec<ActiveDelegation>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, class, granted_by, granted_ms FROM delegations \
             WHERE customer_id = $1 AND revoked_ms IS NULL ORDER BY granted_ms, id",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let class: String = row.try_get("class")?;
                Ok(ActiveDelegation {
                    id: row.try_get("id")?,
                    class: PermissionClass::from_name(&class).ok_or(StoreError::Corrupt("unknown permission class"))?,
                    granted_by: row.try_get("granted_by")?,
                    granted_ms: row.try_get("granted_ms")?,
                })
            })
            .collect()
    }
}
