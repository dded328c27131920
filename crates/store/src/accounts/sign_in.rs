//! Sign-in (issue 5 items 1 and 2): password, then TOTP or a recovery code,
//! under the back-off of `access::lockout` per account and source address.
//!
//! - No user enumeration: an unknown name, a wrong password, a wrong code, a
//!   locked or disabled account all end in [`StoreError::SignInFailed`], and
//!   each costs one Argon2 verification (`Hasher::verify_unknown_account`
//!   when there is no hash to check). Only a locked *source address* is
//!   refused at once: that reveals nothing about any account.
//! - Hashing runs on the bounded, low-priority hashing pool (`hashing`),
//!   never on the async threads; a hash below the hasher's cost is replaced on success.
//! - An account closed by failed back-up recoveries (`must_set_password`,
//!   47 CFR 64.2010(e)) is refused like a disabled one, whatever the
//!   password, until an administrator resets it (`backup_auth`). The first
//!   successful sign-in ends the account's set-up at service initiation
//!   (`change_notice`).
//! - Roles above `user` need a confirmed TOTP enrolment (issue 5 item 2):
//!   with a right password and none, [`StoreError::SecondFactorNotEnrolled`].
//!   A first right code for a pending enrolment confirms it and returns the
//!   recovery codes to show once.
//! - A code whose time step is not after the stored last step is refused
//!   (RFC 6238 §5.2); the step is advanced with a guarded `UPDATE`, so two
//!   concurrent sign-ins with one code cannot both pass. A recovery code is
//!   deleted as it is used; only the sign-in that deleted it passes.

use std::net::IpAddr;

use access::lockout::{Failures, account_refuses};
use access::password::Hasher;
use access::totp::{RecoveryCodes, Totp, match_recovery_code};
use access::{Actor, AuthStrength, TenantPath};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use super::people::{hash_blocking, step_i64};
use super::throttle::account_failures;
use super::{Person, ms};
use crate::audit::{AuditDecision, AuditRecord};
use crate::{Store, StoreError};

/// One sign-in attempt.
#[derive(Debug, Clone, Copy)]
pub struct SignInAttempt<'a> {
    /// The sign-in name.
    pub login: &'a str,
    /// The password.
    pub password: &'a str,
    /// A TOTP code or a recovery code, if one was entered.
    pub second_factor: Option<&'a str>,
    /// Where the attempt came from.
    pub source: IpAddr,
}

/// A successful sign-in.
#[derive(Debug)]
pub struct Authenticated {
    /// Who signed in, with their grants, for `access::decide`.
    pub actor: Actor,
    /// Recovery codes to show once, when this sign-in confirmed a TOTP enrolment.
    pub recovery_codes: Option<RecoveryCodes>,
    /// In a two-step sign-in (`authenticate_password`): the password was
    /// right and a TOTP or recovery code must follow (`authenticate_code`).
    pub code_required: bool,
}

/// What the second factor step established.
pub(super) struct SecondFactor {
    strength: AuthStrength,
    recovery_codes: Option<RecoveryCodes>,
    code_required: bool,
}

impl SecondFactor {
    fn password_only(code_required: bool) -> Self {
        Self { strength: AuthStrength::Password, recovery_codes: None, code_required }
    }

    fn passed(recovery_codes: Option<RecoveryCodes>) -> Self {
        Self { strength: AuthStrength::PasswordAndTotp, recovery_codes, code_required: false }
    }
}

impl Store {
    /// Signs a person in at `now`; see the module documentation for the rules.
    pub async fn authenticate(
        &self,
        hasher: &Hasher,
        attempt: &SignInAttempt<'_>,
        now: Timestamp,
    ) -> Result<Authenticated, StoreError> {
        self.sign_in(hasher, attempt, now, false).await
    }

