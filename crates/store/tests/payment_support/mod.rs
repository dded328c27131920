//! Fixtures shared by the store's payment-method tests.

#![allow(dead_code, unreachable_pub)]

use std::path::Path;

use model::{AuthorizeNetProfile, DwollaFundingSource, PaymentReference};
use sqlx::SqlitePool;
use store::DATABASE_FILE;

/// Authorize.Net ids of the shape the CIM API issues.
pub const CUSTOMER_PROFILE_ID: &str = "1929820324";
pub const PAYMENT_PROFILE_ID: &str = "1841987457";
/// A Dwolla sandbox funding source.
pub const FUNDING_SOURCE: &str = "https://api-sandbox.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733";

pub fn authorize_net() -> PaymentReference {
    PaymentReference::AuthorizeNet(AuthorizeNetProfile::parse(CUSTOMER_PROFILE_ID, PAYMENT_PROFILE_ID).unwrap())
}

pub fn dwolla() -> PaymentReference {
    PaymentReference::Dwolla(DwollaFundingSource::parse(FUNDING_SOURCE).unwrap())
}

/// A second connection to the store's database in `dir`, for raw reads.
pub async fn raw(dir: &Path) -> SqlitePool {
    SqlitePool::connect(&format!("sqlite:{}", dir.join(DATABASE_FILE).display())).await.unwrap()
}

/// How many payment methods and data keys the database has.
pub async fn row_counts(pool: &SqlitePool) -> (i64, i64) {
    let payment_methods = sqlx::query_scalar("SELECT COUNT(*) FROM payment_methods").fetch_one(pool).await.unwrap();
    let data_keys = sqlx::query_scalar("SELECT COUNT(*) FROM data_keys").fetch_one(pool).await.unwrap();
    (payment_methods, data_keys)
}

/// The database file and its WAL, as far as they exist.
pub fn database_files(dir: &Path) -> Vec<Vec<u8>> {
    [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal")]
        .iter()
        .filter_map(|name| std::fs::read(dir.join(name)).ok())
        .collect()
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}
