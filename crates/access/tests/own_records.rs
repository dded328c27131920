//! Issue 5, item 4: "A user sees only their own voicemail and calls."

mod common;

use access::{Decision, DenyReason, Permission, Role, Target, decide};
use common::{actor, at, path, person};

const PERSONAL: [Permission; 4] =
    [Permission::CdrRead, Permission::VoicemailList, Permission::VoicemailPlay, Permission::RecordingPlay];

#[test]
fn a_user_reaches_their_own_records() {
    let user = actor("u1", Role::User, "p/r/c");
    let own = Target::tenant(path("p/r/c")).owned_by(person("u1"));
    for permission in PERSONAL {
        assert!(decide(&user, permission, &own, at(0)).is_allowed(), "{permission}");
    }
}

#[test]
fn a_user_never_reaches_a_colleagues_records() {
    let user = actor("u1", Role::User, "p/r/c");
    let colleague = Target::tenant(path("p/r/c")).owned_by(person("u2"));
    for permission in PERSONAL {
        assert_eq!(decide(&user, permission, &colleague, at(0)), Decision::Deny(DenyReason::NotOwner), "{permission}");
    }
}

#[test]
fn a_user_never_reaches_tenant_wide_data() {
    let user = actor("u1", Role::User, "p/r/c");
    let everyone = Target::tenant(path("p/r/c"));
    assert_eq!(decide(&user, Permission::CdrRead, &everyone, at(0)), Decision::Deny(DenyReason::NotOwner));
}

#[test]
fn a_customer_admin_reads_everyones_calls_but_plays_no_ones_voicemail() {
    let admin = actor("ca", Role::CustomerAdmin, "p/r/c");
    let users_mailbox = Target::tenant(path("p/r/c")).owned_by(person("u1"));
    assert!(decide(&admin, Permission::CdrRead, &users_mailbox, at(0)).is_allowed());
    let play = decide(&admin, Permission::VoicemailPlay, &users_mailbox, at(0));
    assert_eq!(play, Decision::Deny(DenyReason::RoleLacksPermission));
}

#[test]
fn support_lists_recordings_but_never_plays_audio() {
    let support = actor("s", Role::Support, "p");
    let recording = Target::tenant(path("p/r/c")).owned_by(person("u1"));
    assert!(decide(&support, Permission::RecordingList, &recording, at(0)).is_allowed());
    for permission in [Permission::RecordingPlay, Permission::VoicemailPlay] {
        let denied = decide(&support, permission, &recording, at(0));
        assert_eq!(denied, Decision::Deny(DenyReason::RoleLacksPermission), "{permission}");
    }
}
