//! The keyring: tenants' data keys and blind-index keys, unwrapped on
//! first use and cached.
//!
//! A tenant's first data key (version 1) is generated on first use and
//! stored wrapped in `data_keys`; `INSERT … ON CONFLICT DO NOTHING` then a
//! re-read makes two racing keyrings agree on one key. Cached keys are
//! zeroized when the keyring (and the last `Arc` handed out) is dropped.
//!
//! Noticing another node's rotation: the current version of a tenant is
//! cached for at most [`LATEST_KEY_TTL`], then re-read (one indexed query);
//! opening a value sealed under a newer version than the cached current one
//! drops the cached one at once. Older versions, once unwrapped, stay cached
//! (they only open values). The re-seal job waits a multiple of the TTL
//! before it shreds an old version, so no node still seals under it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use model::TenantId;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::{Aad, DataKey, IndexKey, Kek, open, seal, sealed_key_version};
use crate::audit::CheckpointKey;
use crate::id::now_ms;
use crate::{Store, StoreError};

/// How long a keyring trusts its cached current data key version before
/// re-reading it, so a rotation made by another node is picked up.
pub const LATEST_KEY_TTL: Duration = Duration::from_secs(5);

/// Unwrapped keys: data keys by tenant and version; the current one per
/// tenant with when it was read; blind-index keys per tenant.
#[derive(Default)]
struct Cache {
    by_version: HashMap<(TenantId, u32), Arc<DataKey>>,
    latest: HashMap<TenantId, (Arc<DataKey>, Instant)>,
    index: HashMap<TenantId, Arc<IndexKey>>,
    checkpoint: Option<Arc<CheckpointKey>>,
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
        let cached = self.lock().by_version.get(&(tenant.clone(), row.version)).cloned();
        let key = match cached {
            Some(key) => key,
            None => Arc::new(self.unwrap_row(tenant, &row)?),
        };
        self.remember_latest(tenant, &key);
        Ok(key)
    }

    /// `tenant`'s blind-index key, created on first use (see `index_key.rs`).
    pub async fn index_key(&self, tenant: &TenantId) -> Result<Arc<IndexKey>, StoreError> {
        if let Some(key) = self.lock().index.get(tenant) {
            return Ok(Arc::clone(key));
        }
        let key = match self.index_row(tenant).await? {
            Some(row) => self.unwrap_index_row(tenant, &row)?,
            None => self.create_index_key(tenant).await?,
        };
        let key = Arc::new(key);
        self.lock().index.insert(tenant.clone(), Arc::clone(&key));
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
        let version = sealed_key_version(sealed)?;
        self.notice_version(tenant, version);
        let key = self.data_key_version(tenant, version).await;
        match key {
            Ok(key) => open(&key, sealed, aad),
            Err(StoreError::NoDataKey { .. }) => Err(StoreError::Unauthentic),
            Err(other) => Err(other),
        }
    }

    /// Drops every cached key of `tenant`, data and index keys (its key rows were destroyed).
    pub(crate) fn forget(&self, tenant: &TenantId) {
        let mut cache = self.lock();
        cache.by_version.retain(|(owner, _), _| owner != tenant);
        cache.latest.remove(tenant);
        cache.index.remove(tenant);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached current key, if read less than [`LATEST_KEY_TTL`] ago.
    fn cached_latest(&self, tenant: &TenantId) -> Option<Arc<DataKey>> {
        let cache = self.lock();
        let (key, read_at) = cache.latest.get(tenant)?;
        (read_at.elapsed() < LATEST_KEY_TTL).then(|| Arc::clone(key))
    }

    /// Caches `key` as `tenant`'s current one, as of now.
    pub(super) fn remember_latest(&self, tenant: &TenantId, key: &Arc<DataKey>) {
        let mut cache = self.lock();
        cache.by_version.insert((tenant.clone(), key.version()), Arc::clone(key));
        cache.latest.insert(tenant.clone(), (Arc::clone(key), Instant::now()));
    }

    /// A value sealed under `version` was met: if that is newer than the
    /// cached current key, another node rotated, so forget the cached one.
    fn notice_version(&self, tenant: &TenantId, version: u32) {
        let mut cache = self.lock();
        if cache.latest.get(tenant).is_some_and(|(key, _)| key.version() < version) {
            cache.latest.remove(tenant);
        }
    }

    /// The audit checkpoint key, if unwrapped before (`audit_key.rs`).
    pub(super) fn cached_checkpoint_key(&self) -> Option<Arc<CheckpointKey>> {
        self.lock().checkpoint.clone()
    }

    /// Caches the unwrapped audit checkpoint key.
    pub(super) fn remember_checkpoint_key(&self, key: &Arc<CheckpointKey>) {
        self.lock().checkpoint = Some(Arc::clone(key));
    }

    /// Forgets `tenant`'s cached data keys older than `version` (shredded).
    pub(crate) fn forget_older(&self, tenant: &TenantId, version: u32) {
        self.lock().by_version.retain(|(owner, v), _| owner != tenant || *v >= version);
    }

    fn unwrap_row(&self, tenant: &TenantId, row: &KeyRow) -> Result<DataKey, StoreError> {
        self.check_kek(tenant, &row.kek_id)?;
        DataKey::unwrap(&self.kek, tenant, row.version, &row.wrapped)
    }

    fn unwrap_index_row(&self, tenant: &TenantId, row: &IndexRow) -> Result<IndexKey, StoreError> {
        self.check_kek(tenant, &row.kek_id)?;
        IndexKey::unwrap(&self.kek, tenant, &row.wrapped)
    }

    fn check_kek(&self, tenant: &TenantId, wrapped_by: &str) -> Result<(), StoreError> {
        if wrapped_by == self.kek.id() {
            return Ok(());
        }
        Err(StoreError::WrongKek {
            tenant: tenant.0.clone(),
            wrapped_by: wrapped_by.to_owned(),
            current: self.kek.id().to_owned(),
        })
    }

    /// Derives `tenant`'s index key from its version-1 data key (created if
    /// the tenant has none yet) and stores it; a racing node derives the same.
    async fn create_index_key(&self, tenant: &TenantId) -> Result<IndexKey, StoreError> {
        self.data_key(tenant).await?;
        let first = self.data_key_version(tenant, 1).await?;
        let wrapped = IndexKey::derive(&first).wrap(&self.kek)?;
        sqlx::query(
            "INSERT INTO index_keys (tenant_id, wrapped, kek_id, created_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (tenant_id) DO NOTHING",
        )
        .bind(&tenant.0)
        .bind(&wrapped)
        .bind(self.kek.id())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row = self.index_row(tenant).await?.ok_or(StoreError::Corrupt("index key row vanished"))?;
        self.unwrap_index_row(tenant, &row)
    }

    async fn index_row(&self, tenant: &TenantId) -> Result<Option<IndexRow>, StoreError> {
        let row = sqlx::query("SELECT wrapped, kek_id FROM index_keys WHERE tenant_id = $1")
            .bind(&tenant.0)
            .fetch_optional(&self.pool)
            .await?;
        let row = row.map(|row| {
            Ok::<_, sqlx::Error>(IndexRow { wrapped: row.try_get("wrapped")?, kek_id: row.try_get("kek_id")? })
        });
        Ok(row.transpose()?)
    }

    /// A first data key (version 1) for `tenant`, created inside the caller's
    /// transaction (e.g. the one inserting the tenant, which the key's row
    /// references). Not cached: the transaction may still roll back.
    pub(crate) async fn first_key_in(
        &self,
        conn: &mut AnyConnection,
        tenant: &TenantId,
    ) -> Result<DataKey, StoreError> {
        let key = DataKey::generate(tenant, 1)?;
        sqlx::query(
            "INSERT INTO data_keys (tenant_id, version, wrapped, kek_id, created_ms) VALUES ($1, 1, $2, $3, $4)",
        )
        .bind(&tenant.0)
        .bind(key.wrap(&self.kek)?)
        .bind(self.kek.id())
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
        Ok(key)
    }

    /// The pool and KEK, for the version bookkeeping in `versions.rs`.
    pub(super) fn parts(&self) -> (&AnyPool, &Kek) {
        (&self.pool, &self.kek)
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

    pub(super) async fn latest_row(&self, tenant: &TenantId) -> Result<Option<KeyRow>, StoreError> {
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

/// One `index_keys` row, still wrapped.
struct IndexRow {
    wrapped: Vec<u8>,
    kek_id: String,
}
