//! Just-in-time grants of `platform_admin` powers, stored (issue 5 item 5):
//! issued only by a security officer (`access::JitGrant::issue` decides the
//! rest: `access.grant` over the scope, no self-grant, a window of at most
//! 12 hours), revocable, expiring by themselves because `access::decide`
//! checks the window at every use. Issue and revocation are audited.

use access::{Actor, GrantId, JitGrant, JitScope, Permission, PersonId, Role, TenantPath};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{ms, timestamp};
use crate::audit::AuditDecision;
use crate::id::new_id;
use crate::{Store, StoreError};

const COLUMNS: &str = "id, issuer_id, grantee_id, scope_path, permissions, not_before_ms, expires_ms, revoked_ms";

impl Store {
    /// Issues and stores a grant. `issuer` is the security officer as they
    /// signed in (their strength counts: `access.grant` needs TOTP).
    pub async fn issue_grant(
        &self,
        issuer: &Actor,
        grantee: &PersonId,
        scope: JitScope,
        window: (Timestamp, Timestamp),
        now: Timestamp,
    ) -> Result<JitGrant, StoreError> {
        if issuer.role != Role::SecurityOfficer {
            self.audit_account(&issuer.person.0, "grant.issue", &grantee.0, AuditDecision::Deny, now).await?;
            return Err(StoreError::IssuerNotSecurityOfficer);
        }
        self.person(grantee).await?;
        let issued = JitGrant::issue(GrantId(new_id()), issuer, grantee.clone(), scope, window, now);
        let grant = match issued {
            Ok(grant) => grant,
            Err(refused) => {
                self.audit_account(&issuer.person.0, "grant.issue", &grantee.0, AuditDecision::Deny, now).await?;
                return Err(refused.into());
            }
        };
        self.insert_grant(&grant, now).await?;
        self.audit_account(&issuer.person.0, "grant.issue", &grant.id.0, AuditDecision::Allow, now).await?;
        Ok(grant)
    }

    async fn insert_grant(&self, grant: &JitGrant, now: Timestamp) -> Result<(), StoreError> {
        let permissions: Vec<&str> = grant.scope.permissions.iter().map(|p| p.name()).collect();
        sqlx::query(
            "INSERT INTO jit_grants (id, issuer_id, grantee_id, scope_path, permissions, not_before_ms, expires_ms, \
             created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&grant.id.0)
        .bind(&grant.issued_by.0)
        .bind(&grant.grantee.0)
        .bind(grant.scope.tenant.to_string())
        .bind(permissions.join(","))
        .bind(ms(grant.not_before))
        .bind(ms(grant.expires))
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Revokes a grant from `now` on (an earlier revocation stands).
    pub async fn revoke_grant(&self, id: &GrantId, by: &str, now: Timestamp) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE jit_grants SET revoked_ms = COALESCE(revoked_ms, $1) WHERE id = $2")
            .bind(ms(now))
            .bind(&id.0)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownGrant);
        }
        self.audit_account(by, "grant.revoke", &id.0, AuditDecision::Allow, now).await
    }

    /// Every grant, newest first (active, expired and revoked).
    pub async fn grants(&self) -> Result<Vec<JitGrant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM jit_grants ORDER BY created_ms DESC, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(grant_from_row).collect()
    }

    /// The grants issued to `person` (`access::decide` checks their windows).
    pub async fn grants_to(&self, person: &PersonId) -> Result<Vec<JitGrant>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM jit_grants WHERE grantee_id = $1 ORDER BY created_ms, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&person.0).fetch_all(&self.pool).await?;
        rows.iter().map(grant_from_row).collect()
    }
}

fn grant_from_row(row: &AnyRow) -> Result<JitGrant, StoreError> {
    let permissions: String = row.try_get("permissions")?;
    let permissions = permissions
        .split(',')
        .map(|name| Permission::from_name(name).ok_or(StoreError::Corrupt("unknown permission in a grant")))
        .collect::<Result<Vec<_>, _>>()?;
    let scope_path: String = row.try_get("scope_path")?;
    let revoked: Option<i64> = row.try_get("revoked_ms")?;
    Ok(JitGrant {
        id: GrantId(row.try_get("id")?),
        grantee: PersonId(row.try_get("grantee_id")?),
        issued_by: PersonId(row.try_get("issuer_id")?),
        scope: JitScope { tenant: TenantPath::parse(&scope_path)?, permissions },
        not_before: timestamp(row.try_get("not_before_ms")?)?,
        expires: timestamp(row.try_get("expires_ms")?)?,
        revoked_at: revoked.map(timestamp).transpose()?,
    })
}
