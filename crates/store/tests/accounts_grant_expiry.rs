//! Stored grants feed `access::decide`: an engineer's platform powers on a
//! customer exist inside the grant's window only, end when it expires, and
//! end early when it is revoked.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AllowBasis, AuthStrength, Decision, DenyReason, JitScope, Permission, Role, Target, TenantPath, decide};
use accounts_support::{customer, later, person, t0};
use backends::DataDir;

on_both_backends!(grants_expire_and_revoke);

async fn grants_expire_and_revoke(dir: DataDir) {
    let store = dir.open().await;
    customer(&store).await;
    let platform = store.platform().await.unwrap();
    let engineer = person(&store, &platform.id, Role::PlatformAdmin, "lea@example.com").await;
    let officer = person(&store, &platform.id, Role::SecurityOfficer, "max@example.com").await;
    let officer = store.actor_for(&store.person(&officer).await.unwrap(), AuthStrength::PasswordAndTotp).await.unwrap();
    let customer_path = TenantPath::parse(&store.tenant_by_slug("c").await.unwrap().unwrap().path).unwrap();
    let scope = JitScope { tenant: customer_path.clone(), permissions: vec![Permission::CdrRead] };
    let grant = store.issue_grant(&officer, &engineer, scope, (t0(), later(t0(), 7200)), t0()).await.unwrap();
    let target = Target::tenant(customer_path);
    let engineer = store.person(&engineer).await.unwrap();
    let actor = store.actor_for(&engineer, AuthStrength::PasswordAndTotp).await.unwrap();

    let inside = decide(&actor, Permission::CdrRead, &target, later(t0(), 3600));
    assert_eq!(inside, Decision::Allow(AllowBasis::Grant(grant.id.clone())));
    let expired = decide(&actor, Permission::CdrRead, &target, later(t0(), 7200));
    assert_eq!(expired, Decision::Deny(DenyReason::NoActiveGrant));
    let other = decide(&actor, Permission::BillingRead, &target, later(t0(), 3600));
    assert!(!other.is_allowed(), "the grant lends only what it names");

    store.revoke_grant(&grant.id, "test", later(t0(), 1800)).await.unwrap();
    let actor = store.actor_for(&engineer, AuthStrength::PasswordAndTotp).await.unwrap();
    assert!(decide(&actor, Permission::CdrRead, &target, later(t0(), 1000)).is_allowed(), "before the revocation");
    let revoked = decide(&actor, Permission::CdrRead, &target, later(t0(), 3600));
    assert_eq!(revoked, Decision::Deny(DenyReason::NoActiveGrant));
}
