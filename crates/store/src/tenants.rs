//! The tenant tree: platform → reseller → customer (ARCHITECTURE.md, principle 4).
//!
//! Provisioning upserts by slug, so applying the same file twice changes nothing.
//!
//! Every tenant's name (the platform's and resellers' too: a reseller's name
//! is often a person's trading name, and one rule for all rows is simpler
//! than deciding per kind) is sealed under that tenant's own data key in
//! `name_sealed`, bound ([`Aad`]) to table `tenants`, column `name`, row
//! `{id}` (issue 3 item 1). A new tenant's row, its first data key and its
//! sealed name are written in one transaction, since the key's row
//! references the tenant's. Slugs, SIP domains, kinds and paths stay plain:
//! they are lookup keys and the tree's shape, not personal data. Every
//! free-text field passes [`check_free_text`](crate::check_free_text) first.

use model::{Tenant, TenantId, TenantKind};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use crate::crypto::{Aad, Keyring, seal};
use crate::id::{new_id, now_ms};
use crate::rotation::SealedTable;
use crate::{Store, StoreError};

const TABLE: &str = "tenants";
const NAME: &str = "name";

/// The platform root's slug; there is exactly one.
const PLATFORM_SLUG: &str = "platform";

/// A reseller or customer to create or update.
#[derive(Debug, Clone)]
pub struct NewTenant {
    /// Unique short name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The parent's slug; `None` puts a reseller under the platform.
    pub parent: Option<String>,
    /// A customer's SIP domain.
    pub sip_domain: Option<String>,
    /// Whether phones registering to the bare server address land here.
    pub is_default: bool,
}

pub(crate) const COLUMNS: &str = "id, kind, slug, name_sealed, parent_id, path, sip_domain, is_default";

/// The condition every tenant lookup adds: a deleted customer's tombstone
/// row keeps a sealed name whose key is destroyed, so lookups treat it as
/// absent rather than fail on it (issue 3 item 3).
pub(crate) const LIVE: &str = "deleted_ms IS NULL";

/// Where the re-seal job finds tenants' sealed names.
pub(crate) const SEALED: SealedTable = SealedTable {
    table: TABLE,
    tenant_column: "id",
    select: "id",
    columns: &[("name_sealed", NAME)],
    aad_row: |row| Ok(row.try_get("id")?),
};

/// Where a tenant's sealed name lives.
fn name_aad(id: &str) -> Aad<'_> {
    Aad::new(TABLE, NAME, id)
}

/// A tenant row about to be inserted.
struct Placement<'a> {
    kind: TenantKind,
    parent: Option<&'a Tenant>,
    new: &'a NewTenant,
}

impl Store {
    /// The platform root, created on first use.
    pub async fn platform(&self) -> Result<Tenant, StoreError> {
        if let Some(platform) = self.tenant_by_slug(PLATFORM_SLUG).await? {
            return Ok(platform);
        }
        let new = NewTenant {
            slug: PLATFORM_SLUG.into(),
            name: "Platform".into(),
            parent: None,
            sip_domain: None,
            is_default: false,
        };
        self.insert_tenant(&Placement { kind: TenantKind::Platform, parent: None, new: &new }).await?;
        self.tenant_by_slug(PLATFORM_SLUG).await?.ok_or(StoreError::Corrupt("platform row vanished"))
    }

    /// Creates or updates a reseller under the platform.
    pub async fn upsert_reseller(&self, new: &NewTenant) -> Result<Tenant, StoreError> {
        let platform = self.platform().await?;
        self.upsert_child(&platform, TenantKind::Reseller, new).await
    }

    /// Creates or updates a customer under the reseller `new.parent` names.
    pub async fn upsert_customer(&self, new: &NewTenant) -> Result<Tenant, StoreError> {
        let parent_slug = new.parent.as_deref().unwrap_or(PLATFORM_SLUG);
        let parent = self.tenant_by_slug(parent_slug).await?;
        let parent = parent.ok_or_else(|| StoreError::UnknownTenant(parent_slug.to_owned()))?;
        if parent.kind == TenantKind::Customer {
            let slug = parent.slug;
            return Err(StoreError::WrongKind { slug, expected: "reseller" });
        }
        self.upsert_child(&parent, TenantKind::Customer, new).await
    }

