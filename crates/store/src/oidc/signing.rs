//! ID token signing keys: the current one (created on first use), the JWK
//! Set with the keys retired less than [`SIGNING_KEY_GRACE`] ago, and
//! rotation. The unique index on the current key makes two nodes creating
//! the first key agree on one (`ON CONFLICT DO NOTHING`, then re-read).

use access::oidc::keys::{Jwk, Jwks, SigningKey};
use jiff::Timestamp;
use sqlx::Row;

use super::{KEYS_TABLE, PRIVATE_KEY, SIGNING_KEY_GRACE};
use crate::audit::AuditDecision;
use crate::crypto::Aad;
use crate::{Store, StoreError};

impl Store {
    /// The current signing key, created on first use.
    pub async fn oidc_signing_key(&self, now: Timestamp) -> Result<SigningKey, StoreError> {
        if let Some(key) = self.current_signing_key().await? {
            return Ok(key);
        }
        let key = SigningKey::generate()?;
        let sealed = self.seal_signing_key(&key).await?;
        insert_signing_key(&mut *self.pool.acquire().await?, &key, &sealed, now).await?;
        self.current_signing_key().await?.ok_or(StoreError::Corrupt("signing key vanished"))
    }

    /// The JWK Set: the current key first, then keys retired less than
    /// [`SIGNING_KEY_GRACE`] before `now`.
    pub async fn oidc_jwks(&self, now: Timestamp) -> Result<Jwks, StoreError> {
        self.oidc_signing_key(now).await?;
        let rows = sqlx::query(
            "SELECT public_point FROM oidc_signing_keys WHERE retired_ms IS NULL OR retired_ms > $1 \
             ORDER BY CASE WHEN retired_ms IS NULL THEN 0 ELSE 1 END, created_ms DESC",
        )
        .bind((now - SIGNING_KEY_GRACE).as_millisecond())
        .fetch_all(&self.pool)
        .await?;
        let keys = rows.iter().map(|row| Ok(Jwk::from_public_point(&row.try_get::<Vec<u8>, _>("public_point")?)?));
        Ok(Jwks { keys: keys.collect::<Result<_, StoreError>>()? })
    }

    /// Makes a new signing key current, retires the current one (still
    /// published for [`SIGNING_KEY_GRACE`]) and deletes keys retired longer
    /// ago than that. Returns the new key's id.
    pub async fn oidc_rotate_signing_key(&self, by: &str, now: Timestamp) -> Result<String, StoreError> {
        let key = SigningKey::generate()?;
        let sealed = self.seal_signing_key(&key).await?;
        let mut tx = self.backend.begin_write_locked(&self.pool, KEYS_TABLE).await?;
        sqlx::query("UPDATE oidc_signing_keys SET retired_ms = $1 WHERE tenant_id = $2 AND retired_ms IS NULL")
            .bind(now.as_millisecond())
            .bind(&sealed.platform)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM oidc_signing_keys WHERE retired_ms < $1")
            .bind((now - SIGNING_KEY_GRACE).as_millisecond())
            .execute(&mut *tx)
            .await?;
        insert_signing_key(&mut tx, &key, &sealed, now).await?;
        tx.commit().await?;
        self.audit_oidc(by, "oidc.key_rotate", key.kid(), AuditDecision::Allow, now).await?;
        Ok(key.kid().to_owned())
    }

    async fn current_signing_key(&self) -> Result<Option<SigningKey>, StoreError> {
        let platform = self.platform().await?;
        let row = sqlx::query(
            "SELECT kid, private_sealed FROM oidc_signing_keys WHERE tenant_id = $1 AND retired_ms IS NULL",
        )
        .bind(&platform.id.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let kid: String = row.try_get("kid")?;
        let sealed: Vec<u8> = row.try_get("private_sealed")?;
        let pkcs8 = self.keyring.open(&platform.id, &sealed, &Aad::new(KEYS_TABLE, PRIVATE_KEY, &kid)).await?;
        let key = SigningKey::from_pkcs8(&pkcs8)?;
        if key.kid() != kid {
            return Err(StoreError::Corrupt("signing key does not match its kid"));
        }
        Ok(Some(key))
    }

    /// `key`'s PKCS #8 document sealed under the platform's data key, with
    /// the platform's id. Done before any write lock is taken: sealing may
    /// create the platform's data key on another connection.
    async fn seal_signing_key(&self, key: &SigningKey) -> Result<SealedKey, StoreError> {
        let platform = self.platform().await?.id.0;
        let aad = Aad::new(KEYS_TABLE, PRIVATE_KEY, key.kid());
        let sealed = self.keyring.seal(&model::TenantId(platform.clone()), key.pkcs8(), &aad).await?;
        Ok(SealedKey { platform, sealed })
    }
}

/// A signing key ready to insert.
struct SealedKey {
    platform: String,
    sealed: Vec<u8>,
}

/// Stores `key` as current; does nothing if a current key exists.
async fn insert_signing_key(
    conn: &mut sqlx::AnyConnection,
    key: &SigningKey,
    sealed: &SealedKey,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO oidc_signing_keys (kid, tenant_id, private_sealed, public_point, created_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(key.kid())
    .bind(&sealed.platform)
    .bind(&sealed.sealed)
    .bind(key.public_point())
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}
