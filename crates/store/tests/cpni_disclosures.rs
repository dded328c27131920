//! Customer-initiated disclosure (47 CFR 64.2010(b)-(d), (g); 47 U.S.C.
//! 222(c)(2)): call detail on the call only after the pre-established
//! password (three failures close the request; no password set answers
//! like a wrong one); otherwise only to an address of record at least 30
//! days old (refused on its 30th day, allowed the day after) or by calling
//! back the number of record; the business exemption only with both a
//! dedicated representative and a CPNI contract clause; a new carrier only
//! with a recorded written request; in store, a photo ID. Every disclosure
//! is decided by the gate and audited (`cdr.disclose`), every step
//! appended (rows refuse UPDATE), and what the caller said is sealed.
//! Setting or changing the password sends the customer's administrators in
//! service a change notice that does not reveal it (64.2010(f)).

mod accounts_support;
#[macro_use]
mod backends;
mod cpni_support;

use access::{Actor, Role};
use accounts_support::{PASSWORD, customer, hasher, later, person, t0};
use backends::DataDir;
use compliance::CallerVerification;
use compliance::disclosure::{BusinessAccount, Channel, Delivery};
use jiff::Timestamp;
use model::TenantId;
use store::{DeliveryTarget, DisclosureOutcome, DisclosureRequest, Store, StoreError};

on_both_backends!(
    password_before_call_detail_on_the_call,
    failed_passwords_close_the_request,
    address_of_record_thirty_days_and_call_back,
    business_exemption_needs_both_attributes,
    new_carrier_needs_a_written_request_and_in_store_a_photo_id,
    only_support_and_security_work_requests,
    setting_the_password_notifies_the_administrators,
);

async fn setting_the_password_notifies_the_administrators(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let admin = person(&store, &c, Role::CustomerAdmin, "ada@example.com").await;
    let user = person(&store, &c, Role::User, "ulf@example.com").await;
    for id in [&admin, &user] {
        store.set_email_of_record(id, &format!("{}.of-record@example.com", id.0), "test", t0()).await.unwrap();
    }
    store.set_disclosure_password(&c, PASSWORD, &hasher(), "operator:test", t0()).await.unwrap();
    assert!(store.messages_about(&admin).await.unwrap().is_empty(), "none at service initiation");

    store.complete_set_up(&admin, "test", t0()).await.unwrap();
    store.complete_set_up(&user, "test", t0()).await.unwrap();
    let changed = "another long pass phrase for calls 77";
    store.set_disclosure_password(&c, changed, &hasher(), "operator:test", later(t0(), DAY)).await.unwrap();
    let notices = store.messages_about(&admin).await.unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].recipient, format!("{}.of-record@example.com", admin.0));
    assert!(notices[0].body.contains("\"disclosure_password\""), "{}", notices[0].body);
    assert!(!notices[0].body.contains(changed) && !notices[0].body.contains(PASSWORD), "{}", notices[0].body);
    assert!(store.messages_about(&user).await.unwrap().is_empty(), "an end user is not the account's administrator");
    store.close().await;
}

const CLAIMED: &str = "Quillon Marsh, says he owns account c";
const DAY: i64 = 86_400;

async fn agent(store: &Store) -> Actor {
    let platform = store.platform().await.unwrap().path;
    cpni_support::actor("agent-7", Role::Support, &platform)
}

async fn open(store: &Store, agent: &Actor, customer: &TenantId, channel: Channel) -> String {
    let request = DisclosureRequest {
        customer: customer.clone(),
        channel,
        claimed: CLAIMED.into(),
        asked: "call detail for December 2026".into(),
    };
    store.open_disclosure(agent, &request, t0()).await.unwrap()
}

async fn direct(store: &Store, agent: &Actor, id: &str, now: Timestamp) -> DisclosureOutcome {
    store.disclose(agent, id, Delivery::Direct, &DeliveryTarget::default(), "192.0.2.7", now).await.unwrap()
}

fn refused(code: &str) -> impl Fn(&DisclosureOutcome) -> bool + '_ {
    move |outcome| matches!(outcome, DisclosureOutcome::Refused { code: got, .. } if got == code)
}

