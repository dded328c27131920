//! The durable outbox of messages to people (47 CFR 64.2010(f)(1): change
//! notices "immediately" to the address or telephone number of record;
//! issue 5 item 6; migration 30).
//!
//! Delivery is at least once: a message is written in the same transaction
//! as the change it reports, so a committed change always has its notice;
//! a sender claims a due message by moving its `next_attempt_ms` forward by
//! a lease (a guarded `UPDATE`, so two senders never hold one message), and
//! marks it delivered only after the server took it. A sender that dies
//! between the two leaves the message due again when the lease ends: it may
//! go out twice, never zero times. A transient failure (server down, 4xx)
//! only moves the next attempt on; a message is failed only on a permanent
//! refusal, and failed messages stay listed for operators.
//!
//! Recipient and body are sealed under the tenant's data key (bound to
//! `outbox/<column>/<id>`); `last_error` holds a reason without addresses.
//! [`Store::outbox_wakeup`] wakes this process's sender at once on enqueue;
//! other processes (the CLI) are seen by the sender's short poll.

use std::sync::Arc;

use access::PersonId;
use jiff::{SignedDuration, Timestamp};
use model::TenantId;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::audit::{AuditDecision, AuditRecord};
use crate::crypto::Aad;
use crate::id::new_id;
use crate::{Store, StoreError};

const TABLE: &str = "outbox";
const RECIPIENT: &str = "recipient";
const BODY: &str = "body";

/// Where the re-seal job finds the outbox's sealed values.
pub(crate) const SEALED: crate::rotation::SealedTable = crate::rotation::SealedTable {
    table: TABLE,
    tenant_column: "tenant_id",
    select: "id",
    columns: &[("recipient_sealed", RECIPIENT), ("body_sealed", BODY)],
    aad_row: |row| Ok(sqlx::Row::try_get(row, "id")?),
};

const COLUMNS: &str = "id, tenant_id, person_id, channel, template, recipient_sealed, body_sealed, created_ms, \
     attempts, next_attempt_ms, last_error, delivered_ms, failed_ms";
const PENDING: &str = "delivered_ms IS NULL AND failed_ms IS NULL";

/// How a message reaches its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Channel {
    /// E-mail to the address of record (SMTP).
    Email,
    /// A text or voice message to the telephone number of record (needs a
    /// gateway; none is built in).
    Phone,
}

impl Channel {
    /// The stored name: `email` or `phone`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
        }
    }

    /// The channel with this stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "email" => Some(Channel::Email),
            "phone" => Some(Channel::Phone),
            _ => None,
        }
    }
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// The tenant whose data key seals it.
    pub tenant: &'a TenantId,
    /// The person it concerns, if any.
    pub person: Option<&'a PersonId>,
    /// How it goes out.
    pub channel: Channel,
    /// The name of the template its body is rendered with.
    pub template: &'a str,
    /// The address or number it goes to.
    pub recipient: &'a str,
    /// The template's context (JSON).
    pub body: &'a str,
}

/// A message sealed and ready to insert (in the transaction of a change).
#[derive(Debug)]
pub(crate) struct SealedMessage {
    id: String,
    tenant: String,
    person: Option<String>,
    channel: Channel,
    template: String,
    recipient: Vec<u8>,
    body: Vec<u8>,
}

/// A message as stored, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMessage {
    /// Its id.
    pub id: String,
    /// The person it concerns, if any.
    pub person: Option<PersonId>,
    /// How it goes out.
    pub channel: Channel,
    /// Its template's name.
    pub template: String,
    /// The address or number it goes to.
    pub recipient: String,
    /// The template's context (JSON).
    pub body: String,
    /// When it was queued.
    pub created: Timestamp,
    /// Delivery attempts so far (a claim counts as one).
    pub attempts: u32,
    /// When it is (next) due.
    pub next_attempt: Timestamp,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was delivered.
    pub delivered: Option<Timestamp>,
    /// When it was given up as permanently refused.
    pub failed: Option<Timestamp>,
}

fn aad<'a>(column: &'a str, id: &'a str) -> Aad<'a> {
    Aad::new(TABLE, column, id)
}

