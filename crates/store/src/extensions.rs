//! Customers' extensions and their SIP digest secrets, sealed at rest.
//!
//! Only RFC 7616 HA1 values are stored (`H(username:realm:password)`), never a
//! password: the caller computes them, because this crate knows nothing of SIP.
//!
//! Personal and secret columns are sealed with the store's keyring
//! (ARCHITECTURE.md principle 5; issue 3 item 1), under the extension's
//! customer's data key:
//!
//! - `display_name_sealed`: the display name, UTF-8;
//! - `secret_sealed`: both HA1s as UTF-8 `"{md5 hex}\n{sha-256 hex}"`
//!   ([`encode_secret`]); HA1s must be hex digits, so the newline is unambiguous.
//!
//! Each is bound ([`Aad`]) to table `extensions`, its column (`display_name`
//! or `secret`) and row `{tenant_id}/{number}`, which stays the same across
//! upserts (the random `id` does not), so a sealed value moved to another
//! row or column does not open. `realm` (the customer's SIP domain, not
//! personal data) and `number` (the lookup key) stay plain; a keyed blind
//! index for numbers is a later step.

use model::{Extension, ExtensionId, SipSecret, TenantId};
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use crate::crypto::Aad;
use crate::id::{new_id, now_ms};
use crate::rotation::SealedTable;
use crate::{Store, StoreError};

const TABLE: &str = "extensions";
const DISPLAY_NAME: &str = "display_name";
const SECRET: &str = "secret";

/// Where the re-seal job finds extensions' sealed values.
pub(crate) const SEALED: SealedTable = SealedTable {
    table: TABLE,
    tenant_column: "tenant_id",
    select: "id, tenant_id, number",
    columns: &[("display_name_sealed", DISPLAY_NAME), ("secret_sealed", SECRET)],
    aad_row: |row| Ok(row_id(&TenantId(row.try_get("tenant_id")?), &row.try_get::<String, _>("number")?)),
};

/// What changed in the extension directory after a change version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionChanges {
    /// Extensions created or updated, in change order.
    pub changed: Vec<Extension>,
    /// Customers deleted (`Store::delete_customer`): drop all their extensions.
    pub deleted_customers: Vec<TenantId>,
    /// Extensions deleted one by one (`Store::delete_extension`) and not
    /// created again since: drop them.
    pub removed: Vec<(TenantId, String)>,
    /// The latest change version seen (the one passed in if none).
    pub latest: i64,
}

/// An extension to create or update.
#[derive(Debug, Clone)]
pub struct NewExtension {
    /// The customer it belongs to.
    pub customer: TenantId,
    /// The extension number (the digest username).
    pub number: String,
    /// The name shown to callees.
    pub display_name: String,
    /// The digest realm `secret` was computed for.
    pub realm: String,
    /// The digest secrets.
    pub secret: SipSecret,
}

/// An extension's two sealed columns.
struct Sealed {
    display_name: Vec<u8>,
    secret: Vec<u8>,
}

