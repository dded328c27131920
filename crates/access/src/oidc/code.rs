//! Authorization codes (RFC 6749 §4.1.2, §10.5): a random 256-bit
//! [`Secret`], valid for [`CODE_LIFETIME`], redeemable once, and bound to
//! what the token request must match: the client, the exact redirect URI,
//! the PKCE challenge, the nonce, and the sign-in it records (who, when,
//! how: OpenID Connect Core 1.0 §2 `auth_time`, `amr`, `acr`).

use jiff::Timestamp;

use super::authorize::Authorization;
use super::client::ClientId;
use super::secret::{Secret, SecretHash, SecretKind};
use super::{CODE_LIFETIME, OPENID_SCOPE};
use crate::{AccessError, AuthStrength, PersonId};

/// `acr` of a password-only sign-in.
pub const ACR_PASSWORD: &str = "urn:callvault:acr:password";
/// `acr` of a sign-in with password and a second factor.
pub const ACR_TWO_FACTOR: &str = "urn:callvault:acr:2fa";

/// A sign-in the authorization rests on, as the portal's session knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authentication {
    /// Who signed in.
    pub person: PersonId,
    /// When they entered their credentials (not when the session was last used).
    pub auth_time: Timestamp,
    /// Password alone, or password and TOTP (or a recovery code).
    pub strength: AuthStrength,
}

impl Authentication {
    /// The `amr` values (RFC 8176 §2): `pwd`, plus `otp` and `mfa` with TOTP.
    pub fn amr(&self) -> Vec<String> {
        let values: &[&str] = match self.strength {
            AuthStrength::Password => &["pwd"],
            AuthStrength::PasswordAndTotp => &["pwd", "otp", "mfa"],
        };
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    /// The `acr` value: [`ACR_TWO_FACTOR`] or [`ACR_PASSWORD`].
    pub fn acr(&self) -> &'static str {
        match self.strength {
            AuthStrength::Password => ACR_PASSWORD,
            AuthStrength::PasswordAndTotp => ACR_TWO_FACTOR,
        }
    }
}

/// What an authorization code stands for; the store keeps it under the
/// code's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeGrant {
    /// The client it was issued to.
    pub client_id: ClientId,
    /// The redirect URI it was sent to; the token request repeats it.
    pub redirect_uri: String,
    /// The PKCE S256 challenge.
    pub code_challenge: String,
    /// The nonce to put in the ID token.
    pub nonce: Option<String>,
    /// The scope granted (space-separated).
    pub scope: String,
    /// The sign-in behind it.
    pub authentication: Authentication,
    /// When it stops being redeemable.
    pub expires_at: Timestamp,
}

/// A code just issued: the value for the redirect, and what to store.
#[derive(Debug)]
pub struct IssuedCode {
    /// The code to put in the redirect; never stored.
    pub code: Secret,
    /// Its hash, the stored key.
    pub hash: SecretHash,
    /// What it stands for.
    pub grant: CodeGrant,
}

/// Issues a code for a validated authorization and a sign-in at `now`.
pub fn issue_code(
    authorization: &Authorization,
    authentication: &Authentication,
    now: Timestamp,
) -> Result<IssuedCode, AccessError> {
    let code = Secret::generate(SecretKind::AuthorizationCode)?;
    let grant = CodeGrant {
        client_id: authorization.client_id.clone(),
        redirect_uri: authorization.redirect_uri.clone(),
        code_challenge: authorization.code_challenge.clone(),
        nonce: authorization.nonce.clone(),
        scope: OPENID_SCOPE.to_owned(),
        authentication: authentication.clone(),
        expires_at: now + CODE_LIFETIME,
    };
    Ok(IssuedCode { hash: code.hash(), code, grant })
}

/// The hash a presented code is looked up by.
pub fn code_hash(presented: &str) -> SecretHash {
    SecretHash::of(SecretKind::AuthorizationCode, presented)
}
