//! A person's TOTP secret (raw and base 32), sign-in name, password hash
//! and recovery codes never reach the SQLite file or its WAL in the clear:
//! the files are searched byte for byte, while the store is open and after.

mod accounts_support;

use access::Role;
use access::totp::Enrolment;
use accounts_support::{customer, person, t0};
use store::{DATABASE_FILE, Store};

const LOGIN: &str = "nia.marker@example.com";

#[tokio::test]
async fn account_secrets_are_sealed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::CustomerAdmin, LOGIN).await;
    let enrolment: Enrolment = store.start_totp_enrolment(&id, "test", t0()).await.unwrap();
    let totp = access::totp::Totp::new(access::totp::Secret::from_bytes(enrolment.secret.as_bytes().to_vec()));
    let codes = store.confirm_totp(&id, &totp.code_at(t0()), t0()).await.unwrap();
    assert!(store.person_by_login(LOGIN).await.unwrap().is_some_and(|p| p.totp_confirmed));

    let mut secrets: Vec<Vec<u8>> = vec![
        enrolment.secret.as_bytes().to_vec(),
        enrolment.secret.to_base32().as_bytes().to_vec(),
        LOGIN.as_bytes().to_vec(),
        b"$argon2id$".to_vec(),
    ];
    secrets.extend(codes.codes.iter().map(|code| code.as_bytes().to_vec()));
    assert_not_on_disk(dir.path(), &secrets);
    store.close().await;
    assert_not_on_disk(dir.path(), &secrets);
}

fn assert_not_on_disk(dir: &std::path::Path, secrets: &[Vec<u8>]) {
    let files: Vec<Vec<u8>> = [DATABASE_FILE.to_owned(), format!("{DATABASE_FILE}-wal")]
        .iter()
        .filter_map(|name| std::fs::read(dir.join(name)).ok())
        .collect();
    assert!(!files.is_empty());
    for (i, secret) in secrets.iter().enumerate() {
        let found = files.iter().any(|file| file.windows(secret.len()).any(|window| window == secret.as_slice()));
        assert!(!found, "secret {i} found on disk");
    }
}
