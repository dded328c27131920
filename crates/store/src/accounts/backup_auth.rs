//! Back-up authentication (47 CFR 64.2010(e); reference/cpni-rules.md rows
//! 18, 20; issue 5 item 6).
//!
//! - A person sets [`MIN_QUESTIONS`] to [`MAX_QUESTIONS`] back-up questions
//!   of their own. Each is checked by `access::backup_questions` (never
//!   readily available biographical or account information); each answer is
//!   normalised (`normalize_answer`) and Argon2id-hashed. Questions and
//!   hashes are one sealed document (`backup_sealed`).
//! - Recovery: a person who forgot the password answers every question; if
//!   all are right they set a new password (strength-checked) and a change
//!   notice goes out. The account's sign-in back-off is cleared.
//! - Fail both: after [`BACKUP_ATTEMPTS`] wrong recoveries in a row the
//!   account is marked `must_set_password`: sign-in and recovery refuse it
//!   until an administrator's [`Store::reset_password`] (audited) sets a new
//!   password. Nothing biographical ever re-opens it.
//! - Recovery failures are counted against the source address like sign-in
//!   failures, and an unknown name, a disabled account or no questions all
//!   answer [`StoreError::RecoveryFailed`] after one Argon2 verification.

use std::net::IpAddr;

use access::PersonId;
use access::backup_questions::{normalize_answer, validate_backup_question};
use access::password::Hasher;
use jiff::Timestamp;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use super::change_notice::AccountChange;
use super::people::{hash_blocking, id_and_tenant};
use super::sign_in::{verify_blocking, verify_unknown};
use super::{aad, ms};
use crate::audit::AuditDecision;
use crate::{Store, StoreError};

/// The column name bound into the sealed back-up document.
pub(super) const BACKUP: &str = "backup";
/// Fewest and most back-up questions a person sets.
pub const MIN_QUESTIONS: usize = 2;
/// See [`MIN_QUESTIONS`].
pub const MAX_QUESTIONS: usize = 5;
/// Wrong recoveries in a row after which only an administrator re-opens the account.
pub const BACKUP_ATTEMPTS: u32 = 3;
/// Shortest normalised answer.
const MIN_ANSWER_CHARS: usize = 3;

/// One back-up question with its answer.
#[derive(Debug, Clone, Copy)]
pub struct BackupQuestion<'a> {
    /// The question, in the person's words.
    pub question: &'a str,
    /// Its answer.
    pub answer: &'a str,
}

/// A recovery attempt: back-up answers instead of the password.
#[derive(Debug, Clone, Copy)]
pub struct Recovery<'a> {
    /// The sign-in name.
    pub login: &'a str,
    /// One answer per question, in the order of [`Store::backup_questions`].
    pub answers: &'a [&'a str],
    /// The password to set when the answers are right.
    pub new_password: &'a str,
    /// Where the attempt came from.
    pub source: IpAddr,
}

