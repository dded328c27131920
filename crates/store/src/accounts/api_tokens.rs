//! API tokens (issue 5 item 3): bearer tokens `cvt_` + 256 random bits for
//! `/api`, scoped to named permissions (`access::Permission`), with an
//! expiry, revocable one by one or all at once (sign-out everywhere), kept
//! as SHA-256 only and listed without their secret. A token never grants
//! more than its owner's role: `access::decide` still runs on every use.

use access::{Permission, PersonId};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use super::secret_token::{hash, new_secret};
use super::{ms, timestamp};
use crate::audit::AuditDecision;
use crate::id::new_id;
use crate::{Store, StoreError};

/// The prefix of every API token, so leaked tokens are easy to spot and scan for.
pub const API_TOKEN_PREFIX: &str = "cvt_";

/// An API token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its id.
    pub id: String,
    /// Whose it is.
    pub person: PersonId,
    /// The owner's label for it.
    pub name: String,
    /// What it may be used for.
    pub scopes: Vec<Permission>,
    /// When it was made.
    pub created: Timestamp,
    /// When it stops working.
    pub expires: Timestamp,
    /// When it was last used.
    pub last_used: Option<Timestamp>,
    /// Whether it was revoked.
    pub revoked: bool,
}

/// A token to make.
#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    /// Whose it is.
    pub person: &'a PersonId,
    /// A label for it.
    pub name: &'a str,
    /// What it may be used for; at least one.
    pub scopes: &'a [Permission],
    /// When it stops working.
    pub expires: Timestamp,
}

const COLUMNS: &str = "id, person_id, name, scopes, created_ms, expires_ms, last_used_ms, revoked_ms";

impl Store {
    /// Makes a token; returns the secret (shown once) and the token.
    pub async fn create_api_token(
        &self,
        new: &NewApiToken<'_>,
        now: Timestamp,
    ) -> Result<(Zeroizing<String>, ApiToken), StoreError> {
        crate::check_free_text("API token name", new.name)?;
        if new.scopes.is_empty() || new.name.trim().is_empty() || new.name.len() > 100 {
            return Err(StoreError::Invalid("API token (give a name and at least one scope)"));
        }
        if new.expires <= now {
            return Err(StoreError::Invalid("API token expiry (it must lie in the future)"));
        }
        let (secret, id) = (new_secret(API_TOKEN_PREFIX)?, new_id());
        let scopes: Vec<&str> = new.scopes.iter().map(|p| p.name()).collect();
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, person_id, name, scopes, created_ms, expires_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(hash(&secret))
        .bind(&new.person.0)
        .bind(new.name.trim())
        .bind(scopes.join(" "))
        .bind(ms(now))
        .bind(ms(new.expires))
        .execute(&self.pool)
        .await?;
        self.audit_account(&new.person.0, "api_token.create", &id, AuditDecision::Allow, now).await?;
        let token = self.api_token_by_id(&id).await?.ok_or(StoreError::Corrupt("API token vanished"))?;
        Ok((secret, token))
    }

    /// The live token `secret` is, its last use moved to `now`; `None` for
    /// an unknown, revoked or expired one.
    pub async fn api_token(&self, secret: &str, now: Timestamp) -> Result<Option<ApiToken>, StoreError> {
        if !secret.starts_with(API_TOKEN_PREFIX) {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_ms IS NULL AND expires_ms > $2"
        );
        let row =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(hash(secret)).bind(ms(now)).fetch_optional(&self.pool).await?;
        let Some(row) = row else { return Ok(None) };
        let token = token_from_row(&row)?;
        sqlx::query("UPDATE api_tokens SET last_used_ms = $1 WHERE id = $2")
            .bind(ms(now))
            .bind(&token.id)
            .execute(&self.pool)
            .await?;
        Ok(Some(ApiToken { last_used: Some(now), ..token }))
    }

    /// Every token of `person`, newest first, revoked and expired ones included.
    pub async fn api_tokens_of(&self, person: &PersonId) -> Result<Vec<ApiToken>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE person_id = $1 ORDER BY created_ms DESC, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&person.0).fetch_all(&self.pool).await?;
        rows.iter().map(token_from_row).collect()
    }

    /// Revokes `person`'s token `id`; whether it was live.
    pub async fn revoke_api_token(&self, person: &PersonId, id: &str, now: Timestamp) -> Result<bool, StoreError> {
        let revoked = sqlx::query(
            "UPDATE api_tokens SET revoked_ms = $1 WHERE id = $2 AND person_id = $3 AND revoked_ms IS NULL",
        )
        .bind(ms(now))
        .bind(id)
        .bind(&person.0)
        .execute(&self.pool)
        .await?;
        let done = revoked.rows_affected() == 1;
        if done {
            self.audit_account(&person.0, "api_token.revoke", id, AuditDecision::Allow, now).await?;
        }
        Ok(done)
    }

    async fn api_token_by_id(&self, id: &str) -> Result<Option<ApiToken>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_tokens WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(token_from_row).transpose()
    }
}

fn token_from_row(row: &AnyRow) -> Result<ApiToken, StoreError> {
    let scopes: String = row.try_get("scopes")?;
    let scopes = scopes
        .split_whitespace()
        .map(|name| Permission::from_name(name).ok_or(StoreError::Corrupt("unknown scope")))
        .collect::<Result<_, _>>()?;
    let last_used: Option<i64> = row.try_get("last_used_ms")?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        name: row.try_get("name")?,
        scopes,
        created: timestamp(row.try_get("created_ms")?)?,
        expires: timestamp(row.try_get("expires_ms")?)?,
        last_used: last_used.map(timestamp).transpose()?,
        revoked: row.try_get::<Option<i64>, _>("revoked_ms")?.is_some(),
    })
}
