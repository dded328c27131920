//! Data-key versions of one tenant (issue 3 item 1, data-key rotation): a
//! rotation adds a new random version that becomes current at once; once no
//! sealed value needs the older versions, they are deleted
//! (crypto-shredding: their wrapped rows are the only copies).

use std::sync::Arc;

use model::TenantId;
use sqlx::{AnyConnection, Row};

use super::{DataKey, Keyring};
use crate::StoreError;
use crate::id::now_ms;

impl Keyring {
    /// Makes a new random data key `tenant`'s current one and returns its
    /// version. The tenant's blind-index key is made first (from version 1),
    /// so retiring version 1 later never loses it.
    pub(crate) async fn rotate(&self, tenant: &TenantId) -> Result<u32, StoreError> {
        self.index_key(tenant).await?;
        loop {
            let latest = self.latest_row(tenant).await?.map_or(0, |row| row.version);
            let key = DataKey::generate(tenant, latest + 1)?;
            if self.insert_version(tenant, &key).await? {
                let key = Arc::new(key);
                self.remember_latest(tenant, &key);
                tracing::info!(tenant = %tenant, version = key.version(), "rotated a data key");
                return Ok(key.version());
            }
        }
    }

    /// Stores `key`; false if another node took its version first.
    async fn insert_version(&self, tenant: &TenantId, key: &DataKey) -> Result<bool, StoreError> {
        let (pool, kek) = self.parts();
        let done = sqlx::query(
            "INSERT INTO data_keys (tenant_id, version, wrapped, kek_id, created_ms) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (tenant_id, version) DO NOTHING",
        )
        .bind(&tenant.0)
        .bind(i64::from(key.version()))
        .bind(key.wrap(kek)?)
        .bind(kek.id())
        .bind(now_ms())
        .execute(pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// `tenant`'s current version and when it was made (Unix ms), read from
    /// the database (not the cache), creating version 1 if there is none.
    pub(crate) async fn current_version(&self, tenant: &TenantId) -> Result<(u32, i64), StoreError> {
        self.data_key(tenant).await?;
        let (pool, _) = self.parts();
        let latest: (i64, i64) = sqlx::query_as(
            "SELECT version, created_ms FROM data_keys WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(&tenant.0)
        .fetch_one(pool)
        .await?;
        let version = u32::try_from(latest.0).map_err(|_| StoreError::Corrupt("data key version"))?;
        Ok((version, latest.1))
    }

    /// Deletes `tenant`'s data keys older than `version` within the caller's
    /// transaction; returns the versions deleted.
    pub(crate) async fn retire_older_in(
        conn: &mut AnyConnection,
        tenant: &TenantId,
        version: u32,
    ) -> Result<Vec<u32>, StoreError> {
        let rows = sqlx::query("DELETE FROM data_keys WHERE tenant_id = $1 AND version < $2 RETURNING version")
            .bind(&tenant.0)
            .bind(i64::from(version))
            .fetch_all(&mut *conn)
            .await?;
        let versions: Result<Vec<i64>, _> = rows.iter().map(|row| row.try_get("version")).collect();
        versions?.into_iter().map(|v| u32::try_from(v).map_err(|_| StoreError::Corrupt("data key version"))).collect()
    }
}
