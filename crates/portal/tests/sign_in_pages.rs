//! Sign-in over HTTPS with the real pages: password, then TOTP; generic
//! errors that do not tell a wrong password from an unknown account; the
//! session cookie's attributes; a new session once the code is given; an
//! admin without TOTP sent to enrolment, which shows a QR code, confirms
//! with a code and shows ten recovery codes once; sign-out everywhere.

mod common;

use access::Role;
use access::totp::{Secret, Totp};
use common::world::{PASSWORD, World, cookie_from, csrf_in};
use jiff::Timestamp;

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn password_then_code_then_dashboard() {
    let world = World::start().await;
    let (_, totp) = world.person_with_totp(Role::CustomerAdmin, "ada@example.com").await;

    let page = world.get("/sign-in", "").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"password\""));

    let wrong = world.post_form("/sign-in", "", &form(&[("login", "ada@example.com"), ("password", "nope")])).await;
    let unknown = world.post_form("/sign-in", "", &form(&[("login", "who@example.com"), ("password", PASSWORD)])).await;
    assert_eq!((wrong.status, unknown.status), (200, 200));
    assert!(wrong.header("set-cookie").is_none() && unknown.header("set-cookie").is_none());
    let alert = |body: &str| body.split("class=\"alert\"").nth(1).map(|s| s.split("</p>").next().unwrap().to_owned());
    assert!(alert(&wrong.body).is_some());
    assert_eq!(alert(&wrong.body), alert(&unknown.body), "the same error for both");

    let right = world.post_form("/sign-in", "", &form(&[("login", "ada@example.com"), ("password", PASSWORD)])).await;
    assert_eq!((right.status, right.header("location")), (303, Some("/sign-in/code")));
    let set = right.header("set-cookie").unwrap();
    assert!(set.starts_with("__Host-callvault="), "{set}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attribute), "{set} lacks {attribute}");
    }
    let pending = cookie_from(&right);
    assert_eq!(world.get("/dashboard", &pending).await.status, 401, "no dashboard before the code");

    let code_page = world.get("/sign-in/code", &pending).await;
    let csrf = csrf_in(&code_page.body);
    let bad = world.post_form("/sign-in/code", &pending, &form(&[("code", "000000"), ("csrf", &csrf)])).await;
    assert!(bad.body.contains("class=\"alert\""));
    let code = totp.code_at(Timestamp::now());
    let done = world.post_form("/sign-in/code", &pending, &form(&[("code", &code), ("csrf", &csrf)])).await;
    assert_eq!((done.status, done.header("location")), (303, Some("/dashboard")));
    let full = cookie_from(&done);
    assert_ne!(full, pending, "a new session once the code is given");
    assert_eq!(world.get("/dashboard", &pending).await.status, 401, "the pending session is over");
    let dashboard = world.get("/dashboard", &full).await;
    assert_eq!(dashboard.status, 200);
    assert!(dashboard.body.contains("ada@example.com") && dashboard.body.contains("People"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_without_totp_enrols_before_the_dashboard() {
    let world = World::start().await;
    world.person(Role::CustomerAdmin, "bea@example.com").await;
    let signed = world.post_form("/sign-in", "", &form(&[("login", "bea@example.com"), ("password", PASSWORD)])).await;
    let cookie = cookie_from(&signed);
    let dashboard = world.get("/dashboard", &cookie).await;
    assert_eq!((dashboard.status, dashboard.header("location")), (303, Some("/account/two-factor")));
    assert_eq!(world.get("/api/v1/users", &cookie).await.status, 403);

    let enrol = world.get("/account/two-factor", &cookie).await;
    assert_eq!(enrol.status, 200);
    assert!(enrol.body.contains("<svg") && enrol.body.contains("href=\"otpauth:"));
    let secret = enrol.body.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap();
    let totp = Totp::new(Secret::from_base32(secret).expect("a base 32 key"));
    let csrf = csrf_in(&enrol.body);
    let code = totp.code_at(Timestamp::now());
    let confirmed = world.post_form("/account/two-factor", &cookie, &form(&[("code", &code), ("csrf", &csrf)])).await;
    assert_eq!(confirmed.status, 200);
    assert_eq!(confirmed.body.matches("<li><code>").count(), 10, "ten recovery codes, shown once");
    let full = cookie_from(&confirmed);
    assert_eq!(world.get("/dashboard", &full).await.status, 200);
    assert_eq!(world.get("/dashboard", &cookie).await.status, 401, "the password-only session ended");
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_everywhere_ends_every_session() {
    let world = World::start().await;
    let (person, _) = world.person_with_totp(Role::CustomerAdmin, "cy@example.com").await;
    let (laptop, phone) = (world.cookie(&person).await, world.cookie(&person).await);
    let account = world.get("/account", &laptop).await;
    assert_eq!(account.status, 200);
    let csrf = csrf_in(&account.body);
    let forged = world.post_form("/sign-out/everywhere", &laptop, &form(&[("csrf", &"0".repeat(64))])).await;
    assert_eq!(forged.status, 403, "a wrong CSRF token is refused");
    let out = world.post_form("/sign-out/everywhere", &laptop, &form(&[("csrf", &csrf)])).await;
    assert_eq!((out.status, out.header("location")), (303, Some("/sign-in")));
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(world.get("/account", &laptop).await.status, 401);
    assert_eq!(world.get("/account", &phone).await.status, 401);
}
