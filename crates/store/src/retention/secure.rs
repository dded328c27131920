//! Secure deletion on each backend (issue 3 item 3, "deletes securely").
//!
//! - SQLite: purges run on a connection with `PRAGMA secure_delete = ON`,
//!   so the pages and cells freed by a DELETE are overwritten with zeros
//!   instead of lingering in the file's free list; after the purge,
//!   `PRAGMA wal_checkpoint(TRUNCATE)` copies the zeroed pages into the
//!   database file and empties the WAL, which held the old page images.
//!   What the file system or an SSD keeps of overwritten blocks is beyond
//!   the database's reach.
//! - PostgreSQL: a deleted tuple stays in its page until VACUUM reuses the
//!   space, and in the WAL and base backups; nothing zeroes it. There the
//!   protection is that every sensitive value and media file is sealed under
//!   its customer's data key, and destroying the key (crypto-shredding,
//!   [`Store::delete_customer`]) makes every copy unreadable. The plain
//!   columns a deleted row leaves behind (times, directions, sizes) name no
//!   party.

use sqlx::pool::PoolConnection;
use sqlx::{Any, Executor, Row};

use crate::{Backend, Store, StoreError};

impl Store {
    /// A pooled connection whose deletes overwrite what they free (SQLite).
    pub(crate) async fn secure_delete_connection(&self) -> Result<PoolConnection<Any>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Sqlite {
            conn.execute("PRAGMA secure_delete = ON").await?;
        }
        Ok(conn)
    }

    /// On SQLite, moves every page into the database file and empties the
    /// WAL; whether it completed (false when readers held old pages). Always
    /// true on PostgreSQL, which has no such step.
    pub(crate) async fn truncate_wal(&self) -> Result<bool, StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(true);
        }
        let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&self.pool).await?;
        let busy: i64 = row.try_get(0)?;
        Ok(busy == 0)
    }
}
