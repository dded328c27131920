//! KEK rotation: re-wrap every data key under a new KEK in one transaction.
//!
//! Values sealed under data keys are untouched, so this is quick and needs no
//! downtime. Keys already wrapped by the new KEK are skipped, so running it
//! again (e.g. after a node created a tenant key under the old KEK meanwhile)
//! finishes the job.

use model::TenantId;
use sqlx::{AnyConnection, Row};

use super::keyring::KeyRow;
use super::{DataKey, Kek};
use crate::{Store, StoreError};

impl Store {
    /// Re-wraps every data key wrapped by `old` under `new`; returns how many.
    /// Fails, changing nothing, if a key is wrapped by neither.
    pub async fn rewrap_data_keys(&self, old: &Kek, new: &Kek) -> Result<usize, StoreError> {
        let mut tx = self.backend.begin_write_locked(&self.pool, "data_keys").await?;
        let rows = sqlx::query("SELECT tenant_id, version, wrapped, kek_id FROM data_keys").fetch_all(&mut *tx).await?;
        let mut rewrapped = 0;
        for row in &rows {
            let tenant = TenantId(row.try_get("tenant_id")?);
            let key = KeyRow::from_row(row)?;
            if key.kek_id == new.id() {
                continue;
            }
            let wrapped = rewrap(old, new, &tenant, &key)?;
            sqlx::query("UPDATE data_keys SET wrapped = $1, kek_id = $2 WHERE tenant_id = $3 AND version = $4")
                .bind(&wrapped)
                .bind(new.id())
                .bind(&tenant.0)
                .bind(i64::from(key.version))
                .execute(&mut *tx)
                .await?;
            rewrapped += 1;
        }
        tx.commit().await?;
        tracing::info!(rewrapped, old = old.id(), new = new.id(), "re-wrapped data keys");
        Ok(rewrapped)
    }
}

/// Unwraps every data key behind `conn` with `kek` (e.g. a backup about to
/// be restored), failing at the first one `kek` does not unwrap; returns how
/// many there are.
pub(crate) async fn unwrap_all_data_keys(conn: &mut AnyConnection, kek: &Kek) -> Result<usize, StoreError> {
    let rows = sqlx::query("SELECT tenant_id, version, wrapped, kek_id FROM data_keys").fetch_all(&mut *conn).await?;
    for row in &rows {
        let tenant = TenantId(row.try_get("tenant_id")?);
        let key = KeyRow::from_row(row)?;
        if key.kek_id != kek.id() {
            let wrapped_by = key.kek_id;
            return Err(StoreError::WrongKek { tenant: tenant.0, wrapped_by, current: kek.id().to_owned() });
        }
        DataKey::unwrap(kek, &tenant, key.version, &key.wrapped)?;
    }
    Ok(rows.len())
}

/// One data key unwrapped with `old` and wrapped again with `new`.
fn rewrap(old: &Kek, new: &Kek, tenant: &TenantId, key: &KeyRow) -> Result<Vec<u8>, StoreError> {
    if key.kek_id != old.id() {
        return Err(StoreError::WrongKek {
            tenant: tenant.0.clone(),
            wrapped_by: key.kek_id.clone(),
            current: old.id().to_owned(),
        });
    }
    DataKey::unwrap(old, tenant, key.version, &key.wrapped)?.wrap(new)
}
