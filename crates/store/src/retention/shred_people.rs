//! A deleted customer's people (issue 3 item 3 meets issue 5 items 1, 4, 5;
//! migration 13): within [`super::shred`]'s transaction, its people rows,
//! their recovery codes, OpenID Connect codes and access tokens, every just-in-time grant issued to or by them and
//! every delegation of the customer (or recorded by its people) are deleted.
//!
//! Their sealed values could no longer be opened once the customer's keys
//! are destroyed, but the sign-in name's blind index is under the
//! *platform's* index key, which survives: only deleting the row frees the
//! name for someone else and stops the people being listed. The ids are
//! returned for the audit record; nothing else of them is.

use model::TenantId;
use sqlx::AnyConnection;

use crate::{AuditDecision, AuditRecord, StoreError};

/// The customer's people, as a sub-select.
const PEOPLE: &str = "SELECT id FROM people WHERE tenant_id = $1";

/// The ids [`delete_people`] deleted.
#[derive(Debug, Default)]
pub(super) struct PeopleDeleted {
    people: Vec<String>,
    grants: Vec<String>,
    delegations: Vec<String>,
}

/// Deletes `customer`'s people and everything naming them, inside `tx`.
pub(super) async fn delete_people(tx: &mut AnyConnection, customer: &TenantId) -> Result<PeopleDeleted, StoreError> {
    let grants_of = format!("jit_grants WHERE issuer_id IN ({PEOPLE}) OR grantee_id IN ({PEOPLE})");
    let delegations_of = format!("delegations WHERE customer_id = $1 OR granted_by IN ({PEOPLE})");
    let deleted = PeopleDeleted {
        grants: delete_returning_ids(tx, &grants_of, customer).await?,
        delegations: delete_returning_ids(tx, &delegations_of, customer).await?,
        people: Vec::new(),
    };
    for table in ["recovery_codes", "oidc_access_tokens", "oidc_codes"] {
        let rows = format!("DELETE FROM {table} WHERE person_id IN ({PEOPLE})");
        sqlx::query(sqlx::AssertSqlSafe(rows)).bind(&customer.0).execute(&mut *tx).await?;
    }
    let people = delete_returning_ids(tx, "people WHERE tenant_id = $1", customer).await?;
    Ok(PeopleDeleted { people, ..deleted })
}

/// `DELETE FROM <from_where> RETURNING id`, bound to the customer's id.
async fn delete_returning_ids(
    tx: &mut AnyConnection,
    from_where: &str,
    customer: &TenantId,
) -> Result<Vec<String>, StoreError> {
    let sql = format!("DELETE FROM {from_where} RETURNING id");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(&customer.0).fetch_all(&mut *tx).await?)
}

impl PeopleDeleted {
    /// One audit record per deleted row, naming its id only.
    pub(super) fn audit_records(&self, actor: &str, at_ms: i64) -> Vec<AuditRecord> {
        let kinds =
            [("person.delete", &self.people), ("grant.delete", &self.grants), ("delegation.delete", &self.delegations)];
        let record = |action: &str, id: &String| AuditRecord {
            at_ms,
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: id.clone(),
            purpose: "crypto-shredding".into(),
            decision: AuditDecision::Allow,
            source: "store".into(),
        };
        kinds.iter().flat_map(|(action, ids)| ids.iter().map(move |id| record(action, id))).collect()
    }
}
