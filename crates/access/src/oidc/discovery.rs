//! The provider metadata (OpenID Connect Discovery 1.0 §3, RFC 8414 §2)
//! served at `{issuer}/.well-known/openid-configuration`: what this
//! provider does and nothing more.

use serde::{Deserialize, Serialize};

use super::code::{ACR_PASSWORD, ACR_TWO_FACTOR};
use super::{AUTHORIZE_PATH, Issuer, JWKS_PATH, OPENID_SCOPE, TOKEN_PATH, USERINFO_PATH, keys, pkce};

/// The metadata document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    /// The issuer; equal to every ID token's `iss`.
    pub issuer: String,
    /// Where people are sent to sign in.
    pub authorization_endpoint: String,
    /// Where codes are exchanged.
    pub token_endpoint: String,
    /// The JWK Set.
    pub jwks_uri: String,
    /// Where access tokens are spent.
    pub userinfo_endpoint: String,
    /// `code`.
    pub response_types_supported: Vec<String>,
    /// `query`.
    pub response_modes_supported: Vec<String>,
    /// `authorization_code`.
    pub grant_types_supported: Vec<String>,
    /// `public`.
    pub subject_types_supported: Vec<String>,
    /// `ES256`.
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// `openid`.
    pub scopes_supported: Vec<String>,
    /// `client_secret_basic`, `client_secret_post`, `none`.
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// `S256`.
    pub code_challenge_methods_supported: Vec<String>,
    /// The claims ID tokens carry.
    pub claims_supported: Vec<String>,
    /// The `acr` values used.
    pub acr_values_supported: Vec<String>,
    /// `none`, `login`, `consent`, `select_account`.
    pub prompt_values_supported: Vec<String>,
    /// false: no `claims` parameter.
    pub claims_parameter_supported: bool,
    /// false: no request objects.
    pub request_parameter_supported: bool,
    /// false: no request objects by reference.
    pub request_uri_parameter_supported: bool,
    /// true: authorization responses carry `iss` (RFC 9207).
    pub authorization_response_iss_parameter_supported: bool,
}

fn list(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

impl Discovery {
    /// The metadata of the provider at `issuer`.
    pub fn for_issuer(issuer: &Issuer) -> Self {
        Self {
            issuer: issuer.as_str().to_owned(),
            authorization_endpoint: issuer.endpoint(AUTHORIZE_PATH),
            token_endpoint: issuer.endpoint(TOKEN_PATH),
            jwks_uri: issuer.endpoint(JWKS_PATH),
            userinfo_endpoint: issuer.endpoint(USERINFO_PATH),
            response_types_supported: list(&["code"]),
            response_modes_supported: list(&["query"]),
            grant_types_supported: list(&[super::token::AUTHORIZATION_CODE]),
            subject_types_supported: list(&["public"]),
            id_token_signing_alg_values_supported: list(&[keys::ALGORITHM]),
            scopes_supported: list(&[OPENID_SCOPE]),
            token_endpoint_auth_methods_supported: list(&["client_secret_basic", "client_secret_post", "none"]),
            code_challenge_methods_supported: list(&[pkce::S256]),
            claims_supported: list(&["iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "amr", "acr"]),
            acr_values_supported: list(&[ACR_PASSWORD, ACR_TWO_FACTOR]),
            prompt_values_supported: list(&["none", "login", "consent", "select_account"]),
            claims_parameter_supported: false,
            request_parameter_supported: false,
            request_uri_parameter_supported: false,
            authorization_response_iss_parameter_supported: true,
        }
    }

    /// The document as JSON.
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("metadata always serializes")
    }
}
