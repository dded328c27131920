//! ID token claims (OpenID Connect Core 1.0 §2, §3.1.3.6): `iss`, `sub`
//! (the person's id: stable, never the sign-in name, §5.7), `aud` (the
//! client), `exp`, `iat`, `auth_time`, `nonce` when the request had one,
//! `amr` (RFC 8176) and `acr`. Signed with [`super::keys::SigningKey`].

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::code::CodeGrant;
use super::{ID_TOKEN_LIFETIME, Issuer};

/// The claims of one ID token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdTokenClaims {
    /// The issuer.
    pub iss: String,
    /// The person's stable id.
    pub sub: String,
    /// The client id.
    pub aud: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// When the person entered their credentials, Unix seconds.
    pub auth_time: i64,
    /// The request's nonce.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// How they authenticated: `pwd`, and `otp`, `mfa` with TOTP.
    pub amr: Vec<String>,
    /// The authentication context class.
    pub acr: String,
}

impl IdTokenClaims {
    /// The claims for a redeemed code, issued at `now`.
    pub fn for_grant(issuer: &Issuer, grant: &CodeGrant, now: Timestamp) -> Self {
        let auth = &grant.authentication;
        Self {
            iss: issuer.as_str().to_owned(),
            sub: auth.person.0.clone(),
            aud: grant.client_id.0.clone(),
            exp: (now + ID_TOKEN_LIFETIME).as_second(),
            iat: now.as_second(),
            auth_time: auth.auth_time.as_second(),
            nonce: grant.nonce.clone(),
            amr: auth.amr(),
            acr: auth.acr().to_owned(),
        }
    }
}
