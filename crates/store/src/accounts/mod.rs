//! People who sign in, their second factor, sign-in throttling, just-in-time
//! grants and delegations (issue 5 items 1, 2, 4, 5; migration 13).
//!
//! What is sealed (AES-256-GCM under the person's tenant's data key, bound
//! with [`Aad`] to table `people`, the column and the person's id):
//!
//! - `login`: the sign-in name (an e-mail address, trimmed and lower-cased),
//!   found through `login_index`, its blind index under the **platform's**
//!   index key: names are unique platform-wide and sign-in does not know the
//!   tenant before it finds the person;
//! - `password`: the Argon2id PHC string. It is already a salted one-way
//!   hash, but sealed it is useless to whoever copies the database without
//!   the key file: no offline guessing can even start. One AES-GCM open per
//!   sign-in is nothing beside the Argon2 time;
//! - `totp_secret`: the RFC 6238 shared secret, which must be readable to
//!   verify codes and so cannot be hashed;
//! - `email_of_record`, `phone_of_record`: the contacts of record
//!   (`of_record`, migration 30), which change notices go to;
//! - `backup`: the back-up questions with their answers' Argon2id hashes
//!   (`backup_auth`, 47 CFR 64.2010(e)).
//!
//! Every change of a password, back-up answers or a contact of record goes
//! through `change_notice`, which queues its 64.2010(f) notice in the same
//! transaction.
//!
//! Recovery codes are stored as HMAC-SHA-256 (`access::totp::recovery`)
//! under a key derived from the tenant's index key (never stored itself), so
//! they die with the tenant's keys. Source addresses are counted under their
//! blind index, never stored plain. Audit records name only ids.
//!
//! Sessions and API tokens (migration 20) are kept as SHA-256 of their
//! secrets only (`sessions`, `api_tokens`).

mod api_tokens;
mod backup_auth;
mod change_notice;
mod delegations;
mod grants;
pub(crate) mod hashing;
mod of_record;
mod people;
mod secret_token;
mod sessions;
mod sign_in;
mod throttle;
mod two_step;

pub use api_tokens::{API_TOKEN_PREFIX, ApiToken, NewApiToken};
pub use backup_auth::{BACKUP_ATTEMPTS, BackupQuestion, MAX_QUESTIONS, MIN_QUESTIONS, Recovery};
pub use change_notice::{AccountChange, CHANGE_NOTICE_TEMPLATE};
pub use of_record::{ContactsOfRecord, OfRecord};
pub use people::{NewPerson, Person};
pub use sessions::{NewSession, Session, SessionPolicy};
pub use sign_in::{Authenticated, SignInAttempt};
pub(crate) use sign_in::{verify_blocking, verify_unknown};

use access::totp::RecoveryKey;
use jiff::Timestamp;
use model::TenantId;

use crate::audit::{AuditDecision, AuditRecord};
use crate::crypto::{Aad, IndexKey, blind_index};
use crate::{Store, StoreError};

const TABLE: &str = "people";
const LOGIN: &str = "login";
const PASSWORD: &str = "password";
const TOTP_SECRET: &str = "totp_secret";
/// Blind-index column of sign-in names (under the platform's index key).
const LOGIN_INDEX: &str = "people.login";
/// Blind-index column of source addresses (under the platform's index key).
const SOURCE_INDEX: &str = "sign_in_sources.address";
/// Derivation label of a tenant's recovery-code key.
const RECOVERY_KEY: &str = "people.recovery_codes";

/// Where the re-seal job finds people's sealed values.
pub(crate) const SEALED: crate::rotation::SealedTable = crate::rotation::SealedTable {
    table: TABLE,
    tenant_column: "tenant_id",
    select: "id",
    columns: &[
        ("login_sealed", LOGIN),
        ("password_sealed", PASSWORD),
        ("totp_secret_sealed", TOTP_SECRET),
        ("email_of_record_sealed", of_record::EMAIL_OF_RECORD),
        ("phone_of_record_sealed", of_record::PHONE_OF_RECORD),
        ("backup_sealed", backup_auth::BACKUP),
    ],
    aad_row: |row| Ok(sqlx::Row::try_get(row, "id")?),
};

/// A sign-in name as stored and indexed: trimmed, lower-case.
pub(crate) fn normalize_login(login: &str) -> String {
    login.trim().to_lowercase()
}

fn aad<'a>(column: &'a str, id: &'a str) -> Aad<'a> {
    Aad::new(TABLE, column, id)
}

fn ms(at: Timestamp) -> i64 {
    at.as_millisecond()
}

fn timestamp(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|_| StoreError::Corrupt("time out of range"))
}

impl Store {
    /// The platform's index key, under which sign-in names and source
    /// addresses are indexed.
    async fn platform_index_key(&self) -> Result<std::sync::Arc<IndexKey>, StoreError> {
        let platform = self.platform().await?;
        self.keyring.index_key(&platform.id).await
    }

    /// The blind index of a sign-in name.
    async fn login_index(&self, login: &str) -> Result<Vec<u8>, StoreError> {
        let key = self.platform_index_key().await?;
        Ok(blind_index(&key, LOGIN_INDEX, normalize_login(login).as_bytes()).to_vec())
    }

    /// The key `tenant`'s recovery codes are hashed under.
    async fn recovery_key(&self, tenant: &TenantId) -> Result<RecoveryKey, StoreError> {
        let key = self.keyring.index_key(tenant).await?;
        Ok(RecoveryKey::from_bytes(blind_index(&key, RECOVERY_KEY, b"v1")))
    }

    /// Appends an audit record about accounts: ids only.
    async fn audit_account(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        decision: AuditDecision,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let record = AuditRecord {
            at_ms: ms(now),
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            purpose: "account administration".to_owned(),
            decision,
            source: String::new(),
        };
        self.append_audit(&record).await.map(|_| ())
    }
}
