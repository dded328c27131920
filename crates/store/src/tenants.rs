//! The tenant tree: platform → reseller → customer (ARCHITECTURE.md, principle 4).
//!
//! Provisioning upserts by slug, so applying the same file twice changes nothing.

use model::{Tenant, TenantId, TenantKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::id::{new_id, now_ms};
use crate::{Store, StoreError};

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

const COLUMNS: &str = "id, kind, slug, name, parent_id, path, sip_domain, is_default";

impl Store {
    /// The platform root, created on first use.
    pub async fn platform(&self) -> Result<Tenant, StoreError> {
        if let Some(platform) = self.tenant_by_slug(PLATFORM_SLUG).await? {
            return Ok(platform);
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO tenants (id, kind, slug, name, parent_id, path, created_ms) \
             VALUES ($1, 'platform', $2, 'Platform', NULL, $1, $3) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&id)
        .bind(PLATFORM_SLUG)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
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
        if let Some(existing) = self.tenant_by_slug(&new.slug).await? {
            check_kind(existing, kind)?;
        }
        let mut tx = self.pool.begin().await?;
        if new.is_default {
            sqlx::query("UPDATE tenants SET is_default = 0 WHERE is_default = 1 AND slug <> $1")
                .bind(&new.slug)
                .execute(&mut *tx)
                .await?;
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO tenants (id, kind, slug, name, parent_id, path, sip_domain, is_default, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6 || '/' || $1, $7, $8, $9) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, \
             sip_domain = excluded.sip_domain, is_default = excluded.is_default",
        )
        .bind(&id)
        .bind(kind.as_str())
        .bind(&new.slug)
        .bind(&new.name)
        .bind(&parent.id.0)
        .bind(&parent.path)
        .bind(new.sip_domain.as_deref().map(str::to_ascii_lowercase))
        .bind(i64::from(new.is_default))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let tenant = self.tenant_by_slug(&new.slug).await?;
        let tenant = tenant.ok_or(StoreError::Corrupt("upserted tenant vanished"))?;
        check_kind(tenant, kind)
    }

    /// The tenant with this slug.
    pub async fn tenant_by_slug(&self, slug: &str) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE slug = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(slug).fetch_optional(&self.pool).await?;
        row.as_ref().map(tenant_from_row).transpose()
    }

    /// The customer whose SIP domain this is (case-insensitive: domains are
    /// stored lower-case, ASCII, and looked up so).
    pub async fn customer_by_domain(&self, domain: &str) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE sip_domain = $1 AND kind = 'customer'");
        let domain = domain.to_ascii_lowercase();
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(domain).fetch_optional(&self.pool).await?;
        row.as_ref().map(tenant_from_row).transpose()
    }

    /// The customer that phones registering to the bare server address land in.
    pub async fn default_customer(&self) -> Result<Option<Tenant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM tenants WHERE is_default = 1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_optional(&self.pool).await?;
        row.as_ref().map(tenant_from_row).transpose()
    }
}

fn check_kind(tenant: Tenant, kind: TenantKind) -> Result<Tenant, StoreError> {
    if tenant.kind == kind {
        return Ok(tenant);
    }
    Err(StoreError::WrongKind { slug: tenant.slug, expected: kind.as_str() })
}

fn tenant_from_row(row: &AnyRow) -> Result<Tenant, StoreError> {
    let kind: String = row.try_get("kind")?;
    let parent: Option<String> = row.try_get("parent_id")?;
    let is_default: i64 = row.try_get("is_default")?;
    Ok(Tenant {
        id: TenantId(row.try_get("id")?),
        kind: TenantKind::from_stored(&kind).ok_or(StoreError::Corrupt("tenant kind"))?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        parent: parent.map(TenantId),
        path: row.try_get("path")?,
        sip_domain: row.try_get("sip_domain")?,
        is_default: is_default != 0,
    })
}
