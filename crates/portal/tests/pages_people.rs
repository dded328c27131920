//! Users and roles over HTTPS: a customer admin adds a person (a one-time
//! password that signs in), changes a role (never to one above their own),
//! disables and enables; CSRF is required; a person of another tenant is
//! not found; a user without `user.read` sees nothing; the list is paginated.

mod common;

use access::Role;
use common::world::{World, csrf_in, form};
use jiff::Timestamp;
use store::NewPerson;

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_adds_changes_and_disables_people() {
    let world = World::start().await;
    let admin = world.admin_cookie("ada@example.com").await;
    let page = world.get("/people", &admin).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("value=\"platform_admin\""), "no role above the admin's is offered");
    let csrf = csrf_in(&page.body);

    let added = world
        .post_form("/people", &admin, &form(&[("csrf", &csrf), ("login", "Sam@Example.com"), ("role", "user")]))
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let password = added.body.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let sam = world.store.person_by_login("sam@example.com").await.unwrap().expect("added");
    assert_eq!((sam.role, sam.tenant.clone()), (Role::User, world.customer.clone()));
    let signed = world.post_form("/sign-in", "", &form(&[("login", "sam@example.com"), ("password", &password)])).await;
    assert_eq!(signed.status, 303, "the one-time password signs in");

    let above = world
        .post_form(
            &format!("/people/{}/role", sam.id.0),
            &admin,
            &form(&[("csrf", &csrf), ("role", "security_officer")]),
        )
        .await;
    assert_eq!(above.status, 400);
    let promoted = world
        .post_form(&format!("/people/{}/role", sam.id.0), &admin, &form(&[("csrf", &csrf), ("role", "customer_admin")]))
        .await;
    assert_eq!(promoted.status, 303);
    assert_eq!(world.store.person(&sam.id).await.unwrap().role, Role::CustomerAdmin);

    let off = world
        .post_form(&format!("/people/{}/disabled", sam.id.0), &admin, &form(&[("csrf", &csrf), ("disabled", "true")]))
        .await;
    assert_eq!(off.status, 303);
    assert!(world.store.person(&sam.id).await.unwrap().disabled);
    assert!(world.get("/people", &admin).await.body.contains("Disabled"));
    let on = world
        .post_form(&format!("/people/{}/disabled", sam.id.0), &admin, &form(&[("csrf", &csrf), ("disabled", "false")]))
        .await;
    assert_eq!(on.status, 303);
    assert!(!world.store.person(&sam.id).await.unwrap().disabled);
}

#[tokio::test(flavor = "multi_thread")]
async fn csrf_tenants_and_roles_are_enforced() {
    let world = World::start().await;
    let admin = world.admin_cookie("ada@example.com").await;
    let csrf = csrf_in(&world.get("/people", &admin).await.body);
    let missing = world.post_form("/people", &admin, &form(&[("login", "x@example.com"), ("role", "user")])).await;
    assert_eq!(missing.status, 403);
    assert!(world.store.person_by_login("x@example.com").await.unwrap().is_none());

    let (outsider, _) = world.person_with_totp(Role::ResellerAdmin, "res@example.com").await;
    let elsewhere = world
        .post_form(&format!("/people/{}/disabled", outsider.0), &admin, &form(&[("csrf", &csrf), ("disabled", "true")]))
        .await;
    assert_eq!(elsewhere.status, 404, "a person of another tenant is not found");
    assert!(!world.store.person(&outsider).await.unwrap().disabled);

    let user = world.cookie_of(Role::User, "u@example.com").await;
    let refused = world.get("/people", &user).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("ada@example.com"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_people_list_is_paginated() {
    let world = World::start().await;
    let admin = world.admin_cookie("ada@example.com").await;
    for n in 0..30 {
        let new = NewPerson { tenant: world.customer.clone(), role: Role::User, login: format!("p{n:02}@example.com") };
        world.store.create_person(&new, "test", Timestamp::now()).await.unwrap();
    }
    let first = world.get("/people", &admin).await;
    assert!(first.body.contains("Page 1 of 2") && first.body.contains("href=\"/people?page=2\""));
    let second = world.get("/people?page=2", &admin).await;
    assert!(second.body.contains("p29@example.com") && !second.body.contains("p00@example.com"));
}