    async fn upsert_child(&self, parent: &Tenant, kind: TenantKind, new: &NewTenant) -> Result<Tenant, StoreError> {
        check_free_text_fields(new)?;
        let placement = Placement { kind, parent: Some(parent), new };
        match self.tenant_by_slug(&new.slug).await? {
            Some(existing) => self.update_tenant(&check_kind(existing, kind)?.id, new).await?,
            None => self.insert_tenant(&placement).await?,
        }
        let tenant = self.tenant_by_slug(&new.slug).await?;
        let tenant = tenant.ok_or(StoreError::Corrupt("upserted tenant vanished"))?;
        check_kind(tenant, kind)
    }

    /// Inserts a tenant with its first data key and sealed name in one
    /// transaction; if another node inserted the slug first, updates that one.
    async fn insert_tenant(&self, placement: &Placement<'_>) -> Result<(), StoreError> {
        let new = placement.new;
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        clear_other_default(&mut tx, new).await?;
        let path = placement.parent.map_or_else(|| id.clone(), |parent| format!("{}/{id}", parent.path));
        let inserted = sqlx::query(
            "INSERT INTO tenants (id, kind, slug, parent_id, path, sip_domain, is_default, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&id)
        .bind(placement.kind.as_str())
        .bind(&new.slug)
        .bind(placement.parent.map(|parent| parent.id.0.as_str()))
        .bind(&path)
        .bind(new.sip_domain.as_deref().map(str::to_ascii_lowercase))
        .bind(i64::from(new.is_default))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            drop(tx);
            return self.update_existing(new).await;
        }
        let key = self.keyring.first_key_in(&mut tx, &TenantId(id.clone())).await?;
        let name_sealed = seal(&key, new.name.as_bytes(), &name_aad(&id))?;
        set_name_sealed(&mut tx, &id, &name_sealed).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Updates the tenant that has `new.slug` (inserted by another node meanwhile).
    async fn update_existing(&self, new: &NewTenant) -> Result<(), StoreError> {
        let existing = self.tenant_by_slug(&new.slug).await?;
        let existing = existing.ok_or(StoreError::Corrupt("tenant vanished during its upsert"))?;
        self.update_tenant(&existing.id, new).await
    }

    /// Seals `new.name` for tenant `id` and updates its name, SIP domain and
    /// default flag. The platform's row is never changed this way.
    async fn update_tenant(&self, id: &TenantId, new: &NewTenant) -> Result<(), StoreError> {
        let name_sealed = self.keyring.seal(id, new.name.as_bytes(), &name_aad(&id.0)).await?;
        let mut tx = self.pool.begin().await?;
        clear_other_default(&mut tx, new).await?;
        sqlx::query(
            "UPDATE tenants SET name_sealed = $1, sip_domain = $2, is_default = $3 WHERE id = $4 AND kind <> 'platform'",
        )
        .bind(&name_sealed)
        .bind(new.sip_domain.as_deref().map(str::to_ascii_lowercase))
        .bind(i64::from(new.is_default))
        .bind(&id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The tenant with this slug; a deleted customer is absent.
    pub async fn tenant_by_slug(&self, slug: &str) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE slug = $1 AND {LIVE}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug).fetch_optional(&self.pool).await?;
        self.tenant_from_optional_row(row).await
    }

    /// The customer whose SIP domain this is (case-insensitive: domains are
    /// stored lower-case, ASCII, and looked up so).
    pub async fn customer_by_domain(&self, domain: &str) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE sip_domain = $1 AND kind = 'customer' AND {LIVE}");
        let domain = domain.to_ascii_lowercase();
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(domain).fetch_optional(&self.pool).await?;
        self.tenant_from_optional_row(row).await
    }

