//! Individual CPNI notices, sent and recorded (issue 7 item 2; 47 CFR
//! 64.2008(c)–(e); `cpni_notices`, migration 98; the rules are
//! `compliance::records::notices`'):
//!
//! - The template is validated against 64.2008(c) at the moment of
//!   sending: a notice that lacks a required element or says something
//!   forbidden is refused, and nothing is recorded or queued.
//! - By e-mail (only with the customer's prior approval of e-mail notices,
//!   64.2008(d)(3)(i)): one outbox message per customer administrator with
//!   an e-mail address of record, queued in the same transaction as the
//!   notice's record; the SMTP sender (`notify`) delivers them. The notice's
//!   day is its first delivery; it is returned when every message was
//!   refused for good, or when a later bounce is recorded
//!   ([`Store::record_notice_bounced`]). After a return only a mailed notice
//!   is accepted until one is recorded (64.2008(d)(3)(iii)).
//! - By mail: recorded with the day it was mailed (never a future day).
//!
//! [`Store::notice_standing`] says whether the customer counts as notified,
//! from when opt-out approval may be assumed, and when the biennial
//! re-notice is due (64.2008(d)(1), (2)); the compliance dashboard shows the
//! last two. Each send, return and e-mail approval is audited
//! (`cpni.notice.sent`, `cpni.notice.bounced`, `consent.email_notices`),
//! with codes and ids only.

use compliance::clocks::opt_out::NoticeChannel;
use compliance::notice::{NoticeKind, NoticeTemplate};
use compliance::records::notices::{NoticeStanding, SentNotice};
use jiff::Timestamp;
use jiff::civil::Date;
use model::TenantId;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::crypto::Aad;
use crate::id::new_id;
use crate::outbox::{SealedMessage, insert_sealed};
use crate::{Channel, NewMessage, Store, StoreError};

/// The outbox template of an e-mailed notice (`notify`'s `cpni_notice`).
const TEMPLATE: &str = "cpni_notice";

/// A notice to send.
#[derive(Debug, Clone)]
pub struct NoticeToSend<'a> {
    /// The customer.
    pub customer: &'a TenantId,
    /// The carrier's template, opt-out or opt-in.
    pub template: &'a NoticeTemplate,
    /// E-mail or mail.
    pub channel: NoticeChannel,
    /// For mail: the day it was mailed.
    pub mailed_on: Option<Date>,
    /// Who sends it (`operator:…` or a person id).
    pub by: &'a str,
}

