//! End to end in real headless Chromium over WebDriver (issue 6, "How it
//! will be checked"): an administrator signs in with password and TOTP (the
//! code computed from the secret with `access`) and sees the dashboard; a
//! new administrator without TOTP is sent to enrolment, reads the key off
//! the page, confirms with a code, is shown the recovery codes and reaches
//! the dashboard. Screenshots of each page go to docs/screenshots/.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs
//! them); fails saying so when they are missing.

mod common;

use access::Role;
use access::totp::{Secret, Totp};
use common::browser::{browser, chromedriver, fill, submit, wait_for_path};
use common::chromium::{save, sign_in_with_password};
use common::world::World;
use fantoccini::Locator;
use jiff::Timestamp;

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_totp_and_enrol_in_chromium() {
    let world = World::start().await;
    let (_, totp) = world.person_with_totp(Role::CustomerAdmin, "ada@acme.example").await;
    world.person(Role::CustomerAdmin, "bea@acme.example").await;
    let base = format!("https://localhost:{}", world.addr().port());
    let (_driver, port) = chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(port, profile.path()).await;

    client.goto(&format!("{base}/sign-in")).await.unwrap();
    save(&client, "sign-in.png").await;
    sign_in_with_password(&client, &base, "ada@acme.example").await;
    wait_for_path(&client, "/sign-in/code").await;
    fill(&client, "code", &totp.code_at(Timestamp::now())).await;
    submit(&client).await;
    wait_for_path(&client, "/dashboard").await;
    let page = client.source().await.unwrap();
    assert!(page.contains("Welcome back") && page.contains("ada@acme.example"));
    save(&client, "dashboard-first-sign-in.png").await;

    client.delete_all_cookies().await.unwrap();
    sign_in_with_password(&client, &base, "bea@acme.example").await;
    wait_for_path(&client, "/account/two-factor").await;
    save(&client, "enrolment.png").await;
    let key = client.find(Locator::Css("code.secret")).await.unwrap().text().await.unwrap();
    let secret = Secret::from_base32(&key).expect("a base 32 key");
    fill(&client, "code", &Totp::new(secret).code_at(Timestamp::now())).await;
    submit(&client).await;
    // The codes page is the POST's answer at the same path: wait for it to load.
    client.wait().for_element(Locator::Css("ol.codes li")).await.expect("the recovery codes page");
    let codes = client.find_all(Locator::Css("ol.codes li")).await.unwrap();
    assert_eq!(codes.len(), 10, "ten recovery codes");
    save(&client, "recovery-codes.png").await;
    client.find(Locator::Css("a.button.primary")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/dashboard").await;
    client.close().await.unwrap();
}
