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

/// A complete opt-out notice template (64.2008(c), (d)), version `version`.
pub fn opt_out_template(version: &str) -> compliance::notice::NoticeTemplate {
    use compliance::notice::{Element as E, NoticeKind, NoticeTemplate};
    let sections = [
        (E::RightAndDuty, "You have a right, and we have a duty, under federal law to protect your CPNI."),
        (E::CpniTypes, "CPNI is the services you buy and the numbers, times and length of your calls."),
        (E::Recipients, "Our affiliates that provide communications services may receive it."),
        (E::Purposes, "We would use it to offer you communications services."),
        (E::RightToDisapprove, "You may disapprove, and deny or withdraw access at any time."),
        (E::StepsToGrantOrDeny, "Call 611 or use the CPNI choices page of the portal to say no."),
        (E::ServiceUnaffected, "Saying no will not affect the provision of any services you buy from us."),
        (E::ValidUntilRevoked, "Your choice stays in effect until you change it."),
        (E::WaitingPeriod, "If you do not opt out within 30 days, we will assume your approval."),
        (E::OptOutMethod, "Opting out is free and available 24 hours a day, seven days a week."),
    ];
    NoticeTemplate {
        kind: NoticeKind::OptOut,
        version: version.into(),
        sections: sections.into_iter().map(|(element, text)| (element, text.to_owned())).collect(),
    }
}

/// The host operator's request for network operations: the tests' plain read.
pub fn operator() -> CpniRequest {
    host(Purpose::NetworkOperations)
}
