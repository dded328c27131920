//! An authorization code works once (RFC 6749 §4.1.2): of two concurrent
//! redemptions exactly one gets tokens; a code past its 60 s is refused;
//! a failed client authentication does not consume the code; a code
//! presented by another client is refused and burned; a disabled person's
//! code yields nothing.

mod accounts_support;
#[macro_use]
mod backends;
mod oidc_support;

use access::oidc::client::ClientKind;
use access::oidc::{CODE_LIFETIME, ErrorCode};
use accounts_support::later;
use backends::DataDir;
use oidc_support::{VERIFIER, code_for, issuer, refusal, signed_in, signed_in_at, token_request};

on_both_backends!(concurrent_redemptions_one_wins, refusals_by_binding);

async fn concurrent_redemptions_one_wins(dir: DataDir) {
    let store = dir.open().await;
    let who = signed_in(&store).await;
    let public = oidc_support::client(&store, ClientKind::Public).await;
    let id = public.client.id.0.clone();
    let now = later(signed_in_at(), 1);
    let code = code_for(&store, &who, &id, now).await;
    let redemptions = (0..4).map(|_| {
        let (store, request) = (store.clone(), token_request(&code, &id, None, VERIFIER));
        tokio::spawn(async move { store.oidc_exchange_code(&issuer(), &request, now).await })
    });
    let mut outcomes = Vec::new();
    for redemption in redemptions.collect::<Vec<_>>() {
        outcomes.push(redemption.await.unwrap());
    }
    let winners: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{outcomes:?}");
    let token = winners[0].access_token.clone();
    for outcome in outcomes.into_iter().filter(Result::is_err) {
        assert_eq!(refusal(outcome), ErrorCode::InvalidGrant);
    }
    assert_eq!(
        refusal(store.oidc_userinfo(&token, now).await),
        ErrorCode::InvalidToken,
        "reuse voided the winner's token"
    );
}

async fn refusals_by_binding(dir: DataDir) {
    let store = dir.open().await;
    let who = signed_in(&store).await;
    let confidential = oidc_support::client(&store, ClientKind::Confidential).await;
    let (id, secret) = (confidential.client.id.0.as_str(), confidential.secret.as_ref().unwrap().expose());
    let other = oidc_support::client(&store, ClientKind::Public).await;
    let now = later(signed_in_at(), 1);
    let exchange = |code: &str, client: &str, secret: Option<&str>, at| {
        let request = token_request(code, client, secret, VERIFIER);
        let store = store.clone();
        async move { store.oidc_exchange_code(&issuer(), &request, at).await }
    };

    let code = code_for(&store, &who, id, now).await;
    assert_eq!(refusal(exchange(&code, id, Some("wrong secret"), now).await), ErrorCode::InvalidClient);
    assert_eq!(refusal(exchange(&code, id, None, now).await), ErrorCode::InvalidClient);
    assert!(exchange(&code, id, Some(secret), now).await.is_ok(), "failed client authentication left the code alone");

    let expiring = code_for(&store, &who, id, now).await;
    assert_eq!(refusal(exchange(&expiring, id, Some(secret), now + CODE_LIFETIME).await), ErrorCode::InvalidGrant);

    let stolen = code_for(&store, &who, id, now).await;
    assert_eq!(refusal(exchange(&stolen, &other.client.id.0, None, now).await), ErrorCode::InvalidGrant);
    assert_eq!(refusal(exchange(&stolen, id, Some(secret), now).await), ErrorCode::InvalidGrant, "burned");

    let pending = code_for(&store, &who, id, now).await;
    store.set_disabled(&who.person, true, "test", now).await.unwrap();
    assert_eq!(refusal(exchange(&pending, id, Some(secret), now).await), ErrorCode::InvalidGrant);
    let authorization = oidc_support::authorize(&store, &oidc_support::authorization_query(id, "n")).await;
    assert_eq!(refusal(store.oidc_issue_code(&authorization, &who, now).await), ErrorCode::AccessDenied);
}