fn check_questions(questions: &[BackupQuestion<'_>]) -> Result<(), StoreError> {
    if !(MIN_QUESTIONS..=MAX_QUESTIONS).contains(&questions.len()) {
        return Err(StoreError::BackupQuestions("set two to five questions"));
    }
    for (index, entry) in questions.iter().enumerate() {
        crate::check_free_text("back-up question", entry.question)?;
        validate_backup_question(entry.question)?;
        if normalize_answer(entry.answer).chars().count() < MIN_ANSWER_CHARS {
            return Err(StoreError::BackupQuestions("an answer is shorter than three letters or digits"));
        }
        let same = |other: &BackupQuestion<'_>| normalize_answer(other.question) == normalize_answer(entry.question);
        if questions[..index].iter().any(same) {
            return Err(StoreError::BackupQuestions("a question is asked twice"));
        }
    }
    Ok(())
}

impl Store {
    /// Sets the person's back-up questions, replacing any earlier ones (a
    /// change notice goes out).
    pub async fn set_backup_questions(
        &self,
        id: &PersonId,
        questions: &[BackupQuestion<'_>],
        hasher: &Hasher,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        check_questions(questions)?;
        let mut entries = Vec::with_capacity(questions.len());
        for entry in questions {
            let answer = hash_blocking(hasher, &normalize_answer(entry.answer)).await?;
            entries.push(serde_json::json!({ "question": entry.question.trim(), "answer": answer }));
        }
        let document = Zeroizing::new(serde_json::to_vec(&entries)?);
        let row = self.person_row("p.id = $1", &id.0).await?.ok_or(StoreError::UnknownPerson)?;
        let (_, tenant) = id_and_tenant(&row)?;
        let sealed = self.keyring.seal(&tenant, &document, &aad(BACKUP, &id.0)).await?;
        let update =
            sqlx::query("UPDATE people SET backup_sealed = $1, backup_failed_count = 0, updated_ms = $2 WHERE id = $3")
                .bind(sealed)
                .bind(ms(now))
                .bind(id.0.clone());
        self.commit_change(&row, AccountChange::BackupAnswers, update, by, now).await
    }

    /// The back-up questions to ask for `login`, in order.
    /// [`StoreError::RecoveryFailed`] when there are none to ask.
    pub async fn backup_questions(&self, login: &str) -> Result<Vec<String>, StoreError> {
        let row = self.person_row_by_login(login).await?.ok_or(StoreError::RecoveryFailed)?;
        let entries = self.backup_entries(&row).await?.ok_or(StoreError::RecoveryFailed)?;
        Ok(entries.iter().map(|(question, _)| question.clone()).collect())
    }

    /// Checks a recovery and, when every answer is right, sets the new
    /// password; see the module documentation for the rules.
    pub async fn recover_with_backup_answers(
        &self,
        hasher: &Hasher,
        recovery: &Recovery<'_>,
        now: Timestamp,
    ) -> Result<PersonId, StoreError> {
        let source = self.source_index(recovery.source).await?;
        let row = match self.person_row_by_login(recovery.login).await? {
            Some(row) if !self.source_failures(&source).await?.is_locked(now) => row,
            _ => return self.refuse_recovery(hasher, recovery, &source, None, now).await,
        };
        if row.try_get::<i64, _>("must_set_password")? != 0 {
            return Err(StoreError::MustSetPassword);
        }
        let id = PersonId(row.try_get("id")?);
        if !self.answers_match(hasher, &row, recovery.answers).await? {
            return self.refuse_recovery(hasher, recovery, &source, Some(&row), now).await;
        }
        self.set_recovered_password(&row, hasher, recovery.new_password, now).await?;
        self.clear_failures(&id.0, &source).await?;
        self.audit_account(&id.0, "person.password_recovered", &id.0, AuditDecision::Allow, now).await?;
        Ok(id)
    }

    /// Counts a failed recovery; the last allowed one closes the account.
    async fn refuse_recovery(
        &self,
        hasher: &Hasher,
        recovery: &Recovery<'_>,
        source: &[u8],
        row: Option<&AnyRow>,
        now: Timestamp,
    ) -> Result<PersonId, StoreError> {
        if row.is_none() {
            verify_unknown(hasher, recovery.new_password).await?;
        }
        self.fail_source(source, now).await?;
        let Some(row) = row else { return Err(StoreError::RecoveryFailed) };
        let id: String = row.try_get("id")?;
        let failures = row.try_get::<i64, _>("backup_failed_count")? + 1;
        let closes = failures >= i64::from(BACKUP_ATTEMPTS);
        sqlx::query("UPDATE people SET backup_failed_count = $1, must_set_password = $2 WHERE id = $3")
            .bind(failures)
            .bind(i64::from(closes))
            .bind(&id)
            .execute(&self.pool)
            .await?;
        self.audit_account(&id, "person.recovery_failed", &id, AuditDecision::Deny, now).await?;
        if closes {
            self.audit_account(&id, "person.must_set_password", &id, AuditDecision::Deny, now).await?;
            return Err(StoreError::MustSetPassword);
        }
        Err(StoreError::RecoveryFailed)
    }

    /// Whether every answer matches (each is verified, right or wrong, so
    /// the time does not tell which one failed).
    async fn answers_match(&self, hasher: &Hasher, row: &AnyRow, answers: &[&str]) -> Result<bool, StoreError> {
        let disabled = row.try_get::<i64, _>("disabled")? != 0;
        let Some(entries) = self.backup_entries(row).await?.filter(|_| !disabled) else {
            verify_unknown(hasher, answers.first().copied().unwrap_or_default()).await?;
            return Ok(false);
        };
        let mut all_right = answers.len() == entries.len();
        for ((_, stored), answer) in entries.iter().zip(answers) {
            all_right &= verify_blocking(hasher, &normalize_answer(answer), stored).await?;
        }
        Ok(all_right)
    }

    async fn set_recovered_password(
        &self,
        row: &AnyRow,
        hasher: &Hasher,
        password: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let person = self.person_from_row(row).await?;
        let names = access::password::AccountNames { username: &person.login, email: &person.login };
        access::password::check_strength(password, &names)?;
        let phc = hash_blocking(hasher, password).await?;
        let sealed = self.keyring.seal(&person.tenant, phc.as_bytes(), &aad(super::PASSWORD, &person.id.0)).await?;
        let update = sqlx::query(
            "UPDATE people SET password_sealed = $1, backup_failed_count = 0, failed_count = 0, locked_until_ms = 0, \
             updated_ms = $2 WHERE id = $3 AND must_set_password = 0",
        )
        .bind(sealed)
        .bind(ms(now))
        .bind(person.id.0.clone());
        self.commit_change(row, AccountChange::Password, update, &person.id.0, now).await
    }

    /// The (question, answer hash) pairs of a person row, if any.
    async fn backup_entries(&self, row: &AnyRow) -> Result<Option<Vec<(String, String)>>, StoreError> {
        let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>("backup_sealed")? else { return Ok(None) };
        let (id, tenant) = id_and_tenant(row)?;
        let opened = self.keyring.open(&tenant, &sealed, &aad(BACKUP, &id)).await?;
        let document: Vec<Value> =
            serde_json::from_slice(&opened).map_err(|_| StoreError::Corrupt("back-up document is not JSON"))?;
        let text = |entry: &Value, key: &str| entry[key].as_str().map(str::to_owned);
        let entries = document.iter().map(|entry| text(entry, "question").zip(text(entry, "answer")));
        let entries: Option<Vec<_>> = entries.collect();
        Ok(Some(entries.ok_or(StoreError::Corrupt("back-up document without question or answer"))?))
    }

    /// An administrator's password reset (47 CFR 64.2010(e)): sets the
    /// password, re-opens an account closed by failed recoveries, clears
    /// sign-in back-off, audits and sends a change notice.
    pub async fn reset_password(
        &self,
        id: &PersonId,
        password: &str,
        hasher: &Hasher,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let (row, sealed) = self.sealed_new_password(id, password, hasher).await?;
        let update = sqlx::query(
            "UPDATE people SET password_sealed = $1, must_set_password = 0, backup_failed_count = 0, failed_count = 0, \
             locked_until_ms = 0, updated_ms = $2 WHERE id = $3",
        )
        .bind(sealed)
        .bind(ms(now))
        .bind(id.0.clone());
        self.commit_change(&row, AccountChange::Password, update, by, now).await?;
        self.audit_account(by, "person.password_reset", &id.0, AuditDecision::Allow, now).await
    }
}
