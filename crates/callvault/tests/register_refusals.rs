//! What a registrar must refuse, and that a refused REGISTER stores nothing.

mod common;

use common::Demo;
use common::ua::Ua;
use model::{Aor, TenantId};

const DOMAIN: &str = "demo.callvault.test";

/// The stored bindings of demo extension `number`, read from the database.
fn stored_bindings(demo: &Demo, number: &str) -> Vec<model::Binding> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(&demo.data_dir).await.unwrap();
        let demo_customer = store.tenant_by_slug("demo").await.unwrap().unwrap();
        let aor = Aor { customer: TenantId(demo_customer.id.0), number: number.into() };
        let live = store.live_bindings(0).await.unwrap();
        store.close().await;
        live.into_iter().filter(|b| b.aor == aor).collect()
    })
}

#[test]
fn a_wrong_password_gets_401_then_403_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    let contact = "Contact: <sip:1001@192.0.2.9>\r\n";
    let statuses: Vec<u16> = (0..4).map(|_| ua.register("1001", DOMAIN, "not-the-password", contact).status).collect();
    assert_eq!(statuses, [401, 401, 403, 403]);
    assert!(stored_bindings(&demo, "1001").is_empty());
    let right = ua.register("1001", DOMAIN, &demo.password("1001"), contact);
    assert_eq!(right.status, 403, "the brake holds even for the right password");
}

#[test]
fn an_unknown_domain_is_404() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    let text = ua.register_text("1001", "nowhere.example", "Contact: <sip:1001@192.0.2.9>\r\n");
    assert_eq!(ua.request(text.as_bytes()).status, 404);
}

#[test]
fn an_unknown_user_is_challenged_like_a_known_one() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    let unknown = ua.register("7777", DOMAIN, "whatever-password", "Contact: <sip:7777@192.0.2.9>\r\n");
    assert_eq!(unknown.status, 401, "{unknown:?}");
}

#[test]
fn one_extension_may_not_register_another() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    let first = ua.register_text("1002", DOMAIN, "Contact: <sip:1002@192.0.2.9>\r\n");
    let challenge = ua.request(first.as_bytes());
    let authorization = common::ua::answer(&challenge, "1001", DOMAIN, &demo.password("1001"));
    let second = ua.register_text(
        "1002",
        DOMAIN,
        &format!("Authorization: {authorization}\r\nContact: <sip:1002@192.0.2.9>\r\n"),
    );
    assert_eq!(ua.request(second.as_bytes()).status, 403);
    assert!(stored_bindings(&demo, "1002").is_empty());
}

#[test]
fn an_unsupported_require_is_420() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    let text = ua.register_text("1001", DOMAIN, "Require: teleportation\r\n");
    let refused = ua.request(text.as_bytes());
    assert_eq!(refused.status, 420);
    assert_eq!(refused.headers.get(&sip::HeaderName::Unsupported), Some("teleportation"));
}

#[test]
fn options_is_answered_and_unknown_methods_get_501_with_allow() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Demo::start(dir.path());
    let mut ua = Ua::udp(demo.addr("udp"));
    for (method, status) in [("OPTIONS", 200), ("FROBNICATE", 501)] {
        let text = ua.register_text("1001", DOMAIN, "").replace("REGISTER", method);
        let response = ua.request(text.as_bytes());
        assert_eq!(response.status, status, "{method}");
        assert!(response.headers.get(&sip::HeaderName::Allow).is_some_and(|a| a.contains("REGISTER")));
    }
}
