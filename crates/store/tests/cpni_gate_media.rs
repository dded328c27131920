//! Voicemail and recordings are CPNI read only through the gate (issue 7
//! item 1; issue 5 item 4): every open names a purpose and is decided and
//! audited (`voicemail.play`, `recording.play`, `…_own`) before a byte is
//! read; support, who may list recordings, may not play one; a user hears
//! only the voicemail of the extensions assigned to them.

#[macro_use]
mod backends;
mod accounts_support;
mod cdr_support;
mod cpni_support;

use access::Role;
use backends::DataDir;
use compliance::{Accessor, CpniRequest, Purpose};
use cpni_support::{actor, audit_rows, audit_tail, host, path_of, request};
use store::{BlobKind, StoreError};

fn person(id: &str, role: Role, home: &str, purpose: Purpose) -> CpniRequest {
    request(Accessor::Person(actor(id, role, home)), purpose)
}

async fn media_opens_only_through_the_gate(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    for number in ["201", "202"] {
        cdr_support::extension(&store, &c1, number).await;
    }
    let ada = accounts_support::person(&store, &c1, Role::User, "ada@example.com").await;
    store.assign_extension(&c1, "201", Some(&ada), "test").await.unwrap();
    let ada_mail = store.put_blob(&c1, BlobKind::Voicemail, Some("201"), &b"ada's message"[..]).await.unwrap();
    let bo_mail = store.put_blob(&c1, BlobKind::Voicemail, Some("202"), &b"bo's message"[..]).await.unwrap();
    let recording = store.put_blob(&c1, BlobKind::Recording, Some("201"), &b"a recorded call"[..]).await.unwrap();
    let (path, other_path) = (path_of(&store, "c1").await, path_of(&store, "c2").await);
    let before = audit_tail(&pool).await;

    let operator = host(Purpose::NetworkOperations);
    let heard = store.open_blob(&operator, &c1, &recording).await.unwrap().read_to_end().await.unwrap();
    assert_eq!(&heard[..], b"a recorded call");

    let platform = store.platform().await.unwrap().path;
    let support = person("sam", Role::Support, &platform, Purpose::ServiceProvision);
    assert!(store.list_blobs(&c1, BlobKind::Recording).await.unwrap().len() == 1, "support sees that it exists");
    let refused = store.open_blob(&support, &c1, &recording).await;
    assert!(matches!(refused, Err(StoreError::CpniDenied(_))), "support may not play it: {refused:?}");

    let tracking = host(Purpose::TrackCompetitorCallers);
    assert!(matches!(store.open_blob(&tracking, &c1, &ada_mail).await, Err(StoreError::CpniDenied(_))));

    let own = |person: &str| self::person(person, Role::User, &path, Purpose::CustomerSelfService);
    let mine = store.open_own_blob(&own(&ada.0), &c1, &ada, &ada_mail).await.unwrap().read_to_end().await.unwrap();
    assert_eq!(&mine[..], b"ada's message");
    let not_hers = store.open_own_blob(&own(&ada.0), &c1, &ada, &bo_mail).await;
    assert!(matches!(not_hers, Err(StoreError::NoBlob)), "202 is not ada's: {not_hers:?}");
    let whole = store.open_blob(&own(&ada.0), &c1, &bo_mail).await;
    assert!(matches!(whole, Err(StoreError::CpniDenied(_))), "a user reads no one else's: {whole:?}");

    let outsider = person("dee", Role::CustomerAdmin, &other_path, Purpose::CustomerSelfService);
    let across = store.open_blob(&outsider, &c1, &ada_mail).await;
    assert!(matches!(across, Err(StoreError::CpniDenied(_))), "another customer's admin: {across:?}");
    let wrong_tenant = store.open_blob(&operator, &c2, &ada_mail).await;
    assert!(matches!(wrong_tenant, Err(StoreError::NoBlob)), "a blob is found only under its own customer");

    store.flush_audit().await.unwrap();
    let decisions: Vec<_> =
        audit_rows(&pool, before).await.into_iter().map(|row| format!("{} {}", row[1], row[4])).collect();
    assert_eq!(
        decisions,
        [
            "recording.play allow",
            "recording.play deny",
            "voicemail.play deny",
            "voicemail.play_own allow",
            "voicemail.play_own allow",
            "voicemail.play deny",
            "voicemail.play deny",
        ]
    );
    store.close().await;
}

on_both_backends!(media_opens_only_through_the_gate);