    /// [`Store::authenticate`], or with `two_step` its password step.
    pub(super) async fn sign_in(
        &self,
        hasher: &Hasher,
        attempt: &SignInAttempt<'_>,
        now: Timestamp,
        two_step: bool,
    ) -> Result<Authenticated, StoreError> {
        let source = self.source_index(attempt.source).await?;
        let source_failures = self.source_failures(&source).await?;
        if source_failures.is_locked(now) {
            self.fail_source(&source, now).await?;
            return Err(StoreError::SignInFailed);
        }
        let Some(row) = self.person_row_by_login(attempt.login).await? else {
            verify_unknown(hasher, attempt.password).await?;
            self.fail_source(&source, now).await?;
            self.audit_sign_in("unknown", &source, AuditDecision::Deny, now).await?;
            return Err(StoreError::SignInFailed);
        };
        let id: String = row.try_get("id")?;
        match self.check_person(hasher, attempt, &row, source_failures, now, two_step).await {
            Ok(signed_in) => {
                self.clear_failures(&id, &source).await?;
                self.complete_set_up(&signed_in.actor.person, &id, now).await?;
                self.audit_sign_in(&id, &source, AuditDecision::Allow, now).await?;
                Ok(signed_in)
            }
            Err(StoreError::SignInFailed) => {
                self.fail_account(&id, account_failures(&row)?, now).await?;
                self.fail_source(&source, now).await?;
                self.audit_sign_in(&id, &source, AuditDecision::Deny, now).await?;
                Err(StoreError::SignInFailed)
            }
            Err(other) => Err(other),
        }
    }

    async fn check_person(
        &self,
        hasher: &Hasher,
        attempt: &SignInAttempt<'_>,
        row: &AnyRow,
        source: Failures,
        now: Timestamp,
        two_step: bool,
    ) -> Result<Authenticated, StoreError> {
        let closed = row.try_get::<i64, _>("disabled")? != 0 || row.try_get::<i64, _>("must_set_password")? != 0;
        let refused = closed || account_refuses(account_failures(row)?, source, now);
        let stored = if refused { None } else { self.password_of(row).await? };
        let Some(stored) = stored else {
            verify_unknown(hasher, attempt.password).await?;
            return Err(StoreError::SignInFailed);
        };
        if !verify_blocking(hasher, attempt.password, &stored).await? {
            return Err(StoreError::SignInFailed);
        }
        let person = self.person_from_row(row).await?;
        let second = self.second_factor(&person, row, attempt.second_factor, now, two_step).await?;
        self.rehash_if_needed(hasher, &person, attempt.password, &stored, now).await?;
        let actor = self.actor_for(&person, second.strength).await?;
        Ok(Authenticated { actor, recovery_codes: second.recovery_codes, code_required: second.code_required })
    }

    /// Checks the second factor the person's enrolment and role call for.
    async fn second_factor(
        &self,
        person: &Person,
        row: &AnyRow,
        entered: Option<&str>,
        now: Timestamp,
        two_step: bool,
    ) -> Result<SecondFactor, StoreError> {
        let pending = !person.totp_confirmed && row.try_get::<Option<Vec<u8>>, _>("totp_secret_sealed")?.is_some();
        let required = person.role.requires_second_factor();
        match (person.totp_confirmed, entered) {
            (true, Some(code)) => self.check_code(person, row, code, now).await,
            (true, None) if two_step => Ok(SecondFactor::password_only(true)),
            (true, None) => Err(StoreError::SignInFailed),
            (false, Some(code)) if pending => self.confirm_at_sign_in(person, code, now).await,
            (false, _) if required && !two_step => Err(StoreError::SecondFactorNotEnrolled),
            (false, _) => Ok(SecondFactor::password_only(false)),
        }
    }

    /// A TOTP code (digits) or a recovery code (anything else).
    pub(super) async fn check_code(
        &self,
        person: &Person,
        row: &AnyRow,
        code: &str,
        now: Timestamp,
    ) -> Result<SecondFactor, StoreError> {
        let is_totp = code.chars().filter(|c| *c != ' ').all(|c| c.is_ascii_digit());
        let passed = if is_totp {
            self.check_totp(person, row, code, now).await?
        } else {
            self.use_recovery_code(person, code, now).await?
        };
        if !passed {
            return Err(StoreError::SignInFailed);
        }
        Ok(SecondFactor::passed(None))
    }

