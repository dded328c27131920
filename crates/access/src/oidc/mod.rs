//! The OpenID Connect provider core (issue 5, item 3), free of HTTP and of
//! any runtime: the routes (`/.well-known/openid-configuration`,
//! `/oauth2/authorize`, `/oauth2/token`, `/oauth2/jwks`, `/oauth2/userinfo`)
//! are thin layers over these functions, and the store keeps what must
//! outlive a request (clients, codes, access tokens, signing keys).
//!
//! What it implements:
//! - OpenID Connect Discovery 1.0 §3–4: the provider metadata ([`discovery`]);
//! - RFC 6749 §4.1 (authorization code grant) with OpenID Connect Core 1.0
//!   §3.1: request validation and its error rules of §4.1.2.1 — which errors
//!   go back to the client and which must not ([`authorize`]); the token
//!   request and client authentication of §2.3.1 and §4.1.3 ([`token`]);
//! - RFC 7636 PKCE, `S256` only and required of every client ([`pkce`]);
//! - single-use authorization codes bound to client, redirect URI, PKCE
//!   challenge, nonce and the sign-in they came from ([`code`]);
//! - ID tokens (Core §2) signed as JWS (RFC 7515) with ES256 (RFC 7518
//!   §3.4) and the JWK Set to verify them (RFC 7517, RFC 7638 key ids)
//!   ([`keys`], [`id_token`]);
//! - opaque bearer secrets (codes, access tokens, client secrets): 256
//!   random bits, only their SHA-256 kept at rest ([`secret`]).
//!
//! Mix-up defence (RFC 9207): every authorization response carries `iss`.

pub mod authorize;
pub mod client;
pub mod code;
pub mod discovery;
mod error;
pub mod id_token;
mod issuer;
pub mod keys;
mod params;
pub mod pkce;
pub mod secret;
pub mod token;

use jiff::SignedDuration;

pub use error::{ErrorCode, OAuthError};
pub use issuer::{AUTHORIZE_PATH, DISCOVERY_PATH, Issuer, JWKS_PATH, TOKEN_PATH, USERINFO_PATH};

/// How long an authorization code can be redeemed (RFC 6749 §4.1.2: "a
/// maximum authorization code lifetime of 10 minutes is RECOMMENDED"; the
/// redirect to the token request takes seconds).
pub const CODE_LIFETIME: SignedDuration = SignedDuration::from_secs(60);
/// How long an ID token is valid (`exp − iat`).
pub const ID_TOKEN_LIFETIME: SignedDuration = SignedDuration::from_secs(5 * 60);
/// How long an access token for `userinfo` is valid.
pub const ACCESS_TOKEN_LIFETIME: SignedDuration = SignedDuration::from_secs(10 * 60);
/// The one scope this provider grants; others asked for are ignored (Core §5.4).
pub const OPENID_SCOPE: &str = "openid";
