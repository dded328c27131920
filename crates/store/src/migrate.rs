//! Schema migrations, embedded at build time.
//!
//! sqlx's `migrate!` macro needs its `macros` feature, which doubles the
//! compile of sqlx and SQLite (reference/crates.md); the list below is the
//! same thing written out.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{SqlSafeStr, SqlitePool};

const SQLITE: &[(i64, &str, &str)] = &[
    (
        1,
        "tenants extensions registrations",
        include_str!("../migrations/sqlite/0001_tenants_extensions_registrations.sql"),
    ),
    (2, "audit log", include_str!("../migrations/sqlite/0002_audit_log.sql")),
    (3, "data keys", include_str!("../migrations/sqlite/0003_data_keys.sql")),
    (5, "blobs", include_str!("../migrations/sqlite/0005_blobs.sql")),
    (6, "payment methods", include_str!("../migrations/sqlite/0006_payment_methods.sql")),
];

/// Whether this build has a migration of `version`.
pub(crate) fn knows(version: i64) -> bool {
    SQLITE.iter().any(|&(known, _, _)| known == version)
}

/// The latest migration this build has.
pub(crate) fn latest() -> i64 {
    SQLITE.iter().map(|&(version, _, _)| version).max().unwrap_or(0)
}

/// Applies every migration not yet applied.
pub(crate) async fn run(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    let migrations = SQLITE
        .iter()
        .map(|&(version, description, sql)| {
            let description = Cow::Borrowed(description);
            Migration::new(version, description, MigrationType::Simple, sql.into_sql_str(), false)
        })
        .collect();
    Migrator::with_migrations(migrations).run(pool).await
}
