//! A store full of known sensitive values, for the anonymized export's tests.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use model::{
    Aor, AuthorizeNetProfile, Binding, CallDirection, Cdr, Disposition, DwollaFundingSource, HangupSide,
    PaymentReference, SipSecret, SipTransport, TenantId,
};
use store::{AuditDecision, AuditRecord, BlobKind, Kek, NewExtension, NewTenant, Store};

pub const RESELLER_NAME: &str = "Northwind Telecom Partners";
pub const RESELLER_SLUG: &str = "northwind-partners";
pub const CUSTOMERS: [(&str, &str, &str); 2] = [
    ("acme-dental", "Acme Dental Clinic", "sip.acmedental-clinic.com"),
    ("globex-legal", "Globex Legal LLP", "voice.globexlegal.co.uk"),
];
pub const PEOPLE: [&str; 3] = ["Margaret Hamilton", "Grace Hopper", "Ada Lovelace"];
pub const HA1_MD5: &str = "5f4dcc3b5aa765d61d8327deb882cf99";
pub const HA1_SHA256: &str = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
/// Outside parties, each calling a different number of times.
pub const PARTIES: [&str; 4] = ["+12125550147", "+13105559876", "+442079460958", "+4915112345678"];
pub const DID: &str = "+18005550199";
pub const DWOLLA: &str = "https://api.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733";
pub const ANET: (&str, &str) = ("70112233", "80445566");
pub const LABEL: &str = "Visa ending 4242 for Margaret";
pub const ACTOR: &str = "margaret.hamilton@acmedental-clinic.com";
pub const SOURCE_ADDRESS: &str = "81.2.69.160";
pub const CONTACT: &str = "sip:201@198.51.100.23:5062;ob";
pub const USER_AGENT: &str = "Yealink SIP-T46U Margaret-desk";
pub const VOICEMAIL: &[u8] = b"voicemail from Grace Hopper: call me back at +13105559876";
pub const TRUNK: &str = "carrier-east";

/// Every sensitive value the fixture stores, as text.
pub fn sensitive_values() -> Vec<String> {
    let mut values: Vec<String> = vec![RESELLER_NAME.into(), RESELLER_SLUG.into(), HA1_MD5.into(), HA1_SHA256.into()];
    for (slug, name, domain) in CUSTOMERS {
        values.extend([slug.into(), name.into(), domain.into()]);
    }
    values.extend(PEOPLE.iter().map(|p| p.to_string()));
    values.extend(PARTIES.iter().map(|p| p.to_string()));
    values.extend([DID, DWOLLA, ANET.0, ANET.1, LABEL, ACTOR, SOURCE_ADDRESS, CONTACT, USER_AGENT].map(String::from));
    values.push("5b29279d-6359-4c87-a318-e09095532733".into());
    values
}

/// 160 ms of a 1 kHz tone in G.711 μ-law (the recording's samples).
pub fn tone() -> Vec<u8> {
    const PATTERN: [u8; 8] = [0xFF, 0x9A, 0x8E, 0x9A, 0x7F, 0x1A, 0x0E, 0x1A];
    PATTERN.iter().copied().cycle().take(1280).collect()
}

/// A μ-law mono 8 kHz WAVE file of `samples`, with an INFO chunk naming someone.
pub fn wave(samples: &[u8]) -> Vec<u8> {
    let info = b"INFOINAM\x0e\x00\x00\x00Grace Hopper\x00\x00";
    let mut out = b"RIFF".to_vec();
    let size = 4 + (8 + 18) + (8 + info.len()) + (8 + samples.len());
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out.extend_from_slice(
        b"WAVEfmt \x12\x00\x00\x00\x07\x00\x01\x00\x40\x1f\x00\x00\x40\x1f\x00\x00\x01\x00\x08\x00\x00\x00",
    );
    out.extend_from_slice(b"LIST");
    out.extend_from_slice(&(info.len() as u32).to_le_bytes());
    out.extend_from_slice(info);
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(samples.len() as u32).to_le_bytes());
    out.extend_from_slice(samples);
    out
}