    /// The customer that phones registering to the bare server address land in.
    pub async fn default_customer(&self) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE is_default = 1 AND {LIVE}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_optional(&self.pool).await?;
        self.tenant_from_optional_row(row).await
    }

    /// Every live tenant's slug, parents before children (a parent's path
    /// prefixes its children's); deleted customers are left out.
    pub async fn tenant_slugs(&self) -> Result<Vec<String>, StoreError> {
        let sql = format!("SELECT slug FROM tenants WHERE {LIVE} ORDER BY path");
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?)
    }

    pub(crate) async fn tenant_from_optional_row(&self, row: Option<AnyRow>) -> Result<Option<Tenant>, StoreError> {
        match row {
            Some(row) => Ok(Some(self.tenant_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// A tenant from its row, opening its sealed name.
    pub(crate) async fn tenant_from_row(&self, row: &AnyRow) -> Result<Tenant, StoreError> {
        let id = TenantId(row.try_get("id")?);
        let sealed: Option<Vec<u8>> = row.try_get("name_sealed")?;
        let sealed = sealed.ok_or(StoreError::Corrupt("tenant without a sealed name"))?;
        let name = self.keyring.open(&id, &sealed, &name_aad(&id.0)).await?;
        let name = String::from_utf8(name.to_vec()).map_err(|_| StoreError::Corrupt("tenant name is not UTF-8"))?;
        tenant_from_row(row, id, name)
    }
}

/// Within `tx`: if `new` becomes the default customer, no other one stays it.
async fn clear_other_default(tx: &mut AnyConnection, new: &NewTenant) -> Result<(), StoreError> {
    if new.is_default {
        sqlx::query("UPDATE tenants SET is_default = 0 WHERE is_default = 1 AND slug <> $1")
            .bind(&new.slug)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn set_name_sealed(tx: &mut AnyConnection, id: &str, sealed: &[u8]) -> Result<(), StoreError> {
    sqlx::query("UPDATE tenants SET name_sealed = $1 WHERE id = $2").bind(sealed).bind(id).execute(&mut *tx).await?;
    Ok(())
}

/// Seals every tenant name still only in the plain `name` column (run by
/// `migrate` between migrations 8 and 9, which drops that column).
pub(crate) async fn seal_plain_names(pool: &AnyPool, keyring: &Keyring) -> Result<(), StoreError> {
    let rows = sqlx::query("SELECT id, name FROM tenants WHERE name_sealed IS NULL").fetch_all(pool).await?;
    for row in &rows {
        let id: String = row.try_get("id")?;
        let name: String = row.try_get("name")?;
        let sealed = keyring.seal(&TenantId(id.clone()), name.as_bytes(), &name_aad(&id)).await?;
        let mut conn = pool.acquire().await?;
        set_name_sealed(&mut conn, &id, &sealed).await?;
    }
    if !rows.is_empty() {
        tracing::info!(tenants = rows.len(), "sealed tenants' names");
    }
    Ok(())
}

/// Every free-text field of `new` through the payment-number guard.
fn check_free_text_fields(new: &NewTenant) -> Result<(), StoreError> {
    crate::check_free_text("tenant name", &new.name)?;
    crate::check_free_text("tenant slug", &new.slug)?;
    crate::check_free_text("tenant SIP domain", new.sip_domain.as_deref().unwrap_or(""))
}

fn check_kind(tenant: Tenant, kind: TenantKind) -> Result<Tenant, StoreError> {
    if tenant.kind == kind {
        return Ok(tenant);
    }
    Err(StoreError::WrongKind { slug: tenant.slug, expected: kind.as_str() })
}

/// The plain columns of a tenant's row, with its id and opened name.
fn tenant_from_row(row: &AnyRow, id: TenantId, name: String) -> Result<Tenant, StoreError> {
    let kind: String = row.try_get("kind")?;
    let parent: Option<String> = row.try_get("parent_id")?;
    let is_default: i64 = row.try_get("is_default")?;
    Ok(Tenant {
        id,
        kind: TenantKind::from_stored(&kind).ok_or(StoreError::Corrupt("tenant kind"))?,
        slug: row.try_get("slug")?,
        name,
        parent: parent.map(TenantId),
        path: row.try_get("path")?,
        sip_domain: row.try_get("sip_domain")?,
        is_default: is_default != 0,
    })
}
