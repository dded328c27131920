//! A running `serve` follows `callvault customer delete` (issue 3 item 3):
//! within about a refresh period of the deletion, the deleted customer's
//! phones no longer register, without a restart.
//!
//! The registrar caches which customer a domain names for five seconds, so
//! the refusal must come well inside five seconds of the first REGISTER
//! (which filled that cache): then it is the extension directory that
//! dropped the customer, not the domain cache expiring.

mod common;

use std::time::{Duration, Instant};

use common::shop::Shop;
use common::ua::Ua;

/// Well inside the registrar's five-second domain cache.
const WITHIN: Duration = Duration::from_millis(3_500);

#[test]
fn a_deleted_customers_phone_no_longer_registers() {
    let dir = tempfile::tempdir().unwrap();
    let shop = Shop::serve(dir.path(), "");
    let started = Instant::now();
    let mut ua = Ua::udp(shop.addr);
    assert_eq!(ua.register("100", "shop.example", "shop-secret-100", "").status, 200);

    let data = dir.path().join("data");
    let args = ["customer", "delete", "--data-dir", data.to_str().unwrap(), "--customer", "shop", "--confirm", "shop"];
    let deleted = common::run_callvault(&args);
    assert!(deleted.status.success(), "{}", common::printed(&deleted));

    let mut refused = None;
    while started.elapsed() < WITHIN {
        let status = Ua::udp(shop.addr).register("100", "shop.example", "shop-secret-100", "").status;
        if status != 200 {
            refused = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let refused = refused.unwrap_or_else(|| panic!("still registering {:?} after the deletion", started.elapsed()));
    assert!((400..500).contains(&refused), "refused with {refused}");
}
