//! Extensions' display names and digest HA1s are sealed at rest: neither
//! reaches the database file or its WAL (searched byte for byte, with a plain
//! column found the same way to prove the search works); they read back
//! unchanged after a reopen with the same KEK; sealed values swapped between
//! rows or columns do not open; and another KEK cannot read them.

#[macro_use]
mod backends;

mod support;

use backends::DataDir;
use model::{SipSecret, TenantId};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};
use store::{DATABASE_FILE, Kek, NewExtension, Store, StoreError};

const DISPLAY_NAME: &str = "Zanzibar Quux";
/// `MD5("4711:c.example:Zanzibar-secret-1")`.
const HA1_MD5: &str = "216f6bbe6e66c993660d63d1b6de0c34";
/// `SHA-256("4711:c.example:Zanzibar-secret-1")`.
const HA1_SHA256: &str = "d4e734625b1a90aeb1c775b5474388b517d62466a9180553888f03b600a81c36";

fn extension(customer: &TenantId, number: &str, name: &str, secret: SipSecret) -> NewExtension {
    let (customer, number, display_name) = (customer.clone(), number.into(), name.into());
    NewExtension { customer, number, display_name, realm: "c.example".into(), secret }
}

fn known_secret() -> SipSecret {
    SipSecret { ha1_md5: HA1_MD5.into(), ha1_sha256: HA1_SHA256.into() }
}

/// A store in `dir` with extension 4711 ("Zanzibar Quux", the known HA1s)
/// and extension 4712 ("Other Person", other HA1s) of customer `c`.
async fn two_extensions(dir: &DataDir) -> (Store, TenantId) {
    let store = dir.open().await;
    let customer = support::customer(&store).await;
    fill_two_extensions(&store, &customer).await;
    (store, customer)
}

/// Extensions 4711 ("Zanzibar Quux", the known HA1s) and 4712 ("Other
/// Person", other HA1s) of `customer`.
pub async fn fill_two_extensions(store: &Store, customer: &TenantId) {
    let customer = customer.clone();
    store.upsert_extension(&extension(&customer, "4711", DISPLAY_NAME, known_secret())).await.unwrap();
    let other = SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
    store.upsert_extension(&extension(&customer, "4712", "Other Person", other)).await.unwrap();
}

