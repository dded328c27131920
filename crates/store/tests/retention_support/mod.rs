//! Fixtures shared by the retention tests: two customers with extensions,
//! a payment method, CDRs and media; row and file counts to compare states.

#![allow(dead_code, unreachable_pub)]

use std::path::Path;

use model::{AuthorizeNetProfile, CallDirection, Cdr, Disposition, HangupSide, PaymentReference, SipSecret, TenantId};
use store::{BlobId, BlobKind, NewExtension, NewTenant, Store};

pub const DAY_MS: i64 = 86_400_000;

/// A reseller `r` with customers `a` and `b` (domains `a.example`, `b.example`).
pub async fn two_customers(store: &Store) -> (TenantId, TenantId) {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let customer = |slug: &str| NewTenant {
        slug: slug.into(),
        name: slug.to_uppercase(),
        parent: Some("r".into()),
        sip_domain: Some(format!("{slug}.example")),
        is_default: false,
    };
    let a = store.upsert_customer(&customer("a")).await.unwrap().id;
    let b = store.upsert_customer(&customer("b")).await.unwrap().id;
    (a, b)
}

/// An answered call of `customer` that ended at `end_ms`.
pub fn call_ending(customer: &TenantId, end_ms: i64) -> Cdr {
    Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: "+12025550143".into(),
        callee: "201".into(),
        direction: CallDirection::Inbound,
        trunk: None,
        did: Some("+15555550100".into()),
        start_ms: end_ms - 60_000,
        answer_ms: Some(end_ms - 57_000),
        end_ms,
        disposition: Disposition::Answered,
        hangup: HangupSide::Caller,
        sip_status: 200,
    }
}

/// An extension 4711 and an Authorize.Net payment method for `customer`.
pub async fn extension_and_payment(store: &Store, customer: &TenantId) {
    let secret = SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
    let ext = NewExtension {
        customer: customer.clone(),
        number: "4711".into(),
        display_name: "Zanzibar Quux".into(),
        realm: "x.example".into(),
        secret,
    };
    store.upsert_extension(&ext).await.unwrap();
    let profile = AuthorizeNetProfile::parse("1929820324", "1841987457").unwrap();
    store.add_payment_method(customer, &PaymentReference::AuthorizeNet(profile), "Visa ending 1111").await.unwrap();
}

/// Stores `len` bytes of `kind` for `customer`; its id and `created_ms`.
pub async fn put(store: &Store, customer: &TenantId, kind: BlobKind, len: usize) -> (BlobId, i64) {
    let plain = vec![0x5a; len];
    let id = store.put_blob(customer, kind, Some("4711"), plain.as_slice()).await.unwrap();
    let created_ms = store.blob_info(customer, &id).await.unwrap().unwrap().created_ms;
    (id, created_ms)
}

/// Every CDR id of `customer`, sorted.
pub async fn cdr_ids(store: &Store, customer: &TenantId) -> Vec<String> {
    let mut ids: Vec<String> = store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            customer,
            None,
            100_000,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id.0)
        .collect();
    ids.sort();
    ids
}

/// Every blob id of `customer`, sorted.
pub async fn blob_ids(store: &Store, customer: &TenantId) -> Vec<String> {
    let mut ids = Vec::new();
    for kind in [BlobKind::Voicemail, BlobKind::Recording] {
        ids.extend(store.list_blobs(customer, kind).await.unwrap().into_iter().map(|b| b.id.0));
    }
    ids.sort();
    ids
}

/// Every file name under `<dir>/blobs`, as `tenant/name`, sorted.
pub fn blob_files(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let Ok(tenants) = std::fs::read_dir(dir.join("blobs")) else { return names };
    for tenant in tenants {
        let tenant = tenant.unwrap();
        for file in std::fs::read_dir(tenant.path()).unwrap() {
            let file = file.unwrap().file_name();
            names.push(format!("{}/{}", tenant.file_name().to_string_lossy(), file.to_string_lossy()));
        }
    }
    names.sort();
    names
}

/// Row counts of the tables retention touches, and the audit log's length.
pub async fn row_counts(pool: &sqlx::AnyPool) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in ["cdrs", "blobs", "extensions", "payment_methods", "data_keys", "audit_log", "tenants"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(pool).await.unwrap();
        counts.push((table.to_owned(), count));
    }
    counts
}
