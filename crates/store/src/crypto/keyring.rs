//! The keyring: tenants' data keys, unwrapped on first use and cached.
//!
//! A tenant's first data key (version 1) is generated on first use and
//! stored wrapped in `data_keys`; `INSERT … ON CONFLICT DO NOTHING` then a
//! re-read makes two racing keyrings agree on one key. Cached keys are
//! zeroized when the keyring (and the last `Arc` handed out) is dropped.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use model::TenantId;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::{Aad, DataKey, Kek, open, seal, sealed_key_version};
use crate::id::now_ms;
use crate::{Store, StoreError};

/// Unwrapped data keys, keyed by tenant and version; the latest per tenant.
#[derive(Default)]
struct Cache {
    by_version: HashMap<(TenantId, u32), Arc<DataKey>>,
    latest: HashMap<TenantId, Arc<DataKey>>,
}

/// Tenants' data keys under one KEK. Never prints key material.
///
/// It holds the database pool rather than a [`Store`], so a store may own a
/// keyring without a reference cycle.
pub struct Keyring {
    pool: AnyPool,
    kek: Kek,
    cache: Mutex<Cache>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring").field("kek_id", &self.kek.id()).finish_non_exhaustive()
    }
}

impl Store {
    /// A keyring over this store's `data_keys` using `kek`.
    pub fn keyring(&self, kek: Kek) -> Keyring {
        Keyring::new(self.pool.clone(), kek)
    }
}

impl Keyring {
    /// A keyring over `pool`'s `data_keys` using `kek`.
    pub(crate) fn new(pool: AnyPool, kek: Kek) -> Self {
        Self { pool, kek, cache: Mutex::default() }
    }

    /// The fingerprint of the KEK this keyring unwraps with.
    pub fn kek_id(&self) -> &str {
        self.kek.id()
    }

    /// `tenant`'s current data key, created (version 1) on first use.
    pub async fn data_key(&self, tenant: &TenantId) -> Result<Arc<DataKey>, StoreError> {
        if let Some(key) = self.cached_latest(tenant) {
            return Ok(key);
        }
        let row = match self.latest_row(tenant).await? {
            Some(row) => row,
            None => self.create_first(tenant).await?,
        };
        let key = Arc::new(self.unwrap_row(tenant, &row)?);
        let mut cache = self.lock();
        cache.by_version.insert((tenant.clone(), key.version()), Arc::clone(&key));
        cache.latest.insert(tenant.clone(), Arc::clone(&key));
        Ok(key)
    }

    /// `tenant`'s data key of `version`, for values sealed before a rotation.
    pub async fn data_key_version(&self, tenant: &TenantId, version: u32) -> Result<Arc<DataKey>, StoreError> {
        if let Some(key) = self.lock().by_version.get(&(tenant.clone(), version)) {
            return Ok(Arc::clone(key));
        }
        let row = self.version_row(tenant, version).await?;
        let row = row.ok_or_else(|| StoreError::NoDataKey { tenant: tenant.0.clone(), version })?;
        let key = Arc::new(self.unwrap_row(tenant, &row)?);
        self.lock().by_version.insert((tenant.clone(), version), Arc::clone(&key));
        Ok(key)
    }

    /// Seals `plaintext` for `aad` under `tenant`'s current data key.
    pub async fn seal(&self, tenant: &TenantId, plaintext: &[u8], aad: &Aad<'_>) -> Result<Vec<u8>, StoreError> {
        seal(&*self.data_key(tenant).await?, plaintext, aad)
    }

    /// Opens a value of `tenant` sealed under whichever data key version it names.
    pub async fn open(
        &self,
        tenant: &TenantId,
        sealed: &[u8],
        aad: &Aad<'_>,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, StoreError> {
        let key = self.data_key_version(tenant, sealed_key_version(sealed)?).await;
        match key {
            Ok(key) => open(&key, sealed, aad),
            Err(StoreError::NoDataKey { .. }) => Err(StoreError::Unauthentic),
            Err(other) => Err(other),
        }
    }

    /// Drops every cached key of `tenant` (its key rows were destroyed).
    pub(crate) fn forget(&self, tenant: &TenantId) {
        let mut cache = self.lock();
        cache.by_version.retain(|(owner, _), _| owner != tenant);
        cache.latest.remove(tenant);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn cached_latest(&self, tenant: &TenantId) -> Option<Arc<DataKey>> {
        self.lock().latest.get(tenant).cloned()
    }

    fn unwrap_row(&self, tenant: &TenantId, row: &KeyRow) -> Result<DataKey, StoreError> {
        if row.kek_id != self.kek.id() {
            return Err(StoreError::WrongKek {
                tenant: tenant.0.clone(),
                wrapped_by: row.kek_id.clone(),
                current: self.kek.id().to_owned(),
            });
        }
        DataKey::unwrap(&self.kek, tenant, row.version, &row.wrapped)
    }

    async fn create_first(&self, tenant: &TenantId) -> Result<KeyRow, StoreError> {
        let wrapped = DataKey::generate(tenant, 1)?.wrap(&self.kek)?;
        sqlx::query(
            "INSERT INTO data_keys (tenant_id, version, wrapped, kek_id, created_ms) \
             VALUES ($1, 1, $2, $3, $4) ON CONFLICT (tenant_id, version) DO NOTHING",
        )
        .bind(&tenant.0)
        .bind(&wrapped)
        .bind(self.kek.id())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        tracing::info!(tenant = %tenant, kek_id = self.kek.id(), "created a data key");
        self.latest_row(tenant).await?.ok_or(StoreError::Corrupt("data key row vanished"))
    }

    async fn latest_row(&self, tenant: &TenantId) -> Result<Option<KeyRow>, StoreError> {
        let row = sqlx::query(
            "SELECT version, wrapped, kek_id FROM data_keys WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(&tenant.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(KeyRow::from_row).transpose()
    }

    async fn version_row(&self, tenant: &TenantId, version: u32) -> Result<Option<KeyRow>, StoreError> {
        let row = sqlx::query("SELECT version, wrapped, kek_id FROM data_keys WHERE tenant_id = $1 AND version = $2")
            .bind(&tenant.0)
            .bind(i64::from(version))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(KeyRow::from_row).transpose()
    }
}

/// One `data_keys` row, still wrapped.
pub(super) struct KeyRow {
    pub(super) version: u32,
    pub(super) wrapped: Vec<u8>,
    pub(super) kek_id: String,
}

impl KeyRow {
    pub(super) fn from_row(row: &AnyRow) -> Result<Self, StoreError> {
        let version: i64 = row.try_get("version")?;
        let version = u32::try_from(version).map_err(|_| StoreError::Corrupt("data key version"))?;
        Ok(Self { version, wrapped: row.try_get("wrapped")?, kek_id: row.try_get("kek_id")? })
    }
}
