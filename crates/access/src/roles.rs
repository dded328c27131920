//! Roles, named permissions and the static role → permission table (issue 5,
//! item 4). Permission classes are the unit a customer delegates to its reseller
//! (ARCHITECTURE.md, principle 4); CPNI classes follow 47 CFR 64.2003(g) (call
//! detail, the services a customer buys) and 64.2010 (authentication).

use std::fmt;

/// What a person may be allowed to do. Names are `area.verb`, stable, and are
/// what routes, CLI commands and audit records name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Permission {
    /// `pbx.read`: view extensions, ring groups, dial plan, IVR menus and hours.
    PbxRead,
    /// `pbx.configure`: change extensions, ring groups, dial plan, IVR menus and hours.
    PbxConfigure,
    /// `device.provision`: provision phones and reset their SIP credentials.
    DeviceProvision,
    /// `number.route`: route the customer's telephone numbers (DIDs) to destinations.
    NumberRoute,
    /// `user.read`: list the people of a tenant and their roles.
    UserRead,
    /// `user.manage`: create, disable and reset people (password, second factor).
    UserManage,
    /// `role.assign`: give or take a role.
    RoleAssign,
    /// `cdr.read`: read call detail records (CPNI: call detail information).
    CdrRead,
    /// `cdr.export`: export call detail records in bulk (CPNI leaving the system).
    CdrExport,
    /// `usage.read`: read usage and the services a customer buys (CPNI).
    UsageRead,
    /// `recording.list`: see that call recordings exist (time, parties, length), not hear them.
    RecordingList,
    /// `recording.play`: play or download the audio of a call recording.
    RecordingPlay,
    /// `recording.delete`: delete a call recording.
    RecordingDelete,
    /// `voicemail.list`: see that voicemail messages exist (time, caller, length).
    VoicemailList,
    /// `voicemail.play`: play or download a voicemail message.
    VoicemailPlay,
    /// `voicemail.delete`: delete a voicemail message.
    VoicemailDelete,
    /// `billing.read`: read invoices and payment methods (labels only).
    BillingRead,
    /// `billing.manage`: change plans and payment methods.
    BillingManage,
    /// `consent.manage`: record a customer's CPNI approval or disapproval (47 CFR 64.2007).
    ConsentManage,
    /// `cpni.disclose`: disclose CPNI to a person the customer designated in writing (47 U.S.C. 222(c)(2)).
    CpniDisclose,
    /// `audit.read`: read the audit log.
    AuditRead,
    /// `delegation.manage`: delegate permission classes to the customer's reseller, or revoke them.
    DelegationManage,
    /// `access.grant`: issue and revoke just-in-time privileged grants.
    AccessGrant,
    /// `tenant.manage`: create, rename and suspend tenants below one's own.
    TenantManage,
    /// `system.configure`: node settings, TLS certificates, SIP trunks, cluster membership.
    SystemConfigure,
    /// `profile.manage`: one's own password, second factor, recovery codes and contact details.
    ProfileManage,
    /// `campaign.manage`: register CPNI marketing campaigns and compute their audiences (47 CFR 64.2009(c)).
    CampaignManage,
    /// `campaign.approve`: the supervisory approval of a marketing campaign (47 CFR 64.2009(d)).
    CampaignApprove,
    /// `cpni.choose`: a customer's own opt-in, opt-out and withdrawal of CPNI approval, in the
    /// portal at any hour and at no cost (47 CFR 64.2007(a), 64.2008(d)(3)(v), 64.2008(e)).
    CpniChoose,
    /// `compliance.read`: the carrier's compliance dashboard, every open CPNI clock of every
    /// customer (47 CFR 64.2009(e), (f); 64.2011).
    ComplianceRead,
}

/// Groups of permissions a customer can delegate to its reseller as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PermissionClass {
    /// Basic PBX setup: what a reseller may do on its customers without delegation.
    PbxSetup,
    /// People and roles.
    Accounts,
    /// Call detail and usage (CPNI).
    CallRecords,
    /// Recordings and voicemail (CPNI content).
    Media,
    /// Invoices, plans and payment methods.
    Billing,
    /// CPNI consent, disclosure and the audit log.
    Compliance,
    /// Delegations and privileged grants.
    AccessControl,
    /// Tenants and the platform itself.
    Platform,
    /// One's own account.
    SelfService,
}

