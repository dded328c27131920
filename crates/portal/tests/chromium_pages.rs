//! End to end in real headless Chromium over WebDriver (issue 6, "How it
//! will be checked"): a customer admin signs in with password and TOTP,
//! creates an extension in the browser and reads its SIP password off the
//! page; a phone registers it and a call to it is recorded (its CDR put in
//! through the store, as the PBX's call task does); the call appears in the
//! call history. Screenshots of the dashboard chart, extensions, call
//! history, people and audit log go to docs/screenshots/.
//!
//! Needs Debian's `chromium` and `chromium-driver`.

mod common;

use access::Role;
use common::browser::{browser, chromedriver, fill, wait_for_path};
use common::chromium::{save, sign_in_with_password};
use common::world::{World, call};
use fantoccini::Locator;
use jiff::Timestamp;
use model::{Aor, Binding, Disposition, SipTransport};
use store::BindingChange;

const HOUR: i64 = 3_600_000;

/// A month of calls for the chart: a few a day, more on weekdays' mornings.
async fn history(world: &World) {
    let now = model::now_unix_ms();
    let mut cdrs = Vec::new();
    for day in 1..30i64 {
        for n in 0..(4 + (day * 7) % 11) {
            let disposition = if n % 5 == 4 { Disposition::NoAnswer } else { Disposition::Answered };
            cdrs.push(call(&world.customer, now - day * 24 * HOUR + n * 45_000, disposition));
        }
    }
    world.store.insert_cdrs(&cdrs).await.unwrap();
}

async fn register(world: &World, number: &str) {
    let binding = Binding {
        aor: Aor { customer: world.customer.clone(), number: number.into() },
        contact: format!("sip:{number}@192.0.2.7:5060"),
        expires_at_ms: model::now_unix_ms() + HOUR,
        call_id: "e2e".into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Tls,
        source: "192.0.2.7:5061".into(),
        user_agent: Some("Yealink SIP-T54W 96.86".into()),
    };
    world.store.apply_binding_changes(&[BindingChange::Upsert(binding)]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn create_an_extension_and_see_its_call_in_history_in_chromium() {
    let world = World::start().await;
    history(&world).await;
    world.store.set_tenant_time_zone(&world.customer, "America/New_York").await.unwrap();
    let (_, totp) = world.person_with_totp(Role::CustomerAdmin, "ada@acme.example").await;
    world.person(Role::User, "sam@acme.example").await;
    let base = format!("https://localhost:{}", world.addr().port());
    let (_driver, port) = chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(port, profile.path()).await;

    sign_in_with_password(&client, &base, "ada@acme.example").await;
    wait_for_path(&client, "/sign-in/code").await;
    fill(&client, "code", &totp.code_at(Timestamp::now())).await;
    client.find(Locator::Css("form.stack button[type='submit']")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/dashboard").await;
    assert!(client.source().await.unwrap().contains("Calls, last 30 days"));
    save(&client, "dashboard.png").await;

    client.find(Locator::LinkText("Extensions & devices")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/extensions").await;
    fill(&client, "number", "201").await;
    fill(&client, "display_name", "Front desk").await;
    client.find(Locator::Css("form.row-form button[type='submit']")).await.unwrap().click().await.unwrap();
    // The answer to the POST comes back at the same path: wait for it to load.
    let password = client
        .wait()
        .for_element(Locator::Css("code.secret"))
        .await
        .expect("the new extension's page")
        .text()
        .await
        .unwrap();
    assert_eq!(password.len(), 20, "the SIP password is shown once");
    assert!(world.store.extension(&world.customer, "201").await.unwrap().is_some());

    register(&world, "201").await;
    client.goto(&format!("{base}/extensions")).await.unwrap();
    let page = client.source().await.unwrap();
    assert!(page.contains("1 registered") && page.contains("Yealink"));
    save(&client, "extensions.png").await;

    let placed = call(&world.customer, model::now_unix_ms() - 90_000, Disposition::Answered);
    world.store.insert_cdrs(&[placed]).await.unwrap();
    client.find(Locator::LinkText("Call history")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/calls").await;
    let first_row = client.find(Locator::Css("table.calls tbody tr")).await.unwrap().text().await.unwrap();
    assert!(first_row.contains("+12025550143") && first_row.contains("201"), "{first_row}");
    save(&client, "call-history.png").await;

    client.goto(&format!("{base}/people")).await.unwrap();
    save(&client, "people.png").await;
    client.goto(&format!("{base}/audit")).await.unwrap();
    assert!(client.source().await.unwrap().contains("cdr.read"));
    save(&client, "audit-log.png").await;
    client.close().await.unwrap();
}
