//! callvault's identity and authorization core (issue 5), free of any store,
//! runtime or web framework:
//!
//! - [`password`]: Argon2id hashing in PHC form (OWASP Password Storage Cheat
//!   Sheet), re-hash detection and the strength check of NIST SP 800-63B §5.1.1.2;
//! - [`totp`]: RFC 4226 HOTP and RFC 6238 TOTP, enrolment (`otpauth://` URI and
//!   SVG QR code) and one-time recovery codes;
//! - [`roles`]: roles, named permissions and the static role → permission table;
//! - [`decide()`]: the one function that decides every access, deny by default,
//!   over the tenant tree, delegations and just-in-time grants;
//! - [`lockout`]: sign-in back-off per account and source address (OWASP
//!   Authentication Cheat Sheet);
//! - [`backup_questions`]: the 47 CFR 64.2010(e) validator for back-up
//!   authentication questions;
//! - [`oidc`]: the OpenID Connect provider core (authorization code with
//!   PKCE, ES256 ID tokens, JWKS, discovery), free of HTTP.
//!
//! Password hashing is deliberately slow and synchronous: async callers run it
//! on a bounded blocking pool (`tokio::task::spawn_blocking`), never on the SIP
//! or request threads.

pub mod backup_questions;
mod decide;
mod error;
pub mod lockout;
pub mod oidc;
pub mod password;
pub mod roles;
mod tenant_path;
pub mod totp;

pub use decide::{
    Actor, AllowBasis, AuthStrength, Decision, Delegation, DenyReason, GrantId, JitGrant, JitScope, MAX_GRANT_WINDOW,
    PersonId, Target, decide,
};
pub use error::AccessError;
pub use roles::{Permission, PermissionClass, Role};
pub use tenant_path::TenantPath;
