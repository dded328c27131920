//! The gate's decision matrix: purpose × accessor (every role, and the host
//! operator) × authentication (password only, password and TOTP) against
//! the table written below; then marketing's approval scope × approval
//! state; then the campaign conditions. Every allow carries a permit for
//! the customer asked about, every decision explains itself.

use access::{
    Actor, AuthStrength, Delegation, GrantId, JitGrant, JitScope, Permission, PermissionClass, PersonId, Role,
    TenantPath,
};
use compliance::{
    Accessor, ApprovalScope, ApprovalStatus, CallerVerification, CampaignFacts, CpniKind, Decision, DenyReason,
    GateInput, ONE_TIME_USE_LIMIT, OneTimeFacts, Purpose, decide,
};
use jiff::Timestamp;
use jiff::civil::date;

const CUSTOMER: &str = "p/r/c";
/// 2026-03-10 12:00 UTC (07:00 or 08:00 in New York: the same date).
const NOW: i64 = 1_773_144_000;

fn now() -> Timestamp {
    Timestamp::from_second(NOW).unwrap()
}

fn path(text: &str) -> TenantPath {
    TenantPath::parse(text).unwrap()
}

fn home(role: Role) -> &'static str {
    match role {
        Role::ResellerAdmin => "p/r",
        Role::CustomerAdmin | Role::User => CUSTOMER,
        _ => "p",
    }
}

fn person_actor(role: Role, strength: AuthStrength) -> Accessor {
    let me = PersonId(role.name().into());
    let grants = match role {
        Role::PlatformAdmin => vec![JitGrant {
            id: GrantId("g1".into()),
            grantee: me.clone(),
            issued_by: PersonId("officer".into()),
            scope: JitScope { tenant: path("p"), permissions: Permission::ALL.to_vec() },
            not_before: Timestamp::from_second(NOW - 60).unwrap(),
            expires: Timestamp::from_second(NOW + 3_600).unwrap(),
            revoked_at: None,
        }],
        _ => Vec::new(),
    };
    Accessor::Person(Actor { person: me, home: path(home(role)), role, strength, grants })
}

fn delegations() -> Vec<Delegation> {
    [PermissionClass::CallRecords, PermissionClass::Compliance]
        .into_iter()
        .map(|class| Delegation {
            customer: model::TenantId("c".into()),
            class,
            granted_by: PersonId("customer_admin".into()),
            granted_at: Timestamp::from_second(NOW - 86_400).unwrap(),
            revoked_at: None,
        })
        .collect()
}

fn campaign(scope: ApprovalScope, supervised: bool) -> CampaignFacts {
    CampaignFacts { id: "camp-1".into(), scope, supervised, owner: path("p"), ended_at: None }
}

fn on_call(call: &str, granted: Timestamp, ended: Option<Timestamp>) -> OneTimeFacts {
    OneTimeFacts { call: call.into(), granted_at: granted, ended_at: ended }
}

struct Case<'a> {
    purpose: Purpose,
    owner: Option<PersonId>,
    campaign: Option<&'a CampaignFacts>,
    approval: ApprovalStatus,
    one_time: Option<&'a OneTimeFacts>,
}

fn run(accessor: &Accessor, case: &Case<'_>) -> Decision {
    let customer = path(CUSTOMER);
    let delegations = delegations();
    decide(&GateInput {
        accessor,
        purpose: &case.purpose,
        data: CpniKind::CallDetail,
        customer: &customer,
        owner: case.owner.as_ref(),
        delegations: &delegations,
        campaign: case.campaign,
        approval: case.approval,
        one_time: case.one_time,
        now: now(),
    })
}

