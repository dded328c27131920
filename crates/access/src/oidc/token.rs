//! The token request (RFC 6749 §4.1.3, OpenID Connect Core 1.0 §3.1.3) and
//! its response (§5.1, Core §3.1.3.3); the userinfo answer (Core §5.3).
//!
//! Client authentication (RFC 6749 §2.3): `client_secret_basic` (HTTP Basic
//! with the form-urlencoded id and secret, §2.3.1), `client_secret_post`
//! (both in the body), or `none` for a public client, which identifies
//! itself with `client_id` and proves possession with PKCE. Using two
//! methods at once is refused (§2.3). A confidential client must
//! authenticate; a public client must not send a secret.
//!
//! Error order: malformed request → `invalid_request` /
//! `unsupported_grant_type`; client authentication → `invalid_client`
//! (401); then the code (`invalid_grant`): unknown, used, expired, issued
//! to another client, another redirect URI, or a wrong PKCE verifier
//! (RFC 7636 §4.6). The code's single use is enforced by the store, which
//! also revokes what a reused code issued (RFC 6749 §4.1.2, §10.5).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::client::{Client, ClientId, ClientKind};
use super::code::CodeGrant;
use super::params::{ParamProblem, first_repeated, single};
use super::{ErrorCode, OAuthError, pkce};

/// The one grant type supported.
pub const AUTHORIZATION_CODE: &str = "authorization_code";

/// How the client authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// HTTP Basic (`client_secret_basic`).
    Basic,
    /// Id and secret in the body (`client_secret_post`).
    Post,
    /// A public client: `client_id` alone.
    None,
}

/// The client's claimed identity and credentials.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    /// The client id.
    pub client_id: ClientId,
    /// The secret presented, if any.
    pub secret: Option<Zeroizing<String>>,
    /// How it was presented.
    pub method: AuthMethod,
}

/// A well-formed token request.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// The code presented.
    pub code: Zeroizing<String>,
    /// The redirect URI the code was sent to.
    pub redirect_uri: String,
    /// The PKCE verifier.
    pub code_verifier: Zeroizing<String>,
    /// Who asks.
    pub credentials: ClientCredentials,
}

const fn invalid_request(description: &'static str) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidRequest, description)
}

const fn invalid_client(description: &'static str) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidClient, description)
}

const fn invalid_grant(description: &'static str) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidGrant, description)
}

/// Reads a token request from its form parameters (decoded) and its
/// `Authorization` header, if any.
pub fn parse(pairs: &[(String, String)], authorization: Option<&str>) -> Result<TokenRequest, OAuthError> {
    if first_repeated(pairs).is_some() {
        return Err(invalid_request("a parameter appears more than once"));
    }
    match get(pairs, "grant_type")? {
        Some(AUTHORIZATION_CODE) => {}
        None => return Err(invalid_request("grant_type is missing")),
        Some(_) => {
            return Err(OAuthError::new(ErrorCode::UnsupportedGrantType, "only authorization_code is supported"));
        }
    }
    let code = get(pairs, "code")?.ok_or(invalid_request("code is missing"))?;
    let redirect_uri = get(pairs, "redirect_uri")?.ok_or(invalid_request("redirect_uri is missing"))?;
    let verifier = get(pairs, "code_verifier")?.ok_or(invalid_request("code_verifier is missing (PKCE)"))?;
    Ok(TokenRequest {
        code: Zeroizing::new(code.to_owned()),
        redirect_uri: redirect_uri.to_owned(),
        code_verifier: Zeroizing::new(verifier.to_owned()),
        credentials: credentials(pairs, authorization)?,
    })
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, OAuthError> {
    single(pairs, name).map_err(|problem| match problem {
        ParamProblem::Repeated => invalid_request("a parameter appears more than once"),
        ParamProblem::TooLong => invalid_request("a parameter is too long"),
    })
}

fn credentials(pairs: &[(String, String)], authorization: Option<&str>) -> Result<ClientCredentials, OAuthError> {
    let body_id = get(pairs, "client_id")?;
    let body_secret = get(pairs, "client_secret")?;
    let Some(header) = authorization else {
        let id = body_id.ok_or(invalid_client("no client_id and no client authentication"))?;
        let method = if body_secret.is_some() { AuthMethod::Post } else { AuthMethod::None };
        let secret = body_secret.map(|s| Zeroizing::new(s.to_owned()));
        return Ok(ClientCredentials { client_id: ClientId(id.to_owned()), secret, method });
    };
    if body_secret.is_some() {
        return Err(invalid_request("use one client authentication method, not two"));
    }
    let (id, secret) = basic_credentials(header)?;
    if body_id.is_some_and(|body| body != id.as_str()) {
        return Err(invalid_request("client_id differs from the authenticated client"));
    }
    Ok(ClientCredentials { client_id: ClientId(id.to_string()), secret: Some(secret), method: AuthMethod::Basic })
}

/// The id and secret of an HTTP Basic header (RFC 7617), each
/// form-urlencoded as RFC 6749 §2.3.1 requires.
fn basic_credentials(header: &str) -> Result<(Zeroizing<String>, Zeroizing<String>), OAuthError> {
    const MALFORMED: OAuthError = invalid_client("malformed HTTP Basic client credentials");
    let (scheme, encoded) = header.trim().split_once(' ').ok_or(MALFORMED)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(MALFORMED);
    }
    let decoded = Zeroizing::new(STANDARD.decode(encoded.trim()).map_err(|_| MALFORMED)?);
    let text = std::str::from_utf8(&decoded).map_err(|_| MALFORMED)?;
    let (id, secret) = text.split_once(':').ok_or(MALFORMED)?;
    Ok((form_decode(id).ok_or(MALFORMED)?, form_decode(secret).ok_or(MALFORMED)?))
}

