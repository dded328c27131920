//! Tenants' names are sealed under each tenant's own data key: the
//! database holds no plaintext name (and no `name` column), slugs and SIP
//! domains stay plain for lookups, and a database from before migration 9
//! (plain names) has its names sealed and the plain column dropped on open.

#[macro_use]
mod backends;

mod rotation_support;

use backends::DataDir;
use sqlx::{AnyPool, Row};
use store::Aad;

async fn name_sealed(pool: &AnyPool, slug: &str) -> (String, Option<Vec<u8>>) {
    let row =
        sqlx::query("SELECT id, name_sealed FROM tenants WHERE slug = $1").bind(slug).fetch_one(pool).await.unwrap();
    (row.get("id"), row.get("name_sealed"))
}

async fn names_are_sealed_and_slugs_and_domains_plain(dir: DataDir) {
    let store = dir.open().await;
    let customer = rotation_support::fill(&store, 1).await;
    let pool = dir.raw().await;

    let (id, sealed) = name_sealed(&pool, rotation_support::SLUG).await;
    let sealed = sealed.unwrap();
    assert!(!sealed.windows(rotation_support::NAME.len()).any(|w| w == rotation_support::NAME.as_bytes()));
    let keyring = store.keyring(store::Kek::load(dir.path()).unwrap());
    let opened = keyring.open(&customer, &sealed, &Aad::new("tenants", "name", &id)).await.unwrap();
    assert_eq!(opened.as_slice(), rotation_support::NAME.as_bytes(), "under the tenant's own key, bound to its row");
    assert!(sqlx::query("SELECT name FROM tenants").fetch_all(&pool).await.is_err(), "no plain name column");
    let plain: (String, Option<String>) = sqlx::query_as("SELECT slug, sip_domain FROM tenants WHERE id = $1")
        .bind(&customer.0)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(plain, ("c".into(), Some("c.example".into())));
    assert_eq!(store.customer_by_domain("C.example").await.unwrap().unwrap().name, rotation_support::NAME);
    for slug in ["platform", "r"] {
        assert!(name_sealed(&pool, slug).await.1.is_some(), "{slug}'s name is sealed too");
    }
}

async fn plain_names_from_before_are_sealed_on_open(dir: DataDir) {
    let store = dir.open().await;
    rotation_support::fill(&store, 1).await;
    store.close().await;
    let pool = dir.raw().await;
    for sql in [
        "ALTER TABLE tenants ADD COLUMN name TEXT NOT NULL DEFAULT ''",
        "UPDATE tenants SET name = 'Old Plain Name ' || slug, name_sealed = NULL",
        "DELETE FROM _sqlx_migrations WHERE version = 9",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await.unwrap();
    }

    let store = dir.open().await;
    assert_eq!(store.tenant_by_slug("c").await.unwrap().unwrap().name, "Old Plain Name c");
    assert_eq!(store.tenant_by_slug("r").await.unwrap().unwrap().name, "Old Plain Name r");
    assert!(sqlx::query("SELECT name FROM tenants").fetch_all(&pool).await.is_err(), "the plain column is gone");
    assert!(name_sealed(&pool, "platform").await.1.is_some());
}

on_both_backends!(names_are_sealed_and_slugs_and_domains_plain, plain_names_from_before_are_sealed_on_open);
