//! Registered OpenID Connect clients: add, look up, list, remove. Removing
//! a client deletes its pending codes and its access tokens with it
//! (`ON DELETE CASCADE`).

use access::oidc::client::{Client, ClientId, ClientKind, Registration, register};
use access::oidc::secret::SecretHash;
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::AuditDecision;
use crate::{Store, StoreError};

const COLUMNS: &str = "id, name, kind, secret_hash, redirect_uris";

impl Store {
    /// Registers a client; the returned registration holds a confidential
    /// client's secret, to show once. `by` names who did it in the audit log.
    pub async fn oidc_add_client(
        &self,
        name: &str,
        redirect_uris: &[String],
        kind: ClientKind,
        by: &str,
        now: Timestamp,
    ) -> Result<Registration, StoreError> {
        crate::check_free_text("client name", name)?;
        let registration = register(name, redirect_uris, kind)?;
        let client = &registration.client;
        sqlx::query(
            "INSERT INTO oidc_clients (id, name, kind, secret_hash, redirect_uris, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&client.id.0)
        .bind(&client.name)
        .bind(client.kind.as_str())
        .bind(client.secret_hash.map(|hash| hash.0.to_vec()))
        .bind(client.redirect_uris.join("\n"))
        .bind(now.as_millisecond())
        .execute(&self.pool)
        .await?;
        self.audit_oidc(by, "oidc.client_add", &client.id.0, AuditDecision::Allow, now).await?;
        Ok(registration)
    }

    /// The client with this id, if registered.
    pub async fn oidc_client(&self, id: &ClientId) -> Result<Option<Client>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM oidc_clients WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(client_from_row).transpose()
    }

    /// Every registered client, by name.
    pub async fn oidc_clients(&self) -> Result<Vec<Client>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM oidc_clients ORDER BY name, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(client_from_row).collect()
    }

    /// Removes a client with its codes and tokens; false if there was none.
    pub async fn oidc_remove_client(&self, id: &ClientId, by: &str, now: Timestamp) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM oidc_clients WHERE id = $1").bind(&id.0).execute(&self.pool).await?;
        let removed = deleted.rows_affected() == 1;
        if removed {
            self.audit_oidc(by, "oidc.client_remove", &id.0, AuditDecision::Allow, now).await?;
        }
        Ok(removed)
    }
}

fn client_from_row(row: &AnyRow) -> Result<Client, StoreError> {
    let kind: String = row.try_get("kind")?;
    let secret: Option<Vec<u8>> = row.try_get("secret_hash")?;
    let secret_hash =
        secret.map(|bytes| SecretHash::from_slice(&bytes).ok_or(StoreError::Corrupt("client secret hash")));
    let uris: String = row.try_get("redirect_uris")?;
    Ok(Client {
        id: ClientId(row.try_get("id")?),
        name: row.try_get("name")?,
        kind: ClientKind::from_name(&kind).ok_or(StoreError::Corrupt("client kind"))?,
        redirect_uris: uris.lines().map(str::to_owned).collect(),
        secret_hash: secret_hash.transpose()?,
    })
}
