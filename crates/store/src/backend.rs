//! The two databases the store runs on (ARCHITECTURE.md, principle 6), and
//! the few things that differ between them, each in one small function:
//!
//! - connecting: SQLite's settings (WAL checkpointed every 64 MiB, `synchronous=NORMAL`, foreign keys, a 32 MiB page cache,
//!   a 5 s busy timeout) are pragmas run on every new connection, because an
//!   SQLite URL carries only mode/cache/immutable/vfs;
//! - [`Backend::begin_write_locked`]: a transaction that holds a table's
//!   write lock from its start (SQLite `BEGIN IMMEDIATE`; PostgreSQL
//!   `LOCK TABLE … IN EXCLUSIVE MODE`, which still lets readers read);
//! - [`Backend::begin_snapshot`]: a transaction whose queries all see one
//!   snapshot (an SQLite read transaction does; PostgreSQL needs
//!   `REPEATABLE READ`, its default `READ COMMITTED` takes one per statement).
//!
//! Row-level serialization needs no branch: an `UPDATE … RETURNING` as a
//! transaction's first statement takes SQLite's database write lock and
//! PostgreSQL's row lock, both held to commit (the audit tail and the change
//! counters rely on it).

use std::path::Path;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::StoreError;

/// Connections per pool: SQLite has one writer anyway; PostgreSQL serves
/// several nodes, so each keeps a modest share of `max_connections`.
const SQLITE_CONNECTIONS: u32 = 4;
const POSTGRES_CONNECTIONS: u32 = 8;

/// Run on every new SQLite connection. The page cache is 32 MiB per
/// connection (SQLite's default is 2 MiB, allocated as pages are used):
/// batched CDR inserts touch pages of the blind-index indexes at random,
/// and with the default cache the CDR writer spent its time re-reading them
/// from the operating system, more so for sealed rows (perf of
/// `bench/store.sh`: `_copy_to_iter` on sqlx's SQLite thread; with 32 MiB
/// sealed and plain inserts cost the same CPU).
///
/// The WAL is checkpointed every 16,384 pages (64 MiB) instead of SQLite's
/// 1,000: a batch dirties hundreds of random index pages, and the same
/// pages again in the next batches, so a checkpoint every few batches wrote
/// each of them back to the database file again and again; one every 64 MiB
/// writes each once. `bench/store.sh` on one machine, same session: sealed
/// 11,634 → 16,484 CDRs/s, sealed/plain 0.870 → 0.940. A crash replays at
/// most that much WAL on the next open.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                              PRAGMA busy_timeout = 5000; PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 16384;";

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file (WAL) in the data folder: a single node.
    Sqlite,
    /// A PostgreSQL database shared by the cluster's nodes.
    Postgres,
}

impl Backend {
    /// The backend a database URL names (`sqlite:` or `postgres:`/`postgresql:`).
    pub fn of_url(url: &str) -> Result<Self, StoreError> {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            _ => Err(StoreError::UnsupportedUrl { scheme: scheme.chars().take(16).collect() }),
        }
    }

    /// A pool of connections to `url`, set up for this backend.
    pub(crate) async fn pool(self, url: &str) -> Result<AnyPool, StoreError> {
        install_default_drivers();
        let options = match self {
            Self::Sqlite => AnyPoolOptions::new()
                .max_connections(SQLITE_CONNECTIONS)
                .after_connect(|conn, _| Box::pin(async move { conn.execute(SQLITE_PRAGMAS).await.map(drop) })),
            Self::Postgres => AnyPoolOptions::new().max_connections(POSTGRES_CONNECTIONS),
        };
        Ok(options.connect(url).await?)
    }

    /// A transaction that holds the write lock on `table` from its start.
    /// On SQLite that is the whole database's write lock.
    pub(crate) async fn begin_write_locked(
        self,
        pool: &AnyPool,
        table: &'static str,
    ) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self {
            Self::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
            Self::Postgres => {
                let mut tx = pool.begin().await?;
                let lock = format!("LOCK TABLE {table} IN EXCLUSIVE MODE");
                tx.execute(sqlx::AssertSqlSafe(lock)).await?;
                Ok(tx)
            }
        }
    }

    /// A read transaction whose queries all see the same snapshot.
    pub(crate) async fn begin_snapshot(self, pool: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self {
            Self::Sqlite => pool.begin().await,
            Self::Postgres => pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await,
        }
    }
}

/// The `sqlite:` URL of the database file at `path`, created if missing.
/// The path is percent-encoded (sqlx decodes it), so any UTF-8 path works.
pub(crate) fn sqlite_url(path: &Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut url = String::from("sqlite://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/._-~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url.push_str("?mode=rwc");
    url
}
