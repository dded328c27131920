//! Schema migrations, embedded at build time, one list per backend: the
//! same versions and tables, in each database's DDL (BLOB/BYTEA, trigger
//! syntax).
//!
//! Migration 9 drops tenants' plaintext names, which the store must first
//! seal (a step SQL cannot do): so migrations before 9 run first, then
//! `tenants::seal_plain_names`, then the rest.
//!
//! sqlx's `migrate!` macro needs its `macros` feature, which doubles the
//! compile of sqlx and SQLite (reference/crates.md); the lists below are the
//! same thing written out.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, SqlSafeStr};

use crate::crypto::Keyring;
use crate::{Backend, StoreError};

/// The migration that drops tenants' plaintext names.
const PLAIN_NAMES_DROPPED: i64 = 9;

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
    (
        8,
        "index keys, sealed tenant names",
        include_str!("../migrations/sqlite/0008_index_keys_sealed_tenant_names.sql"),
    ),
    (9, "tenant plain names dropped", include_str!("../migrations/sqlite/0009_tenant_plain_names_dropped.sql")),
    (10, "retention", include_str!("../migrations/sqlite/0010_retention.sql")),
    (11, "shredding complete", include_str!("../migrations/sqlite/0011_shredding_complete.sql")),
    (12, "trunks dids", include_str!("../migrations/sqlite/0012_trunks_dids.sql")),
    (13, "accounts", include_str!("../migrations/sqlite/0013_accounts.sql")),
    (20, "sessions api tokens", include_str!("../migrations/sqlite/0020_sessions_api_tokens.sql")),
    (30, "notices", include_str!("../migrations/sqlite/0030_notices.sql")),
    (40, "cpni approvals", include_str!("../migrations/sqlite/0040_cpni_approvals.sql")),
    (41, "cpni campaigns", include_str!("../migrations/sqlite/0041_cpni_campaigns.sql")),
    (50, "oidc", include_str!("../migrations/sqlite/0050_oidc.sql")),
    (60, "cdrs answer kept on failure", include_str!("../migrations/sqlite/0060_cdrs_answer_kept_on_failure.sql")),
    (70, "audit checkpoint key", include_str!("../migrations/sqlite/0070_audit_checkpoint_key.sql")),
    (80, "cpni breaches", include_str!("../migrations/sqlite/0080_cpni_breaches.sql")),
    (81, "cpni optout failures", include_str!("../migrations/sqlite/0081_cpni_optout_failures.sql")),
    (82, "cpni records", include_str!("../migrations/sqlite/0082_cpni_records.sql")),
    (83, "cpni officers", include_str!("../migrations/sqlite/0083_cpni_officers.sql")),
    (84, "cpni disclosures", include_str!("../migrations/sqlite/0084_cpni_disclosures.sql")),
    (85, "cpni opt-out letter filed", include_str!("../migrations/sqlite/0085_cpni_optout_filed.sql")),
    (86, "cpni campaign end", include_str!("../migrations/sqlite/0086_cpni_campaign_end.sql")),
    (90, "extension removals", include_str!("../migrations/sqlite/0090_extension_removals.sql")),
    (95, "tenant time zone", include_str!("../migrations/sqlite/0095_tenant_time_zone.sql")),
    (96, "extension owners", include_str!("../migrations/sqlite/0096_extension_owners.sql")),
    (97, "one-time approvals", include_str!("../migrations/sqlite/0097_one_time_approvals.sql")),
    (98, "cpni notices", include_str!("../migrations/sqlite/0098_cpni_notices.sql")),
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
    (
        8,
        "index keys, sealed tenant names",
        include_str!("../migrations/postgres/0008_index_keys_sealed_tenant_names.sql"),
    ),
    (9, "tenant plain names dropped", include_str!("../migrations/postgres/0009_tenant_plain_names_dropped.sql")),
    (10, "retention", include_str!("../migrations/postgres/0010_retention.sql")),
    (11, "shredding complete", include_str!("../migrations/postgres/0011_shredding_complete.sql")),
    (12, "trunks dids", include_str!("../migrations/postgres/0012_trunks_dids.sql")),
    (13, "accounts", include_str!("../migrations/postgres/0013_accounts.sql")),
    (20, "sessions api tokens", include_str!("../migrations/postgres/0020_sessions_api_tokens.sql")),
    (30, "notices", include_str!("../migrations/postgres/0030_notices.sql")),
    (40, "cpni approvals", include_str!("../migrations/postgres/0040_cpni_approvals.sql")),
    (41, "cpni campaigns", include_str!("../migrations/postgres/0041_cpni_campaigns.sql")),
    (50, "oidc", include_str!("../migrations/postgres/0050_oidc.sql")),
    (60, "cdrs answer kept on failure", include_str!("../migrations/postgres/0060_cdrs_answer_kept_on_failure.sql")),
    (70, "audit checkpoint key", include_str!("../migrations/postgres/0070_audit_checkpoint_key.sql")),
    (80, "cpni breaches", include_str!("../migrations/postgres/0080_cpni_breaches.sql")),
    (81, "cpni optout failures", include_str!("../migrations/postgres/0081_cpni_optout_failures.sql")),
    (82, "cpni records", include_str!("../migrations/postgres/0082_cpni_records.sql")),
    (83, "cpni officers", include_str!("../migrations/postgres/0083_cpni_officers.sql")),
    (84, "cpni disclosures", include_str!("../migrations/postgres/0084_cpni_disclosures.sql")),
    (85, "cpni opt-out letter filed", include_str!("../migrations/postgres/0085_cpni_optout_filed.sql")),
    (86, "cpni campaign end", include_str!("../migrations/postgres/0086_cpni_campaign_end.sql")),
    (90, "extension removals", include_str!("../migrations/postgres/0090_extension_removals.sql")),
    (95, "tenant time zone", include_str!("../migrations/postgres/0095_tenant_time_zone.sql")),
    (96, "extension owners", include_str!("../migrations/postgres/0096_extension_owners.sql")),
    (97, "one-time approvals", include_str!("../migrations/postgres/0097_one_time_approvals.sql")),
    (98, "cpni notices", include_str!("../migrations/postgres/0098_cpni_notices.sql")),
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

/// Applies every migration of `backend` not yet applied, sealing tenants'
/// plaintext names with `keyring` before they are dropped.
pub(crate) async fn run(pool: &AnyPool, backend: Backend, keyring: &Keyring) -> Result<(), StoreError> {
    let mut before = migrator(backend, |version| version < PLAIN_NAMES_DROPPED);
    before.set_ignore_missing(true);
    before.run(pool).await?;
    if !applied(pool, PLAIN_NAMES_DROPPED).await? {
        crate::tenants::seal_plain_names(pool, keyring).await?;
    }
    Ok(migrator(backend, |_| true).run(pool).await?)
}

/// The migrations of `backend` whose versions `keep` accepts.
fn migrator(backend: Backend, keep: impl Fn(i64) -> bool) -> Migrator {
    let migrations = migrations(backend)
        .iter()
        .filter(|&&(version, _, _)| keep(version))
        .map(|&(version, description, sql)| {
            let description = Cow::Borrowed(description);
            Migration::new(version, description, MigrationType::Simple, sql.into_sql_str(), false)
        })
        .collect();
    Migrator::with_migrations(migrations)
}

/// Whether migration `version` has been applied.
async fn applied(pool: &AnyPool, version: i64) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE version = $1 AND success = TRUE")
            .bind(version)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
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