impl Store {
    /// Creates the extension, or updates its name and secrets if it exists.
    /// The display name and realm must pass [`check_free_text`](crate::check_free_text)
    /// (no card or bank numbers); a refused one writes nothing.
    pub async fn upsert_extension(&self, new: &NewExtension) -> Result<Extension, StoreError> {
        crate::check_free_text("extension display name", &new.display_name)?;
        crate::check_free_text("extension realm", &new.realm)?;
        let sealed = self.seal_extension(new).await?;
        let mut tx = self.pool.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE change_counters SET value = value + 1 WHERE name = 'extensions' RETURNING value",
        )
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO extensions \
             (id, tenant_id, number, display_name_sealed, realm, secret_sealed, created_ms, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (tenant_id, number) DO UPDATE SET display_name_sealed = excluded.display_name_sealed, \
             realm = excluded.realm, secret_sealed = excluded.secret_sealed, version = excluded.version",
        )
        .bind(new_id())
        .bind(&new.customer.0)
        .bind(&new.number)
        .bind(&sealed.display_name)
        .bind(&new.realm)
        .bind(&sealed.secret)
        .bind(now_ms())
        .bind(version)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let found = self.extension(&new.customer, &new.number).await?;
        found.ok_or(StoreError::Corrupt("upserted extension vanished"))
    }

    /// The extension `number` of `customer`.
    pub async fn extension(&self, customer: &TenantId, number: &str) -> Result<Option<Extension>, StoreError> {
        let row = sqlx::query(
            "SELECT id, tenant_id, number, display_name_sealed, realm, secret_sealed \
             FROM extensions WHERE tenant_id = $1 AND number = $2",
        )
        .bind(&customer.0)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.extension_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// Every extension changed after change version `since` (all of them
    /// for 0), with the latest version seen: follow changes by passing it back.
    /// A row whose sealed values do not open is an error, not skipped.
    /// Deletions are not in it: follow those with [`Store::extension_changes_since`].
    pub async fn extensions_changed_since(&self, since: i64) -> Result<(Vec<Extension>, i64), StoreError> {
        let changes = self.extension_changes_since(since).await?;
        Ok((changes.changed, changes.latest))
    }

    /// Every extension changed and every customer deleted (its extensions
    /// deleted with it) after change version `since`, read in one statement
    /// so `latest` covers both: follow changes by passing it back.
    pub async fn extension_changes_since(&self, since: i64) -> Result<ExtensionChanges, StoreError> {
        let rows = sqlx::query(
            "SELECT 'changed' AS change_kind, id, tenant_id, number, display_name_sealed, realm, secret_sealed, version \
             FROM extensions WHERE version > $1 \
             UNION ALL \
             SELECT 'deleted' AS change_kind, id, id AS tenant_id, '' AS number, NULL AS display_name_sealed, \
             '' AS realm, NULL AS secret_sealed, deleted_version AS version \
             FROM tenants WHERE deleted_version > $1 \
             UNION ALL \
             SELECT 'removed' AS change_kind, '' AS id, tenant_id, number, NULL AS display_name_sealed, \
             '' AS realm, NULL AS secret_sealed, version FROM extension_removals WHERE version > $1 \
             ORDER BY version",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let latest = rows.last().map(|row| row.try_get("version")).transpose()?.unwrap_or(since);
        let mut changes =
            ExtensionChanges { changed: Vec::new(), deleted_customers: Vec::new(), removed: Vec::new(), latest };
        for row in &rows {
            match row.try_get::<String, _>("change_kind")?.as_str() {
                "deleted" => changes.deleted_customers.push(TenantId(row.try_get("tenant_id")?)),
                "removed" => changes.removed.push((TenantId(row.try_get("tenant_id")?), row.try_get("number")?)),
                _ => {
                    let extension = self.extension_from_row(row).await?;
                    changes.removed.retain(|(c, n)| *c != extension.customer || *n != extension.number);
                    changes.changed.push(extension);
                }
            }
        }
        Ok(changes)
    }

    /// Every extension of `customer`, by number.
    pub async fn extensions(&self, customer: &TenantId) -> Result<Vec<Extension>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, number, display_name_sealed, realm, secret_sealed \
             FROM extensions WHERE tenant_id = $1 ORDER BY number",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        self.extensions_from_rows(&rows).await
    }

    /// Seals `new`'s display name and secrets for its row.
    async fn seal_extension(&self, new: &NewExtension) -> Result<Sealed, StoreError> {
        let secret = encode_secret(&new.secret)?;
        let row = row_id(&new.customer, &new.number);
        let keyring = &self.keyring;
        let display_name = Aad::new(TABLE, DISPLAY_NAME, &row);
        Ok(Sealed {
            display_name: keyring.seal(&new.customer, new.display_name.as_bytes(), &display_name).await?,
            secret: keyring.seal(&new.customer, &secret, &Aad::new(TABLE, SECRET, &row)).await?,
        })
    }

    async fn extensions_from_rows(&self, rows: &[AnyRow]) -> Result<Vec<Extension>, StoreError> {
        let mut extensions = Vec::with_capacity(rows.len());
        for row in rows {
            extensions.push(self.extension_from_row(row).await?);
        }
        Ok(extensions)
    }

    /// An extension from its row, opening its sealed columns.
    async fn extension_from_row(&self, row: &AnyRow) -> Result<Extension, StoreError> {
        let customer = TenantId(row.try_get("tenant_id")?);
        let number: String = row.try_get("number")?;
        let row_id = row_id(&customer, &number);
        let display_name_sealed: Vec<u8> = row.try_get("display_name_sealed")?;
        let secret_sealed: Vec<u8> = row.try_get("secret_sealed")?;
        let display_name =
            self.keyring.open(&customer, &display_name_sealed, &Aad::new(TABLE, DISPLAY_NAME, &row_id)).await?;
        let secret = self.keyring.open(&customer, &secret_sealed, &Aad::new(TABLE, SECRET, &row_id)).await?;
        Ok(Extension {
            id: ExtensionId(row.try_get("id")?),
            customer,
            number,
            display_name: String::from_utf8(display_name.to_vec())
                .map_err(|_| StoreError::Corrupt("extension display name is not UTF-8"))?,
            realm: row.try_get("realm")?,
            secret: decode_secret(&secret)?,
        })
    }
}

/// The sealed values' row: `{tenant_id}/{number}`, stable across upserts.
fn row_id(customer: &TenantId, number: &str) -> String {
    format!("{}/{number}", customer.0)
}

/// `secret_sealed`'s plaintext: `"{md5 hex}\n{sha-256 hex}"`, UTF-8.
/// [`StoreError::Ha1NotHex`] if either HA1 is not (non-empty) hex digits.
fn encode_secret(secret: &SipSecret) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    check_hex(&secret.ha1_md5, "MD5")?;
    check_hex(&secret.ha1_sha256, "SHA-256")?;
    let mut encoded = Zeroizing::new(Vec::with_capacity(secret.ha1_md5.len() + 1 + secret.ha1_sha256.len()));
    encoded.extend_from_slice(secret.ha1_md5.as_bytes());
    encoded.push(b'\n');
    encoded.extend_from_slice(secret.ha1_sha256.as_bytes());
    Ok(encoded)
}

/// The inverse of [`encode_secret`].
fn decode_secret(encoded: &[u8]) -> Result<SipSecret, StoreError> {
    let malformed = || StoreError::Corrupt("extension secret encoding");
    let text = std::str::from_utf8(encoded).map_err(|_| malformed())?;
    let (md5, sha256) = text.split_once('\n').ok_or_else(malformed)?;
    Ok(SipSecret { ha1_md5: md5.to_owned(), ha1_sha256: sha256.to_owned() })
}

fn check_hex(ha1: &str, algorithm: &'static str) -> Result<(), StoreError> {
    if ha1.is_empty() || !ha1.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Ha1NotHex { algorithm });
    }
    Ok(())
}
