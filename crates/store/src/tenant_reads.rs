//! A reseller's customers, for the portal's reseller view (issue 6 item 2).
//! (A tenant by id is `Store::tenant`, in `provisioning`.)

use model::{Tenant, TenantId};

use crate::tenants::{COLUMNS, LIVE};
use crate::{Store, StoreError};

impl Store {
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
