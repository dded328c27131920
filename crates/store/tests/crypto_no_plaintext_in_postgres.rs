//! PostgreSQL's counterpart of `crypto_no_plaintext_on_disk` and of
//! `extension_secrets_sealed`'s file search: PostgreSQL's files are the
//! server's, so the test reads what the server stores instead, the raw bytes
//! of every column of every table (BYTEA as stored, other types as their
//! text), and searches them for the KEK, the data key and the audit
//! checkpoint key (unwrapped here independently), the data key's sealing
//! sub-key, an extension's display name and its HA1s, as hex and as bytes. A plain column and a sealed value are found the
//! same way, to prove the search works.

#[macro_use]
mod backends;
mod crypto_support;
mod support;

use backends::DataDir;
use model::{SipSecret, TenantId};
use sqlx::{AnyPool, Row};
use store::{Backend, Kek, NewExtension, Store};

const KEK_BYTES: [u8; 32] = [0x42; 32];
const DISPLAY_NAME: &str = "Zanzibar Quux";
const HA1_MD5: &str = "216f6bbe6e66c993660d63d1b6de0c34";
const HA1_SHA256: &str = "d4e734625b1a90aeb1c775b5474388b517d62466a9180553888f03b600a81c36";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_stored_column_holds_a_key_or_a_sealed_plaintext() {
    backends::run(Backend::Postgres, check).await;
}

async fn check(dir: DataDir) {
    let store = dir.open_with_kek(Kek::from_bytes(&KEK_BYTES)).await.unwrap();
    let customer = support::customer(&store).await;
    add_extension(&store, &customer).await;
    store.checkpoint_audit(0).await.unwrap();
    let pool = dir.raw().await;
    let stored = every_stored_value(&pool).await;

    assert!(found(&stored, b"4711"), "the search finds a plain column (the number)");
    assert!(found(&stored, &sealed_name(&pool).await), "the search finds a sealed value");
    for (i, secret) in secrets(&pool, &customer).await.iter().enumerate() {
        assert!(!found(&stored, secret), "secret {i} is stored in the clear");
    }
    store.close().await;
}

async fn add_extension(store: &Store, customer: &TenantId) {
    let secret = SipSecret { ha1_md5: HA1_MD5.into(), ha1_sha256: HA1_SHA256.into() };
    let (customer, number, display_name) = (customer.clone(), "4711".into(), DISPLAY_NAME.into());
    let new = NewExtension { customer, number, display_name, realm: "c.example".into(), secret };
    store.upsert_extension(&new).await.unwrap();
}

/// Everything that must not be stored: the KEK, the data key and its sealing
/// sub-key, the display name and both HA1s (hex and bytes).
async fn secrets(pool: &AnyPool, tenant: &TenantId) -> Vec<Vec<u8>> {
    let row = sqlx::query("SELECT wrapped FROM data_keys WHERE tenant_id = $1 AND version = 1")
        .bind(&tenant.0)
        .fetch_one(pool)
        .await
        .unwrap();
    let data_key = crypto_support::unwrap_data_key(&KEK_BYTES, &row.get::<Vec<u8>, _>("wrapped"), tenant);
    assert_eq!(data_key.len(), 32);
    let seal_key = crypto_support::seal_key(&data_key);
    let texts = [DISPLAY_NAME, HA1_MD5, HA1_SHA256].map(|t| t.as_bytes().to_vec());
    let bytes = [hex::decode(HA1_MD5).unwrap(), hex::decode(HA1_SHA256).unwrap()];
    let checkpoint_key = checkpoint_key(pool).await;
    let keys = vec![KEK_BYTES.to_vec(), data_key, seal_key, hex::encode(&checkpoint_key).into_bytes(), checkpoint_key];
    [keys, texts.to_vec(), bytes.to_vec()].concat()
}

async fn checkpoint_key(pool: &AnyPool) -> Vec<u8> {
    let row = sqlx::query("SELECT wrapped FROM audit_checkpoint_key").fetch_one(pool).await.unwrap();
    crypto_support::unwrap_checkpoint_key(&KEK_BYTES, &row.get::<Vec<u8>, _>("wrapped"))
}

async fn sealed_name(pool: &AnyPool) -> Vec<u8> {
    let row = sqlx::query("SELECT display_name_sealed FROM extensions").fetch_one(pool).await.unwrap();
    row.get("display_name_sealed")
}

/// The stored bytes of every column of every table in the database's schema.
async fn every_stored_value(pool: &AnyPool) -> Vec<Vec<u8>> {
    let columns = sqlx::query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type \
         FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, column_name",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(columns.len() > 20, "the schema's columns are listed");
    let mut values = Vec::new();
    for column in &columns {
        let (table, name, kind): (String, String, String) =
            (column.get("table_name"), column.get("column_name"), column.get("data_type"));
        values.extend(column_values(pool, &table, &name, &kind).await);
    }
    values
}

/// One column's values as bytes: BYTEA as stored, anything else as text.
async fn column_values(pool: &AnyPool, table: &str, column: &str, kind: &str) -> Vec<Vec<u8>> {
    let value =
        if kind == "bytea" { format!("\"{column}\"") } else { format!("convert_to(\"{column}\"::text, 'UTF8')") };
    let sql = format!("SELECT {value} AS v FROM \"{table}\" WHERE \"{column}\" IS NOT NULL");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await.unwrap();
    rows.iter().map(|row| row.get::<Vec<u8>, _>("v")).collect()
}

fn found(values: &[Vec<u8>], needle: &[u8]) -> bool {
    values.iter().any(|value| crypto_support::contains(value, needle))
}