    async fn check_totp(&self, person: &Person, row: &AnyRow, code: &str, now: Timestamp) -> Result<bool, StoreError> {
        let secret = self.totp_secret_of(row).await?.ok_or(StoreError::Corrupt("confirmed TOTP without a secret"))?;
        let last: Option<i64> = row.try_get("totp_last_step")?;
        let last = last.and_then(|step| u64::try_from(step).ok());
        let Ok(step) = Totp::new(secret).verify(code, now, last) else { return Ok(false) };
        let advanced = sqlx::query(
            "UPDATE people SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step_i64(step))
        .bind(&person.id.0)
        .execute(&self.pool)
        .await?;
        Ok(advanced.rows_affected() == 1)
    }

    async fn use_recovery_code(&self, person: &Person, code: &str, now: Timestamp) -> Result<bool, StoreError> {
        let key = self.recovery_key(&person.tenant).await?;
        let stored = self.recovery_hashes(&person.id.0).await?;
        let Some(index) = match_recovery_code(&key, code, &stored) else { return Ok(false) };
        let deleted = sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1 AND code_hash = $2")
            .bind(&person.id.0)
            .bind(stored[index].0.as_slice())
            .execute(&self.pool)
            .await?;
        if deleted.rows_affected() != 1 {
            return Ok(false);
        }
        self.audit_account(&person.id.0, "person.recovery_code_used", &person.id.0, AuditDecision::Allow, now).await?;
        Ok(true)
    }

    async fn confirm_at_sign_in(
        &self,
        person: &Person,
        code: &str,
        now: Timestamp,
    ) -> Result<SecondFactor, StoreError> {
        match self.confirm_totp(&person.id, code, now).await {
            Ok(codes) => Ok(SecondFactor::passed(Some(codes))),
            Err(StoreError::Access(_)) => Err(StoreError::SignInFailed),
            Err(other) => Err(other),
        }
    }

    async fn rehash_if_needed(
        &self,
        hasher: &Hasher,
        person: &Person,
        password: &str,
        stored: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        if !hasher.needs_rehash(stored)? {
            return Ok(());
        }
        let phc = hash_blocking(hasher, password).await?;
        self.store_password_hash(person, &phc, now).await?;
        self.audit_account(&person.id.0, "person.password_rehash", &person.id.0, AuditDecision::Allow, now).await
    }

    /// The actor a person acts as, with their stored grants.
    pub async fn actor_for(&self, person: &Person, strength: AuthStrength) -> Result<Actor, StoreError> {
        Ok(Actor {
            person: person.id.clone(),
            home: TenantPath::parse(&person.tenant_path)?,
            role: person.role,
            strength,
            grants: self.grants_to(&person.id).await?,
        })
    }

    /// Audits a sign-in; the source is named by a prefix of its blind index.
    pub(super) async fn audit_sign_in(
        &self,
        person: &str,
        source: &[u8],
        decision: AuditDecision,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let record = AuditRecord {
            at_ms: ms(now),
            actor: person.to_owned(),
            action: "sign_in".to_owned(),
            target: person.to_owned(),
            purpose: "authentication".to_owned(),
            decision,
            source: format!("source:{}", hex::encode(&source[..8])),
        };
        self.append_audit(&record).await.map(|_| ())
    }
}

pub(crate) async fn verify_blocking(hasher: &Hasher, password: &str, stored: &str) -> Result<bool, StoreError> {
    let (hasher, password, stored) =
        (hasher.clone(), Zeroizing::new(password.to_owned()), Zeroizing::new(stored.to_owned()));
    Ok(super::hashing::run(move || hasher.verify(&password, &stored)).await??)
}

pub(crate) async fn verify_unknown(hasher: &Hasher, password: &str) -> Result<(), StoreError> {
    let (hasher, password) = (hasher.clone(), Zeroizing::new(password.to_owned()));
    super::hashing::run(move || hasher.verify_unknown_account(&password)).await.map(drop)
}
