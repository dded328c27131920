//! Provisioning writes and look-ups the JSON API needs beyond the upserts
//! (issue 6 item 3): deleting one extension, DID or trunk of a tenant.
//! Every delete names the owning tenant, so a caller can never remove
//! another tenant's row by guessing its key.
//!
//! Deleting an extension also drops its registrations and leaves a
//! tombstone (`extension_removals`) under the next `extensions` change
//! version, so the PBX's directory, which follows changes, forgets it and
//! its phones no longer register (RFC 3261 §10.3: no AOR, no binding).

use model::TenantId;

use crate::id::now_ms;
use crate::{Store, StoreError};

impl Store {
    /// Deletes `customer`'s extension `number` and its registrations;
    /// whether it existed.
    pub async fn delete_extension(&self, customer: &TenantId, number: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM extensions WHERE tenant_id = $1 AND number = $2")
            .bind(&customer.0)
            .bind(number)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM registrations WHERE tenant_id = $1 AND number = $2")
            .bind(&customer.0)
            .bind(number)
            .execute(&mut *tx)
            .await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE change_counters SET value = value + 1 WHERE name = 'extensions' RETURNING value",
        )
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO extension_removals (tenant_id, number, version, removed_ms) VALUES ($1, $2, $3, $4)")
            .bind(&customer.0)
            .bind(number)
            .bind(version)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes `customer`'s DID `number`; whether it existed.
    pub async fn delete_did(&self, customer: &TenantId, number: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM dids WHERE tenant_id = $1 AND number = $2")
            .bind(&customer.0)
            .bind(number)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Deletes `owner`'s trunk `name`; whether it existed.
    pub async fn delete_trunk(&self, owner: &TenantId, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM trunks WHERE tenant_id = $1 AND name = $2")
            .bind(&owner.0)
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
