//! Issue 5, item 5: platform_admin powers exist only through a grant a
//! security officer issues for a scope and a window; grants expire by
//! themselves and can be revoked.

mod common;

use access::{
    AccessError, AllowBasis, Decision, DenyReason, GrantId, JitGrant, JitScope, MAX_GRANT_WINDOW, Permission, Role,
    Target, decide,
};
use common::{actor, at, path, person};
use jiff::SignedDuration;

const ISSUED: i64 = 1_800_000_000;

fn officer() -> access::Actor {
    actor("officer", Role::SecurityOfficer, "p")
}

fn scope() -> JitScope {
    JitScope { tenant: path("p/r1"), permissions: vec![Permission::PbxConfigure, Permission::PbxRead] }
}

fn grant(hours: i64) -> JitGrant {
    let window = (at(ISSUED), at(ISSUED + hours * 3600));
    JitGrant::issue(GrantId("g1".into()), &officer(), person("eng"), scope(), window, at(ISSUED)).unwrap()
}

fn engineer_with(grant: JitGrant) -> access::Actor {
    let mut engineer = actor("eng", Role::PlatformAdmin, "p");
    engineer.grants.push(grant);
    engineer
}

fn configure_customer(engineer: &access::Actor, seconds: i64) -> Decision {
    decide(engineer, Permission::PbxConfigure, &Target::tenant(path("p/r1/c1")), at(seconds))
}

#[test]
fn without_a_grant_a_platform_admin_can_do_nothing() {
    let engineer = actor("eng", Role::PlatformAdmin, "p");
    assert_eq!(configure_customer(&engineer, ISSUED), Decision::Deny(DenyReason::NoActiveGrant));
}

#[test]
fn an_active_grant_allows_and_names_itself_for_the_audit() {
    let engineer = engineer_with(grant(2));
    assert_eq!(configure_customer(&engineer, ISSUED + 60), Decision::Allow(AllowBasis::Grant(GrantId("g1".into()))));
}

#[test]
fn a_grant_expires_by_itself() {
    let engineer = engineer_with(grant(2));
    assert!(configure_customer(&engineer, ISSUED + 2 * 3600 - 1).is_allowed());
    assert_eq!(configure_customer(&engineer, ISSUED + 2 * 3600), Decision::Deny(DenyReason::NoActiveGrant));
}

#[test]
fn a_grant_does_not_start_before_its_window() {
    let window = (at(ISSUED + 600), at(ISSUED + 3600));
    let later = JitGrant::issue(GrantId("g2".into()), &officer(), person("eng"), scope(), window, at(ISSUED)).unwrap();
    let engineer = engineer_with(later);
    assert!(!configure_customer(&engineer, ISSUED + 599).is_allowed());
    assert!(configure_customer(&engineer, ISSUED + 600).is_allowed());
}

#[test]
fn a_revoked_grant_stops_at_revocation() {
    let mut revoked = grant(8);
    revoked.revoke(at(ISSUED + 300));
    let engineer = engineer_with(revoked);
    assert!(configure_customer(&engineer, ISSUED + 299).is_allowed());
    assert_eq!(configure_customer(&engineer, ISSUED + 300), Decision::Deny(DenyReason::NoActiveGrant));
}

#[test]
fn a_later_revocation_does_not_undo_an_earlier_one() {
    let mut revoked = grant(8);
    revoked.revoke(at(ISSUED + 300));
    revoked.revoke(at(ISSUED + 900));
    assert_eq!(revoked.revoked_at, Some(at(ISSUED + 300)));
}

#[test]
fn a_grant_covers_only_its_permissions_and_subtree() {
    let engineer = engineer_with(grant(2));
    let now = at(ISSUED + 60);
    let other_reseller = Target::tenant(path("p/r2/c9"));
    assert!(!decide(&engineer, Permission::PbxConfigure, &other_reseller, now).is_allowed());
    let customer = Target::tenant(path("p/r1/c1"));
    assert_eq!(decide(&engineer, Permission::UserManage, &customer, now), Decision::Deny(DenyReason::NoActiveGrant));
}

#[test]
fn a_grant_never_lends_more_than_the_platform_admin_row() {
    let mut wide = grant(2);
    wide.scope.permissions = Permission::ALL.to_vec();
    let engineer = engineer_with(wide);
    let customer = Target::tenant(path("p/r1/c1"));
    let play = decide(&engineer, Permission::RecordingPlay, &customer, at(ISSUED + 60));
    assert_eq!(play, Decision::Deny(DenyReason::RoleLacksPermission));
}

#[test]
fn a_grant_for_someone_else_does_not_apply() {
    let mut engineer = engineer_with(grant(2));
    engineer.person = person("other-eng");
    assert!(!configure_customer(&engineer, ISSUED + 60).is_allowed());
}

#[test]
fn only_a_security_officer_issues_grants() {
    let window = (at(ISSUED), at(ISSUED + 3600));
    for role in [Role::PlatformAdmin, Role::Support, Role::ResellerAdmin, Role::CustomerAdmin, Role::User] {
        let issuer = actor("someone", role, "p");
        let refused = JitGrant::issue(GrantId("g".into()), &issuer, person("eng"), scope(), window, at(ISSUED));
        assert_eq!(refused.unwrap_err(), AccessError::GrantRefused(DenyReason::RoleLacksPermission), "{role}");
    }
}

#[test]
fn an_officer_cannot_grant_to_themself_or_outside_their_tenant() {
    let window = (at(ISSUED), at(ISSUED + 3600));
    let to_self = JitGrant::issue(GrantId("g".into()), &officer(), person("officer"), scope(), window, at(ISSUED));
    assert_eq!(to_self.unwrap_err(), AccessError::GrantRefused(DenyReason::SelfGrant));
    let reseller_officer = actor("officer", Role::SecurityOfficer, "p/r2");
    let outside = JitGrant::issue(GrantId("g".into()), &reseller_officer, person("eng"), scope(), window, at(ISSUED));
    assert_eq!(outside.unwrap_err(), AccessError::GrantRefused(DenyReason::OutsideTenant));
}

#[test]
fn windows_must_be_short_non_empty_and_not_over() {
    let too_long = (at(ISSUED), at(ISSUED) + MAX_GRANT_WINDOW + SignedDuration::from_secs(1));
    let empty = (at(ISSUED), at(ISSUED));
    let over = (at(ISSUED - 7200), at(ISSUED - 3600));
    for window in [too_long, empty, over] {
        let refused = JitGrant::issue(GrantId("g".into()), &officer(), person("eng"), scope(), window, at(ISSUED));
        assert_eq!(refused.unwrap_err(), AccessError::GrantRefused(DenyReason::GrantWindowInvalid));
    }
}

#[test]
fn a_platform_admin_manages_their_own_profile_without_a_grant() {
    let engineer = actor("eng", Role::PlatformAdmin, "p");
    let own = Target::tenant(path("p")).owned_by(person("eng"));
    assert_eq!(decide(&engineer, Permission::ProfileManage, &own, at(ISSUED)), Decision::Allow(AllowBasis::Role));
}

#[test]
fn a_stored_grant_with_an_overlong_window_is_ignored() {
    let mut stretched = grant(2);
    stretched.expires = stretched.not_before + MAX_GRANT_WINDOW + SignedDuration::from_secs(60);
    let engineer = engineer_with(stretched);
    assert_eq!(configure_customer(&engineer, ISSUED + 60), Decision::Deny(DenyReason::NoActiveGrant));
}
