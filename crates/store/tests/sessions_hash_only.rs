//! Only the SHA-256 of a session token or API token is stored (issue 5
//! item 3): no column of `sessions` or `api_tokens` holds the secret, and
//! the stored hash is SHA-256 of exactly what the holder presents.

mod accounts_support;
#[macro_use]
mod backends;

use access::{Permission, Role};
use accounts_support::{customer, later, person, t0};
use backends::DataDir;
use sha2::{Digest, Sha256};
use sqlx::Row;
use store::{NewApiToken, SessionPolicy};

on_both_backends!(secrets_are_stored_as_hashes_only);

async fn secrets_are_stored_as_hashes_only(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "hal@example.com").await;
    let session = store.create_session(&id, false, SessionPolicy::default(), t0()).await.unwrap();
    let scopes = [Permission::CdrRead];
    let new = NewApiToken { person: &id, name: "t", scopes: &scopes, expires: later(t0(), 60) };
    let (secret, _) = store.create_api_token(&new, t0()).await.unwrap();

    let raw = dir.raw().await;
    for (table, presented) in [("sessions", session.token.as_str()), ("api_tokens", secret.as_str())] {
        let query = format!("SELECT * FROM {table}");
        let rows = sqlx::query(sqlx::AssertSqlSafe(query)).fetch_all(&raw).await.unwrap();
        assert_eq!(rows.len(), 1);
        let stored: Vec<u8> = rows[0].try_get("token_hash").unwrap();
        assert_eq!(stored, Sha256::digest(presented.as_bytes()).to_vec(), "{table}: SHA-256 of the token");
        for column in 0..rows[0].len() {
            let text = rows[0].try_get::<String, _>(column).unwrap_or_default();
            let bytes = rows[0].try_get::<Vec<u8>, _>(column).unwrap_or_default();
            let hex_part = presented.trim_start_matches("cvt_");
            assert!(!text.contains(hex_part), "{table} column {column} holds the secret");
            assert!(!String::from_utf8_lossy(&bytes).contains(hex_part), "{table} column {column} holds the secret");
        }
    }
}