fn form_decode(part: &str) -> Option<Zeroizing<String>> {
    if part.is_empty() || part.contains(['&', '=']) {
        return None;
    }
    let (name, _) = url::form_urlencoded::parse(part.as_bytes()).next()?;
    Some(Zeroizing::new(name.into_owned()))
}

/// Authenticates the client (RFC 6749 §3.2.1) against its registration
/// (`None` if the id is unknown).
pub fn authenticate_client(client: Option<&Client>, credentials: &ClientCredentials) -> Result<(), OAuthError> {
    let client = client.filter(|c| c.id == credentials.client_id).ok_or(invalid_client("unknown client"))?;
    match (client.kind, credentials.secret.as_deref()) {
        (ClientKind::Confidential, Some(secret)) if client.secret_matches(secret) => Ok(()),
        (ClientKind::Confidential, Some(_)) => Err(invalid_client("client authentication failed")),
        (ClientKind::Confidential, None) => Err(invalid_client("this client must authenticate")),
        (ClientKind::Public, None) => Ok(()),
        (ClientKind::Public, Some(_)) => Err(invalid_client("a public client has no secret")),
    }
}

/// Checks a redeemed code's bindings against the request at `now`.
pub fn check_grant(grant: &CodeGrant, request: &TokenRequest, now: Timestamp) -> Result<(), OAuthError> {
    if grant.client_id != request.credentials.client_id {
        return Err(invalid_grant("the code was issued to another client"));
    }
    if now >= grant.expires_at {
        return Err(invalid_grant("the code has expired"));
    }
    if grant.redirect_uri != request.redirect_uri {
        return Err(invalid_grant("redirect_uri differs from the authorization request"));
    }
    if !pkce::verify(&request.code_verifier, &grant.code_challenge) {
        return Err(invalid_grant("the PKCE code_verifier does not match the code_challenge"));
    }
    Ok(())
}

/// A successful token response (RFC 6749 §5.1, Core §3.1.3.3); served with
/// `Cache-Control: no-store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The opaque access token for `userinfo`.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds the access token lives.
    pub expires_in: i64,
    /// The signed ID token.
    pub id_token: String,
    /// The scope granted.
    pub scope: String,
}

/// The userinfo answer (Core §5.3.2): the person's stable id only, since
/// only the `openid` scope is granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// The same `sub` as the ID token's.
    pub sub: String,
}
