//! The OpenAPI document against the running API: every declared `/api/v1`
//! route is in it, and schemathesis (PyPI) fuzzes the real server over
//! HTTPS, every check on: no 5xx, every status documented, every body
//! matching its schema, bad input refused. Twice: with a customer admin's
//! bearer token, and with a platform admin's under a just-in-time grant of
//! every permission (trunks, other customers, the platform's own scope).
//! Skipped, saying so, only when schemathesis is not installed
//! (`scripts/test` installs it).

mod api_common;
mod common;

use std::process::Command;
use std::time::Duration;

use access::{Permission, Role};
use jiff::Timestamp;
use model::{Aor, Binding, CallDirection, Cdr, CdrId, Disposition, HangupSide, SipTransport};
use portal::routes::Access;
use store::BindingChange;

#[test]
fn every_api_route_is_in_the_document() {
    let document = serde_json::to_value(portal::openapi()).unwrap();
    assert_eq!(document["openapi"].as_str().map(|v| &v[..3]), Some("3.1"));
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let paths = document["paths"].as_object().unwrap();
    let mut listed = 0;
    for declared in portal::routes().declared() {
        if !declared.path.starts_with("/api/v1/") || declared.path == "/api/v1/openapi.json" {
            continue;
        }
        let method = declared.method.as_str().to_ascii_lowercase();
        let operation = &paths.get(declared.path).unwrap_or_else(|| panic!("{declared:?} in the document"))[&method];
        assert!(operation.is_object(), "{declared:?} in the document");
        assert!(matches!(declared.access, Access::Requires(_)), "{declared:?}");
        assert!(operation["responses"]["401"].is_object(), "{declared:?} documents its 401");
        listed += 1;
    }
    assert!(listed >= 20, "{listed} routes");
    assert_eq!(document["security"][0]["bearer"], serde_json::json!([]));
}

fn schemathesis() -> Option<&'static str> {
    ["schemathesis", "st"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Skipping says so on stderr, so a run without schemathesis is visible.
#[allow(clippy::print_stderr)]
fn installed() -> Option<&'static str> {
    let found = schemathesis();
    if found.is_none() {
        eprintln!("SKIPPED: schemathesis is not installed (pip install schemathesis; scripts/test does)");
    }
    found
}

/// A portal without API rate limits, seeded like the demo.
async fn seeded_world() -> common::world::World {
    let limits = portal::Limits { api_burst: 1_000_000, api_every: Duration::from_micros(1), ..Default::default() };
    let world = common::world::World::start_with(limits).await;
    let (_, auth) = api_common::caller(&world, Role::CustomerAdmin, "admin@acme.example").await;
    seed(&world, &auth).await;
    world
}

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_nothing_as_a_customer_admin() {
    let Some(bin) = installed() else { return };
    let world = seeded_world().await;
    let (_, auth) = api_common::caller(&world, Role::CustomerAdmin, "fuzz@acme.example").await;
    run(bin, &world, &auth).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_nothing_as_a_granted_platform_admin() {
    let Some(bin) = installed() else { return };
    let world = seeded_world().await;
    let auth = api_common::granted_platform_admin(&world, &Permission::ALL).await;
    run(bin, &world, &auth).await;
}

/// Runs schemathesis against `world` with the `Authorization:` line `auth`;
/// fails on any finding or an operation left untested.
async fn run(bin: &'static str, world: &common::world::World, auth: &str) {
    let token = auth.trim_end().trim_start_matches("Authorization: ").to_owned();
    let url = format!("https://127.0.0.1:{}/api/v1/openapi.json", world.addr().port());
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schemathesis.toml");
    let report = tempfile::tempdir().unwrap();
    let mut command = Command::new(bin);
    command
        .args(["--config-file", config, "run", &url, "--checks", "all", "--tls-verify", "false"])
        .args(["--max-examples", "15", "--workers", "1", "--seed", "1", "--no-shrink", "--no-color"])
        .args(["--generation-database", "none", "--header", &format!("Authorization:{token}")])
        // The portal closes a keep-alive connection left idle for its
        // 10 s header deadline; a request sent as it closes meets EOF
        // (RFC 9112 §9.3.1: such a request may be retried). A server that
        // drops a connection on some input still fails: the retry does too.
        .args(["--request-retries", "1"])
        .arg("--report-dir")
        .arg(report.path())
        .current_dir(report.path());
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "schemathesis failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let document = serde_json::to_value(portal::openapi()).unwrap();
    let methods = ["get", "put", "post", "delete", "patch"];
    let operations: usize = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count())
        .sum();
    assert!(stdout.contains(&format!("Tested: {operations}")), "it tested every operation:\n{stdout}");
}

/// A demo-like customer: extensions, a DID, live registrations, CDRs.
async fn seed(world: &common::world::World, auth: &str) {
    for number in ["1001", "1002", "1003"] {
        let body = r#"{"display_name":"Desk","password":"a long sip secret"}"#;
        api_common::send(world, "PUT", &format!("/api/v1/extensions/{number}"), auth, body).await;
    }
    api_common::send(world, "PUT", "/api/v1/dids/+15555550100", auth, r#"{"extension":"1001"}"#).await;
    let expires = Timestamp::now().as_millisecond() + 3_600_000;
    let binding = Binding {
        aor: Aor { customer: world.customer.clone(), number: "1001".into() },
        contact: "sip:1001@192.0.2.1:5060".into(),
        expires_at_ms: expires,
        call_id: "c".into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Tls,
        source: "192.0.2.1:5060".into(),
        user_agent: None,
    };
    world.store.apply_binding_changes(&[BindingChange::Upsert(binding)]).await.unwrap();
    let start = Timestamp::now().as_millisecond() - 86_400_000;
    let cdrs: Vec<Cdr> = (0..60)
        .map(|n| Cdr {
            id: CdrId(format!("cdr-{n:03}")),
            customer: world.customer.clone(),
            caller: "+15555550111".into(),
            callee: "1001".into(),
            direction: CallDirection::Inbound,
            trunk: Some("carrier".into()),
            did: Some("+15555550100".into()),
            start_ms: start + n * 1000,
            answer_ms: Some(start + n * 1000 + 500),
            end_ms: start + n * 1000 + 900,
            disposition: Disposition::Answered,
            hangup: HangupSide::Callee,
            sip_status: 200,
        })
        .collect();
    world.store.insert_cdrs(&cdrs).await.unwrap();
}
