//! Deleting a customer (issue 3 item 3) also deletes its people: their rows,
//! recovery codes, the just-in-time grants to or from them and the
//! customer's delegations go in the deletion's transaction. Their sign-in
//! names are free again (the blind index is under the platform's key, so
//! only deleting the row frees it), another customer's people and the
//! platform's grants stay, and the audit log names ids only and verifies.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AuthStrength, JitScope, Permission, PermissionClass, Role, TenantPath};
use accounts_support::{customer, later, person, person_with_totp, t0};
use backends::DataDir;
use store::{NewPerson, NewTenant};

on_both_backends!(a_deleted_customers_people_go_with_it);

async fn a_deleted_customers_people_go_with_it(dir: DataDir) {
    let store = dir.open().await;
    let doomed = customer(&store).await;
    let other = store
        .upsert_customer(&NewTenant {
            slug: "d".into(),
            name: "D".into(),
            parent: Some("r".into()),
            sip_domain: Some("d.example".into()),
            is_default: false,
        })
        .await
        .unwrap()
        .id;
    let platform = store.platform().await.unwrap();
    let (admin, _, _) = person_with_totp(&store, &doomed, Role::CustomerAdmin, "rae@example.com").await;
    let user = person(&store, &doomed, Role::User, "sol@example.com").await;
    let kept = person(&store, &other, Role::User, "uma@example.com").await;
    let engineer = person(&store, &platform.id, Role::PlatformAdmin, "ivy@example.com").await;
    let (officer, _, _) = person_with_totp(&store, &platform.id, Role::SecurityOfficer, "kim@example.com").await;
    let officer = store.actor_for(&store.person(&officer).await.unwrap(), AuthStrength::PasswordAndTotp).await.unwrap();
    let scope = JitScope { tenant: TenantPath::parse(&platform.path).unwrap(), permissions: vec![Permission::CdrRead] };
    let window = (t0(), later(t0(), 3600));
    let to_doomed = store.issue_grant(&officer, &user, scope.clone(), window, t0()).await.unwrap();
    let to_engineer = store.issue_grant(&officer, &engineer, scope, window, t0()).await.unwrap();
    let admin_actor =
        store.actor_for(&store.person(&admin).await.unwrap(), AuthStrength::PasswordAndTotp).await.unwrap();
    let doomed_path = TenantPath::parse(&store.tenant_by_slug("c").await.unwrap().unwrap().path).unwrap();
    store.delegate(&admin_actor, &doomed_path, PermissionClass::CallRecords, t0()).await.unwrap();
    assert_eq!(store.recovery_codes_left(&admin).await.unwrap(), 10);

    store.delete_customer(&doomed, "operator-7").await.unwrap();

    let raw = dir.raw().await;
    for (table, column) in [("people", "tenant_id"), ("delegations", "customer_id")] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
        let left: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(&doomed.0).fetch_one(&raw).await.unwrap();
        assert_eq!(left, 0, "{table} of the deleted customer survive");
    }
    for id in [&admin, &user] {
        let codes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE person_id = $1")
            .bind(&id.0)
            .fetch_one(&raw)
            .await
            .unwrap();
        assert_eq!(codes, 0, "recovery codes survive");
        assert!(store.person(id).await.is_err(), "a deleted customer's person is still found");
    }
    let grants = store.grants().await.unwrap();
    assert!(grants.iter().all(|g| g.id != to_doomed.id), "a grant to a deleted person survives");
    assert!(grants.iter().any(|g| g.id == to_engineer.id), "the platform's own grant went too");
    assert_eq!(store.people_of(&other).await.unwrap().len(), 1);
    assert!(store.person(&kept).await.is_ok());

    let again = NewPerson { tenant: other.clone(), role: Role::User, login: "Rae@Example.com".into() };
    let reborn = store.create_person(&again, "test", t0()).await.unwrap();
    assert_eq!(reborn.login, "rae@example.com");

    let targets: Vec<(String, String)> =
        sqlx::query_as("SELECT action, target FROM audit_log ORDER BY seq").fetch_all(&raw).await.unwrap();
    assert!(targets.contains(&("person.delete".into(), admin.0.clone())), "{targets:?}");
    assert!(targets.contains(&("person.delete".into(), user.0.clone())), "{targets:?}");
    assert!(targets.iter().all(|(_, target)| !target.contains('@')), "an audit record names a login");
    let report = store.verify_audit().await.unwrap();
    assert!(report.problem.is_none(), "{report:?}");
}
