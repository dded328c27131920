//! Deleting a customer by crypto-shredding (issue 3 item 3; NIST SP 800-88
//! Rev. 1 §2.6 "cryptographic erase": destroying the key that encrypts the
//! data sanitizes every copy of the ciphertext).
//!
//! [`Store::delete_customer`] in one transaction marks the customer deleted
//! (`deleted_ms`), frees its slug and SIP domain (it no longer resolves by
//! either, and both may be given to a new customer), drops its
//! registrations, extensions and queued notices (`outbox`) (a registrar starting later never meets an
//! extension that cannot open, and one already running drops them: see
//! below; whole-store lookups skip the tombstone), deletes its people with
//! their recovery codes, grants and delegations ([`super::shred_people`]:
//! their sign-in names are free again), and destroys every row of its data
//! keys and its blind-index key (`index_keys`); then it evicts
//! the keys from this store's keyring, empties the WAL (SQLite, rows deleted
//! with `secure_delete`), and writes an audit record. From that moment every
//! sealed value of the customer (extension names and secrets, CDR parties,
//! payment references, voicemail and recordings) fails to open, no blind
//! index of it can be computed again, and triggers (migrations 0010, 0011)
//! refuse it a new data key or index key. The deletion takes the next
//! `extensions` change version (`tenants.deleted_version`), so a running
//! registrar following changes drops the customer's extensions within its
//! refresh period. The retention job then removes its rows and files (`purge`).
//!
//! The 18-month CDR floor (47 CFR 42.6) does not hold back a deleted
//! customer's CDRs: deleting a customer is a deliberate operator act,
//! audited, that destroys its records by shredding. An operator who must
//! keep a former customer's billing records exports them before deleting.
//!
//! What shredding does not cover, honestly:
//! - Backups taken before the deletion hold the customer's wrapped data
//!   keys; restored under the same KEK, they open again (tested). To shred
//!   those too, destroy such backups or let their retention expire, or
//!   rotate the KEK (`callvault keys rotate`) and destroy the old KEK, which
//!   makes every backup older than the rotation unreadable for every tenant.
//!   Restoring an older backup brings the customer back: delete it again.
//! - Other processes with their own keyring (other nodes of a cluster) keep
//!   keys already unwrapped in memory until they restart.
//! - Plain columns (CDR times, trunk names, blob sizes, the tenant's name
//!   until it is sealed) are not keyed; the retention job deletes the rows.

use model::TenantId;
use sqlx::AnyConnection;

use super::shred_people::{PeopleDeleted, delete_people};
use crate::id::now_ms;
use crate::{AuditDecision, AuditRecord, Store, StoreError};

/// What [`Store::delete_customer`] destroyed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerDeletion {
    /// The customer.
    pub customer: TenantId,
    /// When, Unix milliseconds.
    pub deleted_ms: i64,
    /// How many data key rows were destroyed.
    pub data_keys_destroyed: u64,
    /// Whether SQLite's WAL was emptied (always true on PostgreSQL).
    pub wal_truncated: bool,
}

impl Store {
    /// Deletes `customer` by destroying its data keys (crypto-shredding);
    /// `actor` is who ordered it, for the audit record. Its rows and files
    /// go at the next retention run.
    pub async fn delete_customer(&self, customer: &TenantId, actor: &str) -> Result<CustomerDeletion, StoreError> {
        self.live_customer(customer).await?;
        let deleted_ms = now_ms();
        let mut conn = self.secure_delete_connection().await?;
        let (data_keys_destroyed, people) = mark_and_shred(&mut conn, customer, deleted_ms).await?;
        drop(conn);
        self.keyring.forget(customer);
        tracing::warn!(customer = %customer, data_keys_destroyed, "deleted a customer: its data keys are destroyed");
        let wal_truncated = self.truncate_wal().await?;
        self.append_audit(&deletion_record(customer, actor, deleted_ms)).await?;
        for record in people.audit_records(actor, deleted_ms) {
            self.append_audit(&record).await?;
        }
        Ok(CustomerDeletion { customer: customer.clone(), deleted_ms, data_keys_destroyed, wal_truncated })
    }

    /// Records that a deleted customer's rows are all gone.
    pub(crate) async fn mark_purged(&self, customer: &TenantId, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE tenants SET purged_ms = $1 WHERE id = $2")
            .bind(now_ms)
            .bind(&customer.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Customers deleted but not yet purged of rows or files.
    pub(crate) async fn deleted_customers(&self) -> Result<Vec<TenantId>, StoreError> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT id FROM tenants WHERE deleted_ms IS NOT NULL AND purged_ms IS NULL ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        Ok(ids.into_iter().map(TenantId).collect())
    }
}

/// One transaction: tombstone the tenant, drop its registrations,
/// extensions, DIDs (published numbers, free for another customer),
/// trunks and queued notices (`outbox`: addresses of record), people (with their grants and delegations), data keys and
/// blind-index key.
async fn mark_and_shred(
    conn: &mut AnyConnection,
    customer: &TenantId,
    deleted_ms: i64,
) -> Result<(u64, PeopleDeleted), StoreError> {
    let mut tx = sqlx::Connection::begin(conn).await?;
    let marked = sqlx::query(
        "UPDATE tenants SET deleted_ms = $1, slug = '~deleted-' || id, sip_domain = NULL, is_default = 0 \
         WHERE id = $2 AND kind = 'customer' AND deleted_ms IS NULL",
    )
    .bind(deleted_ms)
    .bind(&customer.0)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        return Err(StoreError::CustomerDeleted);
    }
    for table in ["registrations", "extensions", "extension_removals", "dids", "trunks", "outbox"] {
        let sql = format!("DELETE FROM {table} WHERE tenant_id = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&customer.0).execute(&mut *tx).await?;
    }
    bump_extensions_version(&mut tx, customer).await?;
    let people = delete_people(&mut tx, customer).await?;
    let keys = sqlx::query("DELETE FROM data_keys WHERE tenant_id = $1").bind(&customer.0).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM index_keys WHERE tenant_id = $1").bind(&customer.0).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok((keys.rows_affected(), people))
}

/// Within the deletion's transaction: takes the next `extensions` change
/// version and records it as the customer's `deleted_version`, so a
/// registrar following changes drops its extensions (commit-ordered like
/// every other extension change).
async fn bump_extensions_version(tx: &mut AnyConnection, customer: &TenantId) -> Result<(), StoreError> {
    let version: i64 =
        sqlx::query_scalar("UPDATE change_counters SET value = value + 1 WHERE name = 'extensions' RETURNING value")
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query("UPDATE tenants SET deleted_version = $1 WHERE id = $2")
        .bind(version)
        .bind(&customer.0)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

fn deletion_record(customer: &TenantId, actor: &str, at_ms: i64) -> AuditRecord {
    AuditRecord {
        at_ms,
        actor: actor.to_owned(),
        action: "customer.delete".into(),
        target: customer.0.clone(),
        purpose: "crypto-shredding".into(),
        decision: AuditDecision::Allow,
        source: "store".into(),
    }
}
