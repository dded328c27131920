//! Issue 5, item 2: every role above end user needs a TOTP-strength sign-in;
//! a password-only session still reaches its own profile, to enrol TOTP.

mod common;

use access::{AuthStrength, Decision, DenyReason, Permission, Role, Target, decide};
use common::{actor, at, path, person};

#[test]
fn roles_above_user_are_refused_on_a_password_only_session() {
    for role in [Role::SecurityOfficer, Role::Support, Role::ResellerAdmin, Role::CustomerAdmin] {
        let mut admin = actor("a", role, "p");
        admin.strength = AuthStrength::Password;
        let target = Target::tenant(path("p")).owned_by(person("a"));
        let read = decide(&admin, Permission::UserRead, &target, at(0));
        assert_eq!(read, Decision::Deny(DenyReason::SecondFactorRequired), "{role}");
    }
}

#[test]
fn an_end_user_may_sign_in_with_a_password_alone() {
    let mut user = actor("u", Role::User, "p/r/c");
    user.strength = AuthStrength::Password;
    let own_voicemail = Target::tenant(path("p/r/c")).owned_by(person("u"));
    assert!(decide(&user, Permission::VoicemailPlay, &own_voicemail, at(0)).is_allowed());
}

#[test]
fn a_password_only_admin_can_reach_their_own_profile_to_enrol() {
    let mut admin = actor("a", Role::CustomerAdmin, "p/r/c");
    admin.strength = AuthStrength::Password;
    let own = Target::tenant(path("p/r/c")).owned_by(person("a"));
    assert!(decide(&admin, Permission::ProfileManage, &own, at(0)).is_allowed());
    let someone_else = Target::tenant(path("p/r/c")).owned_by(person("b"));
    assert_eq!(decide(&admin, Permission::ProfileManage, &someone_else, at(0)), Decision::Deny(DenyReason::NotOwner));
}