use Permission as P;

impl PermissionClass {
    /// Every class.
    pub const ALL: [PermissionClass; 9] = [
        PermissionClass::PbxSetup,
        PermissionClass::Accounts,
        PermissionClass::CallRecords,
        PermissionClass::Media,
        PermissionClass::Billing,
        PermissionClass::Compliance,
        PermissionClass::AccessControl,
        PermissionClass::Platform,
        PermissionClass::SelfService,
    ];

    /// Its stored name, e.g. `pbx_setup`.
    pub fn name(self) -> &'static str {
        match self {
            PermissionClass::PbxSetup => "pbx_setup",
            PermissionClass::Accounts => "accounts",
            PermissionClass::CallRecords => "call_records",
            PermissionClass::Media => "media",
            PermissionClass::Billing => "billing",
            PermissionClass::Compliance => "compliance",
            PermissionClass::AccessControl => "access_control",
            PermissionClass::Platform => "platform",
            PermissionClass::SelfService => "self_service",
        }
    }

    /// The class with this stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|class| class.name() == name)
    }
}

impl Permission {
    /// Every permission, in declaration order.
    pub const ALL: [Permission; 30] = [
        P::PbxRead,
        P::PbxConfigure,
        P::DeviceProvision,
        P::NumberRoute,
        P::UserRead,
        P::UserManage,
        P::RoleAssign,
        P::CdrRead,
        P::CdrExport,
        P::UsageRead,
        P::RecordingList,
        P::RecordingPlay,
        P::RecordingDelete,
        P::VoicemailList,
        P::VoicemailPlay,
        P::VoicemailDelete,
        P::BillingRead,
        P::BillingManage,
        P::ConsentManage,
        P::CpniDisclose,
        P::AuditRead,
        P::DelegationManage,
        P::AccessGrant,
        P::TenantManage,
        P::SystemConfigure,
        P::ProfileManage,
        P::CampaignManage,
        P::CampaignApprove,
        P::CpniChoose,
        P::ComplianceRead,
    ];

