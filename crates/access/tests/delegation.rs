//! Issue 5, item 4: a reseller holds only basic PBX setup on its customers
//! unless a customer admin delegates a class; delegations are scoped to one
//! customer and class, and revocable.

mod common;

use access::{
    AccessError, AllowBasis, Decision, Delegation, DenyReason, Permission, PermissionClass, Role, Target, decide,
};
use common::{actor, at, path};

const T0: i64 = 1_800_000_000;

fn reseller() -> access::Actor {
    actor("rs", Role::ResellerAdmin, "p/r1")
}

fn call_records_of_c1() -> Delegation {
    let admin = actor("ca", Role::CustomerAdmin, "p/r1/c1");
    Delegation::grant(&admin, &path("p/r1/c1"), PermissionClass::CallRecords, at(T0)).unwrap()
}

fn read_cdrs(customer: &str, delegations: Vec<Delegation>, seconds: i64) -> Decision {
    let target = Target::tenant(path(customer)).with_delegations(delegations);
    decide(&reseller(), Permission::CdrRead, &target, at(seconds))
}

#[test]
fn basic_pbx_setup_needs_no_delegation() {
    let customer = Target::tenant(path("p/r1/c1"));
    for permission in [Permission::PbxRead, Permission::PbxConfigure, Permission::DeviceProvision] {
        assert_eq!(decide(&reseller(), permission, &customer, at(T0)), Decision::Allow(AllowBasis::Role));
    }
}

#[test]
fn call_records_need_a_delegation() {
    assert_eq!(read_cdrs("p/r1/c1", vec![], T0), Decision::Deny(DenyReason::NotDelegated));
    let allowed = read_cdrs("p/r1/c1", vec![call_records_of_c1()], T0 + 1);
    assert_eq!(allowed, Decision::Allow(AllowBasis::Delegation(PermissionClass::CallRecords)));
}

#[test]
fn a_delegation_covers_only_its_class() {
    let target = Target::tenant(path("p/r1/c1")).with_delegations(vec![call_records_of_c1()]);
    let play = decide(&reseller(), Permission::RecordingPlay, &target, at(T0 + 1));
    assert_eq!(play, Decision::Deny(DenyReason::NotDelegated));
}

#[test]
fn a_delegation_covers_only_its_customer() {
    assert_eq!(read_cdrs("p/r1/c2", vec![call_records_of_c1()], T0 + 1), Decision::Deny(DenyReason::NotDelegated));
}

#[test]
fn a_revoked_delegation_stops_at_revocation() {
    let mut delegation = call_records_of_c1();
    delegation.revoke(at(T0 + 100));
    assert!(read_cdrs("p/r1/c1", vec![delegation.clone()], T0 + 99).is_allowed());
    assert_eq!(read_cdrs("p/r1/c1", vec![delegation], T0 + 100), Decision::Deny(DenyReason::NotDelegated));
}

#[test]
fn a_delegation_does_not_act_before_it_was_granted() {
    assert_eq!(read_cdrs("p/r1/c1", vec![call_records_of_c1()], T0 - 1), Decision::Deny(DenyReason::NotDelegated));
}

#[test]
fn a_delegation_never_lends_more_than_the_reseller_row() {
    let admin = actor("ca", Role::CustomerAdmin, "p/r1/c1");
    let media = Delegation::grant(&admin, &path("p/r1/c1"), PermissionClass::Media, at(T0)).unwrap();
    let target = Target::tenant(path("p/r1/c1")).with_delegations(vec![media]);
    let voicemail = decide(&reseller(), Permission::VoicemailPlay, &target, at(T0 + 1));
    assert_eq!(voicemail, Decision::Deny(DenyReason::RoleLacksPermission));
    assert!(decide(&reseller(), Permission::RecordingPlay, &target, at(T0 + 1)).is_allowed());
}

#[test]
fn only_the_customer_admin_delegates() {
    for (role, home) in [(Role::ResellerAdmin, "p/r1"), (Role::User, "p/r1/c1"), (Role::Support, "p")] {
        let someone = actor("x", role, home);
        let refused = Delegation::grant(&someone, &path("p/r1/c1"), PermissionClass::CallRecords, at(T0));
        assert_eq!(refused.unwrap_err(), AccessError::GrantRefused(DenyReason::RoleLacksPermission), "{role}");
    }
    let other_admin = actor("ca2", Role::CustomerAdmin, "p/r1/c2");
    let refused = Delegation::grant(&other_admin, &path("p/r1/c1"), PermissionClass::CallRecords, at(T0));
    assert_eq!(refused.unwrap_err(), AccessError::GrantRefused(DenyReason::OutsideTenant));
}

#[test]
fn the_reseller_keeps_its_own_tenant_without_delegation() {
    let own = Target::tenant(path("p/r1"));
    assert_eq!(decide(&reseller(), Permission::CdrRead, &own, at(T0)), Decision::Allow(AllowBasis::Role));
}