async fn password_before_call_detail_on_the_call(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let agent = agent(&store).await;
    store.set_disclosure_password(&c, PASSWORD, &hasher(), "operator:test", t0()).await.unwrap();
    let raw = dir.raw().await;
    let tail = cpni_support::audit_tail(&raw).await;
    let id = open(&store, &agent, &c, Channel::PhoneCall).await;

    assert!(refused("password_not_verified")(&direct(&store, &agent, &id, t0()).await));
    let hasher = hasher();
    let wrong = store.verify_disclosure_password(&agent, &id, "correct horse battery staple 43", &hasher, t0());
    assert!(!wrong.await.unwrap());
    assert!(
        refused("password_not_verified")(&direct(&store, &agent, &id, t0()).await),
        "a failed attempt opens nothing"
    );
    assert!(store.verify_disclosure_password(&agent, &id, PASSWORD, &hasher, t0()).await.unwrap());
    let allowed = direct(&store, &agent, &id, t0()).await;
    assert_eq!(allowed, DisclosureOutcome::Allowed(CallerVerification::Password));

    let stored = store.disclosure(&id).await.unwrap().unwrap();
    assert_eq!(stored.request.claimed, CLAIMED);
    assert_eq!(stored.request.channel, Channel::PhoneCall);
    let steps: Vec<_> = stored.steps.iter().map(|s| (s.step.as_str(), s.allowed, s.code.as_str())).collect();
    assert_eq!(
        steps,
        [
            ("disclose", false, "password_not_verified"),
            ("password", false, "password_mismatch"),
            ("disclose", false, "password_not_verified"),
            ("password", true, "password_verified"),
            ("disclose", true, "password"),
        ]
    );
    store.flush_audit().await.unwrap();
    let audit = cpni_support::audit_rows(&raw, tail).await;
    let gate: Vec<_> = audit.iter().filter(|row| row[1] == "cdr.disclose").collect();
    assert_eq!(gate.len(), 3, "every disclosure is a gate decision: {audit:?}");
    assert_eq!(gate.iter().map(|row| row[4].as_str()).collect::<Vec<_>>(), ["deny", "deny", "allow"]);
    assert!(gate[0][3].contains("customer_initiated_disclosure") && gate[0][3].contains("caller_not_verified"));
    assert!(gate[2][3].contains("caller_verified(password)"), "{:?}", gate[2]);
    assert!(gate.iter().all(|row| row[0] == "agent-7" && row[2] == c.0));
    assert!(!audit.iter().any(|row| row.iter().any(|cell| cell.contains("Quillon") || cell.contains("horse"))));

    let changed = sqlx::query("UPDATE cpni_disclosure_steps SET allowed = 1").execute(&raw).await;
    assert!(changed.is_err(), "steps are append-only");
    store.close().await;
    if dir.backend() == store::Backend::Sqlite {
        let database = std::fs::read(dir.path().join(store::DATABASE_FILE)).unwrap();
        for secret in [&b"Quillon"[..], b"December 2026", b"$argon2id"] {
            assert!(!database.windows(secret.len()).any(|w| w == secret), "sealed: {secret:?}");
        }
    }
}

async fn failed_passwords_close_the_request(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let agent = agent(&store).await;
    let id = open(&store, &agent, &c, Channel::Online).await;
    let hasher = hasher();
    let attempt = |guess: &'static str| store.verify_disclosure_password(&agent, &id, guess, &hasher, t0());
    assert!(!attempt(PASSWORD).await.unwrap(), "no password set: nothing matches");
    store.set_disclosure_password(&c, PASSWORD, &hasher, "operator:test", t0()).await.unwrap();
    assert!(!attempt("guess number two, quite long").await.unwrap());
    assert!(!attempt("guess number three, quite long").await.unwrap());
    let locked = attempt(PASSWORD).await;
    assert!(matches!(locked, Err(StoreError::Compliance(compliance::Error::AttemptsExhausted))), "{locked:?}");
    assert!(refused("password_not_verified")(&direct(&store, &agent, &id, t0()).await));
    let weak = store.set_disclosure_password(&c, "1234", &hasher, "operator:test", t0()).await;
    assert!(matches!(weak, Err(StoreError::Access(_))), "{weak:?}");
    store.close().await;
}

