//! Deleting a customer (issue 3 item 3) also deletes its DIDs and trunks in
//! the deletion's transaction: a DID is a telephone number of record, kept
//! in plain text as a routing key, so it must not outlive the customer, and
//! a trunk's credentials are sealed under keys that are about to go.

mod support;

use model::SipTransport;
use sqlx::Connection;
use store::{Kek, StoredDid, StoredTrunk, TrunkSecret};

async fn rows(dir: &std::path::Path, table: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", dir.join(store::DATABASE_FILE).display());
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    let sql = format!("SELECT COUNT(*) FROM {table}");
    let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    count
}

#[tokio::test]
async fn a_deleted_customers_dids_and_trunks_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store::Store::open_with_kek(dir.path(), Kek::from_bytes(&[3; 32])).await.unwrap();
    let customer = support::customer(&store).await;
    let secret = TrunkSecret { username: "acct-77".into(), password: "trunk-pass-77".into() };
    let trunk = StoredTrunk {
        name: "carrier".into(),
        owner: customer.clone(),
        host: "127.0.0.1".into(),
        port: 5090,
        transport: SipTransport::Udp,
        secret: Some(secret),
    };
    store.upsert_trunk(&trunk).await.unwrap();
    let did = StoredDid { number: "+12025550187".into(), customer: customer.clone(), extension: "100".into() };
    store.upsert_did(&did).await.unwrap();
    assert_eq!((rows(dir.path(), "dids").await, rows(dir.path(), "trunks").await), (1, 1));

    store.delete_customer(&customer, "operator").await.unwrap();

    assert_eq!((rows(dir.path(), "dids").await, rows(dir.path(), "trunks").await), (0, 0));
    assert!(store.dids().await.unwrap().is_empty());
}
