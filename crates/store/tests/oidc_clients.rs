//! OpenID Connect client registrations (issue 5 item 3): added, listed and
//! removed; a confidential client's secret is stored only hashed; bad
//! redirect URIs are refused; removing a client voids its codes and tokens.

mod accounts_support;
#[macro_use]
mod backends;
mod oidc_support;

use access::oidc::client::ClientKind;
use access::oidc::{ErrorCode, secret::SecretHash, secret::SecretKind};
use accounts_support::{later, t0};
use backends::DataDir;
use oidc_support::{REDIRECT, VERIFIER, code_for, issuer, refusal, signed_in, signed_in_at, token_request};
use sqlx::Row;

on_both_backends!(register_list_remove);

async fn register_list_remove(dir: DataDir) {
    let store = dir.open().await;
    let confidential = oidc_support::client(&store, ClientKind::Confidential).await;
    let uris = vec!["com.carrier.softphone:/signed-in".to_owned(), "http://127.0.0.1/cb".to_owned()];
    let public = store.oidc_add_client("Softphone", &uris, ClientKind::Public, "test", t0()).await.unwrap();
    assert!(public.secret.is_none());
    let refused = store
        .oidc_add_client("Bad", &["http://crm.example/cb".to_owned()], ClientKind::Confidential, "test", t0())
        .await;
    assert!(refused.is_err());

    let listed = store.oidc_clients().await.unwrap();
    assert_eq!(listed, [confidential.client.clone(), public.client.clone()]);
    assert_eq!(listed[1].redirect_uris, uris);
    let secret = confidential.secret.as_ref().unwrap().expose();
    assert!(listed[0].secret_matches(secret));

    let raw = dir.raw().await;
    let row = sqlx::query("SELECT secret_hash FROM oidc_clients WHERE id = $1")
        .bind(&confidential.client.id.0)
        .fetch_one(&raw)
        .await
        .unwrap();
    let stored: Vec<u8> = row.try_get("secret_hash").unwrap();
    assert_eq!(stored, SecretHash::of(SecretKind::ClientSecret, secret).0);
    assert!(!stored.windows(8).any(|w| w == &secret.as_bytes()[..8]));

    let who = signed_in(&store).await;
    let id = confidential.client.id.0.clone();
    let now = later(signed_in_at(), 1);
    let tokens = store
        .oidc_exchange_code(
            &issuer(),
            &token_request(&code_for(&store, &who, &id, now).await, &id, Some(secret), VERIFIER),
            now,
        )
        .await
        .unwrap();
    let pending = code_for(&store, &who, &id, now).await;
    assert!(store.oidc_remove_client(&confidential.client.id, "test", now).await.unwrap());
    assert!(!store.oidc_remove_client(&confidential.client.id, "test", now).await.unwrap());
    assert_eq!(store.oidc_client(&confidential.client.id).await.unwrap(), None);
    assert_eq!(refusal(store.oidc_userinfo(&tokens.access_token, now).await), ErrorCode::InvalidToken);
    let exchange =
        store.oidc_exchange_code(&issuer(), &token_request(&pending, &id, Some(secret), VERIFIER), now).await;
    assert_eq!(refusal(exchange), ErrorCode::InvalidClient);
    assert_eq!(store.oidc_clients().await.unwrap().len(), 1);
    assert!(REDIRECT.starts_with("https://"));
}
