//! `callvault keys generate` and `keys rotate` on a real data folder: after
//! rotation the data folder's key file holds the new KEK and every sealed
//! value still opens; a new key file open to others is refused unchanged.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use store::{Aad, KEK_ENV, KEK_FILE, Kek, Store};

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
    store.close().await;
    (tenant, sealed)
}

fn callvault(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callvault"))
        .args(args)
        .env_remove("CALLVAULT_CONFIG")
        .env_remove("CALLVAULT_DATA_DIR")
        .env_remove(KEK_ENV)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[tokio::test]
async fn rotation_installs_the_new_kek_and_sealed_values_still_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (tenant, sealed) = data_folder(&data).await;
    let old_id = Kek::resolve(None, &data).unwrap().id().to_owned();
    let new_file = dir.path().join("new.key");
    let generated = callvault(&["keys", "generate", "--out", new_file.to_str().unwrap()]);
    assert!(generated.status.success(), "{}", text(&generated));
    assert_eq!(std::fs::metadata(&new_file).unwrap().permissions().mode() & 0o777, 0o600);

    let args = ["keys", "rotate", "--data-dir", data.to_str().unwrap(), "--new-kek-file", new_file.to_str().unwrap()];
    let rotated = callvault(&args);
    assert!(rotated.status.success(), "{}", text(&rotated));
    assert!(text(&rotated).contains("re-wrapped 1 data keys"), "{}", text(&rotated));

    let installed = Kek::resolve(None, &data).unwrap();
    assert_eq!(installed.id(), Kek::from_file(&new_file).unwrap().id());
    assert_ne!(installed.id(), old_id);
    assert_eq!(std::fs::metadata(data.join(KEK_FILE)).unwrap().permissions().mode() & 0o777, 0o600);
    let store = Store::open(&data).await.unwrap();
    let opened = store.keyring(installed).open(&tenant, &sealed, &AAD).await.unwrap();
    assert_eq!(opened.as_slice(), b"greeting audio");
    store.close().await;

    let again = callvault(&args);
    assert!(again.status.success() && text(&again).contains("re-wrapped 0 data keys"), "{}", text(&again));
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
    let refused = callvault(&args);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("mode 644"), "{}", text(&refused));
    assert_eq!(std::fs::read(data.join(KEK_FILE)).unwrap(), old_key_file);
}
