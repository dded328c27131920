//! Backups of a PostgreSQL store (issue 3 item 6): the archive is the
//! SQLite backup's (a `callvault.db` made with the SQLite migrations, the
//! blob files beside it), filled from one `REPEATABLE READ` snapshot, and
//! restores into an empty PostgreSQL database or an empty SQLite data
//! folder with every row of every table as it was; the audit log still
//! verifies and sealed values and media still open. A non-empty database is
//! refused. Each test runs on fresh PostgreSQL databases.

mod accounts_support;
#[macro_use]
mod backends;
mod backup_support;
mod cpni_support;
mod export_support;
mod oidc_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use access::oidc::client::ClientKind;
use access::{Role, TenantPath};
use accounts_support::later;
use backends::DataDir;
use backup_support::{contains, kek};
use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, CampaignRequest, Mechanism, Method};
use jiff::Timestamp;
use jiff::civil::date;
use model::{SipTransport, TenantId};
use sqlx::{AnyConnection, Connection, Row};
use store::{
    Backend, BlobKind, Channel, DATABASE_FILE, NewMessage, RecordType, Store, StoreError, StoredDid, StoredTrunk,
    TrunkSecret,
};

/// Every table's rows, each rendered as text, sorted.
type Dump = BTreeMap<String, Vec<Vec<String>>>;

/// Tables the fixture must fill, so that the round trip covers them.
const FILLED: &[&str] = &[
    "tenants",
    "extensions",
    "registrations",
    "cdrs",
    "blobs",
    "people",
    "recovery_codes",
    "audit_log",
    "audit_checkpoints",
    "data_keys",
    "index_keys",
    "trunks",
    "dids",
    "payment_methods",
    "cpni_approvals",
    "cpni_campaigns",
    "oidc_clients",
    "oidc_access_tokens",
    "oidc_signing_keys",
    "outbox",
    "retention_policies",
];

