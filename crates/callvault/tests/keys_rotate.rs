//! `callvault keys generate` and `keys rotate` on a real data folder: after
//! rotation the data folder's key file holds the new KEK, every sealed
//! value still opens and the audit log's checkpoints still verify (its key
//! was re-wrapped too); a new key file open to others is refused unchanged.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use store::{Aad, AuditDecision, AuditRecord, KEK_FILE, Kek, Store};

const AAD: Aad<'static> = Aad::new("voicemail", "file", "vm-1");

/// A data folder with a key file and one value sealed for a customer;
/// returns the customer's id and the sealed value.
async fn data_folder(dir: &Path) -> (model::TenantId, Vec<u8>) {
    let store = Store::open(dir).await.unwrap();
    let reseller =
        store::NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    let tenant = store.upsert_reseller(&reseller).await.unwrap().id;
    let keyring = store.keyring(Kek::resolve(None, dir).unwrap());
    let sealed = keyring.seal(&tenant, b"greeting audio", &AAD).await.unwrap();
    let record = AuditRecord {
        at_ms: 1_700_000_000_000,
        actor: "admin".into(),
        action: "cdr.read".into(),
        target: "line-1".into(),
        purpose: "billing".into(),
        decision: AuditDecision::Allow,
        source: "198.51.100.4".into(),
    };
    store.append_audit(&record).await.unwrap();
    store.checkpoint_audit(1_700_000_000_001).await.unwrap();
    store.close().await;
    (tenant, sealed)
}

#[tokio::test]
async fn rotation_installs_the_new_kek_and_sealed_values_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (tenant, sealed) = data_folder(&data).await;
    let old_id = Kek::resolve(None, &data).unwrap().id().to_owned();
    let new_file = dir.path().join("new.key");
    let generated = common::run_callvault(&["keys", "generate", "--out", new_file.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", common::printed(&generated));
    assert_eq!(std::fs::metadata(&new_file).unwrap().permissions().mode() & 0o777, 0o600);

    let args = ["keys", "rotate", "--data-dir", data.to_str().unwrap(), "--new-kek-file", new_file.to_str().unwrap()];
    let rotated = common::run_callvault(&args);
    assert!(rotated.status.success(), "{}", common::printed(&rotated));
    let summary = "re-wrapped 2 data keys, 0 index keys and 1 audit checkpoint keys";
    assert!(common::printed(&rotated).contains(summary), "{}", common::printed(&rotated));

    let installed = Kek::resolve(None, &data).unwrap();
    assert_eq!(installed.id(), Kek::from_file(&new_file).unwrap().id());
    assert_ne!(installed.id(), old_id);
    assert_eq!(std::fs::metadata(data.join(KEK_FILE)).unwrap().permissions().mode() & 0o777, 0o600);
    let store = Store::open(&data).await.unwrap();
    let opened = store.keyring(installed).open(&tenant, &sealed, &AAD).await.unwrap();
    assert_eq!(opened.as_slice(), b"greeting audio");
    store.close().await;
    let verified = common::run_callvault(&["audit", "verify", "--data-dir", data.to_str().unwrap()]);
    assert!(
        common::printed(&verified).contains("audit log OK: 1 record, 1 checkpoint"),
        "{}",
        common::printed(&verified)
    );

    let again = common::run_callvault(&args);
    assert!(
        again.status.success()
            && common::printed(&again).contains("re-wrapped 0 data keys, 0 index keys and 0 audit checkpoint keys"),
        "{}",
        common::printed(&again)
    );
}

#[tokio::test]
async fn a_new_key_file_open_to_others_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    data_folder(&data).await;
    let old_key_file = std::fs::read(data.join(KEK_FILE)).unwrap();
    let new_file = dir.path().join("new.key");
    Kek::create_file(&new_file).unwrap();
    std::fs::set_permissions(&new_file, std::fs::Permissions::from_mode(0o644)).unwrap();

    let args = ["keys", "rotate", "--data-dir", data.to_str().unwrap(), "--new-kek-file", new_file.to_str().unwrap()];
    let refused = common::run_callvault(&args);
    assert!(!refused.status.success());
    assert!(common::printed(&refused).contains("mode 644"), "{}", common::printed(&refused));
    assert_eq!(std::fs::read(data.join(KEK_FILE)).unwrap(), old_key_file);
}
