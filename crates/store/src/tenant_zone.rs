//! A tenant's time zone (migration 0095): the calendar the portal draws a
//! customer's days in (issue 6 item 2). An IANA name (RFC 6557 time zone
//! database); none set means UTC.

use jiff::tz::TimeZone;
use model::TenantId;

use crate::{Store, StoreError};

impl Store {
    /// `tenant`'s time zone; UTC when none is set, or when the stored name
    /// is not in this host's time zone database.
    pub async fn tenant_time_zone(&self, tenant: &TenantId) -> Result<TimeZone, StoreError> {
        let name: Option<Option<String>> = sqlx::query_scalar("SELECT time_zone FROM tenants WHERE id = $1")
            .bind(&tenant.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(name.flatten().and_then(|name| TimeZone::get(&name).ok()).unwrap_or(TimeZone::UTC))
    }

    /// Sets `tenant`'s time zone to the IANA zone `name`; an unknown name is refused.
    pub async fn set_tenant_time_zone(&self, tenant: &TenantId, name: &str) -> Result<(), StoreError> {
        TimeZone::get(name).map_err(|_| StoreError::Invalid("an unknown time zone"))?;
        sqlx::query("UPDATE tenants SET time_zone = $1 WHERE id = $2")
            .bind(name)
            .bind(&tenant.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
