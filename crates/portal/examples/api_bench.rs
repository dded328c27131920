//! The server `bench/api.sh` loads: a store in a temporary folder with one
//! customer holding `CDRS` call detail records (100,000 by default), a
//! customer admin with TOTP and an API token, and the real portal on
//! 127.0.0.1 with API rate limits out of the way. Prints
//! `url=https://127.0.0.1:PORT token=cvt_…` on one line, then serves until
//! killed.

use std::io::Write;
use std::time::Duration;

use access::Role;
use access::totp::{Secret, Totp};
use jiff::{SignedDuration, Timestamp};
use model::{CallDirection, Cdr, CdrId, Disposition, HangupSide};
use portal::{AppSettings, Limits, Portal, PortalConfig};
use store::{NewApiToken, NewPerson, NewTenant, Store};

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let count: i64 = std::env::var("CDRS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let data = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(data.path()).await.expect("the store opens");
    let customer = tenants(&store).await;
    insert(&store, &customer, count).await;
    let token = token(&store, &customer).await;
    let any = "127.0.0.1:0".parse().expect("an address");
    let limits = Limits { api_burst: u32::MAX, api_every: Duration::from_nanos(1), ..Limits::default() };
    let config =
        PortalConfig { https: vec![any], http: vec![], cert_files: None, data_dir: data.path().to_owned(), limits };
    let portal = Portal::start(&config, portal::app(AppSettings::new(store))).await.expect("the portal starts");
    let line = format!("url=https://{} token={token}", portal.https_addrs()[0]);
    writeln!(std::io::stdout().lock(), "{line}").expect("stdout");
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("a SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
    drop(data);
}

async fn tenants(store: &Store) -> model::TenantId {
    let tenant = |slug: &str, parent: Option<&str>| NewTenant {
        slug: slug.into(),
        name: slug.into(),
        parent: parent.map(Into::into),
        sip_domain: parent.map(|_| format!("{slug}.example")),
        is_default: false,
    };
    store.upsert_reseller(&tenant("bench-reseller", None)).await.expect("reseller");
    store.upsert_customer(&tenant("bench", Some("bench-reseller"))).await.expect("customer").id
}

async fn insert(store: &Store, customer: &model::TenantId, count: i64) {
    let start = Timestamp::now().as_millisecond() - count * 30_000;
    let mut batch = Vec::with_capacity(5_000);
    for n in 0..count {
        let start_ms = start + n * 30_000;
        batch.push(Cdr {
            id: CdrId(format!("bench-{n:08}")),
            customer: customer.clone(),
            caller: format!("+1555{:07}", n % 10_000_000),
            callee: format!("{}", 1000 + n % 50),
            direction: if n % 3 == 0 { CallDirection::Outbound } else { CallDirection::Inbound },
            trunk: Some("carrier".into()),
            did: None,
            start_ms,
            answer_ms: Some(start_ms + 3_000),
            end_ms: start_ms + 20_000,
            disposition: Disposition::Answered,
            hangup: HangupSide::Caller,
            sip_status: 200,
        });
        if batch.len() == 5_000 {
            store.insert_cdrs(&batch).await.expect("CDRs insert");
            batch.clear();
        }
    }
    store.insert_cdrs(&batch).await.expect("CDRs insert");
}

async fn token(store: &Store, customer: &model::TenantId) -> String {
    let new = NewPerson { tenant: customer.clone(), role: Role::CustomerAdmin, login: "bench@bench.example".into() };
    let person = store.create_person(&new, "bench", Timestamp::now()).await.expect("person");
    let enrolment = store.start_totp_enrolment(&person.id, "bench", Timestamp::now()).await.expect("enrolment");
    let totp = Totp::new(Secret::from_bytes(enrolment.secret.as_bytes().to_vec()));
    let earlier = Timestamp::now() - SignedDuration::from_secs(30);
    store.confirm_totp(&person.id, &totp.code_at(earlier), earlier).await.expect("TOTP");
    let expires = Timestamp::now() + SignedDuration::from_hours(12);
    let scopes = [access::Permission::CdrRead];
    let made = NewApiToken { person: &person.id, name: "bench", scopes: &scopes, expires };
    let (secret, _) = store.create_api_token(&made, Timestamp::now()).await.expect("token");
    secret.to_string()
}
