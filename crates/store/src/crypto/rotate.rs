//! KEK rotation: re-wrap every data key, blind-index key and the audit
//! checkpoint key under a new KEK in one transaction.
//!
//! Values sealed under data keys are untouched, so this is quick and needs no
//! downtime. Keys already wrapped by the new KEK are skipped, so running it
//! again (e.g. after a node created a tenant key under the old KEK meanwhile)
//! finishes the job.

use model::TenantId;
use sqlx::{AnyConnection, Row};

use super::audit_key::{check_checkpoint_key, rewrap_checkpoint_key};
use super::keyring::KeyRow;
use super::{DataKey, IndexKey, Kek};
use crate::{Store, StoreError};

/// What a KEK rotation re-wrapped (keys already under the new KEK are not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rewrapped {
    /// Tenants' data keys (every version).
    pub data_keys: usize,
    /// Tenants' blind-index keys.
    pub index_keys: usize,
    /// The audit checkpoint key (0 or 1).
    pub audit_keys: usize,
}

impl Store {
    /// Re-wraps every data key wrapped by `old` under `new`; returns how many.
    /// Index keys and the audit checkpoint key are re-wrapped too
    /// ([`Store::rewrap_keys`] counts them). Fails, changing nothing, if a
    /// key is wrapped by neither.
    pub async fn rewrap_data_keys(&self, old: &Kek, new: &Kek) -> Result<usize, StoreError> {
        Ok(self.rewrap_keys(old, new).await?.data_keys)
    }

    /// Re-wraps every key wrapped by `old` (data keys, index keys, the audit
    /// checkpoint key) under `new`, in one transaction; returns how many of
    /// each. Fails, changing nothing, if a key is wrapped by neither.
    pub async fn rewrap_keys(&self, old: &Kek, new: &Kek) -> Result<Rewrapped, StoreError> {
        let mut tx = self.backend.begin_write_locked(&self.pool, "data_keys").await?;
        let data_keys = rewrap_data_keys(&mut tx, old, new).await?;
        let index_keys = rewrap_index_keys(&mut tx, old, new).await?;
        let audit_keys = rewrap_checkpoint_key(&mut tx, old, new).await?;
        tx.commit().await?;
        tracing::info!(data_keys, index_keys, audit_keys, old = old.id(), new = new.id(), "re-wrapped keys");
        Ok(Rewrapped { data_keys, index_keys, audit_keys })
    }
}

/// Re-wraps every data key wrapped by `old` under `new`; returns how many.
async fn rewrap_data_keys(conn: &mut AnyConnection, old: &Kek, new: &Kek) -> Result<usize, StoreError> {
    let rows = sqlx::query("SELECT tenant_id, version, wrapped, kek_id FROM data_keys").fetch_all(&mut *conn).await?;
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
            .execute(&mut *conn)
            .await?;
        rewrapped += 1;
    }
    Ok(rewrapped)
}

/// Unwraps every data key behind `conn` with `kek` (e.g. a backup about to
/// be restored), failing at the first one `kek` does not unwrap (index keys
/// and the audit checkpoint key too); returns how many data keys there are.
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
    for (tenant, kek_id, wrapped) in index_rows(conn).await? {
        check_wrapped_by(&tenant, &kek_id, kek)?;
        IndexKey::unwrap(kek, &tenant, &wrapped)?;
    }
    check_checkpoint_key(conn, kek).await?;
    Ok(rows.len())
}

/// Every `index_keys` row: tenant, wrapping KEK's id, wrapped key.
async fn index_rows(conn: &mut AnyConnection) -> Result<Vec<(TenantId, String, Vec<u8>)>, StoreError> {
    let rows = sqlx::query("SELECT tenant_id, kek_id, wrapped FROM index_keys").fetch_all(&mut *conn).await?;
    let row = |row: &sqlx::any::AnyRow| -> Result<_, sqlx::Error> {
        Ok((TenantId(row.try_get("tenant_id")?), row.try_get("kek_id")?, row.try_get("wrapped")?))
    };
    Ok(rows.iter().map(row).collect::<Result<_, _>>()?)
}

/// Re-wraps every index key wrapped by `old` under `new` (those already
/// under `new` are skipped); returns how many.
async fn rewrap_index_keys(conn: &mut AnyConnection, old: &Kek, new: &Kek) -> Result<usize, StoreError> {
    let mut count = 0;
    for (tenant, kek_id, wrapped) in index_rows(conn).await? {
        if kek_id == new.id() {
            continue;
        }
        check_wrapped_by(&tenant, &kek_id, old)?;
        let rewrapped = IndexKey::unwrap(old, &tenant, &wrapped)?.wrap(new)?;
        sqlx::query("UPDATE index_keys SET wrapped = $1, kek_id = $2 WHERE tenant_id = $3")
            .bind(&rewrapped)
            .bind(new.id())
            .bind(&tenant.0)
            .execute(&mut *conn)
            .await?;
        count += 1;
    }
    Ok(count)
}

fn check_wrapped_by(tenant: &TenantId, kek_id: &str, kek: &Kek) -> Result<(), StoreError> {
    if kek_id == kek.id() {
        return Ok(());
    }
    Err(StoreError::WrongKek { tenant: tenant.0.clone(), wrapped_by: kek_id.to_owned(), current: kek.id().to_owned() })
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