/// The database file and WAL, whichever exist.
fn database_files(dir: &std::path::Path) -> Vec<Vec<u8>> {
    [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal")]
        .iter()
        .filter_map(|name| std::fs::read(dir.join(name)).ok())
        .collect()
}

fn on_disk(files: &[Vec<u8>], needle: &[u8]) -> bool {
    files.iter().any(|file| file.windows(needle.len()).any(|window| window == needle))
}

fn assert_sealed_on_disk(dir: &std::path::Path) {
    let files = database_files(dir);
    assert!(on_disk(&files, b"4711"), "the search finds a plain column (the number)");
    assert!(on_disk(&files, b"c.example"), "the search finds a plain column (the realm)");
    let secrets: [(&str, Vec<u8>); 5] = [
        ("display name", DISPLAY_NAME.as_bytes().to_vec()),
        ("MD5 HA1 hex", HA1_MD5.as_bytes().to_vec()),
        ("SHA-256 HA1 hex", HA1_SHA256.as_bytes().to_vec()),
        ("MD5 HA1 bytes", hex::decode(HA1_MD5).unwrap()),
        ("SHA-256 HA1 bytes", hex::decode(HA1_SHA256).unwrap()),
    ];
    for (what, needle) in &secrets {
        assert!(!on_disk(&files, needle), "the {what} is on disk");
    }
}

/// SQLite only: the file's bytes (`crypto_no_plaintext_in_postgres` searches
/// PostgreSQL's stored columns).
#[tokio::test]
async fn names_and_ha1s_are_not_on_disk() {
    assert_eq!(hex::encode(Sha256::digest(b"4711:c.example:Zanzibar-secret-1")), HA1_SHA256);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = support::customer(&store).await;
    fill_two_extensions(&store, &customer).await;
    assert_sealed_on_disk(dir.path());
    store.close().await;
    assert_sealed_on_disk(dir.path());
}

async fn a_reopened_store_reads_back_the_plaintext(dir: DataDir) {
    let (store, customer) = two_extensions(&dir).await;
    let written = store.extensions(&customer).await.unwrap();
    store.close().await;

    let store = dir.open().await;
    let read = store.extension(&customer, "4711").await.unwrap().unwrap();
    assert_eq!((read.display_name.as_str(), read.realm.as_str()), (DISPLAY_NAME, "c.example"));
    assert!(read.secret == known_secret(), "the HA1s read back unchanged");
    assert_eq!(store.extensions(&customer).await.unwrap(), written);
    assert_eq!(store.extensions_changed_since(0).await.unwrap().0, written);
    store.close().await;
}

async fn an_update_reseals_under_the_same_row(dir: DataDir) {
    let (store, customer) = two_extensions(&dir).await;
    let before = store.extension(&customer, "4711").await.unwrap().unwrap();
    let renamed = SipSecret { ha1_md5: "a".repeat(32), ha1_sha256: "b".repeat(64) };
    let after = store.upsert_extension(&extension(&customer, "4711", "Renamed", renamed.clone())).await.unwrap();
    assert_eq!(after.id, before.id, "the row is updated, not replaced");
    assert_eq!(after.display_name, "Renamed");
    assert!(after.secret == renamed);
    store.close().await;
}

/// Swaps `column_a` of extension `a` with `column_b` of extension `b` using
/// a separate connection, as someone with write access to the file could.
async fn swap(dir: &DataDir, (a, column_a): (&str, &str), (b, column_b): (&str, &str)) {
    let pool = dir.raw().await;
    let value_a = sealed(&pool, a, column_a).await;
    let value_b = sealed(&pool, b, column_b).await;
    set_sealed(&pool, a, column_a, &value_b).await;
    set_sealed(&pool, b, column_b, &value_a).await;
    pool.close().await;
}

async fn sealed(pool: &AnyPool, number: &str, column: &str) -> Vec<u8> {
    let sql = match column {
        "display_name_sealed" => "SELECT display_name_sealed AS v FROM extensions WHERE number = $1",
        "secret_sealed" => "SELECT secret_sealed AS v FROM extensions WHERE number = $1",
        other => panic!("no sealed column {other}"),
    };
    sqlx::query(sql).bind(number).fetch_one(pool).await.unwrap().get("v")
}

async fn set_sealed(pool: &AnyPool, number: &str, column: &str, value: &[u8]) {
    let sql = match column {
        "display_name_sealed" => "UPDATE extensions SET display_name_sealed = $1 WHERE number = $2",
        "secret_sealed" => "UPDATE extensions SET secret_sealed = $1 WHERE number = $2",
        other => panic!("no sealed column {other}"),
    };
    let done = sqlx::query(sql).bind(value).bind(number).execute(pool).await.unwrap();
    assert_eq!(done.rows_affected(), 1);
}

fn assert_unauthentic<T: std::fmt::Debug>(result: &Result<T, StoreError>) {
    assert!(matches!(result, Err(StoreError::Unauthentic)), "{result:?}");
}

fn assert_refused<T: std::fmt::Debug>(result: &Result<T, StoreError>) {
    let refused = matches!(result, Err(StoreError::WrongKek { .. } | StoreError::Unauthentic));
    assert!(refused, "{result:?}");
}

async fn assert_reads_fail(store: &Store, customer: &TenantId, numbers: &[&str]) {
    for number in numbers {
        assert_unauthentic(&store.extension(customer, number).await);
    }
    assert_unauthentic(&store.extensions(customer).await);
    assert_unauthentic(&store.extensions_changed_since(0).await);
}

async fn sealed_values_swapped_between_rows_do_not_open(dir: DataDir) {
    let (store, customer) = two_extensions(&dir).await;
    for column in ["display_name_sealed", "secret_sealed"] {
        swap(&dir, ("4711", column), ("4712", column)).await;
        assert_reads_fail(&store, &customer, &["4711", "4712"]).await;
        swap(&dir, ("4711", column), ("4712", column)).await;
    }
    store.close().await;
}

async fn sealed_values_swapped_between_columns_do_not_open(dir: DataDir) {
    let (store, customer) = two_extensions(&dir).await;
    swap(&dir, ("4711", "display_name_sealed"), ("4711", "secret_sealed")).await;
    assert_reads_fail(&store, &customer, &["4711"]).await;
    assert_eq!(store.extension(&customer, "4712").await.unwrap().unwrap().display_name, "Other Person");
    store.close().await;
}

async fn another_kek_cannot_read_them(dir: DataDir) {
    let (store, customer) = two_extensions(&dir).await;
    store.close().await;

    let stranger = Kek::resolve(Some(&"5a".repeat(32)), dir.path()).unwrap();
    let store = dir.open_with_kek(stranger).await.unwrap();
    assert_refused(&store.extension(&customer, "4711").await);
    assert_refused(&store.extensions(&customer).await);
    assert_refused(&store.extensions_changed_since(0).await);
    store.close().await;
}

async fn an_ha1_that_is_not_hex_is_refused(dir: DataDir) {
    let store = dir.open().await;
    let customer = support::customer(&store).await;
    let bad = SipSecret { ha1_md5: "00\n11".into(), ha1_sha256: "2".repeat(64) };
    let refused = store.upsert_extension(&extension(&customer, "4711", DISPLAY_NAME, bad)).await;
    assert!(matches!(refused, Err(StoreError::Ha1NotHex { algorithm: "MD5" })), "{refused:?}");
    assert!(store.extension(&customer, "4711").await.unwrap().is_none(), "nothing was written");
    store.close().await;
}

on_both_backends!(
    a_reopened_store_reads_back_the_plaintext,
    an_update_reseals_under_the_same_row,
    sealed_values_swapped_between_rows_do_not_open,
    sealed_values_swapped_between_columns_do_not_open,
    another_kek_cannot_read_them,
    an_ha1_that_is_not_hex_is_refused,
);