async fn address_of_record_thirty_days_and_call_back(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let agent = agent(&store).await;
    let holder = person(&store, &c, Role::CustomerAdmin, "holder@example.com").await;
    // t0 is 2027-01-15 03:00 in New York: the address's 30th day is February 14, usable from the 15th.
    store.set_email_of_record(&holder, "holder@example.com", "test", t0()).await.unwrap();
    let id = open(&store, &agent, &c, Channel::PhoneCall).await;
    let to = DeliveryTarget { person: Some(holder.clone()), written_request: None };
    let send = |now| store.disclose(&agent, &id, Delivery::AddressOfRecord, &to, "192.0.2.7", now);
    let thirtieth = send(later(t0(), 30 * DAY + 12 * 3600)).await.unwrap();
    match &thirtieth {
        DisclosureOutcome::Refused { code, message } => {
            assert_eq!(code, "address_of_record_under_30_days");
            assert!(message.contains("2027-02-15"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let day_after = send(later(t0(), 31 * DAY + 12 * 3600)).await.unwrap();
    assert_eq!(day_after, DisclosureOutcome::Allowed(CallerVerification::AddressOfRecord));

    let call_back = |to| store.disclose(&agent, &id, Delivery::CallBack, to, "192.0.2.7", t0());
    assert!(refused("no_number_of_record")(&call_back(&to).await.unwrap()));
    store.set_phone_of_record(&holder, "+1 202 555 0142", "test", t0()).await.unwrap();
    assert_eq!(call_back(&to).await.unwrap(), DisclosureOutcome::Allowed(CallerVerification::CallBackNumberOfRecord));
    assert!(refused("no_number_of_record")(&call_back(&DeliveryTarget::default()).await.unwrap()));

    let other = other_customer(&store).await;
    let stranger = person(&store, &other, Role::CustomerAdmin, "stranger@example.com").await;
    let elsewhere = DeliveryTarget { person: Some(stranger), written_request: None };
    let outcome = store.disclose(&agent, &id, Delivery::AddressOfRecord, &elsewhere, "192.0.2.7", t0()).await;
    assert!(matches!(outcome, Err(StoreError::UnknownPerson)), "another customer's person: {outcome:?}");
    store.close().await;
}

async fn other_customer(store: &Store) -> TenantId {
    let other = store::NewTenant {
        slug: "d".into(),
        name: "D".into(),
        parent: Some("r".into()),
        sip_domain: Some("d.example".into()),
        is_default: false,
    };
    store.upsert_customer(&other).await.unwrap().id
}

async fn business_exemption_needs_both_attributes(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let agent = agent(&store).await;
    let id = open(&store, &agent, &c, Channel::PhoneCall).await;
    let partial = [
        BusinessAccount { account_representative: Some("rep-7".into()), cpni_contract_clause: None },
        BusinessAccount { account_representative: None, cpni_contract_clause: Some("MSA-2026 §9.2".into()) },
    ];
    for account in partial {
        store.set_business_account(&c, &account, "operator:test", t0()).await.unwrap();
        assert_eq!(store.business_account(&c).await.unwrap(), account);
        assert!(refused("password_not_verified")(&direct(&store, &agent, &id, t0()).await), "{account:?}");
    }
    let both = BusinessAccount {
        account_representative: Some("rep-7".into()),
        cpni_contract_clause: Some("MSA-2026 §9.2".into()),
    };
    store.set_business_account(&c, &both, "operator:test", t0()).await.unwrap();
    assert_eq!(
        direct(&store, &agent, &id, t0()).await,
        DisclosureOutcome::Allowed(CallerVerification::BusinessContract)
    );
    store.close().await;
}

async fn new_carrier_needs_a_written_request_and_in_store_a_photo_id(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let agent = agent(&store).await;
    let id = open(&store, &agent, &c, Channel::InStore).await;
    let carrier = |request: Option<&str>| DeliveryTarget { person: None, written_request: request.map(Into::into) };
    let send = |to| store.disclose(&agent, &id, Delivery::NewCarrier, to, "192.0.2.7", t0());
    let unsigned = carrier(None);
    assert!(refused("no_written_request")(&send(&unsigned).await.unwrap()));
    let signed = carrier(Some("LOA-2027-0042"));
    assert_eq!(send(&signed).await.unwrap(), DisclosureOutcome::Allowed(CallerVerification::WrittenRequest));

    assert!(refused("photo_id_not_checked")(&direct(&store, &agent, &id, t0()).await));
    store.check_disclosure_photo_id(&agent, &id, "state driver licence, expires 2029", t0()).await.unwrap();
    assert_eq!(direct(&store, &agent, &id, t0()).await, DisclosureOutcome::Allowed(CallerVerification::ValidPhotoId));
    let steps = store.disclosure(&id).await.unwrap().unwrap().steps;
    assert_eq!(steps[1].note, "written_request:LOA-2027-0042");

    let phone = open(&store, &agent, &c, Channel::PhoneCall).await;
    let photo = store.check_disclosure_photo_id(&agent, &phone, "passport", t0()).await;
    assert!(matches!(photo, Err(StoreError::Compliance(compliance::Error::NotApplicable { .. }))), "{photo:?}");
    store.close().await;
}

async fn only_support_and_security_work_requests(dir: DataDir) {
    let store = dir.open().await;
    let c = customer(&store).await;
    let agent = agent(&store).await;
    let id = open(&store, &agent, &c, Channel::PhoneCall).await;
    let platform = store.platform().await.unwrap().path;
    let admin = cpni_support::actor("admin-1", Role::PlatformAdmin, &platform);
    let request = DisclosureRequest {
        customer: c.clone(),
        channel: Channel::PhoneCall,
        claimed: CLAIMED.into(),
        asked: "call detail".into(),
    };
    let opened = store.open_disclosure(&admin, &request, t0()).await;
    assert!(matches!(opened, Err(StoreError::CpniDenied(_))), "{opened:?}");
    let verify = store.verify_disclosure_password(&admin, &id, PASSWORD, &hasher(), t0()).await;
    assert!(matches!(verify, Err(StoreError::CpniDenied(_))), "{verify:?}");
    let outcome = direct(&store, &admin, &id, t0()).await;
    assert!(refused("purpose_not_for_accessor")(&outcome), "{outcome:?}");
    let blank = DisclosureRequest { claimed: " ".into(), ..request };
    assert!(store.open_disclosure(&agent, &blank, t0()).await.is_err());
    store.close().await;
}
