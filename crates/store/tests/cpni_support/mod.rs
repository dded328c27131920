//! Fixtures shared by the CPNI gate, approval and campaign tests.

#![allow(dead_code, unreachable_pub)]

use access::{Actor, AuthStrength, PersonId, Role, TenantPath};
use compliance::{Accessor, CpniRequest, Purpose};
use sqlx::{AnyPool, Row};
use store::Store;

/// A person acting with `role` at the tenant whose path is `home`, signed in with TOTP.
pub fn actor(id: &str, role: Role, home: &str) -> Actor {
    Actor {
        person: PersonId(id.into()),
        home: TenantPath::parse(home).unwrap(),
        role,
        strength: AuthStrength::PasswordAndTotp,
        grants: Vec::new(),
    }
}

/// A request by `accessor` for `purpose` from a documentation address.
pub fn request(accessor: Accessor, purpose: Purpose) -> CpniRequest {
    CpniRequest { accessor, purpose, source: "192.0.2.7".into() }
}

/// The host operator's request for `purpose`.
pub fn host(purpose: Purpose) -> CpniRequest {
    request(Accessor::HostOperator { name: "operator:test".into() }, purpose)
}

/// The tenant path of the tenant with `slug`.
pub async fn path_of(store: &Store, slug: &str) -> String {
    store.tenant_by_slug(slug).await.unwrap().unwrap().path
}

/// The audit log's rows after `after`: (actor, action, target, purpose, decision, source).
pub async fn audit_rows(pool: &AnyPool, after: i64) -> Vec<[String; 6]> {
    let rows = sqlx::query(
        "SELECT actor, action, target, purpose, decision, source FROM audit_log WHERE seq > $1 ORDER BY seq",
    )
    .bind(after)
    .fetch_all(pool)
    .await
    .unwrap();
    rows.iter().map(|row| std::array::from_fn(|i| row.try_get::<String, _>(i).unwrap())).collect()
}

/// The audit log's last sequence number.
pub async fn audit_tail(pool: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetch_one(pool).await.unwrap()
}
