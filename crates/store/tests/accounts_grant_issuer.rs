//! Only a security officer issues just-in-time grants, and only when signed
//! in with TOTP: a support engineer's attempt is refused and stores nothing.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AccessError, AuthStrength, DenyReason, JitScope, Permission, Role, TenantPath};
use accounts_support::{later, person, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(only_a_security_officer_issues_grants);

async fn only_a_security_officer_issues_grants(dir: DataDir) {
    let store = dir.open().await;
    let platform = store.platform().await.unwrap();
    let engineer = person(&store, &platform.id, Role::PlatformAdmin, "ivy@example.com").await;
    let support = person(&store, &platform.id, Role::Support, "jon@example.com").await;
    let officer = person(&store, &platform.id, Role::SecurityOfficer, "kim@example.com").await;
    let scope = JitScope { tenant: TenantPath::parse(&platform.path).unwrap(), permissions: vec![Permission::CdrRead] };
    let window = (t0(), later(t0(), 3600));

    let support = store.actor_for(&store.person(&support).await.unwrap(), AuthStrength::PasswordAndTotp).await.unwrap();
    let refused = store.issue_grant(&support, &engineer, scope.clone(), window, t0()).await;
    assert!(matches!(refused, Err(StoreError::IssuerNotSecurityOfficer)), "{refused:?}");
    assert!(store.grants().await.unwrap().is_empty());

    let officer = store.person(&officer).await.unwrap();
    let weak = store.actor_for(&officer, AuthStrength::Password).await.unwrap();
    let refused = store.issue_grant(&weak, &engineer, scope.clone(), window, t0()).await;
    let second_factor = AccessError::GrantRefused(DenyReason::SecondFactorRequired);
    assert!(matches!(refused, Err(StoreError::Access(ref e)) if *e == second_factor), "{refused:?}");

    let strong = store.actor_for(&officer, AuthStrength::PasswordAndTotp).await.unwrap();
    let grant = store.issue_grant(&strong, &engineer, scope, window, t0()).await.unwrap();
    assert_eq!(store.grants().await.unwrap(), vec![grant]);
}
