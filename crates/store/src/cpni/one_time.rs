//! One-time use of CPNI during one call, stored (issue 7 item 2; 47 CFR
//! 64.2008(f); `cpni_one_time_approvals`, migration 97): the carrier's
//! representative gives oral notice on an inbound or outbound call, the
//! customer approves orally, and the representative records it against the
//! call's reference with the recording or transcript that proves it
//! (64.2007(a)(1); the evidence sealed under the customer's data key).
//! The gate then allows `one_time_use` reads naming that call, until its
//! end is recorded or [`compliance::ONE_TIME_USE_LIMIT`] has passed; a
//! call approved once cannot be approved again. Recording, ending and every
//! read are audited (`consent.one_time`, `consent.one_time_end`).

use access::Actor;
use compliance::{OneTimeApproval, OneTimeFacts, Purpose};
use jiff::Timestamp;
use model::TenantId;
use sqlx::Row;

use crate::crypto::Aad;
use crate::id::new_id;
use crate::{Store, StoreError};

const TABLE: &str = "cpni_one_time_approvals";

impl Store {
    /// Records `customer`'s oral approval of one-time use on `approval`'s
    /// call, taken by `representative` (support or the security officer).
    pub async fn record_one_time_approval(
        &self,
        representative: &Actor,
        customer: &TenantId,
        approval: &OneTimeApproval,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        approval.validate()?;
        OneTimeApproval::check_recorder(representative.role)?;
        self.customer_path(customer).await?;
        let id = new_id();
        let sealed =
            self.keyring.seal(customer, approval.evidence.as_bytes(), &Aad::new(TABLE, "evidence", &id)).await?;
        let inserted = sqlx::query(
            "INSERT INTO cpni_one_time_approvals (id, tenant_id, call_ref, evidence_sealed, granted_by, granted_ms) \
             SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS \
             (SELECT 1 FROM cpni_one_time_approvals WHERE tenant_id = $2 AND call_ref = $3)",
        )
        .bind(&id)
        .bind(&customer.0)
        .bind(&approval.call)
        .bind(sealed)
        .bind(&representative.person.0)
        .bind(now.as_millisecond())
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() != 1 {
            return Err(compliance::Error::AlreadyRecorded { what: "this call's one-time approval" }.into());
        }
        let what = format!("47 CFR 64.2008(f); call={}", approval.call);
        self.audit_record_change(&representative.person.0, "consent.one_time", &customer.0, what, now).await
    }

    /// Records that the call of `customer` named `call` ended (once): its
    /// one-time approval opens nothing from `now` on.
    pub async fn end_one_time_call(
        &self,
        by: &Actor,
        customer: &TenantId,
        call: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE cpni_one_time_approvals SET ended_ms = $1 \
             WHERE tenant_id = $2 AND call_ref = $3 AND ended_ms IS NULL",
        )
        .bind(now.as_millisecond())
        .bind(&customer.0)
        .bind(call)
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() != 1 {
            self.one_time_facts(customer, call).await?.ok_or(StoreError::UnknownRecord("one-time approval"))?;
            return Err(compliance::Error::AlreadyRecorded { what: "the call's end" }.into());
        }
        let what = format!("47 CFR 64.2008(f); call={call}");
        self.audit_record_change(&by.person.0, "consent.one_time_end", &customer.0, what, now).await
    }

    /// For a one-time use purpose: what the store knows of its call's approval.
    pub(super) async fn one_time_facts_for(
        &self,
        purpose: &Purpose,
        customer: &TenantId,
    ) -> Result<Option<OneTimeFacts>, StoreError> {
        match purpose {
            Purpose::OneTimeUse { call } => self.one_time_facts(customer, call).await,
            _ => Ok(None),
        }
    }

    /// The one-time approval of `customer`'s call `call`, if recorded.
    pub async fn one_time_facts(&self, customer: &TenantId, call: &str) -> Result<Option<OneTimeFacts>, StoreError> {
        let row = sqlx::query(
            "SELECT granted_ms, ended_ms FROM cpni_one_time_approvals WHERE tenant_id = $1 AND call_ref = $2",
        )
        .bind(&customer.0)
        .bind(call)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let ended: Option<i64> = row.try_get("ended_ms")?;
        Ok(Some(OneTimeFacts {
            call: call.to_owned(),
            granted_at: super::parse_record_ms(row.try_get("granted_ms")?)?,
            ended_at: ended.map(super::parse_record_ms).transpose()?,
        }))
    }
}
