//! OpenID Connect sign-in end to end at library and store level (issue 5
//! item 3): a client is registered; a person signs in with password and
//! TOTP; the authorization request is validated and a code issued; a
//! wrong PKCE verifier is refused (and burns the code); a fresh code with
//! the right verifier yields an ID token that jsonwebtoken verifies with
//! the published JWKS alone, with the expected claims, and an access token
//! userinfo accepts; a second use of that code is refused and voids the
//! access token; a tampered ID token fails verification.

mod accounts_support;
#[macro_use]
mod backends;
mod oidc_support;

use access::AuthStrength;
use access::oidc::client::ClientKind;
use access::oidc::discovery::Discovery;
use access::oidc::{ErrorCode, ID_TOKEN_LIFETIME};
use accounts_support::later;
use backends::DataDir;
use oidc_support::{
    ISSUER, OTHER_VERIFIER, VERIFIER, code_for, issuer, refusal, signed_in, signed_in_at, tampered, token_request,
    verify,
};

on_both_backends!(sign_in_end_to_end);

async fn sign_in_end_to_end(dir: DataDir) {
    let store = dir.open().await;
    let who = signed_in(&store).await;
    assert_eq!(who.strength, AuthStrength::PasswordAndTotp);
    let registration = oidc_support::client(&store, ClientKind::Confidential).await;
    let (id, secret) = (registration.client.id.0.as_str(), registration.secret.as_ref().unwrap().expose());
    let now = later(signed_in_at(), 5);

    let burned = code_for(&store, &who, id, now).await;
    let wrong =
        store.oidc_exchange_code(&issuer(), &token_request(&burned, id, Some(secret), OTHER_VERIFIER), now).await;
    assert_eq!(refusal(wrong), ErrorCode::InvalidGrant);
    let after = store.oidc_exchange_code(&issuer(), &token_request(&burned, id, Some(secret), VERIFIER), now).await;
    assert_eq!(refusal(after), ErrorCode::InvalidGrant, "a code is consumed by its first presentation");

    let code = code_for(&store, &who, id, now).await;
    let request = token_request(&code, id, Some(secret), VERIFIER);
    let tokens = store.oidc_exchange_code(&issuer(), &request, later(now, 2)).await.unwrap();
    assert_eq!((tokens.token_type.as_str(), tokens.scope.as_str(), tokens.expires_in), ("Bearer", "openid", 600));

    let jwks = store.oidc_jwks(later(now, 2)).await.unwrap();
    let claims = verify(&tokens.id_token, &jwks, id).expect("the ID token verifies with the JWKS");
    assert_eq!(claims.iss, ISSUER);
    assert_eq!(claims.sub, who.person.0);
    assert!(!claims.sub.contains('@'), "sub is the person's id, not the sign-in name");
    assert_eq!(claims.aud, id);
    assert_eq!(claims.iat, later(now, 2).as_second());
    assert_eq!(claims.exp, claims.iat + ID_TOKEN_LIFETIME.as_secs());
    assert_eq!(claims.auth_time, signed_in_at().as_second());
    assert_eq!(claims.nonce.as_deref(), Some("n-0S6_WzA2Mj"));
    assert_eq!(claims.amr, ["pwd", "otp", "mfa"]);
    assert_eq!(claims.acr, "urn:callvault:acr:2fa");
    assert!(verify(&tampered(&tokens.id_token), &jwks, id).is_err(), "a changed claim breaks the signature");
    assert!(verify(&tokens.id_token, &jwks, "another-client").is_err(), "aud is checked");

    let info = store.oidc_userinfo(&tokens.access_token, later(now, 3)).await.unwrap();
    assert_eq!(info.sub, claims.sub);
    assert_eq!(refusal(store.oidc_userinfo("not-a-token", later(now, 3)).await), ErrorCode::InvalidToken);

    let reuse = store.oidc_exchange_code(&issuer(), &request, later(now, 4)).await;
    assert_eq!(refusal(reuse), ErrorCode::InvalidGrant);
    let revoked = store.oidc_userinfo(&tokens.access_token, later(now, 5)).await;
    assert_eq!(refusal(revoked), ErrorCode::InvalidToken, "reusing the code voids what it issued");

    let metadata = Discovery::for_issuer(&issuer());
    assert_eq!(metadata.jwks_uri, format!("{ISSUER}/oauth2/jwks"));
    assert_eq!(metadata.id_token_signing_alg_values_supported, ["ES256"]);
    assert_eq!(metadata.code_challenge_methods_supported, ["S256"]);
}
