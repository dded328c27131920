//! Reading tenants by id and a reseller's customers, for the portal's
//! pages and the JSON API (issue 6 items 2 and 3).

use model::{Tenant, TenantId};

use crate::tenants::{COLUMNS, LIVE};
use crate::{Store, StoreError};

impl Store {
    /// The live tenant with this id, if any.
    pub async fn tenant(&self, id: &TenantId) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE id = $1 AND {LIVE}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&id.0).fetch_optional(&self.pool).await?;
        self.tenant_from_optional_row(row).await
    }

    /// The live tenants whose parent is `parent`, by slug.
    pub async fn children_of(&self, parent: &TenantId) -> Result<Vec<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE parent_id = $1 AND {LIVE} ORDER BY slug");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&parent.0).fetch_all(&self.pool).await?;
        let mut tenants = Vec::with_capacity(rows.len());
        for row in &rows {
            tenants.push(self.tenant_from_row(row).await?);
        }
        Ok(tenants)
    }
}
