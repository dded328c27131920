//! Runs a store test on each backend (ARCHITECTURE.md principle 6): the same
//! test body gets a [`DataDir`] (a fresh data folder, and on PostgreSQL a
//! fresh database `cv_<random>`, dropped afterwards) and opens its store
//! with [`DataDir::open`].
//!
//! PostgreSQL is reached through the `postgres` database at
//! `postgres://root@127.0.0.1:5432/postgres` (trust auth), or the URL in
//! `CALLVAULT_TEST_POSTGRES`. If it does not answer, the test fails saying
//! so: it never skips silently.
//!
//! `on_both_backends!(name, …)` makes, for each `async fn name(dir: DataDir)`,
//! the tests `name::sqlite` and `name::postgres`.

#![allow(dead_code, unreachable_pub, unused_macros)]

use std::path::Path;

use sqlx::any::install_default_drivers;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use store::{Backend, DATABASE_FILE, Kek, Store, StoreError};
use tempfile::TempDir;

/// The PostgreSQL test server's maintenance database, unless overridden.
const DEFAULT_POSTGRES: &str = "postgres://root@127.0.0.1:5432/postgres";
/// The variable that overrides it.
const POSTGRES_ENV: &str = "CALLVAULT_TEST_POSTGRES";

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    crate::backends::run(store::Backend::Sqlite, super::$name).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    crate::backends::run(store::Backend::Postgres, super::$name).await;
                }
            }
        )*
    };
}

/// A data folder and the database its store runs on.
pub struct DataDir {
    backend: Backend,
    dir: TempDir,
    url: String,
}

impl DataDir {
    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The data folder (key files; on SQLite also the database file).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The database's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The store, as `callvault serve` opens it on this backend.
    pub async fn open(&self) -> Store {
        self.try_open().await.unwrap()
    }

    /// Like [`DataDir::open`], keeping the error.
    pub async fn try_open(&self) -> Result<Store, StoreError> {
        match self.backend {
            Backend::Sqlite => Store::open(self.path()).await,
            _ => Store::connect(&self.url, self.path()).await,
        }
    }

    /// The store, with the KEK given.
    pub async fn open_with_kek(&self, kek: Kek) -> Result<Store, StoreError> {
        match self.backend {
            Backend::Sqlite => Store::open_with_kek(self.path(), kek).await,
            _ => Store::connect_with_kek(&self.url, self.path(), kek).await,
        }
    }

    /// A raw SQL connection pool to the database, as someone holding the
    /// database file (or the PostgreSQL credentials) has.
    pub async fn raw(&self) -> AnyPool {
        install_default_drivers();
        AnyPool::connect(&self.url).await.unwrap()
    }
}

/// Runs `test` on a fresh [`DataDir`] of `backend`, then drops its
/// PostgreSQL database (also when the test panicked).
pub async fn run<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(DataDir) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().unwrap();
    match backend {
        Backend::Sqlite => {
            let url = format!("sqlite://{}?mode=rwc", dir.path().join(DATABASE_FILE).display());
            test(DataDir { backend, dir, url }).await;
        }
        _ => run_on_postgres(dir, test).await,
    }
}

async fn run_on_postgres<F, Fut>(dir: TempDir, test: F)
where
    F: FnOnce(DataDir) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let admin_url = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
    let mut admin = admin(&admin_url).await;
    let name = database_name();
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    let url = with_database(&admin_url, &name);
    let outcome = tokio::spawn(test(DataDir { backend: Backend::Postgres, dir, url })).await;
    admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)"))).await.unwrap();
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

/// A connection to the maintenance database; fails the test, saying how to
/// start PostgreSQL, if it does not answer.
async fn admin(url: &str) -> AnyConnection {
    install_default_drivers();
    match AnyConnection::connect(url).await {
        Ok(conn) => conn,
        Err(err) => panic!(
            "PostgreSQL is missing: the store's tests run on PostgreSQL too and could not connect to the \
             server given by {POSTGRES_ENV} (default {DEFAULT_POSTGRES}): {err}. Start it with \
             `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (scripts/test does), \
             or install it (apt-get install postgresql) with trust auth for 127.0.0.1."
        ),
    }
}

/// `cv_` and 16 random hex digits.
fn database_name() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    format!("cv_{}", hex::encode(bytes))
}

/// `url` with its database (the last path segment) replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a PostgreSQL URL names a database");
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}
