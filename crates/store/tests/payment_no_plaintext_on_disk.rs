//! Payment references and labels are sealed at rest: neither reaches the
//! database file or its WAL, searched byte for byte while the store is open
//! and after it closes; the sealed column is found the same way, to prove
//! the search works.

mod payment_support;
mod support;

use payment_support::{CUSTOMER_PROFILE_ID, FUNDING_SOURCE, PAYMENT_PROFILE_ID, authorize_net, dwolla};
use sqlx::Row;
use store::Store;

const LABEL_MARKER: &str = "Zanzibar Amex 0005";
const BANK_LABEL: &str = "Quux checking 6789";

#[tokio::test]
async fn references_and_labels_never_reach_disk_in_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = support::customer(&store).await;
    store.add_payment_method(&customer, &authorize_net(), LABEL_MARKER).await.unwrap();
    store.add_payment_method(&customer, &dwolla(), BANK_LABEL).await.unwrap();
    let raw = payment_support::raw(dir.path()).await;
    let sealed: Vec<Vec<u8>> = sqlx::query("SELECT reference_sealed FROM payment_methods")
        .fetch_all(&raw)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("reference_sealed"))
        .collect();
    raw.close().await;

    let plaintexts =
        [CUSTOMER_PROFILE_ID, PAYMENT_PROFILE_ID, FUNDING_SOURCE, "5b29279d-6359", LABEL_MARKER, BANK_LABEL];
    assert_not_on_disk(dir.path(), &plaintexts, &sealed);
    store.close().await;
    assert_not_on_disk(dir.path(), &plaintexts, &sealed);
}

fn assert_not_on_disk(dir: &std::path::Path, plaintexts: &[&str], sealed: &[Vec<u8>]) {
    let files = payment_support::database_files(dir);
    assert_eq!(sealed.len(), 2);
    for value in sealed {
        assert!(files.iter().any(|f| payment_support::contains(f, value)), "the sealed value reached disk");
    }
    for plaintext in plaintexts {
        let found = files.iter().any(|f| payment_support::contains(f, plaintext.as_bytes()));
        assert!(!found, "{plaintext:?} found on disk");
    }
}
