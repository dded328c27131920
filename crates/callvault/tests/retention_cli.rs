//! `callvault retention set`, `retention run [--dry-run]` and `customer
//! delete` with the real binary: a keep time under the 18-month CDR floor
//! is refused and one within bounds is printed back; a dry run prints what
//! a run then deletes and deletes nothing; `customer delete` refuses a
//! confirmation that is not the slug, then shreds the customer (it no
//! longer resolves, its extensions are gone, its CDRs no longer open) and
//! the next run reports it shredded (its two policy rows removed); the
//! other customer is untouched.

mod common;

use std::path::Path;

use model::{CallDirection, Cdr, Disposition, HangupSide, TenantId};
use store::{Store, StoreError};

const DAY_MS: i64 = 86_400_000;

const PROVISIONING: &str = r#"
[[reseller]]
slug = "acme"
name = "Acme Telecom"

[[customer]]
slug = "shop"
name = "The Shop"
reseller = "acme"
sip_domain = "shop.example.net"

[[customer]]
slug = "cafe"
name = "The Cafe"
reseller = "acme"
sip_domain = "cafe.example.net"

[[extension]]
customer = "shop"
number = "1001"
password = "a long random secret"
display_name = "Quillon Frontdesk"
"#;

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn callvault(args: &[&str]) -> (bool, String) {
    let output = common::run_callvault(args);
    (output.status.success(), common::printed(&output))
}

fn call_ending(customer: &TenantId, end_ms: i64) -> Cdr {
    Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: "1001".into(),
        callee: "+12025550143".into(),
        direction: CallDirection::Outbound,
        trunk: Some("carrier".into()),
        did: None,
        start_ms: end_ms - 1_000,
        answer_ms: None,
        end_ms,
        disposition: Disposition::NoAnswer,
        hangup: HangupSide::Caller,
        sip_status: 487,
    }
}

/// Inserts a 700-day-old and a 10-day-old CDR for `shop` and for `cafe`.
async fn add_cdrs(dir: &Path) -> (TenantId, TenantId) {
    let store = Store::open(dir).await.unwrap();
    let shop = store.tenant_by_slug("shop").await.unwrap().unwrap().id;
    let cafe = store.tenant_by_slug("cafe").await.unwrap().unwrap().id;
    let now = model::now_unix_ms();
    let cdrs: Vec<_> = [&shop, &cafe]
        .iter()
        .flat_map(|c| [call_ending(c, now - 700 * DAY_MS), call_ending(c, now - 10 * DAY_MS)])
        .collect();
    store.insert_cdrs(&cdrs).await.unwrap();
    store.close().await;
    (shop, cafe)
}

async fn cdr_counts(dir: &Path, shop: &TenantId, cafe: &TenantId) -> (u64, u64) {
    let store = Store::open(dir).await.unwrap();
    let counts = (store.count_cdrs(shop).await.unwrap(), store.count_cdrs(cafe).await.unwrap());
    store.close().await;
    counts
}

#[tokio::test]
async fn retention_and_customer_deletion_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = path(dir.path());
    let file = dir.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let (ok, printed) = callvault(&["provision", "--data-dir", data, path(&file)]);
    assert!(ok, "{printed}");
    let (shop, cafe) = add_cdrs(dir.path()).await;

    let (ok, printed) = callvault(&["retention", "set", "--data-dir", data, "--customer", "shop", "--cdr-days", "100"]);
    assert!(!ok && printed.contains("549") && printed.contains("1827"), "{printed}");
    let (ok, printed) = callvault(&[
        "retention",
        "set",
        "--data-dir",
        data,
        "--customer",
        "shop",
        "--cdr-days",
        "600",
        "--recording-days",
        "10",
    ]);
    assert!(ok && printed.contains("cdr: 600 days") && printed.contains("recording: 10 days"), "{printed}");
    assert!(printed.contains("voicemail: 30 days"), "{printed}");

    let (ok, printed) = callvault(&["retention", "run", "--dry-run", "--data-dir", data]);
    assert!(ok && printed.contains(&format!("customer {shop}: would delete 1 cdr records")), "{printed}");
    assert_eq!(cdr_counts(dir.path(), &shop, &cafe).await, (2, 2), "a dry run deleted");
    let (ok, printed) = callvault(&["retention", "run", "--data-dir", data]);
    assert!(ok && printed.contains(&format!("customer {shop}: deleted 1 cdr records")), "{printed}");
    assert!(printed.contains("total cdr: 1") && printed.contains("complete"), "{printed}");
    assert_eq!(cdr_counts(dir.path(), &shop, &cafe).await, (1, 2));

    let (ok, printed) =
        callvault(&["customer", "delete", "--data-dir", data, "--customer", "shop", "--confirm", "cafe"]);
    assert!(!ok && printed.contains("--confirm"), "{printed}");
    let (ok, printed) =
        callvault(&["customer", "delete", "--data-dir", data, "--customer", "shop", "--confirm", "shop"]);
    assert!(ok && printed.contains("1 data keys destroyed") && printed.contains("backups"), "{printed}");
    let store = Store::open(dir.path()).await.unwrap();
    assert!(store.tenant_by_slug("shop").await.unwrap().is_none());
    assert!(store.extensions(&shop).await.unwrap().is_empty());
    assert!(matches!(
        store
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &shop,
                None,
                10
            )
            .await,
        Err(StoreError::Unauthentic)
    ));
    store.close().await;

    let (ok, printed) = callvault(&["retention", "run", "--data-dir", data]);
    assert!(ok && printed.contains("shredded customers: 1 (2 other rows)"), "{printed}");
    assert_eq!(cdr_counts(dir.path(), &shop, &cafe).await, (0, 2));
}