/// Columns: platform_admin (with a grant), security_officer, support,
/// reseller_admin (with call_records and compliance delegated),
/// customer_admin, user, host operator. All signed in with TOTP.
const TABLE: &[(&str, &str)] = &[
    ("service_provision", "Y-YYY-Y"),
    ("billing", "Y-YYY-Y"),
    ("customer_self_service", "----Y--"),
    ("customer_self_service/own", "----YY-"),
    ("disclosure/password", "-YY----"),
    ("disclosure/address_of_record", "-YY----"),
    ("disclosure/call_back", "-YY----"),
    ("disclosure/business_contract", "-YY----"),
    ("disclosure/unverified", "-------"),
    ("marketing/approved", "-YYY---"),
    ("one_time_use/approved", "-YY----"),
    ("law_enforcement", "-Y----Y"),
    ("law_enforcement/no_reference", "-------"),
    ("fraud_protection", "YYY---Y"),
    ("network_operations", "Y-Y---Y"),
    ("track_competitor_callers", "-------"),
];

fn purpose_case<'a>(name: &str, approved: &'a CampaignFacts, call: &'a OneTimeFacts) -> Case<'a> {
    let disclosure = |how| Purpose::CustomerInitiatedDisclosure(how);
    let (purpose, owner) = match name {
        "customer_self_service/own" => (Purpose::CustomerSelfService, Some(PersonId("user".into()))),
        "disclosure/password" => (disclosure(CallerVerification::Password), None),
        "disclosure/address_of_record" => (disclosure(CallerVerification::AddressOfRecord), None),
        "disclosure/call_back" => (disclosure(CallerVerification::CallBackNumberOfRecord), None),
        "disclosure/business_contract" => (disclosure(CallerVerification::BusinessContract), None),
        "disclosure/unverified" => (disclosure(CallerVerification::Unverified), None),
        "marketing/approved" => (Purpose::Marketing { campaign: "camp-1".into() }, None),
        "one_time_use/approved" => (Purpose::OneTimeUse { call: call.call.clone() }, None),
        "law_enforcement" => (Purpose::LawEnforcement { legal_process: "subpoena 24-117".into() }, None),
        "law_enforcement/no_reference" => (Purpose::LawEnforcement { legal_process: String::new() }, None),
        code => (Purpose::parse(code, None).unwrap(), None),
    };
    let approval = ApprovalStatus::OptIn { since: date(2026, 1, 1) };
    Case { purpose, owner, campaign: Some(approved), approval, one_time: Some(call) }
}

fn accessors(strength: AuthStrength) -> Vec<Accessor> {
    let mut all: Vec<Accessor> = Role::ALL.into_iter().map(|role| person_actor(role, strength)).collect();
    all.push(Accessor::HostOperator { name: "operator:test".into() });
    all
}

#[test]
fn purpose_by_accessor_with_totp_matches_the_table() {
    let approved = campaign(ApprovalScope::OwnMarketing, true);
    let call = on_call("CC-118", now(), None);
    for (name, row) in TABLE {
        let case = purpose_case(name, &approved, &call);
        for (accessor, expected) in accessors(AuthStrength::PasswordAndTotp).iter().zip(row.chars()) {
            let decision = run(accessor, &case);
            assert_eq!(
                decision.is_allowed(),
                expected == 'Y',
                "{name} by {}: {}",
                accessor.audit_name(),
                decision.explanation()
            );
            if let Decision::Allow { permit, .. } = &decision {
                assert_eq!(permit.customer().0, "c");
                assert_eq!(permit.purpose(), &case.purpose);
                assert_eq!(permit.data(), CpniKind::CallDetail);
            }
        }
    }
}

#[test]
fn staff_signed_in_with_a_password_only_are_refused_every_purpose() {
    let approved = campaign(ApprovalScope::OwnMarketing, true);
    let call = on_call("CC-118", now(), None);
    for (name, _) in TABLE {
        let case = purpose_case(name, &approved, &call);
        for accessor in accessors(AuthStrength::Password) {
            let decision = run(&accessor, &case);
            let end_user = matches!(&accessor, Accessor::Person(actor) if actor.role == Role::User);
            if end_user || matches!(accessor, Accessor::HostOperator { .. }) {
                continue;
            }
            assert!(!decision.is_allowed(), "{name} by {} with a password only", accessor.audit_name());
        }
    }
    let own = purpose_case("customer_self_service/own", &approved, &call);
    assert!(run(&person_actor(Role::User, AuthStrength::Password), &own).is_allowed(), "64.2010(c): password");
}

