//! `callvault export --anonymize` with the real binary (issue 3 item 4): a
//! provisioned folder with calls, media and audit records exports into a
//! new data folder that holds none of its names, domains, numbers or media,
//! whose re-built audit log `callvault audit verify` accepts, where a
//! tester sets a password with `callvault provision`, and that `demo`
//! serves; `--anonymize` is required and a used folder is refused. From a
//! PostgreSQL store (`--config` with `[store] url`) the export is the same.

mod common;

use common::postgres::Database;

use std::path::Path;

use model::{CallDirection, Cdr, Disposition, HangupSide};
use store::{AuditDecision, AuditRecord, BlobKind, KEK_FILE, Kek, Store};

const PROVISIONING: &str = r#"
[[reseller]]
slug = "quillon-holdings"
name = "Quillon Holdings"

[[customer]]
slug = "zephyr-bakery"
name = "Zephyr Bakery"
reseller = "quillon-holdings"
sip_domain = "pbx.zephyrbakery.net"
default = true

[[extension]]
customer = "zephyr-bakery"
number = "1001"
password = "a long random secret"
display_name = "Quillon Frontdesk"
"#;

const CALLER: &str = "+16175550182";
const MEDIA: &[u8] = b"\xff\x9a\x8f\x9a\x7f\x1a\x0f\x1a tone 1k from Quillon";

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Adds two inbound calls from [`CALLER`], a voicemail and an audit record; closes `store`.
async fn add_activity(store: Store) {
    let customer = store.tenant_by_slug("zephyr-bakery").await.unwrap().unwrap().id;
    let call = |start_ms: i64| Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: CALLER.into(),
        callee: "1001".into(),
        direction: CallDirection::Inbound,
        trunk: Some("carrier".into()),
        did: Some("+16175550100".into()),
        start_ms,
        answer_ms: Some(start_ms + 1_000),
        end_ms: start_ms + 20_000,
        disposition: Disposition::Answered,
        hangup: HangupSide::Callee,
        sip_status: 200,
    };
    store.insert_cdrs(&[call(1_700_000_000_000), call(1_700_000_100_000)]).await.unwrap();
    store.put_blob(&customer, BlobKind::Voicemail, Some("1001"), &MEDIA.repeat(100)[..]).await.unwrap();
    let record = AuditRecord {
        at_ms: 1_700_000_000_000,
        actor: "quillon-admin".into(),
        action: "cdr.read".into(),
        target: customer.0.clone(),
        purpose: "billing".into(),
        decision: AuditDecision::Allow,
        source: "198.51.100.4".into(),
    };
    store.append_audit(&record).await.unwrap();
    store.close().await;
}

/// The source's names, numbers and media, as bytes.
fn originals() -> [&'static [u8]; 7] {
    [b"Quillon", b"quillon", b"Zephyr", b"zephyr", CALLER.as_bytes(), b"+16175550100", b"tone 1k"]
}

fn holds_any(dir: &Path, needles: &[&[u8]]) -> bool {
    std::fs::read_dir(dir).unwrap().any(|entry| {
        let path = entry.unwrap().path();
        if path.is_dir() {
            return holds_any(&path, needles);
        }
        let bytes = std::fs::read(&path).unwrap();
        needles.iter().any(|needle| bytes.windows(needle.len()).any(|w| w == *needle))
    })
}

#[tokio::test]
async fn an_exported_folder_is_anonymous_verifiable_and_serves() {
    let (source, work) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let file = work.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let provisioned = common::run_callvault(&["provision", "--data-dir", path(source.path()), path(&file)]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    add_activity(Store::open(source.path()).await.unwrap()).await;
    let out = work.path().join("test-env");

    let unmarked = common::run_callvault(&["export", "--data-dir", path(source.path()), "--out", path(&out)]);
    assert!(!unmarked.status.success() && !out.exists(), "exported without --anonymize");
    let export =
        common::run_callvault(&["export", "--anonymize", "--data-dir", path(source.path()), "--out", path(&out)]);
    assert!(export.status.success(), "{}", common::printed(&export));
    let printed = String::from_utf8_lossy(&export.stdout).into_owned();
    assert!(printed.contains("cdrs: 2") && printed.contains("blobs: 1 files"), "{printed}");
    let originals = originals();
    assert!(holds_any(source.path(), &originals[..2]), "control: the search finds plain values in the source");
    assert!(!holds_any(&out, &originals), "an original value is in the export");
    assert!(!printed.contains(&std::fs::read_to_string(out.join(KEK_FILE)).unwrap()), "the KEK was printed");

    let verify = common::run_callvault(&["audit", "verify", "--data-dir", path(&out)]);
    assert!(verify.status.success(), "{}", common::printed(&verify));
    assert!(String::from_utf8_lossy(&verify.stdout).contains("audit log OK: 1 record, 1 checkpoint"));

    let again =
        common::run_callvault(&["export", "--anonymize", "--data-dir", path(source.path()), "--out", path(&out)]);
    assert!(!again.status.success(), "exported over the first export");

    set_a_password(&out, work.path()).await;
    let mut demo = common::Demo::start(&out);
    assert!(demo.is_running(), "demo serves the exported folder");
    assert!(demo.stop());
}

/// Provisions a new password for extension 1001 of the exported customer.
async fn set_a_password(out: &Path, work: &Path) {
    let store = Store::open_with_kek(out, Kek::from_file(&out.join(KEK_FILE)).unwrap()).await.unwrap();
    let customer = store.default_customer().await.unwrap().unwrap();
    let before = store.extension(&customer.id, "1001").await.unwrap().unwrap();
    store.close().await;
    let file = work.join("tester.toml");
    let entry = format!(
        "[[extension]]\ncustomer = \"{}\"\nnumber = \"1001\"\npassword = \"a tester's own secret\"\ndisplay_name = \"Tester\"\n",
        customer.slug
    );
    std::fs::write(&file, entry).unwrap();
    let provisioned = common::run_callvault(&["provision", "--data-dir", path(out), path(&file)]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    let store = Store::open_with_kek(out, Kek::from_file(&out.join(KEK_FILE)).unwrap()).await.unwrap();
    let after = store.extension(&customer.id, "1001").await.unwrap().unwrap();
    store.close().await;
    assert_ne!(after.secret, before.secret, "the tester's password replaced the random secret");
    assert_eq!(after.realm, customer.sip_domain.unwrap());
}

#[tokio::test]
async fn an_export_from_postgres_is_anonymous_and_verifies() {
    let database = Database::create();
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let config = work.path().join("callvault.toml");
    std::fs::write(&config, format!("data_dir = {data:?}\n[store]\nurl = {:?}\n", database.url())).unwrap();
    let file = work.path().join("provision.toml");
    std::fs::write(&file, PROVISIONING).unwrap();
    let provisioned = common::run_callvault(&["provision", "--config", path(&config), path(&file)]);
    assert!(provisioned.status.success(), "{}", common::printed(&provisioned));
    add_activity(Store::connect(&database.url(), &data).await.unwrap()).await;
    let out = work.path().join("test-env");

    let export = common::run_callvault(&["export", "--anonymize", "--config", path(&config), "--out", path(&out)]);
    assert!(export.status.success(), "{}", common::printed(&export));
    let printed = String::from_utf8_lossy(&export.stdout).into_owned();
    assert!(printed.contains("cdrs: 2") && printed.contains("blobs: 1 files"), "{printed}");
    assert!(!holds_any(&out, &originals()), "an original value is in the export");
    let verify = common::run_callvault(&["audit", "verify", "--data-dir", path(&out)]);
    assert!(verify.status.success(), "{}", common::printed(&verify));
}
