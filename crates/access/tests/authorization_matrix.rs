//! Issue 5 check: every role × every permission × own tenant, child, sibling
//! and parent, against the table written below; and the table must have a row
//! for every permission.
//!
//! The actor's home is `p/m/a`; child `p/m/a/c`, sibling `p/m/s`, parent `p/m`.
//! Targets are records owned by the actor (so the `user` column shows what a
//! user may do with their own things). The platform admin holds an active
//! grant over its home subtree for every permission. The reseller has no
//! delegations, so on its child it keeps only basic PBX setup.

mod common;

use access::{GrantId, JitGrant, JitScope, Permission, Role, Target, decide};
use common::{actor, at, path, person};

/// Columns: platform_admin, security_officer, support, reseller_admin, customer_admin, user.
const ROLES: [Role; 6] =
    [Role::PlatformAdmin, Role::SecurityOfficer, Role::Support, Role::ResellerAdmin, Role::CustomerAdmin, Role::User];

/// (permission, own tenant, child tenant, sibling tenant, parent tenant); `Y` allows, `-` denies.
const TABLE: &[(&str, &str, &str, &str, &str)] = &[
    ("pbx.read", "Y-YYYY", "Y-YYYY", "------", "------"),
    ("pbx.configure", "Y--YY-", "Y--YY-", "------", "------"),
    ("device.provision", "Y-YYY-", "Y-YYY-", "------", "------"),
    ("number.route", "Y--YY-", "Y--YY-", "------", "------"),
    ("user.read", "YYYYY-", "YYY-Y-", "------", "------"),
    ("user.manage", "YY-YY-", "YY--Y-", "------", "------"),
    ("role.assign", "YY-YY-", "YY--Y-", "------", "------"),
    ("cdr.read", "YYYYYY", "YYY-YY", "------", "------"),
    ("cdr.export", "---YY-", "----Y-", "------", "------"),
    ("usage.read", "YY-YY-", "YY--Y-", "------", "------"),
    ("recording.list", "YYYYYY", "YYY-YY", "------", "------"),
    ("recording.play", "---YYY", "----YY", "------", "------"),
    ("recording.delete", "---YY-", "----Y-", "------", "------"),
    ("voicemail.list", "YYYYYY", "YYY-YY", "------", "------"),
    ("voicemail.play", "-----Y", "-----Y", "------", "------"),
    ("voicemail.delete", "-----Y", "-----Y", "------", "------"),
    ("billing.read", "Y-YYY-", "Y-Y-Y-", "------", "------"),
    ("billing.manage", "Y--YY-", "Y---Y-", "------", "------"),
    ("consent.manage", "-Y--Y-", "-Y--Y-", "------", "------"),
    ("cpni.disclose", "-Y----", "-Y----", "------", "------"),
    ("audit.read", "YY-YY-", "YY--Y-", "------", "------"),
    ("delegation.manage", "----Y-", "----Y-", "------", "------"),
    ("access.grant", "-Y----", "-Y----", "------", "------"),
    ("tenant.manage", "Y--Y--", "Y-----", "------", "------"),
    ("system.configure", "Y-----", "Y-----", "------", "------"),
    ("profile.manage", "YYYYYY", "YYYYYY", "------", "------"),
    ("campaign.manage", "-YYY--", "-YY---", "------", "------"),
    ("campaign.approve", "-Y----", "-Y----", "------", "------"),
    ("cpni.choose", "----Y-", "----Y-", "------", "------"),
    ("compliance.read", "-Y----", "-Y----", "------", "------"),
];

const HOME: &str = "p/m/a";
const NOW: i64 = 1_800_000_000;
const PLACES: [(&str, &str); 4] = [("own", "p/m/a"), ("child", "p/m/a/c"), ("sibling", "p/m/s"), ("parent", "p/m")];

fn matrix_actor(role: Role) -> access::Actor {
    let mut actor = actor("me", role, HOME);
    if role == Role::PlatformAdmin {
        actor.grants.push(JitGrant {
            id: GrantId("g-matrix".into()),
            grantee: person("me"),
            issued_by: person("officer"),
            scope: JitScope { tenant: path(HOME), permissions: Permission::ALL.to_vec() },
            not_before: at(NOW - 3600),
            expires: at(NOW + 3600),
            revoked_at: None,
        });
    }
    actor
}

fn expected(row: &(&str, &str, &str, &str, &str), place: usize, role: usize) -> bool {
    let cells = [row.1, row.2, row.3, row.4][place];
    assert_eq!(cells.len(), ROLES.len(), "row {} has {} cells", row.0, cells.len());
    cells.as_bytes()[role] == b'Y'
}

#[test]
fn every_role_permission_and_place_matches_the_table() {
    let mut mismatches = Vec::new();
    for row in TABLE {
        let permission = Permission::from_name(row.0).unwrap_or_else(|| panic!("no permission named {}", row.0));
        for (place, (place_name, tenant)) in PLACES.iter().enumerate() {
            for (column, role) in ROLES.iter().enumerate() {
                let target = Target::tenant(path(tenant)).owned_by(person("me"));
                let decision = decide(&matrix_actor(*role), permission, &target, at(NOW));
                if decision.is_allowed() != expected(row, place, column) {
                    mismatches.push(format!("{role} {permission} {place_name}: got {decision:?}"));
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn the_table_has_exactly_one_row_per_permission() {
    assert_eq!(TABLE.len(), Permission::ALL.len(), "a permission was added or removed without a table row");
    for permission in Permission::ALL {
        let rows = TABLE.iter().filter(|row| row.0 == permission.name()).count();
        assert_eq!(rows, 1, "{permission} has {rows} rows");
    }
}

#[test]
fn the_table_has_a_column_per_role() {
    assert_eq!(ROLES.len(), Role::ALL.len(), "a role was added without a column");
    assert!(Role::ALL.iter().all(|role| ROLES.contains(role)));
}
