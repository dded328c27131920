//! What the OpenID Connect provider keeps (issue 5 item 3; migration 50):
//! registered clients, single-use authorization codes, access tokens for
//! `userinfo`, and the ID token signing keys. The protocol rules are
//! `access::oidc`'s; this module makes them durable and atomic:
//!
//! - codes and access tokens are stored only as SHA-256 of the value, and a
//!   client's secret only as its hash (`access::oidc::secret`);
//! - a code is consumed by one guarded `UPDATE … WHERE used_ms IS NULL
//!   RETURNING`, so of two concurrent redemptions exactly one passes; a
//!   second presentation marks the code `reused_ms`, which voids every
//!   access token it issued (RFC 6749 §4.1.2, §10.5) — tokens are valid
//!   only while their code is not marked, whichever request commits first;
//! - the signing key's PKCS #8 document is sealed under the platform's data
//!   key (`crate::crypto`; re-sealed by data-key rotation like every sealed
//!   column), and its public point kept plain for the JWKS. Rotation makes a
//!   new key current and keeps the previous public key published for
//!   [`SIGNING_KEY_GRACE`], so ID tokens signed just before still verify at
//!   clients that cache the JWKS;
//! - audit records name ids only: `oidc.client_add`, `oidc.client_remove`,
//!   `oidc.token` (person → client), `oidc.code_reuse`, `oidc.key_rotate`.

mod clients;
mod grants;
mod signing;

use access::AccessError;
use access::oidc::{ErrorCode, OAuthError};
use jiff::{SignedDuration, Timestamp};

use crate::audit::{AuditDecision, AuditRecord};
use crate::{Store, StoreError};

/// How long a retired signing key's public half stays in the JWKS.
pub const SIGNING_KEY_GRACE: SignedDuration = SignedDuration::from_hours(48);

const KEYS_TABLE: &str = "oidc_signing_keys";
const PRIVATE_KEY: &str = "private_key";

/// Where the re-seal job finds the sealed signing keys.
pub(crate) const SEALED: crate::rotation::SealedTable = crate::rotation::SealedTable {
    table: KEYS_TABLE,
    tenant_column: "tenant_id",
    select: "kid",
    columns: &[("private_sealed", PRIVATE_KEY)],
    aad_row: |row| Ok(sqlx::Row::try_get(row, "kid")?),
};

/// A protocol refusal, as the store reports it.
fn refused(code: ErrorCode, description: &'static str) -> StoreError {
    StoreError::Access(AccessError::OAuth(OAuthError::new(code, description)))
}

fn timestamp(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|_| StoreError::Corrupt("time out of range"))
}

impl Store {
    /// Appends an audit record about the provider: ids only.
    async fn audit_oidc(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        decision: AuditDecision,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let record = AuditRecord {
            at_ms: now.as_millisecond(),
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            purpose: "single sign-on".to_owned(),
            decision,
            source: String::new(),
        };
        self.append_audit(&record).await.map(|_| ())
    }
}
