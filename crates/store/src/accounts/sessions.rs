//! Sessions (issue 5 item 3): one per sign-in, shared by the portal and the
//! API, kept as the SHA-256 of their 256-bit token (`secret_token`). A
//! session ends after [`SessionPolicy::idle`] without use, at
//! [`SessionPolicy::absolute`] after sign-in whatever its use (OWASP Session
//! Management Cheat Sheet, "Session Expiration"), at sign-out, or at
//! sign-out everywhere, which also revokes the person's API tokens.
//! A sign-in that raises the session's strength (the second factor) gets a
//! new session and token: the old one is ended (no session fixation).

use access::PersonId;
use jiff::{SignedDuration, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use super::secret_token::{hash, new_secret, random_key};
use super::{ms, timestamp};
use crate::audit::AuditDecision;
use crate::id::new_id;
use crate::{Store, StoreError};

/// How long sessions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ended after this long without a request.
    pub idle: SignedDuration,
    /// Ended this long after sign-in, however busy.
    pub absolute: SignedDuration,
}

impl Default for SessionPolicy {
    /// 30 minutes idle, 12 hours absolute.
    fn default() -> Self {
        Self { idle: SignedDuration::from_mins(30), absolute: SignedDuration::from_hours(12) }
    }
}

/// A live session, as a request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Its id (not the token; safe to show and log).
    pub id: String,
    /// Who it belongs to.
    pub person: PersonId,
    /// When it began.
    pub created: Timestamp,
    /// When it was last used.
    pub last_seen: Timestamp,
    /// Whether TOTP or a recovery code was given at sign-in.
    pub second_factor: bool,
    /// The key of its CSRF tokens.
    pub csrf_secret: Vec<u8>,
}

/// A session just begun, with the token its holder presents (shown once).
#[derive(Debug)]
pub struct NewSession {
    /// The token for the cookie.
    pub token: Zeroizing<String>,
    /// The session.
    pub session: Session,
}

const COLUMNS: &str = "id, person_id, created_ms, last_seen_ms, idle_ms, absolute_ms, second_factor, csrf_secret";

impl Store {
    /// Begins a session for `person`.
    pub async fn create_session(
        &self,
        person: &PersonId,
        second_factor: bool,
        policy: SessionPolicy,
        now: Timestamp,
    ) -> Result<NewSession, StoreError> {
        let (token, id, csrf_secret) = (new_secret("")?, new_id(), random_key()?);
        sqlx::query(
            "INSERT INTO sessions (token_hash, id, person_id, created_ms, last_seen_ms, idle_ms, absolute_ms, \
             second_factor, csrf_secret) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)",
        )
        .bind(hash(&token))
        .bind(&id)
        .bind(&person.0)
        .bind(ms(now))
        .bind(millis(policy.idle))
        .bind(millis(policy.absolute))
        .bind(i64::from(second_factor))
        .bind(&csrf_secret)
        .execute(&self.pool)
        .await?;
        self.audit_account(&person.0, "session.create", &id, AuditDecision::Allow, now).await?;
        let session = Session { id, person: person.clone(), created: now, last_seen: now, second_factor, csrf_secret };
        Ok(NewSession { token, session })
    }

    /// The live session `token` opens at `now`, its last use moved to `now`;
    /// `None` for an unknown, revoked, idle or too old one.
    pub async fn session(&self, token: &str, now: Timestamp) -> Result<Option<Session>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM sessions WHERE token_hash = $1 AND revoked_ms IS NULL");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(hash(token)).fetch_optional(&self.pool).await?;
        let Some(row) = row else { return Ok(None) };
        if !live(&row, ms(now))? {
            return Ok(None);
        }
        let mut session = session_from_row(&row)?;
        sqlx::query("UPDATE sessions SET last_seen_ms = $1 WHERE id = $2 AND last_seen_ms < $1")
            .bind(ms(now))
            .bind(&session.id)
            .execute(&self.pool)
            .await?;
        session.last_seen = session.last_seen.max(now);
        Ok(Some(session))
    }

    /// Ends the session `token` opens (sign-out); whether there was one.
    pub async fn end_session(&self, token: &str, now: Timestamp) -> Result<bool, StoreError> {
        let ended = sqlx::query("UPDATE sessions SET revoked_ms = $1 WHERE token_hash = $2 AND revoked_ms IS NULL")
            .bind(ms(now))
            .bind(hash(token))
            .execute(&self.pool)
            .await?;
        Ok(ended.rows_affected() == 1)
    }

    /// Sign-out everywhere: ends every session of `person` and revokes
    /// every API token; returns how many of each.
    pub async fn end_all_sessions(&self, person: &PersonId, now: Timestamp) -> Result<(u64, u64), StoreError> {
        let mut tx = self.pool.begin().await?;
        let sessions = sqlx::query("UPDATE sessions SET revoked_ms = $1 WHERE person_id = $2 AND revoked_ms IS NULL")
            .bind(ms(now))
            .bind(&person.0)
            .execute(&mut *tx)
            .await?;
        let tokens = sqlx::query("UPDATE api_tokens SET revoked_ms = $1 WHERE person_id = $2 AND revoked_ms IS NULL")
            .bind(ms(now))
            .bind(&person.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.audit_account(&person.0, "session.end_all", &person.0, AuditDecision::Allow, now).await?;
        Ok((sessions.rows_affected(), tokens.rows_affected()))
    }
}

fn millis(duration: SignedDuration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Whether a session row is neither idle nor too old at `now_ms`.
fn live(row: &AnyRow, now_ms: i64) -> Result<bool, StoreError> {
    let (created, last_seen): (i64, i64) = (row.try_get("created_ms")?, row.try_get("last_seen_ms")?);
    let (idle, absolute): (i64, i64) = (row.try_get("idle_ms")?, row.try_get("absolute_ms")?);
    Ok(now_ms.saturating_sub(last_seen) <= idle && now_ms.saturating_sub(created) <= absolute)
}

fn session_from_row(row: &AnyRow) -> Result<Session, StoreError> {
    Ok(Session {
        id: row.try_get("id")?,
        person: PersonId(row.try_get("person_id")?),
        created: timestamp(row.try_get("created_ms")?)?,
        last_seen: timestamp(row.try_get("last_seen_ms")?)?,
        second_factor: row.try_get::<i64, _>("second_factor")? != 0,
        csrf_secret: row.try_get("csrf_secret")?,
    })
}
