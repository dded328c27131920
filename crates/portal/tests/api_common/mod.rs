//! Helpers for the `/api/v1` tests: bearer tokens, JSON requests over real
//! HTTPS, and the error-body check.

#![allow(dead_code, unreachable_pub)]

use access::{JitScope, Permission, PersonId, Role, TenantPath};
use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use store::{NewApiToken, NewTenant};

use crate::common::client::{Response, https};
use crate::common::world::World;

/// An `Authorization:` header line of a token of `person` with every scope.
pub async fn bearer(world: &World, person: &PersonId) -> String {
    let expires = Timestamp::now() + SignedDuration::from_hours(1);
    let new = NewApiToken { person, name: "test", scopes: &Permission::ALL, expires };
    let (secret, _) = world.store.create_api_token(&new, Timestamp::now()).await.unwrap();
    format!("Authorization: Bearer {}\r\n", secret.as_str())
}

/// A person of `role` (with TOTP) and their bearer header.
pub async fn caller(world: &World, role: Role, login: &str) -> (PersonId, String) {
    let (person, _) = world.person_with_totp(role, login).await;
    let auth = bearer(world, &person).await;
    (person, auth)
}

/// A second customer under the same reseller, `other`.
pub async fn other_customer(world: &World) -> model::Tenant {
    let new = NewTenant {
        slug: "other".into(),
        name: "OTHER".into(),
        parent: Some("acme-reseller".into()),
        sip_domain: Some("other.example".into()),
        is_default: false,
    };
    world.store.upsert_customer(&new).await.unwrap()
}

/// A customer admin of `tenant` (bearer header).
pub async fn admin_of(world: &World, tenant: &model::TenantId, login: &str) -> String {
    let new = store::NewPerson { tenant: tenant.clone(), role: Role::CustomerAdmin, login: login.into() };
    let person = world.store.create_person(&new, "test", Timestamp::now()).await.unwrap();
    let enrolment = world.store.start_totp_enrolment(&person.id, "test", Timestamp::now()).await.unwrap();
    let totp = access::totp::Totp::new(access::totp::Secret::from_bytes(enrolment.secret.as_bytes().to_vec()));
    let earlier = Timestamp::now() - SignedDuration::from_secs(30);
    world.store.confirm_totp(&person.id, &totp.code_at(earlier), earlier).await.unwrap();
    bearer(world, &person.id).await
}

/// A platform admin holding a just-in-time grant of `permissions` over the whole platform.
pub async fn granted_platform_admin(world: &World, permissions: &[Permission]) -> String {
    let (admin, auth) = caller(world, Role::PlatformAdmin, "engineer@example.com").await;
    let (officer, _) = world.person_with_totp(Role::SecurityOfficer, "officer@example.com").await;
    let officer = world.store.person(&officer).await.unwrap();
    let issuer = world.store.actor_for(&officer, access::AuthStrength::PasswordAndTotp).await.unwrap();
    let platform = world.store.platform().await.unwrap();
    let scope = JitScope { tenant: TenantPath::of(&platform).unwrap(), permissions: permissions.to_vec() };
    let now = Timestamp::now();
    let window = (now - SignedDuration::from_mins(1), now + SignedDuration::from_hours(1));
    world.store.issue_grant(&issuer, &admin, scope, window, now).await.unwrap();
    auth
}

/// `method path` with a JSON body.
pub async fn send(world: &World, method: &str, path: &str, auth: &str, body: &str) -> Response {
    let headers = if body.is_empty() { auth.to_owned() } else { format!("{auth}Content-Type: application/json\r\n") };
    https(world.addr(), method, path, &headers, body).await
}

/// The body as JSON.
pub fn json(response: &Response) -> Value {
    serde_json::from_str(&response.body).unwrap_or_else(|_| panic!("JSON body: {:?}", response.body))
}

/// Asserts `response` is `status` with exactly `{"error": {"code", "message"}}` and `code`.
pub fn assert_error(response: &Response, status: u16, code: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    let body = json(response);
    let object = body.as_object().expect("an object");
    assert_eq!(object.len(), 1, "only `error`: {body}");
    let error = object["error"].as_object().expect("error object");
    assert_eq!(error.len(), 2, "only code and message: {body}");
    assert_eq!(error["code"], code, "{body}");
    assert!(!error["message"].as_str().unwrap().is_empty());
}
