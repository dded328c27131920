//! Change notices (47 CFR 64.2010(f)(1); reference/cpni-rules.md row 21;
//! issue 5 item 6): when a password, back-up answer, online account or
//! address of record "is created or changed", notify the customer
//! "immediately" at the address of record or the telephone number of
//! record; the notice "must not reveal the changed information or be sent
//! to the new account information".
//!
//! - Every account change goes through [`Store::commit_change`]: the
//!   `UPDATE` and the notices it calls for are one transaction, so a
//!   committed change always has its notices queued (the outbox delivers
//!   them at least once) and a failed change queues none.
//! - Recipients are read from the person row *before* the change: a new
//!   address of record is never told about itself.
//! - The body is a context for the notice template: the kind of change and
//!   when it happened; never the changed value.
//! - No notice at service initiation: until the account's set-up ends
//!   ([`Store::complete_set_up`], or the first successful sign-in),
//!   changes are part of establishing the service.
//! - A change of the customer's own authentication, its pre-established
//!   password for call detail (64.2010(b), (e)), is told to each of its
//!   administrators in service ([`Store::commit_customer_change`]).

use access::PersonId;
use jiff::Timestamp;
use model::TenantId;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use super::people::{PERSON_COLUMNS, id_and_tenant};
use super::{ContactsOfRecord, ms};
use crate::audit::AuditDecision;
use crate::outbox::{Channel, NewMessage, SealedMessage, insert_sealed};
use crate::{Store, StoreError};

/// The template change notices are rendered with (`notify`).
pub const CHANGE_NOTICE_TEMPLATE: &str = "change_notice";

/// What changed in an account (64.2010(f)(1)'s list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountChange {
    /// The password was created, changed, recovered or reset.
    Password,
    /// The back-up questions and answers were set.
    BackupAnswers,
    /// The online account itself (e.g. its sign-in name).
    OnlineAccount,
    /// The e-mail address of record.
    EmailOfRecord,
    /// The telephone number of record.
    PhoneOfRecord,
    /// The customer's pre-established password for call detail (64.2010(b)).
    DisclosurePassword,
}

impl AccountChange {
    /// The name the notice context and the audit log use.
    pub fn name(self) -> &'static str {
        match self {
            AccountChange::Password => "password",
            AccountChange::BackupAnswers => "backup_answers",
            AccountChange::OnlineAccount => "online_account",
            AccountChange::EmailOfRecord => "email_of_record",
            AccountChange::PhoneOfRecord => "phone_of_record",
            AccountChange::DisclosurePassword => "disclosure_password",
        }
    }
}

impl Store {
    /// Ends the account's set-up at service initiation: from now on every
    /// change sends a notice. Idempotent.
    pub async fn complete_set_up(&self, id: &PersonId, by: &str, now: Timestamp) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE people SET in_service_ms = $1 WHERE id = $2 AND in_service_ms IS NULL")
            .bind(ms(now))
            .bind(&id.0)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 1 {
            self.audit_account(by, "person.set_up_complete", &id.0, AuditDecision::Allow, now).await?;
        }
        Ok(())
    }

    /// Applies `update` (to the person of `row`) and queues the notices
    /// `change` calls for, in one transaction; audits and wakes the sender.
    pub(super) async fn commit_change(
        &self,
        row: &AnyRow,
        change: AccountChange,
        update: Query<'_, Any, AnyArguments>,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let (id, _) = id_and_tenant(row)?;
        let notices = self.change_notices(row, change, now).await?;
        let mut tx = self.pool.begin().await?;
        if update.execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::UnknownPerson);
        }
        for notice in &notices {
            insert_sealed(&mut tx, notice, now).await?;
        }
        tx.commit().await?;
        self.after_change(&id, change, &notices, by, now).await
    }

    /// Applies `update` to `customer`'s own records and queues `change`'s
    /// notices to its administrators, in one transaction; wakes the sender.
    pub(crate) async fn commit_customer_change(
        &self,
        customer: &TenantId,
        change: AccountChange,
        update: Query<'_, Any, AnyArguments>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let mut notices = Vec::new();
        for row in self.administrator_rows(customer).await? {
            notices.extend(self.change_notices(&row, change, now).await?);
        }
        let mut tx = self.pool.begin().await?;
        update.execute(&mut *tx).await?;
        for notice in &notices {
            insert_sealed(&mut tx, notice, now).await?;
        }
        tx.commit().await?;
        self.notices_queued(&notices, now).await
    }

    /// The person rows of `customer`'s administrators who are not disabled.
    pub(crate) async fn administrator_rows(&self, customer: &TenantId) -> Result<Vec<AnyRow>, StoreError> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people p JOIN tenants t ON t.id = p.tenant_id \
             WHERE p.tenant_id = $1 AND p.role = $2 AND p.disabled = 0 ORDER BY p.created_ms, p.id"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&customer.0).bind(access::Role::CustomerAdmin.name());
        Ok(query.fetch_all(&self.pool).await?)
    }

    async fn after_change(
        &self,
        id: &str,
        change: AccountChange,
        notices: &[SealedMessage],
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.audit_account(by, &format!("person.changed.{}", change.name()), id, AuditDecision::Allow, now).await?;
        self.notices_queued(notices, now).await
    }

    /// Audits each committed notice as queued and wakes the sender.
    pub(crate) async fn notices_queued(&self, notices: &[SealedMessage], now: Timestamp) -> Result<(), StoreError> {
        for notice in notices {
            self.audit_message(notice.id(), "notice.queued", AuditDecision::Allow, now).await?;
        }
        if !notices.is_empty() {
            self.outbox_wakeup.notify_one();
        }
        Ok(())
    }

    /// The notices `change` to the person of `row` calls for, sealed: none
    /// during set-up, else one per contact of record as it is before the
    /// change.
    async fn change_notices(
        &self,
        row: &AnyRow,
        change: AccountChange,
        now: Timestamp,
    ) -> Result<Vec<SealedMessage>, StoreError> {
        if row.try_get::<Option<i64>, _>("in_service_ms")?.is_none() {
            return Ok(Vec::new());
        }
        let (id, tenant) = id_and_tenant(row)?;
        let ContactsOfRecord { email, phone } = self.contacts_from_row(row).await?;
        if email.is_none() && phone.is_none() {
            tracing::warn!(person = %id, change = change.name(), "no address of record: the change notice cannot be sent");
            self.audit_account("system:notices", "notice.no_address_of_record", &id, AuditDecision::Deny, now).await?;
        }
        let person = PersonId(id);
        let mut notices = Vec::new();
        for (channel, contact) in [(Channel::Email, email), (Channel::Phone, phone)] {
            let Some(contact) = contact else { continue };
            let body = notice_body(change, channel, now)?;
            let message = NewMessage {
                tenant: &tenant,
                person: Some(&person),
                channel,
                template: CHANGE_NOTICE_TEMPLATE,
                recipient: &contact.value,
                body: &body,
            };
            notices.push(self.seal_message(&message).await?);
        }
        Ok(notices)
    }
}

/// The context of a change notice: what kind of thing changed and when,
/// never the new value.
fn notice_body(change: AccountChange, channel: Channel, now: Timestamp) -> Result<String, StoreError> {
    let body = serde_json::json!({
        "change": change.name(),
        "channel": channel.as_str(),
        "changed_at": now.to_string(),
    });
    Ok(serde_json::to_string(&body)?)
}