impl Store {
    /// Sends `notice` (e-mail) or records it as mailed, after checking the
    /// template and the customer's standing; returns the notice's id.
    pub async fn send_cpni_notice(&self, notice: &NoticeToSend<'_>, now: Timestamp) -> Result<String, StoreError> {
        check_template(notice.template)?;
        let customer = notice.customer;
        self.customer_path(customer).await?;
        let email_approved = self.email_notices_approved(customer).await?;
        self.notice_standing(customer).await?.check_next(notice.channel, email_approved)?;
        let id = new_id();
        let messages = match notice.channel {
            NoticeChannel::Email => self.notice_messages(customer, notice.template).await?,
            NoticeChannel::Mail => Vec::new(),
        };
        let mailed_on = mailed_on(notice, now)?;
        let mut tx = self.pool.begin().await?;
        let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM cpni_notices WHERE tenant_id = $1")
            .bind(&customer.0)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO cpni_notices (id, tenant_id, seq, kind, channel, version, text_sha256, mailed_on, \
             recorded_by, recorded_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind(&customer.0)
        .bind(seq)
        .bind(notice.template.kind.code())
        .bind(notice.channel.as_str())
        .bind(&notice.template.version)
        .bind(hex::encode(Sha256::digest(notice.template.text().as_bytes())))
        .bind(mailed_on.map(|day| day.to_string()))
        .bind(notice.by)
        .bind(now.as_millisecond())
        .execute(&mut *tx)
        .await?;
        for message in &messages {
            insert_sealed(&mut tx, message, now).await?;
            sqlx::query("INSERT INTO cpni_notice_messages (notice_id, message_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(message.id())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.notices_queued(&messages, now).await?;
        let what = format!(
            "47 CFR 64.2008; kind={}; channel={}; version={}; messages={}",
            notice.template.kind.code(),
            notice.channel.as_str(),
            notice.template.version,
            messages.len()
        );
        self.audit_record_change(notice.by, "cpni.notice.sent", &customer.0, what, now).await?;
        Ok(id)
    }

    /// Records that e-mail notice `id` of `customer` came back undeliverable on `on`.
    pub async fn record_notice_bounced(
        &self,
        customer: &TenantId,
        id: &str,
        on: Date,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE cpni_notices SET bounced_on = $1 \
             WHERE id = $2 AND tenant_id = $3 AND channel = 'email' AND bounced_on IS NULL",
        )
        .bind(on.to_string())
        .bind(id)
        .bind(&customer.0)
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() != 1 {
            let known = self.cpni_notices(customer).await?.into_iter().any(|notice| notice.id == id);
            return Err(if known {
                compliance::Error::AlreadyRecorded { what: "a return of this notice (or it was mailed)" }.into()
            } else {
                StoreError::UnknownRecord("notice")
            });
        }
        let what = format!("47 CFR 64.2008(d)(3)(iii); notice={id}; on={on}");
        self.audit_record_change(by, "cpni.notice.bounced", &customer.0, what, now).await
    }

    /// Records `customer`'s express, verifiable, prior approval to receive
    /// notices by e-mail (64.2008(d)(3)(i)), with its evidence.
    pub async fn approve_email_notices(
        &self,
        customer: &TenantId,
        evidence: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        compliance::purpose::check_reference("evidence", evidence)?;
        self.customer_path(customer).await?;
        if self.email_notices_approved(customer).await? {
            return Err(compliance::Error::AlreadyRecorded { what: "the customer's approval of e-mail notices" }.into());
        }
        let aad = Aad::new("cpni_email_notice_approvals", "evidence", &customer.0);
        let sealed = self.keyring.seal(customer, evidence.as_bytes(), &aad).await?;
        sqlx::query(
            "INSERT INTO cpni_email_notice_approvals (tenant_id, evidence_sealed, recorded_by, recorded_ms) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&customer.0)
        .bind(sealed)
        .bind(by)
        .bind(now.as_millisecond())
        .execute(&self.pool)
        .await?;
        self.audit_record_change(by, "consent.email_notices", &customer.0, "47 CFR 64.2008(d)(3)(i)".into(), now).await
    }

    /// Whether `customer` approved notices by e-mail.
    pub async fn email_notices_approved(&self, customer: &TenantId) -> Result<bool, StoreError> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT tenant_id FROM cpni_email_notice_approvals WHERE tenant_id = $1")
                .bind(&customer.0)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    /// `customer`'s notices in the order they were recorded, each with its
    /// day and return as the outbox and the records say.
    pub async fn cpni_notices(&self, customer: &TenantId) -> Result<Vec<SentNotice>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, channel, version, mailed_on, bounced_on FROM cpni_notices WHERE tenant_id = $1 ORDER BY seq",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        let mut notices = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: String = row.try_get("id")?;
            let channel: String = row.try_get("channel")?;
            let channel: NoticeChannel = channel.parse()?;
            let recorded_bounce = parse_day(row.try_get("bounced_on")?)?;
            let (sent_on, bounced_on) = match channel {
                NoticeChannel::Mail => (parse_day(row.try_get("mailed_on")?)?, None),
                NoticeChannel::Email => self.email_outcome(&id, recorded_bounce).await?,
            };
            notices.push(SentNotice { id, channel, version: row.try_get("version")?, sent_on, bounced_on });
        }
        Ok(notices)
    }

    /// Where `customer` stands with opt-out notices.
    pub async fn notice_standing(&self, customer: &TenantId) -> Result<NoticeStanding, StoreError> {
        Ok(NoticeStanding::of(&self.cpni_notices(customer).await?)?)
    }

    /// An e-mail notice's day (its first delivery) and return (every
    /// message refused for good, or a return recorded).
    async fn email_outcome(
        &self,
        id: &str,
        recorded_bounce: Option<Date>,
    ) -> Result<(Option<Date>, Option<Date>), StoreError> {
        let rows = sqlx::query(
            "SELECT o.delivered_ms, o.failed_ms FROM cpni_notice_messages m JOIN outbox o ON o.id = m.message_id \
             WHERE m.notice_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut delivered = Vec::new();
        let mut failed = Vec::new();
        for row in &rows {
            delivered.extend(row.try_get::<Option<i64>, _>("delivered_ms")?);
            failed.extend(row.try_get::<Option<i64>, _>("failed_ms")?);
        }
        let sent_on = delivered.iter().min().map(|ms| day_of(*ms)).transpose()?;
        let all_refused = !rows.is_empty() && failed.len() == rows.len();
        let refused_on = if all_refused { failed.iter().max().map(|ms| day_of(*ms)).transpose()? } else { None };
        let sent_on = sent_on.or(refused_on);
        Ok((sent_on, recorded_bounce.or(refused_on)))
    }

    /// One sealed message of `template` per administrator of `customer`
    /// with an e-mail address of record; none is an error.
    async fn notice_messages(
        &self,
        customer: &TenantId,
        template: &NoticeTemplate,
    ) -> Result<Vec<SealedMessage>, StoreError> {
        let body = serde_json::json!({
            "kind": template.kind.code(),
            "version": template.version,
            "text": template.text(),
        })
        .to_string();
        let mut messages = Vec::new();
        for row in self.administrator_rows(customer).await? {
            let Some(email) = self.contacts_from_row(&row).await?.email else { continue };
            let message = NewMessage {
                tenant: customer,
                person: None,
                channel: Channel::Email,
                template: TEMPLATE,
                recipient: &email.value,
                body: &body,
            };
            messages.push(self.seal_message(&message).await?);
        }
        if messages.is_empty() {
            return Err(StoreError::Invalid(
                "the customer has no administrator with an e-mail address of record: send the notice by mail",
            ));
        }
        Ok(messages)
    }
}

/// Opt-out and opt-in notices are written or electronic; a one-time
/// notice is given orally on the call (64.2008(f)), never sent.
fn check_template(template: &NoticeTemplate) -> Result<(), StoreError> {
    template.validate()?;
    if template.kind == NoticeKind::OneTime {
        return Err(compliance::Error::NotApplicable {
            option: "kind = \"one_time\"",
            reason: "a one-time notice is given orally during the call (47 CFR 64.2008(f)), not sent",
        }
        .into());
    }
    Ok(())
}

/// A mailed notice's day: given, and not after today (New York).
fn mailed_on(notice: &NoticeToSend<'_>, now: Timestamp) -> Result<Option<Date>, StoreError> {
    match (notice.channel, notice.mailed_on) {
        (NoticeChannel::Email, None) => Ok(None),
        (NoticeChannel::Email, Some(_)) => Err(StoreError::Invalid("an e-mailed notice has no mailing day")),
        (NoticeChannel::Mail, None) => Err(StoreError::Invalid("a mailed notice needs the day it was mailed")),
        (NoticeChannel::Mail, Some(day)) if day > compliance::gate::eastern_date(now) => {
            Err(StoreError::Invalid("a notice cannot be recorded as mailed on a future day"))
        }
        (NoticeChannel::Mail, Some(day)) => Ok(Some(day)),
    }
}

fn parse_day(text: Option<String>) -> Result<Option<Date>, StoreError> {
    text.map(|text| super::parse_record_date(&text)).transpose()
}

fn day_of(ms: i64) -> Result<Date, StoreError> {
    Ok(compliance::gate::eastern_date(super::parse_record_ms(ms)?))
}
