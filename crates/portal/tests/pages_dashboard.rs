//! The dashboard's chart over HTTPS: a customer admin sees the last 30
//! days of calls drawn as SVG, in the customer's time zone, read through
//! the gate as usage (audited); a user, who may not read usage, sees no chart.

mod common;

use access::Role;
use common::world::{World, call};
use model::Disposition;
use store::AuditFilter;

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_sees_the_call_chart_in_the_customers_time_zone() {
    let world = World::start().await;
    let now = model::now_unix_ms();
    let cdrs = [
        call(&world.customer, now - 120_000, Disposition::Answered),
        call(&world.customer, now - 100_000, Disposition::Busy),
    ];
    world.store.insert_cdrs(&cdrs).await.unwrap();
    world.store.set_tenant_time_zone(&world.customer, "America/New_York").await.unwrap();
    assert!(world.store.set_tenant_time_zone(&world.customer, "Mars/Olympus").await.is_err());

    let cookie = world.admin_cookie("ada@example.com").await;
    let page = world.get("/dashboard", &cookie).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg") && page.body.contains("Calls, last 30 days"));
    assert!(page.body.contains("Days in America&#x2f;New_York"), "{}", page.body);
    assert!(page.body.contains("2 calls over 30 days; at most 2 calls at once."), "{}", page.body);
    let usage = AuditFilter { action: Some("usage.read".into()), ..AuditFilter::default() };
    assert_eq!(world.store.audit_page(&usage, None, 10).await.unwrap().len(), 1, "the gate audited the read");

    let user = world.cookie_of(Role::User, "u@example.com").await;
    let plain = world.get("/dashboard", &user).await;
    assert_eq!(plain.status, 200);
    assert!(!plain.body.contains("<svg"), "no usage for a user");
}
