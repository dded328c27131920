//! Carrier trunks and DIDs as provisioned (issue 4 item 2; ARCHITECTURE.md
//! principle 5 for the credentials).
//!
//! A trunk row belongs to a customer, or to the platform tenant when it
//! serves every customer; its digest credentials are sealed under that
//! tenant's data key, bound ([`Aad`]) to `trunks/credentials/<name>`. A DID
//! row maps a customer's E.164 number to one of its extensions. Rows of a
//! deleted customer are not returned (its key is gone). Nothing here is
//! logged.

use std::fmt;

use model::{SipTransport, TenantId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::crypto::Aad;
use crate::id::now_ms;
use crate::rotation::SealedTable;
use crate::{Store, StoreError};

const TABLE: &str = "trunks";
const CREDENTIALS: &str = "credentials";

/// Where the re-seal job finds trunks' sealed credentials.
pub(crate) const SEALED: SealedTable = SealedTable {
    table: TABLE,
    tenant_column: "tenant_id",
    select: "name",
    columns: &[("credentials_sealed", CREDENTIALS)],
    aad_row: |row| Ok(row.try_get("name")?),
};

/// A trunk's digest user name and password.
#[derive(Clone, PartialEq, Eq)]
pub struct TrunkSecret {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for TrunkSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrunkSecret(<redacted>)")
    }
}

/// A provisioned trunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTrunk {
    /// Its unique name.
    pub name: String,
    /// The customer it serves, or the platform tenant for every customer.
    pub owner: TenantId,
    /// Its host name or address.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// The transport to reach it.
    pub transport: SipTransport,
    /// Digest credentials, if it asks for them.
    pub secret: Option<TrunkSecret>,
}

/// A provisioned DID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDid {
    /// The number, E.164.
    pub number: String,
    /// The customer owning it.
    pub customer: TenantId,
    /// The extension it rings.
    pub extension: String,
}

impl Store {
    /// Creates or replaces the trunk named `trunk.name`. A user name or
    /// password holding a line feed is refused.
    pub async fn upsert_trunk(&self, trunk: &StoredTrunk) -> Result<(), StoreError> {
        let plain = credentials_text(trunk.secret.as_ref())?;
        let aad = Aad::new(TABLE, CREDENTIALS, &trunk.name);
        let sealed = self.keyring.seal(&trunk.owner, plain.as_bytes(), &aad).await?;
        sqlx::query(
            "INSERT INTO trunks (name, tenant_id, host, port, transport, credentials_sealed, updated_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name) DO UPDATE SET tenant_id = excluded.tenant_id, \
             host = excluded.host, port = excluded.port, transport = excluded.transport, \
             credentials_sealed = excluded.credentials_sealed, updated_ms = excluded.updated_ms",
        )
        .bind(&trunk.name)
        .bind(&trunk.owner.0)
        .bind(&trunk.host)
        .bind(i64::from(trunk.port))
        .bind(transport_name(trunk.transport))
        .bind(&sealed)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every trunk of a live tenant, by name, credentials opened.
    pub async fn trunks(&self) -> Result<Vec<StoredTrunk>, StoreError> {
        let rows = sqlx::query(
            "SELECT t.name, t.tenant_id, t.host, t.port, t.transport, t.credentials_sealed FROM trunks t \
             JOIN tenants o ON o.id = t.tenant_id WHERE o.deleted_ms IS NULL ORDER BY t.name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut trunks = Vec::with_capacity(rows.len());
        for row in &rows {
            trunks.push(self.trunk_from_row(row).await?);
        }
        Ok(trunks)
    }

    /// Creates or replaces the DID `did.number`.
    pub async fn upsert_did(&self, did: &StoredDid) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO dids (number, tenant_id, extension, updated_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (number) DO UPDATE SET tenant_id = excluded.tenant_id, extension = excluded.extension, \
             updated_ms = excluded.updated_ms",
        )
        .bind(&did.number)
        .bind(&did.customer.0)
        .bind(&did.extension)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every DID of a live customer, by number, with the customer's slug.
    pub async fn dids(&self) -> Result<Vec<(StoredDid, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.number, d.tenant_id, d.extension, o.slug FROM dids d JOIN tenants o ON o.id = d.tenant_id \
             WHERE o.deleted_ms IS NULL ORDER BY d.number",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let did = StoredDid {
                    number: row.try_get("number")?,
                    customer: TenantId(row.try_get("tenant_id")?),
                    extension: row.try_get("extension")?,
                };
                Ok((did, row.try_get("slug")?))
            })
            .collect()
    }

    async fn trunk_from_row(&self, row: &AnyRow) -> Result<StoredTrunk, StoreError> {
        let name: String = row.try_get("name")?;
        let owner = TenantId(row.try_get("tenant_id")?);
        let sealed: Vec<u8> = row.try_get("credentials_sealed")?;
        let opened = self.keyring.open(&owner, &sealed, &Aad::new(TABLE, CREDENTIALS, &name)).await?;
        let secret = credentials_from(&opened)?;
        let port: i64 = row.try_get("port")?;
        let transport: String = row.try_get("transport")?;
        Ok(StoredTrunk {
            port: u16::try_from(port).map_err(|_| StoreError::Corrupt("trunk port"))?,
            transport: transport_from(&transport).ok_or(StoreError::Corrupt("trunk transport"))?,
            host: row.try_get("host")?,
            name,
            owner,
            secret,
        })
    }
}

fn credentials_text(secret: Option<&TrunkSecret>) -> Result<String, StoreError> {
    let Some(secret) = secret else { return Ok(String::new()) };
    if secret.username.contains('\n') || secret.password.contains('\n') || secret.username.is_empty() {
        return Err(StoreError::Invalid("trunk credentials"));
    }
    Ok(format!("{}\n{}", secret.username, secret.password))
}

fn credentials_from(opened: &[u8]) -> Result<Option<TrunkSecret>, StoreError> {
    let text = std::str::from_utf8(opened).map_err(|_| StoreError::Corrupt("trunk credentials are not UTF-8"))?;
    if text.is_empty() {
        return Ok(None);
    }
    let (username, password) = text.split_once('\n').ok_or(StoreError::Corrupt("trunk credentials"))?;
    Ok(Some(TrunkSecret { username: username.to_owned(), password: password.to_owned() }))
}

/// The stored transport: lower case, as the migration's CHECK names it.
fn transport_name(transport: SipTransport) -> String {
    transport.as_str().to_ascii_lowercase()
}

fn transport_from(name: &str) -> Option<SipTransport> {
    SipTransport::from_stored(&name.to_ascii_uppercase())
}
