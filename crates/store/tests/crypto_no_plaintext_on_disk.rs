//! Neither a data key nor a sealed plaintext ever reaches the database file
//! or its WAL: the files are searched byte for byte. The data key is
//! recovered independently (AES-256-GCM with the documented associated data)
//! from its wrapped row, so the test knows exactly which 32 bytes to look for.

mod crypto_support;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use model::TenantId;
use sha2::Sha256;
use sqlx::{Row, SqlitePool};
use store::{Aad, DATABASE_FILE, Kek, Store, seal};

const KEK_BYTES: [u8; 32] = [0x42; 32];
const PLAINTEXT: &[u8] = b"+1 555 0100 known plaintext marker";

#[tokio::test]
async fn the_database_and_wal_hold_neither_data_keys_nor_sealed_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_kek(dir.path(), Kek::from_bytes(&KEK_BYTES)).await.unwrap();
    let (tenant, _) = crypto_support::two_tenants(&store).await;
    let key = store.keyring(Kek::from_bytes(&KEK_BYTES)).data_key(&tenant).await.unwrap();
    let db = dir.path().join(DATABASE_FILE);
    let pool = SqlitePool::connect(&format!("sqlite:{}", db.display())).await.unwrap();
    let sealed = seal(&key, PLAINTEXT, &Aad::new("scratch", "secret", "row-1")).unwrap();
    write_scratch_row(&pool, &sealed).await;
    let secrets = secrets(&pool, &tenant).await;

    assert_not_on_disk(dir.path(), &secrets, &sealed);
    pool.close().await;
    store.close().await;
    assert_not_on_disk(dir.path(), &secrets, &sealed);
}

async fn write_scratch_row(pool: &SqlitePool, sealed: &[u8]) {
    sqlx::query("CREATE TABLE scratch (id TEXT PRIMARY KEY, secret BLOB NOT NULL)").execute(pool).await.unwrap();
    sqlx::query("INSERT INTO scratch (id, secret) VALUES ('row-1', $1)").bind(sealed).execute(pool).await.unwrap();
}

/// Everything that must not be on disk: the plaintext, the KEK, the data key
/// (unwrapped here independently) and its sealing sub-key.
async fn secrets(pool: &SqlitePool, tenant: &TenantId) -> Vec<Vec<u8>> {
    let row = sqlx::query("SELECT wrapped FROM data_keys WHERE tenant_id = $1 AND version = 1")
        .bind(&tenant.0)
        .fetch_one(pool)
        .await
        .unwrap();
    let data_key = unwrap_data_key(&row.get::<Vec<u8>, _>("wrapped"), tenant);
    assert_eq!(data_key.len(), 32);
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&data_key).unwrap();
    mac.update(b"callvault/seal/v1");
    let seal_key = mac.finalize().into_bytes().to_vec();
    vec![PLAINTEXT.to_vec(), KEK_BYTES.to_vec(), data_key, seal_key]
}

fn unwrap_data_key(wrapped: &[u8], tenant: &TenantId) -> Vec<u8> {
    let mut aad = b"callvault/data-key/v1".to_vec();
    aad.extend(u32::try_from(tenant.0.len()).unwrap().to_be_bytes());
    aad.extend(tenant.0.as_bytes());
    aad.extend(4u32.to_be_bytes());
    aad.extend(1u32.to_be_bytes());
    let (nonce, sealed) = wrapped.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().unwrap();
    let cipher = Aes256Gcm::new(&KEK_BYTES.into());
    cipher.decrypt(&Nonce::from(nonce), Payload { msg: sealed, aad: &aad }).unwrap()
}

fn assert_not_on_disk(dir: &std::path::Path, secrets: &[Vec<u8>], sealed: &[u8]) {
    let mut files = Vec::new();
    for name in [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal")] {
        if let Ok(bytes) = std::fs::read(dir.join(&name)) {
            files.push(bytes);
        }
    }
    assert!(files.iter().any(|f| crypto_support::contains(f, sealed)), "the sealed value reached disk");
    for (i, secret) in secrets.iter().enumerate() {
        assert!(!files.iter().any(|f| crypto_support::contains(f, secret)), "secret {i} found on disk");
    }
}
