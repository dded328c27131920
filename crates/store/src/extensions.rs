//! Customers' extensions and their SIP digest secrets.
//!
//! Only RFC 7616 HA1 values are stored (`H(username:realm:password)`), never a
//! password: the caller computes them, because this crate knows nothing of SIP.

use model::{Extension, ExtensionId, SipSecret, TenantId};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::id::{new_id, now_ms};
use crate::{Store, StoreError};

/// An extension to create or update.
#[derive(Debug, Clone)]
pub struct NewExtension {
    /// The customer it belongs to.
    pub customer: TenantId,
    /// The extension number (the digest username).
    pub number: String,
    /// The name shown to callees.
    pub display_name: String,
    /// The digest realm `secret` was computed for.
    pub realm: String,
    /// The digest secrets.
    pub secret: SipSecret,
}

impl Store {
    /// Creates the extension, or updates its name and secrets if it exists.
    pub async fn upsert_extension(&self, new: &NewExtension) -> Result<Extension, StoreError> {
        let mut tx = self.pool.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE change_counters SET value = value + 1 WHERE name = 'extensions' RETURNING value",
        )
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO extensions (id, tenant_id, number, display_name, realm, ha1_md5, ha1_sha256, created_ms, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (tenant_id, number) DO UPDATE SET display_name = excluded.display_name, \
             realm = excluded.realm, ha1_md5 = excluded.ha1_md5, ha1_sha256 = excluded.ha1_sha256, \
             version = excluded.version",
        )
        .bind(new_id())
        .bind(&new.customer.0)
        .bind(&new.number)
        .bind(&new.display_name)
        .bind(&new.realm)
        .bind(&new.secret.ha1_md5)
        .bind(&new.secret.ha1_sha256)
        .bind(now_ms())
        .bind(version)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let found = self.extension(&new.customer, &new.number).await?;
        found.ok_or(StoreError::Corrupt("upserted extension vanished"))
    }

    /// The extension `number` of `customer`.
    pub async fn extension(
        &self,
        customer: &TenantId,
        number: &str,
    ) -> Result<Option<Extension>, StoreError> {
        let row = sqlx::query(
            "SELECT id, tenant_id, number, display_name, realm, ha1_md5, ha1_sha256 \
             FROM extensions WHERE tenant_id = $1 AND number = $2",
        )
        .bind(&customer.0)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(extension_from_row).transpose()
    }

    /// Every extension changed after change version `since` (all of them
    /// for 0), with the latest version seen: follow changes by passing it back.
    pub async fn extensions_changed_since(&self, since: i64) -> Result<(Vec<Extension>, i64), StoreError> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, number, display_name, realm, ha1_md5, ha1_sha256, version \
             FROM extensions WHERE version > $1 ORDER BY version",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let latest = rows.last().map(|row| row.try_get("version")).transpose()?.unwrap_or(since);
        let extensions = rows.iter().map(extension_from_row).collect::<Result<_, _>>()?;
        Ok((extensions, latest))
    }

    /// Every extension of `customer`, by number.
    pub async fn extensions(&self, customer: &TenantId) -> Result<Vec<Extension>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, number, display_name, realm, ha1_md5, ha1_sha256 \
             FROM extensions WHERE tenant_id = $1 ORDER BY number",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(extension_from_row).collect()
    }
}

fn extension_from_row(row: &SqliteRow) -> Result<Extension, StoreError> {
    Ok(Extension {
        id: ExtensionId(row.try_get("id")?),
        customer: TenantId(row.try_get("tenant_id")?),
        number: row.try_get("number")?,
        display_name: row.try_get("display_name")?,
        realm: row.try_get("realm")?,
        secret: SipSecret {
            ha1_md5: row.try_get("ha1_md5")?,
            ha1_sha256: row.try_get("ha1_sha256")?,
        },
    })
}