    /// The stable name, e.g. `recording.play`.
    pub fn name(self) -> &'static str {
        match self {
            P::PbxRead => "pbx.read",
            P::PbxConfigure => "pbx.configure",
            P::DeviceProvision => "device.provision",
            P::NumberRoute => "number.route",
            P::UserRead => "user.read",
            P::UserManage => "user.manage",
            P::RoleAssign => "role.assign",
            P::CdrRead => "cdr.read",
            P::CdrExport => "cdr.export",
            P::UsageRead => "usage.read",
            P::RecordingList => "recording.list",
            P::RecordingPlay => "recording.play",
            P::RecordingDelete => "recording.delete",
            P::VoicemailList => "voicemail.list",
            P::VoicemailPlay => "voicemail.play",
            P::VoicemailDelete => "voicemail.delete",
            P::BillingRead => "billing.read",
            P::BillingManage => "billing.manage",
            P::ConsentManage => "consent.manage",
            P::CpniDisclose => "cpni.disclose",
            P::AuditRead => "audit.read",
            P::DelegationManage => "delegation.manage",
            P::AccessGrant => "access.grant",
            P::TenantManage => "tenant.manage",
            P::SystemConfigure => "system.configure",
            P::ProfileManage => "profile.manage",
            P::CampaignManage => "campaign.manage",
            P::CampaignApprove => "campaign.approve",
            P::CpniChoose => "cpni.choose",
            P::ComplianceRead => "compliance.read",
        }
    }

    /// The permission with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The class a customer delegates it in.
    pub fn class(self) -> PermissionClass {
        use PermissionClass as C;
        match self {
            P::PbxRead | P::PbxConfigure | P::DeviceProvision | P::NumberRoute => C::PbxSetup,
            P::UserRead | P::UserManage | P::RoleAssign => C::Accounts,
            P::CdrRead | P::CdrExport | P::UsageRead => C::CallRecords,
            P::RecordingList | P::RecordingPlay | P::RecordingDelete => C::Media,
            P::VoicemailList | P::VoicemailPlay | P::VoicemailDelete => C::Media,
            P::BillingRead | P::BillingManage => C::Billing,
            P::ConsentManage | P::CpniDisclose | P::AuditRead => C::Compliance,
            P::CampaignManage | P::CampaignApprove => C::Compliance,
            P::CpniChoose | P::ComplianceRead => C::Compliance,
            P::DelegationManage | P::AccessGrant => C::AccessControl,
            P::TenantManage | P::SystemConfigure => C::Platform,
            P::ProfileManage => C::SelfService,
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A person's role. Each person holds one, at their home tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Role {
    /// Platform engineers: powers only through an active just-in-time grant.
    PlatformAdmin,
    /// Issues and revokes just-in-time grants, investigates, handles CPNI disclosure.
    SecurityOfficer,
    /// Carrier support staff: sees configuration and that recordings exist, never their audio.
    Support,
    /// A reseller or MSP administrator: basic PBX setup on its customers unless they delegate more.
    ResellerAdmin,
    /// A customer's administrator: runs the customer's phone system and people.
    CustomerAdmin,
    /// An end user: their own calls, voicemail and recordings.
    User,
}

/// platform_admin: operate and repair, never consume call content, disclose or grant.
const PLATFORM_ADMIN: &[Permission] = &[
    P::PbxRead,
    P::PbxConfigure,
    P::DeviceProvision,
    P::NumberRoute,
    P::UserRead,
    P::UserManage,
    P::RoleAssign,
    P::CdrRead,
    P::UsageRead,
    P::RecordingList,
    P::VoicemailList,
    P::BillingRead,
    P::BillingManage,
    P::AuditRead,
    P::TenantManage,
    P::SystemConfigure,
    P::ProfileManage,
];

/// security_officer: grants, investigations and CPNI disclosure; no configuration, no audio.
const SECURITY_OFFICER: &[Permission] = &[
    P::UserRead,
    P::UserManage,
    P::RoleAssign,
    P::CdrRead,
    P::UsageRead,
    P::RecordingList,
    P::VoicemailList,
    P::ConsentManage,
    P::CpniDisclose,
    P::AuditRead,
    P::AccessGrant,
    P::ProfileManage,
    P::CampaignManage,
    P::CampaignApprove,
    P::ComplianceRead,
];

/// support: see and help; `recording.list` but never `recording.play`/`voicemail.play`.
const SUPPORT: &[Permission] = &[
    P::PbxRead,
    P::DeviceProvision,
    P::UserRead,
    P::CdrRead,
    P::RecordingList,
    P::VoicemailList,
    P::BillingRead,
    P::ProfileManage,
    P::CampaignManage,
];

/// reseller_admin: its own tenant fully; on customers only what `decide` lets through.
const RESELLER_ADMIN: &[Permission] = &[
    P::PbxRead,
    P::PbxConfigure,
    P::DeviceProvision,
    P::NumberRoute,
    P::UserRead,
    P::UserManage,
    P::RoleAssign,
    P::CdrRead,
    P::CdrExport,
    P::UsageRead,
    P::RecordingList,
    P::RecordingPlay,
    P::RecordingDelete,
    P::VoicemailList,
    P::BillingRead,
    P::BillingManage,
    P::AuditRead,
    P::TenantManage,
    P::ProfileManage,
    P::CampaignManage,
];

/// customer_admin: the customer's phone system, people, records and delegations.
const CUSTOMER_ADMIN: &[Permission] = &[
    P::PbxRead,
    P::PbxConfigure,
    P::DeviceProvision,
    P::NumberRoute,
    P::UserRead,
    P::UserManage,
    P::RoleAssign,
    P::CdrRead,
    P::CdrExport,
    P::UsageRead,
    P::RecordingList,
    P::RecordingPlay,
    P::RecordingDelete,
    P::VoicemailList,
    P::BillingRead,
    P::BillingManage,
    P::ConsentManage,
    P::AuditRead,
    P::DelegationManage,
    P::ProfileManage,
    P::CpniChoose,
];

/// user: their own extension, calls, recordings and voicemail (owner-checked by `decide`).
const USER: &[Permission] = &[
    P::PbxRead,
    P::CdrRead,
    P::RecordingList,
    P::RecordingPlay,
    P::VoicemailList,
    P::VoicemailPlay,
    P::VoicemailDelete,
    P::ProfileManage,
];

impl Role {
    /// Every role, from most to least privileged.
    pub const ALL: [Role; 6] = [
        Role::PlatformAdmin,
        Role::SecurityOfficer,
        Role::Support,
        Role::ResellerAdmin,
        Role::CustomerAdmin,
        Role::User,
    ];

    /// The stable name, e.g. `security_officer`.
    pub fn name(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::SecurityOfficer => "security_officer",
            Role::Support => "support",
            Role::ResellerAdmin => "reseller_admin",
            Role::CustomerAdmin => "customer_admin",
            Role::User => "user",
        }
    }

    /// The role with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.name() == name)
    }

    /// The role's row of the role → permission table.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Role::PlatformAdmin => PLATFORM_ADMIN,
            Role::SecurityOfficer => SECURITY_OFFICER,
            Role::Support => SUPPORT,
            Role::ResellerAdmin => RESELLER_ADMIN,
            Role::CustomerAdmin => CUSTOMER_ADMIN,
            Role::User => USER,
        }
    }

    /// Whether the table gives this role `permission`.
    pub fn holds(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// Every role above end user must sign in with TOTP (issue 5, item 2).
    pub fn requires_second_factor(self) -> bool {
        self != Role::User
    }

    /// Whether this role acts only on records it owns: an end user's own
    /// voicemail and calls (issue 5, item 4; rule 4 of [`crate::decide`]).
    pub fn acts_on_own_records_only(self) -> bool {
        self == Role::User
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for permission in Permission::ALL {
            assert_eq!(Permission::from_name(permission.name()), Some(permission));
        }
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(role));
        }
    }

    /// Exhaustive on purpose: a new variant does not compile until it gets a
    /// position here, and then this test fails until `Permission::ALL` lists it.
    fn position(permission: Permission) -> usize {
        match permission {
            P::PbxRead => 0,
            P::PbxConfigure => 1,
            P::DeviceProvision => 2,
            P::NumberRoute => 3,
            P::UserRead => 4,
            P::UserManage => 5,
            P::RoleAssign => 6,
            P::CdrRead => 7,
            P::CdrExport => 8,
            P::UsageRead => 9,
            P::RecordingList => 10,
            P::RecordingPlay => 11,
            P::RecordingDelete => 12,
            P::VoicemailList => 13,
            P::VoicemailPlay => 14,
            P::VoicemailDelete => 15,
            P::BillingRead => 16,
            P::BillingManage => 17,
            P::ConsentManage => 18,
            P::CpniDisclose => 19,
            P::AuditRead => 20,
            P::DelegationManage => 21,
            P::AccessGrant => 22,
            P::TenantManage => 23,
            P::SystemConfigure => 24,
            P::ProfileManage => 25,
            P::CampaignManage => 26,
            P::CampaignApprove => 27,
            P::CpniChoose => 28,
            P::ComplianceRead => 29,
        }
    }

    #[test]
    fn all_lists_every_permission_once() {
        for (index, permission) in Permission::ALL.into_iter().enumerate() {
            assert_eq!(position(permission), index, "{permission}");
        }
        let highest = Permission::ALL.into_iter().map(position).max().unwrap();
        assert_eq!(highest + 1, Permission::ALL.len());
    }

    #[test]
    fn support_never_hears_audio() {
        assert!(Role::Support.holds(Permission::RecordingList));
        assert!(!Role::Support.holds(Permission::RecordingPlay));
        assert!(!Role::Support.holds(Permission::VoicemailPlay));
    }

    #[test]
    fn only_end_users_may_sign_in_without_totp() {
        let optional: Vec<Role> = Role::ALL.into_iter().filter(|role| !role.requires_second_factor()).collect();
        assert_eq!(optional, [Role::User]);
    }
}