/// The source stores' KEK.
pub fn kek() -> Kek {
    Kek::from_bytes(&[9; 32])
}

/// Opens a new store in `dir` with [`kek`].
pub async fn open(dir: &Path) -> Store {
    Store::open_with_kek(dir, kek()).await.unwrap()
}

/// Opens an export in `dir` under its own `kek.key`.
pub async fn open_export(dir: &Path) -> Store {
    let kek = Kek::from_file(&dir.join(store::KEK_FILE)).unwrap();
    Store::open_with_kek(dir, kek).await.unwrap()
}

/// Fills `store` with every kind of sensitive value; returns the customers.
pub async fn populate(store: &Store) -> Vec<TenantId> {
    let reseller = NewTenant {
        slug: RESELLER_SLUG.into(),
        name: RESELLER_NAME.into(),
        parent: None,
        sip_domain: None,
        is_default: false,
    };
    store.upsert_reseller(&reseller).await.unwrap();
    let mut customers = Vec::new();
    for (n, (slug, name, domain)) in CUSTOMERS.into_iter().enumerate() {
        let new = NewTenant {
            slug: slug.into(),
            name: name.into(),
            parent: Some(RESELLER_SLUG.into()),
            sip_domain: Some(domain.into()),
            is_default: n == 0,
        };
        let customer = store.upsert_customer(&new).await.unwrap().id;
        add_extensions(store, &customer, domain).await;
        add_calls(store, &customer, n).await;
        customers.push(customer);
    }
    add_payments(store, &customers[0]).await;
    add_media(store, &customers[0]).await;
    add_registration(store, &customers[0]).await;
    add_audit(store, &customers[0]).await;
    customers
}

async fn add_extensions(store: &Store, customer: &TenantId, domain: &str) {
    for (number, person) in ["201", "202", "203"].into_iter().zip(PEOPLE) {
        let secret = SipSecret { ha1_md5: HA1_MD5.into(), ha1_sha256: HA1_SHA256.into() };
        let new = NewExtension {
            customer: customer.clone(),
            number: number.into(),
            display_name: person.into(),
            realm: domain.into(),
            secret,
        };
        store.upsert_extension(&new).await.unwrap();
    }
}

/// Party `i` calls in `i + 1 + offset` times (varied outcomes), then
/// extension 201 calls 202 twice and one outbound call goes to party 0.
async fn add_calls(store: &Store, customer: &TenantId, offset: usize) {
    let mut cdrs = Vec::new();
    let mut start = 1_700_000_000_000 + offset as i64;
    for (i, party) in PARTIES.iter().enumerate() {
        for call in 0..=i + offset {
            start += 61_000;
            let answered = call % 3 != 2;
            cdrs.push(cdr(customer, party, "201", CallDirection::Inbound, start, answered, call as i64));
        }
    }
    for call in 0..2 {
        start += 7_000;
        cdrs.push(cdr(customer, "201", "202", CallDirection::Internal, start, true, call));
    }
    cdrs.push(cdr(customer, "202", PARTIES[0], CallDirection::Outbound, start + 1, true, 9));
    store.insert_cdrs(&cdrs).await.unwrap();
}

fn cdr(
    customer: &TenantId,
    caller: &str,
    callee: &str,
    direction: CallDirection,
    start: i64,
    answered: bool,
    n: i64,
) -> Cdr {
    let crosses_trunk = direction != CallDirection::Internal;
    Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: caller.into(),
        callee: callee.into(),
        direction,
        trunk: crosses_trunk.then(|| TRUNK.into()),
        did: crosses_trunk.then(|| DID.into()),
        start_ms: start,
        answer_ms: answered.then_some(start + 2_000 + n),
        end_ms: start + 30_000 + n * 1_000,
        disposition: if answered { Disposition::Answered } else { Disposition::NoAnswer },
        hangup: if answered { HangupSide::Caller } else { HangupSide::System },
        sip_status: if answered { 200 } else { 480 },
    }
}

