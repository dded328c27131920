//! OAuth 2.0 error responses (RFC 6749 §4.1.2.1 and §5.2; OpenID Connect
//! Core 1.0 §3.1.2.6): the error code and a short description that never
//! carries a secret or a value the client sent.

use std::fmt;

/// An `error` value the client receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A parameter is missing, repeated, malformed or unsupported.
    InvalidRequest,
    /// Client authentication failed (token endpoint, RFC 6749 §5.2).
    InvalidClient,
    /// The code is invalid, expired, used, or bound to another client,
    /// redirect URI or PKCE verifier.
    InvalidGrant,
    /// The client may not use this grant.
    UnauthorizedClient,
    /// Only `authorization_code` is supported.
    UnsupportedGrantType,
    /// Only `code` is supported.
    UnsupportedResponseType,
    /// The scope lacks `openid`.
    InvalidScope,
    /// The person refused, or may not use this client.
    AccessDenied,
    /// `prompt=none` but nobody is signed in, or the sign-in is too old.
    LoginRequired,
    /// The `request` parameter (Core §6) is not supported.
    RequestNotSupported,
    /// The `request_uri` parameter (Core §6) is not supported.
    RequestUriNotSupported,
    /// The `registration` parameter (Core §7.2.1) is not supported.
    RegistrationNotSupported,
    /// The provider failed; the client may retry.
    ServerError,
    /// The access token is missing, expired or revoked (RFC 6750 §3.1).
    InvalidToken,
}

impl ErrorCode {
    /// The registered error code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidClient => "invalid_client",
            ErrorCode::InvalidGrant => "invalid_grant",
            ErrorCode::UnauthorizedClient => "unauthorized_client",
            ErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            ErrorCode::UnsupportedResponseType => "unsupported_response_type",
            ErrorCode::InvalidScope => "invalid_scope",
            ErrorCode::AccessDenied => "access_denied",
            ErrorCode::LoginRequired => "login_required",
            ErrorCode::RequestNotSupported => "request_not_supported",
            ErrorCode::RequestUriNotSupported => "request_uri_not_supported",
            ErrorCode::RegistrationNotSupported => "registration_not_supported",
            ErrorCode::ServerError => "server_error",
            ErrorCode::InvalidToken => "invalid_token",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An OAuth error: its code and a fixed description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthError {
    /// The `error` value.
    pub code: ErrorCode,
    /// The `error_description` value (ASCII, no client input).
    pub description: &'static str,
}

impl OAuthError {
    /// An error of `code` described by `description`.
    pub const fn new(code: ErrorCode, description: &'static str) -> Self {
        Self { code, description }
    }

    /// The HTTP status of a token or userinfo endpoint error: 401 for
    /// client or token authentication (RFC 6749 §5.2, RFC 6750 §3.1), 500
    /// for `server_error`, else 400.
    pub fn status(&self) -> u16 {
        match self.code {
            ErrorCode::InvalidClient | ErrorCode::InvalidToken => 401,
            ErrorCode::ServerError => 500,
            _ => 400,
        }
    }

    /// The JSON body of a token endpoint error (RFC 6749 §5.2).
    pub fn json(&self) -> String {
        serde_json::json!({ "error": self.code.as_str(), "error_description": self.description }).to_string()
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.description)
    }
}

impl std::error::Error for OAuthError {}
