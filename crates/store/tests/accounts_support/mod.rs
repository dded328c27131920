//! Fixtures shared by the store's account tests: a tenant tree, people with
//! passwords and confirmed TOTP, and codes computed from the enrolment.

#![allow(dead_code, unreachable_pub)]

use std::net::IpAddr;

use access::password::{Hasher, OWASP_MINIMUM};
use access::totp::{RecoveryCodes, Secret, Totp};
use access::{PersonId, Role};
use jiff::{SignedDuration, Timestamp};
use model::TenantId;
use store::{NewPerson, NewTenant, SignInAttempt, Store};

/// A password that passes the strength check.
pub const PASSWORD: &str = "correct horse battery staple 42";
/// The real user's address and the attacker's.
pub const HOME: &str = "192.0.2.10";
pub const ATTACKER: &str = "198.51.100.66";

/// The cheapest hasher `access` allows (debug builds stay quick).
pub fn hasher() -> Hasher {
    Hasher::with_cost(OWASP_MINIMUM).unwrap()
}

pub fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A fixed, realistic time.
pub fn t0() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

pub fn later(at: Timestamp, seconds: i64) -> Timestamp {
    at + SignedDuration::from_secs(seconds)
}

/// A reseller `r` with one customer `c`; returns the customer.
pub async fn customer(store: &Store) -> TenantId {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let customer = NewTenant {
        slug: "c".into(),
        name: "C".into(),
        parent: Some("r".into()),
        sip_domain: Some("c.example".into()),
        is_default: false,
    };
    store.upsert_customer(&customer).await.unwrap().id
}

/// A person with [`PASSWORD`].
pub async fn person(store: &Store, tenant: &TenantId, role: Role, login: &str) -> PersonId {
    let new = NewPerson { tenant: tenant.clone(), role, login: login.into() };
    let person = store.create_person(&new, "test", t0()).await.unwrap();
    store.set_password(&person.id, PASSWORD, &hasher(), "test", t0()).await.unwrap();
    person.id
}

/// A person with [`PASSWORD`] and a TOTP enrolment confirmed at `t0()`:
/// the secret's generator and the recovery codes.
pub async fn person_with_totp(
    store: &Store,
    tenant: &TenantId,
    role: Role,
    login: &str,
) -> (PersonId, Totp, RecoveryCodes) {
    let id = person(store, tenant, role, login).await;
    let enrolment = store.start_totp_enrolment(&id, "test", t0()).await.unwrap();
    let totp = Totp::new(Secret::from_bytes(enrolment.secret.as_bytes().to_vec()));
    let codes = store.confirm_totp(&id, &totp.code_at(t0()), t0()).await.unwrap();
    (id, totp, codes)
}

pub fn attempt<'a>(login: &'a str, password: &'a str, code: Option<&'a str>, source: &str) -> SignInAttempt<'a> {
    SignInAttempt { login, password, second_factor: code, source: ip(source) }
}