fn timestamp(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|_| StoreError::Corrupt("time out of range"))
}

fn optional_timestamp(ms: Option<i64>) -> Result<Option<Timestamp>, StoreError> {
    ms.map(timestamp).transpose()
}

impl Store {
    /// The signal this process's sender waits on; every enqueue wakes it.
    pub fn outbox_wakeup(&self) -> Arc<tokio::sync::Notify> {
        Arc::clone(&self.outbox_wakeup)
    }

    /// Queues one message and wakes the sender; returns its id.
    pub async fn enqueue_message(&self, message: &NewMessage<'_>, now: Timestamp) -> Result<String, StoreError> {
        let sealed = self.seal_message(message).await?;
        let mut conn = self.pool.acquire().await?;
        insert_sealed(&mut conn, &sealed, now).await?;
        self.audit_message(&sealed.id, "notice.queued", AuditDecision::Allow, now).await?;
        self.outbox_wakeup.notify_one();
        Ok(sealed.id)
    }

    /// Seals a message for [`insert_sealed`] (no write yet).
    pub(crate) async fn seal_message(&self, message: &NewMessage<'_>) -> Result<SealedMessage, StoreError> {
        let id = new_id();
        let recipient = self.keyring.seal(message.tenant, message.recipient.as_bytes(), &aad(RECIPIENT, &id)).await?;
        let body = self.keyring.seal(message.tenant, message.body.as_bytes(), &aad(BODY, &id)).await?;
        Ok(SealedMessage {
            id,
            tenant: message.tenant.0.clone(),
            person: message.person.map(|person| person.0.clone()),
            channel: message.channel,
            template: message.template.to_owned(),
            recipient,
            body,
        })
    }

