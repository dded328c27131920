//! Bindings are stored, so a restart keeps them (issue 2).

mod common;

use common::Demo;
use common::ua::Ua;
use sip::HeaderName;

#[test]
fn a_binding_made_before_a_restart_is_listed_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(dir.path());
    let password = demo.password("1001");
    let mut ua = Ua::udp(demo.addr("udp"));
    let made = ua.register("1001", "demo.callvault.test", &password, "Contact: <sip:1001@192.0.2.77:5060>\r\n");
    assert_eq!(made.status, 200);
    assert!(demo.stop(), "the demo exits cleanly on SIGTERM");

    let demo = Demo::start(dir.path());
    assert_eq!(demo.password("1001"), password, "the demo keeps its credentials");
    let mut ua = Ua::udp(demo.addr("udp"));
    let query = ua.register("1001", "demo.callvault.test", &password, "");
    assert_eq!(query.status, 200);
    let listed: Vec<_> = query.headers.get_all(&HeaderName::Contact).collect();
    assert!(listed.iter().any(|c| c.contains("192.0.2.77")), "{listed:?}");
}
