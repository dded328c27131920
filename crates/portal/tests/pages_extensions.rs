//! Extensions and devices over HTTPS with the real pages and store: a
//! customer admin lists, creates (the SIP password shown once, only its
//! HA1 stored), renames and resets; a forged or missing CSRF token is
//! refused; a role without `pbx.read` sees nothing; a user may look but
//! not change; the list is paginated; live registrations show, with the
//! htmx fragment and a plain reload link.

mod common;

use access::Role;
use common::world::{World, csrf_in, form};
use md5::{Digest, Md5};
use model::{Aor, Binding, SipTransport};
use store::BindingChange;

fn password_in(body: &str) -> String {
    body.split("class=\"secret\">").nth(1).expect("a password shown").split('<').next().unwrap().to_owned()
}

fn ha1(number: &str, password: &str) -> String {
    hex::encode(Md5::digest(format!("{number}:acme.example:{password}").as_bytes()))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_creates_renames_and_resets_an_extension() {
    let world = World::start().await;
    let cookie = world.admin_cookie("ada@example.com").await;
    let page = world.get("/extensions", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("No extensions yet"));
    let csrf = csrf_in(&page.body);

    let made = world
        .post_form("/extensions", &cookie, &form(&[("csrf", &csrf), ("number", "201"), ("display_name", "Front desk")]))
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(made.body.contains("Extension 201 is ready"));
    let password = password_in(&made.body);
    assert_eq!(password.len(), 20);
    let stored = world.store.extension(&world.customer, "201").await.unwrap().expect("stored");
    assert_eq!(stored.secret.ha1_md5, ha1("201", &password), "only the HA1 of the shown password is kept");
    assert_eq!(stored.display_name, "Front desk");
    assert!(!world.get("/extensions", &cookie).await.body.contains(&password), "shown once");

    let again = world
        .post_form("/extensions", &cookie, &form(&[("csrf", &csrf), ("number", "201"), ("display_name", "x")]))
        .await;
    assert_eq!(again.status, 400);
    assert!(again.body.contains("exists already"));
    let bad = world
        .post_form("/extensions", &cookie, &form(&[("csrf", &csrf), ("number", "2 01; drop"), ("display_name", "")]))
        .await;
    assert_eq!(bad.status, 400);

    let renamed =
        world.post_form("/extensions/201", &cookie, &form(&[("csrf", &csrf), ("display_name", "Reception")])).await;
    assert_eq!((renamed.status, renamed.header("location")), (303, Some("/extensions/201")));
    let detail = world.get("/extensions/201", &cookie).await;
    assert!(detail.body.contains("Reception") && detail.body.contains("Reset SIP password"));

    let reset = world.post_form("/extensions/201/password", &cookie, &form(&[("csrf", &csrf)])).await;
    assert_eq!(reset.status, 200);
    let new_password = password_in(&reset.body);
    assert_ne!(new_password, password);
    let stored = world.store.extension(&world.customer, "201").await.unwrap().unwrap();
    assert_eq!(stored.secret.ha1_md5, ha1("201", &new_password));
    assert_eq!(stored.display_name, "Reception", "a reset keeps the name");
    assert_eq!(world.get("/extensions/999", &cookie).await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn csrf_is_required_and_roles_are_kept_apart() {
    let world = World::start().await;
    let admin = world.admin_cookie("ada@example.com").await;
    let missing = world.post_form("/extensions", &admin, &form(&[("number", "301"), ("display_name", "x")])).await;
    let forged = world.post_form("/extensions", &admin, &form(&[("csrf", &"0".repeat(64)), ("number", "301")])).await;
    assert_eq!((missing.status, forged.status), (403, 403));
    let reset = world.post_form("/extensions/301/password", &admin, "").await;
    assert_eq!(reset.status, 403);
    assert!(world.store.extension(&world.customer, "301").await.unwrap().is_none());

    world.provision_extension("401").await;
    let officer = world.cookie_of(Role::SecurityOfficer, "so@example.com").await;
    let refused = world.get("/extensions", &officer).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("401") && !refused.body.contains("<table"));

    let user = world.cookie_of(Role::User, "u@example.com").await;
    let seen = world.get("/extensions", &user).await;
    assert_eq!(seen.status, 200);
    assert!(seen.body.contains("401") && !seen.body.contains("New extension"), "a user looks, does not change");
    let csrf = csrf_in(&seen.body);
    let tried = world.post_form("/extensions", &user, &form(&[("csrf", &csrf), ("number", "402")])).await;
    assert_eq!(tried.status, 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_is_paginated_and_registrations_show_live() {
    let world = World::start().await;
    for n in 0..30 {
        world.provision_extension(&format!("5{n:02}")).await;
    }
    let binding = Binding {
        aor: Aor { customer: world.customer.clone(), number: "500".into() },
        contact: "sip:500@192.0.2.7:5060".into(),
        expires_at_ms: model::now_unix_ms() + 3_600_000,
        call_id: "c1".into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Udp,
        source: "192.0.2.7:5060".into(),
        user_agent: Some("Yealink T54W".into()),
    };
    world.store.apply_binding_changes(&[BindingChange::Upsert(binding)]).await.unwrap();
    let cookie = world.admin_cookie("ada@example.com").await;

    let first = world.get("/extensions", &cookie).await;
    assert!(first.body.contains("Page 1 of 2") && first.body.contains("href=\"/extensions?page=2\""), "{}", first.body);
    assert_eq!(first.body.matches("<td><strong>").count(), 25);
    assert!(first.body.contains("1 registered") && first.body.contains("Yealink T54W"));
    assert!(first.body.contains("hx-get=\"/extensions/registrations\"") && first.body.contains(">Reload</a>"));
    let second = world.get("/extensions?page=2", &cookie).await;
    assert_eq!(second.body.matches("<td><strong>").count(), 5);
    assert!(second.body.contains("<strong>529</strong>") && !second.body.contains("<strong>500</strong>"));

    let fragment = world.get("/extensions/registrations", &cookie).await;
    assert_eq!(fragment.status, 200);
    assert!(fragment.body.starts_with("<div id=\"registrations\"") && fragment.body.contains("Yealink T54W"));
    assert!(!fragment.body.contains("<html"), "a fragment, not a page");
}
