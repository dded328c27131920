//! The crate's one error type. Messages never carry a password, a code, a
//! secret or any personal data (issue 5; RULES.md).

use crate::backup_questions::ForbiddenTopic;
use crate::decide::DenyReason;
use crate::password::Weakness;

/// Everything that can go wrong in `access`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccessError {
    /// A stored password hash is not an Argon2 PHC string we can read.
    #[error("stored password hash is malformed")]
    MalformedPasswordHash,
    /// Argon2 refused its input (a parameter or length out of range).
    #[error("password hashing failed")]
    Hashing,
    /// Hashing parameters below the OWASP minimum were asked for.
    #[error("password hashing cost is below the OWASP minimum")]
    CostBelowMinimum,
    /// A new password fails the strength check.
    #[error("password refused: {0}")]
    WeakPassword(Weakness),
    /// A TOTP code is not `digits` ASCII digits.
    #[error("one-time code is malformed")]
    TotpMalformed,
    /// A TOTP code matches no time step in the accepted window.
    #[error("one-time code is wrong or expired")]
    TotpInvalid,
    /// A TOTP code matches a time step that was already used (RFC 6238 §5.2).
    #[error("one-time code was already used")]
    TotpReplayed,
    /// An issuer or account name cannot go into a Key Uri label (empty or with `:`).
    #[error("issuer or account name is not usable in an otpauth label")]
    InvalidTotpLabel,
    /// The otpauth URI does not fit in a QR code.
    #[error("otpauth URI is too long for a QR code")]
    QrCodeTooLong,
    /// The operating system's random generator failed.
    #[error("random generator unavailable")]
    Randomness,
    /// A back-up authentication question asks for forbidden information (47 CFR 64.2010(e)).
    #[error("back-up question refused: it asks for {0}")]
    ForbiddenBackupQuestion(ForbiddenTopic),
    /// A tenant path is empty or has an empty component.
    #[error("tenant path is malformed")]
    MalformedTenantPath,
    /// An OpenID Connect issuer is not an https URL without query or fragment.
    #[error("OpenID Connect issuer must be an https URL without query or fragment")]
    InvalidIssuer,
    /// An OpenID Connect client registration was refused.
    #[error("client registration refused: {0}")]
    InvalidClient(&'static str),
    /// A stored ID token signing key is not a P-256 key ring can use.
    #[error("ID token signing key rejected")]
    SigningKeyRejected,
    /// Signing an ID token failed.
    #[error("ID token signing failed")]
    SigningFailed,
    /// An OAuth 2.0 / OpenID Connect request was refused; the routes answer
    /// with its code and description (RFC 6749 §5.2).
    #[error("OAuth request refused: {0}")]
    OAuth(crate::oidc::OAuthError),
    /// A just-in-time grant could not be issued.
    #[error("grant refused: {0}")]
    GrantRefused(DenyReason),
}

impl From<DenyReason> for AccessError {
    fn from(reason: DenyReason) -> Self {
        AccessError::GrantRefused(reason)
    }
}

impl From<crate::oidc::OAuthError> for AccessError {
    fn from(error: crate::oidc::OAuthError) -> Self {
        AccessError::OAuth(error)
    }
}