const TRUNK_PASSWORD: &str = "trunk-pass-Quagga-91";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn round_trips_into_postgres_and_sqlite() {
    backends::run(Backend::Postgres, round_trip).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_during_writes_is_one_instant() {
    backends::run(Backend::Postgres, during_writes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_archive_holds_no_plaintext() {
    backends::run(Backend::Postgres, no_plaintext).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_restore_into_a_database_with_rows_is_refused() {
    backends::run(Backend::Postgres, refused_when_not_empty).await;
}

async fn round_trip(dir: DataDir) {
    let store = dir.open_with_kek(kek()).await.unwrap();
    let customers = populate_everything(&store).await;
    let backups = tempfile::tempdir().unwrap();
    let archive = backups.path().join("pg.tar");
    let report = store.backup_to(&archive).await.unwrap();
    assert_eq!(report.blobs, 3, "{report:?}");
    let source = dump(dir.url()).await;
    for table in FILLED {
        assert!(source.get(*table).is_some_and(|rows| !rows.is_empty()), "the fixture left {table} empty");
    }
    let blobs_before = blob_plaintexts(&store, &customers[0]).await;
    store.close().await;

    let sqlite = tempfile::tempdir().unwrap();
    Store::restore_from_with_kek(&archive, sqlite.path(), kek()).await.unwrap();
    assert_same(&source, &dump(&sqlite_url(sqlite.path())).await);
    let restored = Store::open_with_kek(sqlite.path(), kek()).await.unwrap();
    check_restored(&restored, &customers[0], &blobs_before).await;

    let archive = archive.clone();
    backends::run(Backend::Postgres, move |target| async move {
        Store::restore_into_postgres_with_kek(&archive, target.url(), target.path(), kek()).await.unwrap();
        assert_same(&source, &dump(target.url()).await);
        let restored = target.open_with_kek(kek()).await.unwrap();
        check_restored(&restored, &customers[0], &blobs_before).await;
    })
    .await;
}

/// The audit log verifies, the extensions' sealed names open, the media
/// reads back as stored, and the trunk's sealed password opens.
async fn check_restored(store: &Store, customer: &TenantId, blobs: &[Vec<u8>]) {
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok() && report.records > 0 && report.checkpoints > 0, "{report:?}");
    let names: Vec<_> = store.extensions(customer).await.unwrap().into_iter().map(|e| e.display_name).collect();
    assert!(names.iter().any(|n| n == export_support::PEOPLE[0]), "{names:?}");
    assert_eq!(blob_plaintexts(store, customer).await, blobs);
    let trunks = store.trunks().await.unwrap();
    let secret = trunks.iter().find_map(|t| t.secret.clone()).expect("the trunk's credentials");
    assert_eq!(secret.password, TRUNK_PASSWORD);
    store.close().await;
}

/// Writers append audit record `i`, then store CDR batch `i` (7 CDRs in one
/// statement), while the backup runs. One instant holds whole batches, no
/// batch without its record, and at most one record without its batch;
/// copies of the tables taken at different instants would not.
async fn during_writes(dir: DataDir) {
    const BATCH: usize = 7;
    let store = dir.open_with_kek(kek()).await.unwrap();
    let customer = accounts_support::customer(&store).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (store, customer, stop) = (store.clone(), customer.clone(), stop.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                store.append_audit(&batch_record(i)).await.unwrap();
                let cdrs: Vec<_> = (0..BATCH).map(|n| call(&customer, i, n)).collect();
                store.insert_cdrs(&cdrs).await.unwrap();
                i += 1;
            }
            i
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let backups = tempfile::tempdir().unwrap();
    let archive = backups.path().join("busy.tar");
    store.backup_to(&archive).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    store.close().await;

    let restored = tempfile::tempdir().unwrap();
    Store::restore_from_with_kek(&archive, restored.path(), kek()).await.unwrap();
    let mut conn = AnyConnection::connect(&sqlite_url(restored.path())).await.unwrap();
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'test.batch'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let cdrs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cdrs").fetch_one(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    assert!(records > 0 && records < written as i64, "the backup ran while writing: {records} of {written}");
    assert_eq!(cdrs % BATCH as i64, 0, "a batch was split: {cdrs} CDRs");
    let batches = cdrs / BATCH as i64;
    assert!(batches == records || batches + 1 == records, "{batches} CDR batches, {records} records");
    let store = Store::open_with_kek(restored.path(), kek()).await.unwrap();
    let report = store.verify_audit().await;
    store.close().await;
    match report {
        Ok(report) => assert!(report.is_ok(), "{report:?}"),
        Err(StoreError::AuditKey(_)) => {} // no checkpoint was signed: nothing to verify it with
        Err(err) => panic!("{err}"),
    }
}

fn batch_record(i: usize) -> store::AuditRecord {
    store::AuditRecord {
        at_ms: 1_700_000_000_000 + i as i64,
        actor: "writer".into(),
        action: "test.batch".into(),
        target: format!("batch-{i}"),
        purpose: "test".into(),
        decision: store::AuditDecision::Allow,
        source: "192.0.2.1".into(),
    }
}

fn call(customer: &TenantId, batch: usize, n: usize) -> model::Cdr {
    let start = 1_700_000_000_000 + (batch * 10 + n) as i64 * 1_000;
    model::Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: "+12025550100".into(),
        callee: "201".into(),
        direction: model::CallDirection::Inbound,
        trunk: None,
        did: None,
        start_ms: start,
        answer_ms: Some(start + 1_000),
        end_ms: start + 5_000,
        disposition: model::Disposition::Answered,
        hangup: model::HangupSide::Caller,
        sip_status: 200,
    }
}

/// The archive holds no sealed value in the clear: names, HA1s, payment
/// references, the trunk's password, the media; plain columns are found.
async fn no_plaintext(dir: DataDir) {
    let store = dir.open_with_kek(kek()).await.unwrap();
    populate_everything(&store).await;
    let backups = tempfile::tempdir().unwrap();
    let archive = backups.path().join("pg.tar");
    store.backup_to(&archive).await.unwrap();
    store.close().await;

    let bytes = std::fs::read(&archive).unwrap();
    assert!(contains(&bytes, b"cdr.read") && contains(&bytes, b"carrier-east"), "the search finds plain columns");
    use export_support::*;
    let mut secrets: Vec<&[u8]> = vec![RESELLER_NAME.as_bytes(), HA1_MD5.as_bytes(), HA1_SHA256.as_bytes()];
    secrets.extend(CUSTOMERS.iter().map(|(_, name, _)| name.as_bytes()));
    secrets.extend(PEOPLE.iter().map(|p| p.as_bytes()));
    secrets.extend([DWOLLA, ANET.0, ANET.1, LABEL, PARTIES[2], PARTIES[3], TRUNK_PASSWORD].map(str::as_bytes));
    let samples = tone();
    secrets.extend([VOICEMAIL, &samples[..64]]);
    for secret in secrets {
        assert!(!contains(&bytes, secret), "{:?} is in the archive in the clear", String::from_utf8_lossy(secret));
    }
}

async fn refused_when_not_empty(dir: DataDir) {
    let source = tempfile::tempdir().unwrap();
    let filled = backup_support::filled(source.path()).await;
    let archive = source.path().join("sqlite.tar");
    filled.store.backup_to(&archive).await.unwrap();
    filled.store.close().await;

    let store = dir.open_with_kek(kek()).await.unwrap();
    accounts_support::customer(&store).await;
    store.close().await;
    let refused = Store::restore_into_postgres_with_kek(&archive, dir.url(), dir.path(), kek()).await;
    assert!(matches!(&refused, Err(StoreError::RestoreIntoNonEmptyDatabase { .. })), "{refused:?}");
    assert!(refused.unwrap_err().to_string().contains("not empty"));
    assert!(!dir.path().join("blobs").exists(), "no blob folder was left behind");
    let store = dir.open_with_kek(kek()).await.unwrap();
    assert!(store.tenant_by_slug("a").await.unwrap().is_none(), "nothing of the backup went in");
    store.close().await;
}

/// [`export_support::populate`] and a row in every other table: a person
/// with TOTP and recovery codes signed in through OpenID Connect (client,
/// code, tokens, signing key), a trunk and a DID, a CPNI approval and an
/// approved campaign, a queued notice and a retention policy.
async fn populate_everything(store: &Store) -> Vec<TenantId> {
    let customers = export_support::populate(store).await;
    let who = oidc_support::signed_in(store).await;
    let registration = oidc_support::client(store, ClientKind::Confidential).await;
    let (id, secret) = (registration.client.id.0.as_str(), registration.secret.as_ref().unwrap().expose());
    let now = later(oidc_support::signed_in_at(), 5);
    let code = oidc_support::code_for(store, &who, id, now).await;
    let request = oidc_support::token_request(&code, id, Some(secret), oidc_support::VERIFIER);
    store.oidc_exchange_code(&oidc_support::issuer(), &request, later(now, 1)).await.unwrap();

    let customer = &customers[0];
    let credentials = TrunkSecret { username: "acct-Quagga".into(), password: TRUNK_PASSWORD.into() };
    let trunk = StoredTrunk {
        name: export_support::TRUNK.into(),
        owner: customer.clone(),
        host: "sip.carrier-east.example".into(),
        port: 5060,
        transport: SipTransport::Udp,
        secret: Some(credentials),
    };
    store.upsert_trunk(&trunk).await.unwrap();
    let did = StoredDid { number: export_support::DID.into(), customer: customer.clone(), extension: "201".into() };
    store.upsert_did(&did).await.unwrap();
    add_cpni(store, customer).await;
    let notice = NewMessage {
        tenant: customer,
        person: None,
        channel: Channel::Email,
        template: "change_notice",
        recipient: "grace@acmedental-clinic.com",
        body: r#"{"change":"password"}"#,
    };
    store.enqueue_message(&notice, now).await.unwrap();
    store.set_retention(customer, RecordType::Cdr, std::time::Duration::from_secs(86_400 * 600)).await.unwrap();
    store.flush_audit().await.unwrap();
    customers
}

async fn add_cpni(store: &Store, customer: &TenantId) {
    let approval = ApprovalRecord {
        scope: ApprovalScope::ThirdParties,
        action: ApprovalAction::Approve(Mechanism::OptIn),
        method: Method::Electronic,
        evidence: "portal-consent-Quagga".into(),
        notified_on: None,
        effective_on: date(2026, 1, 2),
        recorded_at: Timestamp::from_second(1_767_300_000).unwrap(),
        recorded_by: "operator:test".into(),
    };
    store.record_approval(customer, &approval).await.unwrap();
    let platform = store.platform().await.unwrap().path;
    let actor = |id: &str, role| cpni_support::actor(id, role, &platform);
    let proposal = CampaignRequest {
        owner: TenantPath::parse(&platform).unwrap(),
        description: "Spring upgrade".into(),
        cpni_used: "monthly minutes".into(),
        offered: "Unlimited plan".into(),
        scope: ApprovalScope::ThirdParties,
    };
    let now = Timestamp::now();
    let campaign = store.register_campaign(&actor("seller", Role::Support), &proposal, now).await.unwrap();
    store.approve_campaign(&actor("officer", Role::SecurityOfficer), &campaign.id, now).await.unwrap();
}

/// Every blob's plaintext of `customer`, by id.
async fn blob_plaintexts(store: &Store, customer: &TenantId) -> Vec<Vec<u8>> {
    let mut blobs = store.list_blobs(customer, BlobKind::Voicemail).await.unwrap();
    blobs.extend(store.list_blobs(customer, BlobKind::Recording).await.unwrap());
    blobs.sort_by(|a, b| a.id.0.cmp(&b.id.0));
    let mut plain = Vec::new();
    for blob in blobs {
        plain.push(backup_support::read_all(store, customer, &blob.id).await.unwrap());
    }
    plain
}

fn assert_same(source: &Dump, restored: &Dump) {
    assert_eq!(source.keys().collect::<Vec<_>>(), restored.keys().collect::<Vec<_>>(), "the same tables");
    for (table, rows) in source {
        assert_eq!(rows.len(), restored[table].len(), "{table}: row count");
        assert!(rows == &restored[table], "{table}: the rows differ");
    }
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=ro", PathBuf::from(dir).join(DATABASE_FILE).display())
}

/// Every row of every table (but the migrations' own) of the database at
/// `url`, read apart from the store.
async fn dump(url: &str) -> Dump {
    sqlx::any::install_default_drivers();
    let mut conn = AnyConnection::connect(url).await.unwrap();
    let tables: Vec<String> = if url.starts_with("sqlite") {
        sqlx::query_scalar(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    } else {
        sqlx::query_scalar(
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
    };
    let mut dump = Dump::new();
    for table in tables {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"))).fetch_all(&mut conn).await.unwrap();
        let mut rendered: Vec<Vec<String>> = rows.iter().map(render).collect();
        rendered.sort();
        dump.insert(table, rendered);
    }
    conn.close().await.unwrap();
    dump
}

/// A row's values as `column=value` text, by column name (the two schemas
/// may order columns differently).
fn render(row: &sqlx::any::AnyRow) -> Vec<String> {
    use sqlx::{Column, ValueRef};
    let mut values: Vec<String> = (0..row.len())
        .map(|i| {
            let name = row.columns()[i].name().to_owned();
            let value = if row.try_get_raw(i).unwrap().is_null() {
                "NULL".to_owned()
            } else if let Ok(int) = row.try_get::<i64, _>(i) {
                int.to_string()
            } else if let Ok(real) = row.try_get::<f64, _>(i) {
                format!("{real:?}")
            } else if let Ok(text) = row.try_get::<String, _>(i) {
                format!("{text:?}")
            } else {
                hex::encode(row.try_get::<Vec<u8>, _>(i).unwrap())
            };
            format!("{name}={value}")
        })
        .collect();
    values.sort();
    values
}
