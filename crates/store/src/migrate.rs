//! Schema migrations, embedded at build time, one list per backend: the
//! same versions and tables, in each database's DDL (BLOB/BYTEA, trigger
//! syntax).
//!
//! sqlx's `migrate!` macro needs its `macros` feature, which doubles the
//! compile of sqlx and SQLite (reference/crates.md); the lists below are the
//! same thing written out.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, SqlSafeStr};

use crate::Backend;

/// (version, description, SQL) of one migration.
type Embedded = (i64, &'static str, &'static str);

const SQLITE: &[Embedded] = &[
    (
        1,
        "tenants extensions registrations",
        include_str!("../migrations/sqlite/0001_tenants_extensions_registrations.sql"),
    ),
    (2, "audit log", include_str!("../migrations/sqlite/0002_audit_log.sql")),
    (3, "data keys", include_str!("../migrations/sqlite/0003_data_keys.sql")),
    (4, "cdrs", include_str!("../migrations/sqlite/0004_cdrs.sql")),
    (5, "blobs", include_str!("../migrations/sqlite/0005_blobs.sql")),
    (6, "payment methods", include_str!("../migrations/sqlite/0006_payment_methods.sql")),
    (10, "retention", include_str!("../migrations/sqlite/0010_retention.sql")),
];

const POSTGRES: &[Embedded] = &[
    (
        1,
        "tenants extensions registrations",
        include_str!("../migrations/postgres/0001_tenants_extensions_registrations.sql"),
    ),
    (2, "audit log", include_str!("../migrations/postgres/0002_audit_log.sql")),
    (3, "data keys", include_str!("../migrations/postgres/0003_data_keys.sql")),
    (4, "cdrs", include_str!("../migrations/postgres/0004_cdrs.sql")),
    (5, "blobs", include_str!("../migrations/postgres/0005_blobs.sql")),
    (6, "payment methods", include_str!("../migrations/postgres/0006_payment_methods.sql")),
    (10, "retention", include_str!("../migrations/postgres/0010_retention.sql")),
];

fn migrations(backend: Backend) -> &'static [Embedded] {
    match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    }
}

/// Whether this build has a migration of `version`.
pub(crate) fn knows(version: i64) -> bool {
    SQLITE.iter().any(|&(known, _, _)| known == version)
}

/// The latest migration this build has.
pub(crate) fn latest() -> i64 {
    SQLITE.iter().map(|&(version, _, _)| version).max().unwrap_or(0)
}

/// Applies every migration of `backend` not yet applied.
pub(crate) async fn run(pool: &AnyPool, backend: Backend) -> Result<(), sqlx::migrate::MigrateError> {
    let migrations = migrations(backend)
        .iter()
        .map(|&(version, description, sql)| {
            let description = Cow::Borrowed(description);
            Migration::new(version, description, MigrationType::Simple, sql.into_sql_str(), false)
        })
        .collect();
    Migrator::with_migrations(migrations).run(pool).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_versions() {
        let versions = |list: &[Embedded]| list.iter().map(|&(v, d, _)| (v, d)).collect::<Vec<_>>();
        assert_eq!(versions(SQLITE), versions(POSTGRES));
    }
}
