//! `callvault keys rotate-tenant`: on a SQLite data folder and, through
//! `--config` with `[store] url`, on PostgreSQL, it rotates the tenant's
//! data key, prints per-table progress and a summary, deletes the old key,
//! and everything still reads; a second run rotates again cleanly. An
//! unknown slug fails naming it.
//!
//! The PostgreSQL case needs PostgreSQL on 127.0.0.1:5432 with trust auth
//! for root, or the maintenance URL in `CALLVAULT_TEST_POSTGRES`; `psql`
//! makes and drops the database. Fails if it is missing.

mod common;

use std::net::UdpSocket;
use std::path::Path;
use std::process::Command;

use model::{SipSecret, TenantId};
use store::{BlobKind, NewExtension, NewTenant, Store};

const DEFAULT_POSTGRES: &str = "postgres://root@127.0.0.1:5432/postgres";

/// A customer `c` with three extensions and a voicemail; returns its id.
async fn fill(store: &Store) -> TenantId {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let customer = NewTenant { slug: "c".into(), name: "C".into(), parent: Some("r".into()), ..reseller };
    let customer = store.upsert_customer(&customer).await.unwrap().id;
    for number in ["100", "101", "102"] {
        let secret = SipSecret { ha1_md5: "a".repeat(32), ha1_sha256: "b".repeat(64) };
        let (display_name, realm) = (format!("Person {number}"), "c.example".to_owned());
        let new = NewExtension { customer: customer.clone(), number: number.into(), display_name, realm, secret };
        store.upsert_extension(&new).await.unwrap();
    }
    store.put_blob(&customer, BlobKind::Voicemail, None, &b"hello"[..]).await.unwrap();
    customer
}

async fn assert_readable(store: &Store, customer: &TenantId) {
    assert_eq!(store.tenant_by_slug("c").await.unwrap().unwrap().name, "C");
    assert_eq!(store.extension(customer, "101").await.unwrap().unwrap().display_name, "Person 101");
    let blob = store.list_blobs(customer, BlobKind::Voicemail).await.unwrap().remove(0);
    assert_eq!(blob.key_version, 2);
    let read = store
        .open_blob(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            customer,
            &blob.id,
        )
        .await
        .unwrap()
        .read_to_end()
        .await
        .unwrap();
    assert_eq!(read.as_slice(), b"hello");
    assert_eq!(store.data_key_versions(customer).await.unwrap(), [2]);
}

fn rotate_tenant(location: &[&str], slug: &str) -> std::process::Output {
    let args = [&["keys", "rotate-tenant"], location, &["--tenant", slug, "--retire-after", "0"]].concat();
    common::run_callvault(&args)
}

fn assert_rotated(output: &std::process::Output) {
    let printed = common::printed(output);
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("data key version 2 is now current for c"), "{printed}");
    assert!(
        printed.contains(
            "tenants 1/1, extensions 3/3, payment_methods 0/0, cdrs 0/0, people 0/0, trunks 0/0, oidc_signing_keys 0/0, outbox 0/0, blobs 1/1"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("5 rows and files re-sealed under data key version 2; old versions deleted: 1"),
        "{printed}"
    );
}

#[tokio::test]
async fn a_tenant_is_rotated_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = fill(&store).await;
    store.close().await;

    let data_dir = dir.path().to_str().unwrap();
    assert_rotated(&rotate_tenant(&["--data-dir", data_dir], "c"));
    let store = Store::open(dir.path()).await.unwrap();
    assert_readable(&store, &customer).await;
    store.close().await;

    let again = rotate_tenant(&["--data-dir", data_dir], "c");
    assert!(common::printed(&again).contains("old versions deleted: 2"), "{}", common::printed(&again));
    let unknown = rotate_tenant(&["--data-dir", data_dir], "nobody");
    assert!(!unknown.status.success() && common::printed(&unknown).contains("\"nobody\""));
}

#[tokio::test]
async fn a_tenant_is_rotated_on_postgres_through_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let database = Database::create();
    let data = dir.path().join("data");
    let store = Store::connect(&database.url(), &data).await.unwrap();
    let customer = fill(&store).await;
    store.close().await;
    let config = dir.path().join("callvault.toml");
    std::fs::write(&config, format!("data_dir = {data:?}\n[store]\nurl = {:?}\n", database.url())).unwrap();

    assert_rotated(&rotate_tenant(&["--config", config.to_str().unwrap()], "c"));
    let store = Store::connect(&database.url(), &data).await.unwrap();
    assert_readable(&store, &customer).await;
    store.close().await;
    assert!(!Path::new(&data).join(store::DATABASE_FILE).exists(), "nothing went to SQLite");
}

/// A fresh PostgreSQL database, dropped when this goes out of scope.
struct Database {
    admin: String,
    name: String,
}

impl Database {
    fn create() -> Self {
        let admin = std::env::var("CALLVAULT_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
        let port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let db = Self { admin, name: format!("cv_rot_{}_{port}", std::process::id()) };
        assert!(db.psql(&format!("CREATE DATABASE {}", db.name)), "PostgreSQL is missing at {}", db.admin);
        db
    }

    fn url(&self) -> String {
        let (server, _) = self.admin.rsplit_once('/').unwrap();
        format!("{server}/{}", self.name)
    }

    fn psql(&self, sql: &str) -> bool {
        Command::new("psql").args([self.admin.as_str(), "-qc", sql]).status().is_ok_and(|s| s.success())
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        self.psql(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}
