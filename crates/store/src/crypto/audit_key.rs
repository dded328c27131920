//! The audit checkpoint key in the database (issue 3 item 2, migration 70):
//! 32 random bytes stored only wrapped under the KEK (AES-256-GCM, NIST
//! SP 800-38D: nonce ‖ ciphertext ‖ tag) in the one-row
//! `audit_checkpoint_key` table, with associated data
//! "callvault/audit-checkpoint-key/v1", so no other wrapped key can be put in
//! its place. Created on first use as a tenant's first data key is
//! (`INSERT … ON CONFLICT DO NOTHING`, then a re-read, so racing nodes agree
//! on one key), cached once unwrapped, and re-wrapped by a KEK rotation
//! (`rotate.rs`). What the key signs: `crate::audit` (`checkpoint.rs`).

use std::sync::Arc;

use sqlx::{AnyConnection, Row};
use zeroize::Zeroizing;

use super::{Kek, Keyring, random_bytes};
use crate::StoreError;
use crate::audit::CheckpointKey;
use crate::id::now_ms;

const WRAP_AAD: &[u8] = b"callvault/audit-checkpoint-key/v1";

impl Keyring {
    /// The checkpoint key, created on first use.
    pub(crate) async fn checkpoint_key(&self) -> Result<Arc<CheckpointKey>, StoreError> {
        let mut conn = self.parts().0.acquire().await?;
        if let Some(key) = self.stored_checkpoint_key(&mut conn).await? {
            return Ok(key);
        }
        let mut secret = Zeroizing::new([0u8; 32]);
        random_bytes(secret.as_mut_slice())?;
        self.insert_checkpoint_key(&mut conn, &CheckpointKey::from_secret(secret)).await
    }

    /// Stores `key` as the checkpoint key unless the database holds one
    /// already; returns the one it holds now.
    pub(crate) async fn adopt_checkpoint_key(&self, key: &CheckpointKey) -> Result<Arc<CheckpointKey>, StoreError> {
        self.insert_checkpoint_key(&mut *self.parts().0.acquire().await?, key).await
    }

    /// The checkpoint key the database behind `conn` holds, if any; cached
    /// once read (it never changes).
    pub(crate) async fn stored_checkpoint_key(
        &self,
        conn: &mut AnyConnection,
    ) -> Result<Option<Arc<CheckpointKey>>, StoreError> {
        if let Some(key) = self.cached_checkpoint_key() {
            return Ok(Some(key));
        }
        let Some(row) = stored_row(conn).await? else { return Ok(None) };
        let key = Arc::new(row.unwrap(self.parts().1)?);
        self.remember_checkpoint_key(&key);
        Ok(Some(key))
    }

    async fn insert_checkpoint_key(
        &self,
        conn: &mut AnyConnection,
        key: &CheckpointKey,
    ) -> Result<Arc<CheckpointKey>, StoreError> {
        let (_, kek) = self.parts();
        sqlx::query(
            "INSERT INTO audit_checkpoint_key (id, wrapped, kek_id, created_ms) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(kek.wrap(key.secret(), WRAP_AAD)?)
        .bind(kek.id())
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
        self.stored_checkpoint_key(conn).await?.ok_or(StoreError::Corrupt("audit checkpoint key row vanished"))
    }
}

/// Re-wraps the checkpoint key under `new` if `old` wraps it; returns how
/// many keys it re-wrapped (none when there is no key or `new` wraps it).
pub(super) async fn rewrap_checkpoint_key(conn: &mut AnyConnection, old: &Kek, new: &Kek) -> Result<usize, StoreError> {
    let Some(row) = stored_row(conn).await? else { return Ok(0) };
    if row.kek_id == new.id() {
        return Ok(0);
    }
    let rewrapped = new.wrap(row.unwrap(old)?.secret(), WRAP_AAD)?;
    sqlx::query("UPDATE audit_checkpoint_key SET wrapped = $1, kek_id = $2 WHERE id = 1")
        .bind(&rewrapped)
        .bind(new.id())
        .execute(&mut *conn)
        .await?;
    Ok(1)
}

/// Checks that the checkpoint key behind `conn`, if any, unwraps under `kek`.
pub(super) async fn check_checkpoint_key(conn: &mut AnyConnection, kek: &Kek) -> Result<(), StoreError> {
    match stored_row(conn).await? {
        Some(row) => row.unwrap(kek).map(drop),
        None => Ok(()),
    }
}

/// The `audit_checkpoint_key` row, still wrapped.
struct StoredRow {
    wrapped: Vec<u8>,
    kek_id: String,
}

impl StoredRow {
    fn unwrap(&self, kek: &Kek) -> Result<CheckpointKey, StoreError> {
        if self.kek_id != kek.id() {
            return Err(StoreError::AuditKeyWrongKek { wrapped_by: self.kek_id.clone(), current: kek.id().to_owned() });
        }
        let plain = kek.unwrap(&self.wrapped, WRAP_AAD).ok_or(StoreError::AuditKeyUnwrap)?;
        let secret: [u8; 32] = plain.as_slice().try_into().map_err(|_| StoreError::AuditKeyUnwrap)?;
        Ok(CheckpointKey::from_secret(Zeroizing::new(secret)))
    }
}

async fn stored_row(conn: &mut AnyConnection) -> Result<Option<StoredRow>, StoreError> {
    let row =
        sqlx::query("SELECT wrapped, kek_id FROM audit_checkpoint_key WHERE id = 1").fetch_optional(&mut *conn).await?;
    let row = row.map(|row| {
        Ok::<_, sqlx::Error>(StoredRow { wrapped: row.try_get("wrapped")?, kek_id: row.try_get("kek_id")? })
    });
    Ok(row.transpose()?)
}
