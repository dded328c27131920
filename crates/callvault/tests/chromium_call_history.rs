//! End to end in real headless Chromium (issue 6, "How it will be checked":
//! create an extension, see a call appear in history), with nothing put in
//! behind the product's back: `callvault demo` serves SIP and the portal;
//! its customer administrator signs in with password and TOTP, creates an
//! extension in the browser and reads its SIP password off the page; a
//! phone registers that extension over SIP with that password (digest,
//! RFC 3261 §22), demo extension 1001 calls it through the B2BUA, it
//! answers and hangs up; the call then shows in the call history page,
//! answered, with both numbers.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs them).

#[path = "../../portal/tests/common/browser.rs"]
#[allow(unreachable_pub, dead_code)]
mod browser;
mod common;

use std::time::Duration;

use access::totp::{Secret, Totp};
use browser::{browser, chromedriver, fill, submit, wait_for_path};
use common::Demo;
use common::phone::{Phone, sdp};
use fantoccini::{Client, Locator};
use pbx::Directory;
use sip::{Message, Method};

const DOMAIN: &str = "demo.callvault.test";
const WAIT: Duration = Duration::from_secs(5);
/// The extension the administrator creates in the browser.
const NEW_EXTENSION: &str = "2040";

/// Signs in as the demo's customer administrator, password then TOTP.
async fn sign_in_as_customer_admin(client: &Client, demo: &Demo, portal: &str) {
    let admins = demo.info["admins"].as_array().expect("the demo's administrators");
    let admin = admins.iter().find(|a| a["role"] == "customer_admin").expect("a customer administrator");
    let secret = Secret::from_base32(admin["totp_secret"].as_str().unwrap()).expect("a base 32 key");
    client.goto(&format!("{portal}/sign-in")).await.unwrap();
    fill(client, "login", admin["login"].as_str().unwrap()).await;
    fill(client, "password", admin["password"].as_str().unwrap()).await;
    submit(client).await;
    wait_for_path(client, "/sign-in/code").await;
    fill(client, "code", &Totp::new(secret).code_at(jiff::Timestamp::now())).await;
    submit(client).await;
    wait_for_path(client, "/dashboard").await;
}

/// Creates [`NEW_EXTENSION`] on the extensions page; returns the SIP
/// password the page shows once.
async fn create_extension(client: &Client) -> String {
    client.find(Locator::LinkText("Extensions & devices")).await.unwrap().click().await.unwrap();
    wait_for_path(client, "/extensions").await;
    fill(client, "number", NEW_EXTENSION).await;
    fill(client, "display_name", "Reception").await;
    client.find(Locator::Css("form.row-form button[type='submit']")).await.unwrap().click().await.unwrap();
    // The password is on the POST's answer at the same path: wait for it to load.
    client
        .wait()
        .for_element(Locator::Css("code.secret"))
        .await
        .expect("the new extension's page")
        .text()
        .await
        .unwrap()
}

/// Registers `phone` once the registrar can know its new extension: the
/// directory takes up changes every [`Directory::REFRESH_EVERY`], and every
/// wrong try before that counts towards the registrar's brake on password
/// guessing (403 for 5 minutes from the third), so the phone waits for two
/// refreshes before its first try and for one more before its second.
fn registers_once_the_directory_has_it(phone: &mut Phone) -> bool {
    std::thread::sleep(2 * Directory::REFRESH_EVERY);
    (0..2).any(|attempt| {
        if attempt > 0 {
            std::thread::sleep(Directory::REFRESH_EVERY);
        }
        phone.register() == 200
    })
}

/// The new extension registers with the password from the page; 1001
/// calls it, it answers, and hangs up after a moment. Blocking SIP.
fn place_answered_call(demo: &Demo, password: &str) {
    let mut callee = Phone::new(demo.addr("udp"), NEW_EXTENSION, DOMAIN, password);
    assert!(registers_once_the_directory_has_it(&mut callee), "the portal's SIP password registers the extension");
    let mut caller = Phone::new(demo.addr("udp"), "1001", DOMAIN, &demo.password("1001"));
    assert_eq!(caller.register(), 200);
    let (mut dialog, answer) = std::thread::scope(|scope| {
        let calling = scope.spawn(|| caller.call(NEW_EXTENSION, DOMAIN, &[], &sdp(40100)));
        let invite = callee.request_of(&Method::Invite, WAIT).expect("the new extension rings");
        callee.respond(&invite, 180, "desk", None);
        std::thread::sleep(Duration::from_millis(300));
        callee.respond(&invite, 200, "desk", Some(&sdp(40102)));
        calling.join().unwrap()
    });
    assert_eq!(answer.status, 200, "the call is answered");
    let ack = caller.in_dialog(&mut dialog, Method::Ack);
    caller.send(&Message::Request(ack));
    std::thread::sleep(Duration::from_millis(1200));
    let bye = caller.in_dialog(&mut dialog, Method::Bye);
    caller.send(&Message::Request(bye));
    let relayed = callee.request_of(&Method::Bye, WAIT).expect("the hang-up reaches the callee");
    callee.respond(&relayed, 200, "desk", None);
    assert_eq!(caller.final_response(&dialog.call_id, &Method::Bye, WAIT).map(|r| r.status), Some(200));
}

/// The call history's first row once it names the new extension (the CDR
/// is written when the call ends, so the page is reloaded until then).
async fn history_row_for_new_extension(client: &Client, portal: &str) -> String {
    for _ in 0..50 {
        client.goto(&format!("{portal}/calls")).await.unwrap();
        if let Ok(row) = client.find(Locator::Css("table.calls tbody tr")).await {
            let text = row.text().await.unwrap();
            if text.contains(NEW_EXTENSION) {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the call never appeared in the call history");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_extension_made_in_chromium_takes_a_real_call_that_shows_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let demo = std::sync::Arc::new(Demo::start(&dir.path().join("data")));
    let portal = demo.info["portal"].as_str().expect("the portal URL").trim_end_matches('/').to_owned();
    let (_driver, port) = chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(port, profile.path()).await;

    sign_in_as_customer_admin(&client, &demo, &portal).await;
    let password = create_extension(&client).await;
    let calling = std::sync::Arc::clone(&demo);
    tokio::task::spawn_blocking(move || place_answered_call(&calling, &password)).await.unwrap();

    let row = history_row_for_new_extension(&client, &portal).await;
    assert!(row.contains("1001"), "the caller is shown: {row}");
    assert!(row.to_lowercase().contains("answered"), "the disposition is shown: {row}");
    client.close().await.unwrap();
}
