//! Sign-in failure records per account (`people`) and per source address
//! (`sign_in_sources`, keyed by the address's blind index), updated with the
//! pure policy of `access::lockout` (issue 5 item 1).

use std::net::IpAddr;

use access::lockout::Failures;
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SOURCE_INDEX, ms, timestamp};
use crate::crypto::blind_index;
use crate::{Store, StoreError};

/// A failure record from its three stored numbers (0 = none).
fn failures(count: i64, last_ms: i64, locked_until_ms: i64) -> Result<Failures, StoreError> {
    let optional = |value: i64| if value == 0 { Ok(None) } else { timestamp(value).map(Some) };
    Ok(Failures {
        count: u32::try_from(count).unwrap_or(u32::MAX),
        last: optional(last_ms)?,
        locked_until: optional(locked_until_ms)?,
    })
}

/// The stored numbers of a failure record.
fn stored(failures: Failures) -> (i64, i64, i64) {
    (i64::from(failures.count), failures.last.map_or(0, ms), failures.locked_until.map_or(0, ms))
}

/// The account failure record of a person row.
pub(super) fn account_failures(row: &AnyRow) -> Result<Failures, StoreError> {
    failures(row.try_get("failed_count")?, row.try_get("last_failed_ms")?, row.try_get("locked_until_ms")?)
}

impl Store {
    /// The blind index a source address is counted under.
    pub(super) async fn source_index(&self, source: IpAddr) -> Result<Vec<u8>, StoreError> {
        let key = self.platform_index_key().await?;
        Ok(blind_index(&key, SOURCE_INDEX, source.to_string().as_bytes()).to_vec())
    }

    /// The failure record of a source address.
    pub(super) async fn source_failures(&self, index: &[u8]) -> Result<Failures, StoreError> {
        let row = sqlx::query(
            "SELECT failed_count, last_failed_ms, locked_until_ms FROM sign_in_sources WHERE source_index = $1",
        )
        .bind(index)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => account_failures(&row),
            None => Ok(Failures::default()),
        }
    }

    /// Counts one more failure from a source address.
    pub(super) async fn fail_source(&self, index: &[u8], now: Timestamp) -> Result<(), StoreError> {
        let (count, last, until) = stored(self.source_failures(index).await?.after_failure(now));
        sqlx::query(
            "INSERT INTO sign_in_sources (source_index, failed_count, last_failed_ms, locked_until_ms) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (source_index) DO UPDATE SET failed_count = $2, \
             last_failed_ms = $3, locked_until_ms = $4",
        )
        .bind(index)
        .bind(count)
        .bind(last)
        .bind(until)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Counts one more failure on an account whose record was `before`.
    pub(super) async fn fail_account(&self, id: &str, before: Failures, now: Timestamp) -> Result<(), StoreError> {
        let (count, last, until) = stored(before.after_failure(now));
        sqlx::query("UPDATE people SET failed_count = $1, last_failed_ms = $2, locked_until_ms = $3 WHERE id = $4")
            .bind(count)
            .bind(last)
            .bind(until)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Clears the account's and the source's records after a success.
    pub(super) async fn clear_failures(&self, id: &str, source: &[u8]) -> Result<(), StoreError> {
        sqlx::query("UPDATE people SET failed_count = 0, last_failed_ms = 0, locked_until_ms = 0 WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM sign_in_sources WHERE source_index = $1").bind(source).execute(&self.pool).await?;
        Ok(())
    }

    /// A person's account failure record (for operators and tests).
    pub async fn sign_in_failures(&self, id: &access::PersonId) -> Result<Failures, StoreError> {
        let row = sqlx::query("SELECT failed_count, last_failed_ms, locked_until_ms FROM people WHERE id = $1")
            .bind(&id.0)
            .fetch_optional(&self.pool)
            .await?;
        account_failures(&row.ok_or(StoreError::UnknownPerson)?)
    }

    /// A source address's failure record (for operators and tests).
    pub async fn source_sign_in_failures(&self, source: IpAddr) -> Result<Failures, StoreError> {
        let index = self.source_index(source).await?;
        self.source_failures(&index).await
    }
}
