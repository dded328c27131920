//! Fixtures shared by the data-key rotation tests: a customer with sealed
//! values in every sealed table and blob files, and raw reads of which key
//! versions the database holds (the sealed layout restated from
//! crates/store/src/crypto/seal.rs: format byte, then the version as u32
//! big-endian).

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeSet;
use std::time::Duration;

use model::{CallDirection, Cdr, Disposition, HangupSide, SipSecret, TenantId};
use sqlx::{AnyPool, Row};
use store::{BlobKind, NewExtension, NewTenant, ResealOptions, Store};

/// The customer's slug and name.
pub const SLUG: &str = "c";
pub const NAME: &str = "Carol's Bakery";

/// Small batches, so every table takes several; no wait before shredding.
pub fn options() -> ResealOptions {
    ResealOptions { batch_size: 3, retire_after: Duration::ZERO }
}

/// How many CDRs [`fill`] stores: a call from [`CALLER`] to extension 100
/// every minute.
pub const CDRS: i64 = 5;
pub const CALLER: &str = "+12025550143";

/// A customer `c` under reseller `r` with extensions 100.. (`extensions`
/// of them), two payment methods, two blobs (one empty) and [`CDRS`] CDRs.
pub async fn fill(store: &Store, extensions: u32) -> TenantId {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await.unwrap();
    let new = NewTenant {
        slug: SLUG.into(),
        name: NAME.into(),
        parent: Some("r".into()),
        sip_domain: Some("c.example".into()),
        is_default: false,
    };
    let customer = store.upsert_customer(&new).await.unwrap().id;
    for number in 100..100 + extensions {
        store.upsert_extension(&extension(&customer, number)).await.unwrap();
    }
    store.add_payment_method(&customer, &authorize_net(), "Visa ending 1111").await.unwrap();
    store.add_payment_method(&customer, &dwolla(), "Checking").await.unwrap();
    for (i, kind) in [BlobKind::Voicemail, BlobKind::Recording].into_iter().enumerate() {
        store.put_blob(&customer, kind, Some("100"), &media(i)[..]).await.unwrap();
    }
    store.insert_cdrs(&(0..CDRS).map(|n| call(&customer, n)).collect::<Vec<_>>()).await.unwrap();
    customer
}

/// CDR `n` of `customer`: [`CALLER`] calls 100 at minute `n`.
pub fn call(customer: &TenantId, n: i64) -> Cdr {
    let start_ms = 1_700_000_000_000 + n * 60_000;
    Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: CALLER.into(),
        callee: "100".into(),
        direction: CallDirection::Inbound,
        trunk: None,
        did: None,
        start_ms,
        answer_ms: Some(start_ms + 1_000),
        end_ms: start_ms + 30_000,
        disposition: Disposition::Answered,
        hangup: HangupSide::Caller,
        sip_status: 200,
    }
}

/// Extension `number` of `customer`, with a name and secrets made from the number.
pub fn extension(customer: &TenantId, number: u32) -> NewExtension {
    NewExtension {
        customer: customer.clone(),
        number: number.to_string(),
        display_name: display_name(number),
        realm: "c.example".into(),
        secret: SipSecret { ha1_md5: format!("{number:032x}"), ha1_sha256: format!("{number:064x}") },
    }
}

pub fn display_name(number: u32) -> String {
    format!("Person {number}")
}

/// Blob `i`'s media: the first is 150,000 bytes (three chunks), the second empty.
pub fn media(i: usize) -> Vec<u8> {
    if i == 0 { (0..150_000u32).map(|n| (n % 251) as u8).collect() } else { Vec::new() }
}

pub fn authorize_net() -> model::PaymentReference {
    let profile = model::AuthorizeNetProfile::parse("1929820324", "1841987457").unwrap();
    model::PaymentReference::AuthorizeNet(profile)
}

pub fn dwolla() -> model::PaymentReference {
    let url = "https://api-sandbox.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733";
    model::PaymentReference::Dwolla(model::DwollaFundingSource::parse(url).unwrap())
}

/// Asserts every value of `customer` opens to what [`fill`] (and
/// `numbers`) wrote: its name, each extension, both payment methods, both blobs.
pub async fn assert_everything_opens(store: &Store, customer: &TenantId, numbers: impl IntoIterator<Item = u32>) {
    assert_eq!(store.tenant_by_slug(SLUG).await.unwrap().unwrap().name, NAME);
    for number in numbers {
        let found = store.extension(customer, &number.to_string()).await.unwrap().unwrap();
        assert_eq!(found.display_name, display_name(number));
        assert_eq!(found.secret.ha1_md5, format!("{number:032x}"));
    }
    let methods = store.payment_methods(customer).await.unwrap();
    let references: Vec<_> = methods.iter().map(|m| m.reference.clone()).collect();
    assert_eq!(references.len(), 2);
    assert!(references.contains(&authorize_net()) && references.contains(&dwolla()));
    for (i, kind) in [BlobKind::Voicemail, BlobKind::Recording].into_iter().enumerate() {
        let blobs = store.list_blobs(customer, kind).await.unwrap();
        let read = store
            .open_blob(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test",
                ),
                customer,
                &blobs[0].id,
            )
            .await
            .unwrap()
            .read_to_end()
            .await
            .unwrap();
        assert_eq!(read.as_slice(), media(i).as_slice(), "blob {i}");
    }
    let cdrs = store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            customer,
            None,
            100,
        )
        .await
        .unwrap();
    assert_eq!(cdrs.len() as i64, CDRS);
    assert!(cdrs.iter().all(|cdr| cdr.caller == CALLER && cdr.callee == "100"));
}

/// The data key version named by a sealed value's header.
pub fn version_of(sealed: &[u8]) -> u32 {
    assert_eq!(sealed[0], 1, "seal format 1");
    u32::from_be_bytes(sealed[1..5].try_into().unwrap())
}

/// Every key version some sealed value or blob row of `customer` names.
pub async fn versions_in_use(pool: &AnyPool, customer: &TenantId) -> BTreeSet<u32> {
    let queries = [
        "SELECT name_sealed AS v FROM tenants WHERE id = $1",
        "SELECT display_name_sealed AS v FROM extensions WHERE tenant_id = $1",
        "SELECT secret_sealed AS v FROM extensions WHERE tenant_id = $1",
        "SELECT reference_sealed AS v FROM payment_methods WHERE tenant_id = $1",
        "SELECT label_sealed AS v FROM payment_methods WHERE tenant_id = $1",
        "SELECT parties_sealed AS v FROM cdrs WHERE tenant_id = $1",
    ];
    let mut versions = BTreeSet::new();
    for sql in queries {
        for row in sqlx::query(sql).bind(&customer.0).fetch_all(pool).await.unwrap() {
            versions.insert(version_of(&row.get::<Vec<u8>, _>("v")));
        }
    }
    let blobs = sqlx::query("SELECT key_version FROM blobs WHERE tenant_id = $1").bind(&customer.0);
    for row in blobs.fetch_all(pool).await.unwrap() {
        versions.insert(u32::try_from(row.get::<i64, _>("key_version")).unwrap());
    }
    versions
}

/// The key versions `customer` has rows for in `data_keys`.
pub async fn stored_key_versions(pool: &AnyPool, customer: &TenantId) -> Vec<u32> {
    let rows = sqlx::query("SELECT version FROM data_keys WHERE tenant_id = $1 ORDER BY version")
        .bind(&customer.0)
        .fetch_all(pool)
        .await
        .unwrap();
    rows.iter().map(|row| u32::try_from(row.get::<i64, _>("version")).unwrap()).collect()
}