    /// Claims up to `limit` due messages of `channel` for one attempt each:
    /// they are not due again before `now + lease` unless released.
    pub async fn claim_due_messages(
        &self,
        channel: Channel,
        now: Timestamp,
        lease: SignedDuration,
        limit: u32,
    ) -> Result<Vec<QueuedMessage>, StoreError> {
        let due: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, next_attempt_ms FROM outbox WHERE channel = $1 AND {PENDING} AND next_attempt_ms <= $2 \
             ORDER BY next_attempt_ms, created_ms LIMIT $3"
        )))
        .bind(channel.as_str())
        .bind(now.as_millisecond())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::with_capacity(due.len());
        for (id, due_ms) in due {
            if self.claim(&id, due_ms, (now + lease).as_millisecond()).await? {
                claimed.push(self.message(&id).await?);
            }
        }
        Ok(claimed)
    }

    async fn claim(&self, id: &str, due_ms: i64, lease_end_ms: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET next_attempt_ms = $1, attempts = attempts + 1 \
             WHERE id = $2 AND next_attempt_ms = $3 AND {PENDING}"
        )))
        .bind(lease_end_ms)
        .bind(id)
        .bind(due_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The message with this id.
    pub async fn message(&self, id: &str) -> Result<QueuedMessage, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM outbox WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::UnknownMessage)?;
        self.message_from_row(&row).await
    }

    /// Records that the server accepted the message.
    pub async fn message_delivered(&self, id: &str, now: Timestamp) -> Result<(), StoreError> {
        self.finish(id, "delivered_ms = $1, last_error = NULL", now).await?;
        self.audit_message(id, "notice.delivered", AuditDecision::Allow, now).await
    }

    /// Records a permanent refusal: the message is not tried again.
    pub async fn message_failed(&self, id: &str, reason: &str, now: Timestamp) -> Result<(), StoreError> {
        let sql = "failed_ms = $1, last_error = $3";
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE outbox SET {sql} WHERE id = $2 AND {PENDING}")))
            .bind(now.as_millisecond())
            .bind(id)
            .bind(reason)
            .execute(&self.pool)
            .await?;
        self.audit_message(id, "notice.failed", AuditDecision::Deny, now).await
    }

    /// Records a transient failure: the message is due again at `next`.
    pub async fn message_retry(&self, id: &str, next: Timestamp, reason: &str) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE outbox SET next_attempt_ms = $1, last_error = $2 WHERE id = $3 AND {PENDING}"
        )))
        .bind(next.as_millisecond())
        .bind(reason)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn finish(&self, id: &str, set: &str, now: Timestamp) -> Result<(), StoreError> {
        let done = sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE outbox SET {set} WHERE id = $2 AND {PENDING}")))
            .bind(now.as_millisecond())
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownMessage);
        }
        Ok(())
    }

    /// Messages not delivered (pending or failed), oldest first; of one
    /// channel if given.
    pub async fn undelivered_messages(&self, channel: Option<Channel>) -> Result<Vec<QueuedMessage>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox WHERE delivered_ms IS NULL AND ($1 = '' OR channel = $1) ORDER BY created_ms, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(channel.map_or("", Channel::as_str))
            .fetch_all(&self.pool)
            .await?;
        self.messages_from_rows(&rows).await
    }

    /// Every message about `person`, oldest first.
    pub async fn messages_about(&self, person: &PersonId) -> Result<Vec<QueuedMessage>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE person_id = $1 ORDER BY created_ms, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&person.0).fetch_all(&self.pool).await?;
        self.messages_from_rows(&rows).await
    }

    async fn messages_from_rows(&self, rows: &[AnyRow]) -> Result<Vec<QueuedMessage>, StoreError> {
        let mut messages = Vec::with_capacity(rows.len());
        for row in rows {
            messages.push(self.message_from_row(row).await?);
        }
        Ok(messages)
    }

    async fn message_from_row(&self, row: &AnyRow) -> Result<QueuedMessage, StoreError> {
        let id: String = row.try_get("id")?;
        let tenant = TenantId(row.try_get("tenant_id")?);
        let channel: String = row.try_get("channel")?;
        Ok(QueuedMessage {
            person: row.try_get::<Option<String>, _>("person_id")?.map(PersonId),
            channel: Channel::from_name(&channel).ok_or(StoreError::Corrupt("unknown channel"))?,
            template: row.try_get("template")?,
            recipient: self.open_text(&tenant, row, "recipient_sealed", RECIPIENT, &id).await?,
            body: self.open_text(&tenant, row, "body_sealed", BODY, &id).await?,
            created: timestamp(row.try_get("created_ms")?)?,
            attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            next_attempt: timestamp(row.try_get("next_attempt_ms")?)?,
            last_error: row.try_get("last_error")?,
            delivered: optional_timestamp(row.try_get("delivered_ms")?)?,
            failed: optional_timestamp(row.try_get("failed_ms")?)?,
            id,
        })
    }

    async fn open_text(
        &self,
        tenant: &TenantId,
        row: &AnyRow,
        column: &str,
        aad_column: &str,
        id: &str,
    ) -> Result<String, StoreError> {
        let sealed: Vec<u8> = row.try_get(column)?;
        let opened = self.keyring.open(tenant, &sealed, &aad(aad_column, id)).await?;
        String::from_utf8(opened.to_vec()).map_err(|_| StoreError::Corrupt("outbox text is not UTF-8"))
    }

    /// Appends an audit record about a message: its id only.
    pub(crate) async fn audit_message(
        &self,
        id: &str,
        action: &str,
        decision: AuditDecision,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let record = AuditRecord {
            at_ms: now.as_millisecond(),
            actor: "system:notices".to_owned(),
            action: action.to_owned(),
            target: format!("outbox:{id}"),
            purpose: "change notice (47 CFR 64.2010(f))".to_owned(),
            decision,
            source: String::new(),
        };
        self.append_audit(&record).await.map(|_| ())
    }
}

/// Inserts a sealed message, due at once, on `conn` (e.g. inside the
/// transaction of the change it reports).
pub(crate) async fn insert_sealed(
    conn: &mut AnyConnection,
    message: &SealedMessage,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (id, tenant_id, person_id, channel, template, recipient_sealed, body_sealed, \
         created_ms, next_attempt_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(&message.id)
    .bind(&message.tenant)
    .bind(message.person.as_deref())
    .bind(message.channel.as_str())
    .bind(&message.template)
    .bind(&message.recipient)
    .bind(&message.body)
    .bind(now.as_millisecond())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl SealedMessage {
    /// Its id.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }
}
