//! The audit log viewer over HTTPS: the security officer sees every record,
//! filtered by action and paged; a customer admin sees only records about
//! their own customer; a user without `audit.read` sees nothing.

mod common;

use access::Role;
use common::world::World;
use store::{AuditDecision, AuditRecord};

fn record(n: i64, target: &str, action: &str) -> AuditRecord {
    AuditRecord {
        at_ms: 1_700_000_000_000 + n,
        actor: format!("person-{n}"),
        action: action.into(),
        target: target.into(),
        purpose: "customer_self_service".into(),
        decision: if n % 2 == 0 { AuditDecision::Allow } else { AuditDecision::Deny },
        source: "192.0.2.1".into(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_is_filtered_paged_and_scoped_to_the_tenant() {
    let world = World::start().await;
    for n in 0..60 {
        world.store.append_audit(&record(n, &world.customer.0, "cdr.read")).await.unwrap();
    }
    world.store.append_audit(&record(99, "another-tenant", "cdr.export")).await.unwrap();

    let officer = world.cookie_of(Role::SecurityOfficer, "so@example.com").await;
    let all = world.get("/audit", &officer).await;
    assert_eq!(all.status, 200);
    assert!(all.body.contains("another-tenant") && all.body.contains("Denied"));
    let exports = world.get("/audit?action=cdr.export", &officer).await;
    assert!(exports.body.contains("person-99") && !exports.body.contains("person-1<"));

    let admin = world.admin_cookie("ada@example.com").await;
    let own = world.get("/audit?action=cdr.read", &admin).await;
    assert_eq!(own.status, 200);
    assert!(!own.body.contains("another-tenant"));
    assert_eq!(own.body.matches("<td class=\"num\">").count(), 50);
    let at = own.body.find("\">Older →</a>").expect("an older page");
    let href = &own.body[own.body[..at].rfind("href=\"").unwrap() + 6..at].replace("&amp;", "&");
    assert!(href.contains("action=cdr.read"), "{href}");
    let older = world.get(href, &admin).await;
    assert_eq!(older.body.matches("<td class=\"num\">").count(), 10);
    assert!(!world.get("/audit", &admin).await.body.contains("another-tenant"), "only the customer's own records");

    let user = world.cookie_of(Role::User, "u@example.com").await;
    let refused = world.get("/audit", &user).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.body.contains("person-"));
}
