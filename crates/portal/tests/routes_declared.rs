//! Every route declares what it needs (ARCHITECTURE.md principle 7), and
//! every non-public route refuses an anonymous visitor (401) and a wrong
//! role (403) without leaking anything: the API answers only
//! `{"error": {"code", "message"}}`, pages a plain refusal page.

mod common;

use access::Role;
use common::world::World;
use portal::routes::{Access, Declared};

fn concrete(path: &str) -> String {
    path.replace("{id}", "0123456789abcdef")
}

fn assert_bare(declared: &Declared, body: &str, status: u16, code: &str) {
    if declared.path.starts_with("/api/") {
        let value: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("{declared:?}: JSON"));
        let error = value.as_object().and_then(|o| o.get("error")).and_then(|e| e.as_object()).expect("error object");
        assert_eq!(value.as_object().unwrap().len(), 1, "{declared:?}: only `error`");
        assert_eq!(error.len(), 2, "{declared:?}: only code and message");
        assert_eq!(error["code"], code, "{declared:?}");
    } else {
        assert!(
            body.contains("<h1>") && !body.contains("<table") && !body.contains("@example"),
            "{declared:?} {status}: {body}"
        );
    }
}

#[test]
fn every_route_is_declared_once() {
    let routes = portal::routes();
    let declared = routes.declared();
    assert!(declared.len() >= 15, "the portal's routes: {declared:?}");
    for (index, route) in declared.iter().enumerate() {
        let again =
            declared.iter().skip(index + 1).any(|other| other.method == route.method && other.path == route.path);
        assert!(!again, "{route:?} declared twice");
        let api = route.path.starts_with("/api/") && route.path != "/api/v1/openapi.json";
        if api || route.path.starts_with("/account") || route.path == "/dashboard" {
            assert_ne!(route.access, Access::Public, "{route:?} must not be public");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn protected_routes_refuse_anonymous_and_wrong_roles() {
    let world = World::start().await;
    let mut wrong_role_checked = 0;
    for declared in portal::routes().declared().to_vec() {
        let Access::Requires(permission) = declared.access else { continue };
        let path = concrete(declared.path);
        let anonymous = common::client::https(world.addr(), declared.method.as_str(), &path, "", "").await;
        assert_eq!(anonymous.status, 401, "{declared:?} anonymous");
        assert_bare(&declared, &anonymous.body, 401, "unauthenticated");

        let Some(role) = Role::ALL.into_iter().find(|role| !role.holds(permission)) else { continue };
        let login = format!("{}-{}@example.com", role.name(), wrong_role_checked);
        let (person, _) = world.person_with_totp(role, &login).await;
        let cookie = world.cookie(&person).await;
        let refused = common::client::https(world.addr(), declared.method.as_str(), &path, &cookie, "").await;
        assert_eq!(refused.status, 403, "{declared:?} as {role}");
        assert_bare(&declared, &refused.body, 403, "forbidden");
        wrong_role_checked += 1;
    }
    assert!(wrong_role_checked >= 2, "some routes need a permission that some role lacks");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_platform_admin_without_a_grant_is_refused_and_a_token_outside_its_scope_too() {
    let world = World::start().await;
    let (admin, _) = world.person_with_totp(Role::PlatformAdmin, "root@example.com").await;
    let cookie = world.cookie(&admin).await;
    assert_eq!(world.get("/api/v1/users", &cookie).await.status, 403, "no just-in-time grant");
    assert_eq!(world.get("/api/v1/me", &cookie).await.status, 200, "own profile");

    let (owner, _) = world.person_with_totp(Role::CustomerAdmin, "owner@example.com").await;
    let scopes = [access::Permission::ProfileManage];
    let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    let new = store::NewApiToken { person: &owner, name: "me only", scopes: &scopes, expires };
    let (secret, _) = world.store.create_api_token(&new, jiff::Timestamp::now()).await.unwrap();
    let bearer = format!("Authorization: Bearer {}\r\n", secret.as_str());
    assert_eq!(world.get("/api/v1/me", &bearer).await.status, 200);
    let outside = world.get("/api/v1/users", &bearer).await;
    assert_eq!(outside.status, 403, "the role may, the token's scope may not");
    assert_eq!(world.get("/api/v1/users", &world.cookie(&owner).await).await.status, 200);
}
