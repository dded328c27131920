//! No party number or DID of a stored CDR reaches the database file or its
//! WAL: both are searched byte for byte, while the store is open and after
//! it closed (the WAL checkpointed into the file). The trunk name, stored
//! plain, is searched for too, to show the search finds what is there.

mod cdr_support;

use model::{CallDirection, Cdr};
use store::{DATABASE_FILE, Store};

/// The last is an extension. Eight digits, not four: every digit is a hex
/// digit, and the file holds thousands of random hex ids and hashes, in
/// which a given four-digit run turns up by chance (about one in 65,536 per
/// place; it did once in CI), an eight-digit one practically never.
const NUMBERS: [&str; 4] = ["+12025550143", "+442079460958", "+15555550177", "47110931"];
const TRUNK: &str = "trunk-plain-marker";

#[tokio::test]
async fn numbers_are_never_on_disk_in_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (c1, _) = cdr_support::two_customers(&store).await;
    let cdrs: Vec<Cdr> = (0..50)
        .map(|n| Cdr {
            direction: CallDirection::Inbound,
            trunk: Some(TRUNK.into()),
            did: Some(NUMBERS[2].into()),
            ..cdr_support::call(&c1, NUMBERS[n % 2], NUMBERS[3], 1_790_000_000_000 + n as i64)
        })
        .collect();
    store.insert_cdrs(&cdrs).await.unwrap();
    assert_eq!(
        store
            .cdrs_for_party(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test"
                ),
                &c1,
                NUMBERS[3],
                None,
                100
            )
            .await
            .unwrap()
            .len(),
        50
    );

    assert_only_trunk_on_disk(dir.path());
    store.close().await;
    assert_only_trunk_on_disk(dir.path());
}

fn assert_only_trunk_on_disk(dir: &std::path::Path) {
    let files: Vec<Vec<u8>> = [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal")]
        .iter()
        .filter_map(|name| std::fs::read(dir.join(name)).ok())
        .collect();
    assert!(files.iter().any(|f| contains(f, TRUNK.as_bytes())), "the search finds the plain trunk name");
    for number in NUMBERS {
        assert!(!files.iter().any(|f| contains(f, number.as_bytes())), "number {number} found on disk");
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
