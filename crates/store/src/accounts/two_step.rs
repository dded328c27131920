//! Two-step sign-in for the portal (issue 5 items 1-3): the password first,
//! then, on its own page, a TOTP or recovery code. Both steps count failures
//! and back off like [`Store::authenticate`] (`access::lockout`), per account
//! and per source address, and audit every attempt.
//!
//! The password step says whether a code must follow only when the password
//! was right; a wrong one ends in the same [`StoreError::SignInFailed`] as an
//! unknown account. A role that needs TOTP but has none enrolled comes back
//! with password strength only, which `access::decide` lets reach nothing
//! but the person's own profile: the enrolment pages.

use std::net::IpAddr;

use access::lockout::account_refuses;
use access::password::Hasher;
use access::{AuthStrength, PersonId};
use jiff::Timestamp;
use sqlx::Row;

use super::throttle::account_failures;
use super::{Authenticated, SignInAttempt};
use crate::audit::AuditDecision;
use crate::{Store, StoreError};

impl Store {
    /// The password step: [`Authenticated::code_required`] says whether
    /// [`Store::authenticate_code`] must follow.
    pub async fn authenticate_password(
        &self,
        hasher: &Hasher,
        login: &str,
        password: &str,
        source: IpAddr,
        now: Timestamp,
    ) -> Result<Authenticated, StoreError> {
        let attempt = SignInAttempt { login, password, second_factor: None, source };
        self.sign_in(hasher, &attempt, now, true).await
    }

    /// The code step for the person whose password step asked for it.
    pub async fn authenticate_code(
        &self,
        person: &PersonId,
        code: &str,
        source: IpAddr,
        now: Timestamp,
    ) -> Result<Authenticated, StoreError> {
        let source = self.source_index(source).await?;
        let source_failures = self.source_failures(&source).await?;
        let row = self.person_row("p.id = $1", &person.0).await?.ok_or(StoreError::SignInFailed)?;
        let closed = row.try_get::<i64, _>("disabled")? != 0 || row.try_get::<i64, _>("must_set_password")? != 0;
        let refused =
            closed || source_failures.is_locked(now) || account_refuses(account_failures(&row)?, source_failures, now);
        let found = self.person_from_row(&row).await?;
        let checked = if refused || !found.totp_confirmed {
            Err(StoreError::SignInFailed)
        } else {
            self.check_code(&found, &row, code, now).await
        };
        match checked {
            Ok(_) => {
                self.clear_failures(&person.0, &source).await?;
                self.audit_sign_in(&person.0, &source, AuditDecision::Allow, now).await?;
                let actor = self.actor_for(&found, AuthStrength::PasswordAndTotp).await?;
                Ok(Authenticated { actor, recovery_codes: None, code_required: false })
            }
            Err(StoreError::SignInFailed) => {
                self.fail_account(&person.0, account_failures(&row)?, now).await?;
                self.fail_source(&source, now).await?;
                self.audit_sign_in(&person.0, &source, AuditDecision::Deny, now).await?;
                Err(StoreError::SignInFailed)
            }
            Err(other) => Err(other),
        }
    }
}