#[test]
fn the_reasons_name_the_rule_that_refused() {
    let approved = campaign(ApprovalScope::OwnMarketing, true);
    let call = on_call("CC-118", now(), None);
    let officer = person_actor(Role::SecurityOfficer, AuthStrength::PasswordAndTotp);
    let host = Accessor::HostOperator { name: "operator:test".into() };
    let reason = |accessor: &Accessor, name: &str| match run(accessor, &purpose_case(name, &approved, &call)) {
        Decision::Deny(reason) => reason,
        Decision::Allow { basis, .. } => panic!("{name} allowed: {basis}"),
    };
    assert_eq!(reason(&officer, "track_competitor_callers"), DenyReason::CompetitorTracking);
    assert_eq!(reason(&host, "track_competitor_callers"), DenyReason::CompetitorTracking);
    assert_eq!(reason(&officer, "law_enforcement/no_reference"), DenyReason::MissingReference);
    assert_eq!(reason(&officer, "disclosure/unverified"), DenyReason::CallerNotVerified);
    assert_eq!(reason(&host, "marketing/approved"), DenyReason::PurposeNotForAccessor);
    let totp_less = person_actor(Role::Support, AuthStrength::Password);
    assert_eq!(reason(&totp_less, "billing"), DenyReason::Access(access::DenyReason::SecondFactorRequired));
    let user = person_actor(Role::User, AuthStrength::PasswordAndTotp);
    assert_eq!(reason(&user, "customer_self_service"), DenyReason::Access(access::DenyReason::NotOwner));
    let decision = run(&host, &purpose_case("law_enforcement", &approved, &call));
    assert_eq!(decision.explanation(), "allow:host_operator+legal_process");
}

/// (scope, none, opt-in, opt-out still waiting, opt-out past its wait, disapproved).
const APPROVALS: &[(ApprovalScope, &str)] = &[
    (ApprovalScope::OwnMarketing, "-Y-Y-"),
    (ApprovalScope::AgentsAffiliates, "-Y-Y-"),
    (ApprovalScope::JointVenturersContractors, "-Y---"),
    (ApprovalScope::ThirdParties, "-Y---"),
];

fn states() -> [ApprovalStatus; 5] {
    [
        ApprovalStatus::None,
        ApprovalStatus::OptIn { since: date(2026, 3, 10) },
        ApprovalStatus::OptOut { effective_on: date(2026, 3, 11) },
        ApprovalStatus::OptOut { effective_on: date(2026, 3, 10) },
        ApprovalStatus::Disapproved { since: date(2025, 1, 1) },
    ]
}

#[test]
fn marketing_follows_scope_and_approval_state() {
    let officer = person_actor(Role::SecurityOfficer, AuthStrength::PasswordAndTotp);
    for (scope, row) in APPROVALS {
        let facts = campaign(*scope, true);
        for (approval, expected) in states().into_iter().zip(row.chars()) {
            let case = Case {
                purpose: Purpose::Marketing { campaign: "camp-1".into() },
                owner: None,
                campaign: Some(&facts),
                approval,
                one_time: None,
            };
            let decision = run(&officer, &case);
            assert_eq!(decision.is_allowed(), expected == 'Y', "{scope:?} {approval:?}: {}", decision.explanation());
        }
    }
    let third = campaign(ApprovalScope::ThirdParties, true);
    let optout = ApprovalStatus::OptOut { effective_on: date(2026, 1, 1) };
    let case = Case {
        purpose: Purpose::Marketing { campaign: "camp-1".into() },
        owner: None,
        campaign: Some(&third),
        approval: optout,
        one_time: None,
    };
    assert_eq!(run(&officer, &case), Decision::Deny(DenyReason::OptInRequired));
}