async fn add_payments(store: &Store, customer: &TenantId) {
    let dwolla = PaymentReference::Dwolla(DwollaFundingSource::parse(DWOLLA).unwrap());
    store.add_payment_method(customer, &dwolla, "Checking for Grace Hopper").await.unwrap();
    let anet = PaymentReference::AuthorizeNet(AuthorizeNetProfile::parse(ANET.0, ANET.1).unwrap());
    store.add_payment_method(customer, &anet, LABEL).await.unwrap();
}

async fn add_media(store: &Store, customer: &TenantId) {
    let recording = wave(&tone());
    store.put_blob(customer, BlobKind::Recording, Some(PARTIES[1]), &recording[..]).await.unwrap();
    store.put_blob(customer, BlobKind::Voicemail, Some("201"), VOICEMAIL).await.unwrap();
    let long = wave(&tone().repeat(120)); // several 64 KiB chunks
    store.put_blob(customer, BlobKind::Recording, None, &long[..]).await.unwrap();
}

async fn add_registration(store: &Store, customer: &TenantId) {
    let binding = Binding {
        aor: Aor { customer: customer.clone(), number: "201".into() },
        contact: CONTACT.into(),
        expires_at_ms: i64::MAX / 2,
        call_id: "a84b4c76e66710".into(),
        cseq: 1,
        q: None,
        transport: SipTransport::Udp,
        source: format!("{SOURCE_ADDRESS}:5062"),
        user_agent: Some(USER_AGENT.into()),
    };
    store.apply_binding_changes(&[store::BindingChange::Upsert(binding)]).await.unwrap();
}

async fn add_audit(store: &Store, customer: &TenantId) {
    for (n, target) in [customer.0.clone(), format!("cdr of {}", PARTIES[0])].into_iter().enumerate() {
        let record = AuditRecord {
            at_ms: 1_700_000_100_000 + n as i64,
            actor: ACTOR.into(),
            action: "cdr.read".into(),
            target,
            purpose: "billing".into(),
            decision: if n == 0 { AuditDecision::Allow } else { AuditDecision::Deny },
            source: SOURCE_ADDRESS.into(),
        };
        store.append_audit(&record).await.unwrap();
    }
    store.checkpoint_audit(1_700_000_200_000).await.unwrap();
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { found.extend(files_under(&path)) } else { found.push(path) }
    }
    found
}

/// Every customer of `store`, by slug, the slugs read from the database
/// at `url` (or in data folder `db`, SQLite).
pub async fn customers(store: &Store, db: impl Database) -> Vec<model::Tenant> {
    let mut found = Vec::new();
    for slug in slugs(db).await {
        let tenant = store.tenant_by_slug(&slug).await.unwrap().unwrap();
        if tenant.kind == model::TenantKind::Customer {
            found.push(tenant);
        }
    }
    found
}

/// Every tenant slug in a database, read apart from the store.
pub async fn slugs(db: impl Database) -> Vec<String> {
    query_strings(db, "SELECT slug FROM tenants ORDER BY slug").await
}

/// Where a database is: a data folder's SQLite file, or a URL.
pub trait Database {
    fn url(&self) -> String;
}

impl Database for &Path {
    fn url(&self) -> String {
        format!("sqlite://{}?mode=ro", self.join(store::DATABASE_FILE).display())
    }
}

impl Database for &PathBuf {
    fn url(&self) -> String {
        self.as_path().url()
    }
}

impl Database for &str {
    fn url(&self) -> String {
        (*self).to_owned()
    }
}

/// One text column of `sql`'s rows in a database.
pub async fn query_strings(db: impl Database, sql: &'static str) -> Vec<String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&db.url()).await.unwrap();
    let rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    rows
}

/// All CDRs of `customer`.
pub async fn all_cdrs(store: &Store, customer: &TenantId) -> Vec<Cdr> {
    store
        .cdrs_page(
            &compliance::CpniRequest::host_operator("operator:test", compliance::Purpose::NetworkOperations, "test"),
            customer,
            None,
            100_000,
        )
        .await
        .unwrap()
}
