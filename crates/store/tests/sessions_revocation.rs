//! Sign-out ends one session; sign-out everywhere ends all of a person's
//! sessions and revokes their API tokens, and no one else's (issue 5 item
//! 3). API tokens are scoped, expire, revoke one by one, and are listed
//! without their secret.

mod accounts_support;
#[macro_use]
mod backends;

use access::{Permission, Role};
use accounts_support::{customer, later, person, t0};
use backends::DataDir;
use store::{NewApiToken, SessionPolicy};

on_both_backends!(sign_out_and_sign_out_everywhere, api_tokens_are_scoped_expire_and_revoke);

async fn sign_out_and_sign_out_everywhere(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (ann, bob) = (
        person(&store, &tenant, Role::User, "ann@example.com").await,
        person(&store, &tenant, Role::User, "bob@example.com").await,
    );
    let policy = SessionPolicy::default();
    let (laptop, phone) = (
        store.create_session(&ann, false, policy, t0()).await.unwrap(),
        store.create_session(&ann, false, policy, t0()).await.unwrap(),
    );
    let bobs = store.create_session(&bob, false, policy, t0()).await.unwrap();
    let scopes = [Permission::CdrRead];
    let token = NewApiToken { person: &ann, name: "reports", scopes: &scopes, expires: later(t0(), 86_400) };
    let (secret, _) = store.create_api_token(&token, t0()).await.unwrap();

    assert!(store.end_session(&laptop.token, t0()).await.unwrap());
    assert!(store.session(&laptop.token, t0()).await.unwrap().is_none(), "signed out");
    assert!(store.session(&phone.token, t0()).await.unwrap().is_some(), "the other session lives");
    assert!(!store.end_session(&laptop.token, t0()).await.unwrap(), "already ended");

    assert_eq!(store.end_all_sessions(&ann, t0()).await.unwrap(), (1, 1));
    assert!(store.session(&phone.token, t0()).await.unwrap().is_none());
    assert!(store.api_token(&secret, t0()).await.unwrap().is_none(), "tokens revoked too");
    assert!(store.session(&bobs.token, t0()).await.unwrap().is_some(), "someone else's session lives");
}

async fn api_tokens_are_scoped_expire_and_revoke(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let ann = person(&store, &tenant, Role::CustomerAdmin, "ann@example.com").await;
    let scopes = [Permission::PbxRead, Permission::CdrRead];
    let day = NewApiToken { person: &ann, name: "daily export", scopes: &scopes, expires: later(t0(), 86_400) };
    let (secret, made) = store.create_api_token(&day, t0()).await.unwrap();
    assert!(secret.starts_with("cvt_") && secret.len() == 4 + 64, "cvt_ and 256 bits");
    let used = store.api_token(&secret, later(t0(), 60)).await.unwrap().expect("live");
    assert_eq!((used.id.as_str(), used.scopes.as_slice()), (made.id.as_str(), scopes.as_slice()));
    assert!(store.api_token(&secret, later(t0(), 86_400)).await.unwrap().is_none(), "expired");
    assert!(store.api_token("cvt_0000", t0()).await.unwrap().is_none());
    assert!(store.api_token(&secret[4..], t0()).await.unwrap().is_none(), "the prefix is part of it");

    let other = NewApiToken { name: "provisioning", expires: later(t0(), 3600), ..day };
    let (other_secret, other_made) = store.create_api_token(&other, t0()).await.unwrap();
    assert!(store.revoke_api_token(&ann, &other_made.id, t0()).await.unwrap());
    assert!(store.api_token(&other_secret, t0()).await.unwrap().is_none(), "revoked");

    let listed = store.api_tokens_of(&ann).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().any(|t| t.revoked && t.name == "provisioning"));
    assert!(listed.iter().any(|t| !t.revoked && t.last_used.is_some() && t.name == "daily export"));
    assert!(!format!("{listed:?}").contains(&secret[4..]), "listing never shows a secret");

    let none = NewApiToken { scopes: &[], ..day };
    assert!(store.create_api_token(&none, t0()).await.is_err(), "a token needs a scope");
    let past = NewApiToken { expires: t0(), ..day };
    assert!(store.create_api_token(&past, t0()).await.is_err(), "and a future expiry");
}