#[test]
fn marketing_needs_a_registered_supervised_running_campaign_that_reaches_the_customer() {
    let officer = person_actor(Role::SecurityOfficer, AuthStrength::PasswordAndTotp);
    let optin = ApprovalStatus::OptIn { since: date(2026, 1, 1) };
    let unsupervised = campaign(ApprovalScope::OwnMarketing, false);
    let elsewhere = CampaignFacts { owner: path("p/other"), ..campaign(ApprovalScope::OwnMarketing, true) };
    let other_id = CampaignFacts { id: "camp-2".into(), ..campaign(ApprovalScope::OwnMarketing, true) };
    let ended = CampaignFacts { ended_at: Some(now()), ..campaign(ApprovalScope::OwnMarketing, true) };
    let ending = CampaignFacts {
        ended_at: Some(now() + jiff::SignedDuration::from_secs(1)),
        ..campaign(ApprovalScope::OwnMarketing, true)
    };
    let marketing = Purpose::Marketing { campaign: "camp-1".into() };
    for (facts, reason) in [
        (None, DenyReason::UnknownCampaign),
        (Some(&other_id), DenyReason::UnknownCampaign),
        (Some(&unsupervised), DenyReason::CampaignNotApproved),
        (Some(&elsewhere), DenyReason::OutsideCampaign),
        (Some(&ended), DenyReason::CampaignEnded),
    ] {
        let case = Case { purpose: marketing.clone(), owner: None, campaign: facts, approval: optin, one_time: None };
        assert_eq!(run(&officer, &case), Decision::Deny(reason));
    }
    let case = Case { purpose: marketing, owner: None, campaign: Some(&ending), approval: optin, one_time: None };
    assert!(run(&officer, &case).is_allowed(), "a campaign reads until the moment it ends");
}

#[test]
fn one_time_use_opens_only_the_approved_call_while_it_lasts() {
    let support = person_actor(Role::Support, AuthStrength::PasswordAndTotp);
    let before = |secs: i64| now() - jiff::SignedDuration::from_secs(secs);
    let on = |call: &str| Purpose::OneTimeUse { call: call.into() };
    let case = |purpose: Purpose, facts: Option<&OneTimeFacts>| {
        let case = Case { purpose, owner: None, campaign: None, approval: ApprovalStatus::None, one_time: None };
        run(&support, &Case { one_time: facts, ..case })
    };
    let live = on_call("CC-118", before(60), None);
    let decision = case(on("CC-118"), Some(&live));
    assert_eq!(decision.explanation(), "allow:role+one_time_oral_approval");
    assert_eq!(case(on("CC-119"), Some(&live)), Decision::Deny(DenyReason::NoOneTimeApproval), "another call");
    assert_eq!(case(on("CC-118"), None), Decision::Deny(DenyReason::NoOneTimeApproval));
    let ended = on_call("CC-118", before(600), Some(now()));
    assert_eq!(case(on("CC-118"), Some(&ended)), Decision::Deny(DenyReason::CallEnded));
    let ending = on_call("CC-118", before(600), Some(now() + jiff::SignedDuration::from_secs(1)));
    assert!(case(on("CC-118"), Some(&ending)).is_allowed(), "until the moment the call ends");
    let limit = ONE_TIME_USE_LIMIT.as_secs();
    let forgotten = on_call("CC-118", before(limit), None);
    assert_eq!(case(on("CC-118"), Some(&forgotten)), Decision::Deny(DenyReason::CallEnded), "an end never recorded");
    assert!(case(on("CC-118"), Some(&on_call("CC-118", before(limit - 1), None))).is_allowed());
    let disapproved = Case {
        purpose: on("CC-118"),
        owner: None,
        campaign: None,
        approval: ApprovalStatus::Disapproved { since: date(2025, 1, 1) },
        one_time: Some(&live),
    };
    assert!(run(&support, &disapproved).is_allowed(), "the call's own approval, whatever the standing choice");
}
