//! Stored delegations feed `access::decide`: a reseller admin reads a
//! customer's call records only while the customer's admin has delegated
//! that class; an end user cannot delegate.

mod accounts_support;
#[macro_use]
mod backends;

use access::{AuthStrength, Decision, DenyReason, Permission, PermissionClass, Role, Target, TenantPath, decide};
use accounts_support::{customer, later, person, t0};
use backends::DataDir;
use store::StoreError;

on_both_backends!(delegation_grants_and_revokes);

async fn delegation_grants_and_revokes(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let reseller = store.tenant_by_slug("r").await.unwrap().unwrap();
    let customer_path = TenantPath::parse(&store.tenant_by_slug("c").await.unwrap().unwrap().path).unwrap();
    let admin = person(&store, &tenant, Role::CustomerAdmin, "rae@example.com").await;
    let user = person(&store, &tenant, Role::User, "sol@example.com").await;
    let partner = person(&store, &reseller.id, Role::ResellerAdmin, "tom@example.com").await;
    let actor = |id| {
        let store = store.clone();
        async move { store.actor_for(&store.person(&id).await.unwrap(), AuthStrength::PasswordAndTotp).await.unwrap() }
    };
    let (admin, user, partner) = (actor(admin).await, actor(user).await, actor(partner).await);
    let target = |store: store::Store| {
        let (path, tenant) = (customer_path.clone(), tenant.clone());
        async move { Target::tenant(path).with_delegations(store.delegations_of(&tenant).await.unwrap()) }
    };

    let before = decide(&partner, Permission::CdrRead, &target(store.clone()).await, t0());
    assert_eq!(before, Decision::Deny(DenyReason::NotDelegated));
    let refused = store.delegate(&user, &customer_path, PermissionClass::CallRecords, t0()).await;
    assert!(matches!(refused, Err(StoreError::Access(_))), "{refused:?}");

    let id = store.delegate(&admin, &customer_path, PermissionClass::CallRecords, t0()).await.unwrap();
    let during = decide(&partner, Permission::CdrRead, &target(store.clone()).await, later(t0(), 60));
    assert!(during.is_allowed(), "{during:?}");
    store.revoke_delegation(&id, "test", later(t0(), 120)).await.unwrap();
    let after = decide(&partner, Permission::CdrRead, &target(store.clone()).await, later(t0(), 180));
    assert_eq!(after, Decision::Deny(DenyReason::NotDelegated));
}
