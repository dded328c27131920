//! ID token signing keys (issue 5 item 3): the private key is sealed under
//! the platform's data key (its PKCS #8 bytes appear nowhere in the
//! database); rotation makes a new key current while the previous public
//! key stays in the JWKS for the grace period, so a token signed before
//! still verifies, and is dropped after it; rotating the platform's data
//! key and re-sealing leaves the signing key usable.

mod accounts_support;
#[macro_use]
mod backends;
mod oidc_support;

use std::ops::ControlFlow;

use access::oidc::client::ClientKind;
use accounts_support::later;
use backends::DataDir;
use jiff::SignedDuration;
use oidc_support::{VERIFIER, code_for, issuer, signed_in, signed_in_at, token_request, verify};
use sqlx::Row;
use store::{ResealOptions, SIGNING_KEY_GRACE};

on_both_backends!(
    rotation_keeps_the_previous_key_for_the_grace_period,
    private_key_sealed_and_survives_data_key_rotation
);

async fn rotation_keeps_the_previous_key_for_the_grace_period(dir: DataDir) {
    let store = dir.open().await;
    let who = signed_in(&store).await;
    let client = oidc_support::client(&store, ClientKind::Public).await;
    let id = client.client.id.0.clone();
    let now = later(signed_in_at(), 1);
    let first = store
        .oidc_exchange_code(
            &issuer(),
            &token_request(&code_for(&store, &who, &id, now).await, &id, None, VERIFIER),
            now,
        )
        .await
        .unwrap();
    let old_kid = store.oidc_jwks(now).await.unwrap().keys[0].kid.clone();

    let new_kid = store.oidc_rotate_signing_key("test", now).await.unwrap();
    assert_ne!(new_kid, old_kid);
    let jwks = store.oidc_jwks(now).await.unwrap();
    let kids: Vec<&str> = jwks.keys.iter().map(|k| k.kid.as_str()).collect();
    assert_eq!(kids, [new_kid.as_str(), old_kid.as_str()], "current key first, previous kept");
    assert!(verify(&first.id_token, &jwks, &id).is_ok(), "a token signed before the rotation still verifies");
    let second = store
        .oidc_exchange_code(
            &issuer(),
            &token_request(&code_for(&store, &who, &id, now).await, &id, None, VERIFIER),
            now,
        )
        .await
        .unwrap();
    assert_eq!(jsonwebtoken::decode_header(&second.id_token).unwrap().kid.as_deref(), Some(new_kid.as_str()));
    assert!(verify(&second.id_token, &jwks, &id).is_ok());

    let after_grace = now + SIGNING_KEY_GRACE + SignedDuration::from_secs(1);
    let jwks = store.oidc_jwks(after_grace).await.unwrap();
    assert_eq!(jwks.keys.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(), [new_kid.as_str()]);
    assert!(verify(&first.id_token, &jwks, &id).is_err(), "past the grace period the old key is gone");
    let third_kid = store.oidc_rotate_signing_key("test", after_grace).await.unwrap();
    let raw = dir.raw().await;
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT kid FROM oidc_signing_keys ORDER BY created_ms").fetch_all(&raw).await.unwrap();
    assert_eq!(stored, [new_kid, third_kid], "keys past the grace period are deleted at the next rotation");
}

async fn private_key_sealed_and_survives_data_key_rotation(dir: DataDir) {
    let store = dir.open().await;
    let who = signed_in(&store).await;
    let client = oidc_support::client(&store, ClientKind::Public).await;
    let id = client.client.id.0.clone();
    let now = later(signed_in_at(), 1);
    let key = store.oidc_signing_key(now).await.unwrap();
    let raw = dir.raw().await;
    let row = sqlx::query("SELECT private_sealed FROM oidc_signing_keys").fetch_one(&raw).await.unwrap();
    let sealed: Vec<u8> = row.try_get("private_sealed").unwrap();
    let secret_part = &key.pkcs8()[key.pkcs8().len() - 40..];
    assert!(!sealed.windows(secret_part.len()).any(|w| w == secret_part), "the private key is sealed");

    let platform = store.platform().await.unwrap().id;
    store.rotate_data_key(&platform).await.unwrap();
    let options = ResealOptions { retire_after: std::time::Duration::ZERO, ..ResealOptions::default() };
    let report = store.reseal_tenant(&platform, &options, |_| ControlFlow::Continue(())).await.unwrap();
    assert!(report.finished && !report.retired.is_empty(), "{report:?}");
    let resealed: Vec<u8> =
        sqlx::query_scalar("SELECT private_sealed FROM oidc_signing_keys").fetch_one(&raw).await.unwrap();
    assert_ne!(resealed, sealed);
    assert_eq!(store.oidc_signing_key(now).await.unwrap().kid(), key.kid());
    let tokens = store
        .oidc_exchange_code(
            &issuer(),
            &token_request(&code_for(&store, &who, &id, now).await, &id, None, VERIFIER),
            now,
        )
        .await
        .unwrap();
    assert!(verify(&tokens.id_token, &store.oidc_jwks(now).await.unwrap(), &id).is_ok());
}
