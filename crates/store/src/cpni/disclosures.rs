//! Customer-initiated disclosure of call detail, stored (issue 7 item 4;
//! 47 CFR 64.2010(b)-(d), (g); 47 U.S.C. 222(c)(2); migration 84).
//!
//! - The customer's pre-established password is kept only as an Argon2id
//!   hash sealed under the customer's data key; verifying it costs one
//!   Argon2 verification whether or not a password is set, and the final
//!   comparison is constant-time (`access::password::Hasher::verify`).
//!   Three failed attempts close the request: the agent offers the address
//!   of record or a call back. No question about biographical or account
//!   information is ever a way in.
//! - The business attributes of 64.2010(g) are stored per customer;
//!   `compliance::disclosure` grants the exemption only with both.
//! - A request records the caller's claimed customer, the channel and what
//!   is asked (sealed); each step is appended: a password attempt, a photo
//!   ID check, and every disclosure — decided by `compliance::disclosure`
//!   (which verification the way of handing over has) and then by the gate
//!   (purpose customer-initiated disclosure, audited as `cdr.disclose`),
//!   the step recording the verification or the refusal's code.
//!
//! Only the carrier's support staff and security officers may work a
//! request (the gate's roles for the purpose, and `cdr.read` on the
//! customer by `access::decide`).

use access::password::Hasher;
use access::{Actor, PersonId, Target};
use compliance::disclosure::{BusinessAccount, Channel, Delivery, DisclosureFacts, Refusal, verification};
use compliance::{Accessor, CallerVerification, CpniKind, CpniRequest, DenyReason, Purpose};
use jiff::Timestamp;
use model::TenantId;
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use super::sealed_text::parse_ms;
use crate::crypto::Aad;
use crate::id::new_id;
use crate::{AccountChange, AuditDecision, AuditRecord, Store, StoreError};

const PASSWORDS: &str = "cpni_disclosure_passwords";
const REQUESTS: &str = "cpni_disclosures";
/// Failed password attempts after which a request takes no more.
pub const MAX_PASSWORD_ATTEMPTS: usize = 3;

/// What a caller asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureRequest {
    /// The customer the caller claims to be.
    pub customer: TenantId,
    /// How they reached us.
    pub channel: Channel,
    /// Who the caller says they are (name, account they claim).
    pub claimed: String,
    /// What is asked (e.g. "call detail for March 2026").
    pub asked: String,
}

/// One step of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureStep {
    /// `password`, `photo_id` or `disclose`.
    pub step: String,
    /// For `disclose`: how.
    pub delivery: Option<Delivery>,
    /// Verified (password, photo ID) or allowed (disclose).
    pub allowed: bool,
    /// The verification's code, or the refusal's.
    pub code: String,
    /// A reference: the photo ID checked, the written request, the person of record.
    pub note: String,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub by: String,
}

/// A request with its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDisclosure {
    /// Its id.
    pub id: String,
    /// The request.
    pub request: DisclosureRequest,
    /// When it was opened.
    pub opened_at: Timestamp,
    /// Who opened it.
    pub opened_by: String,
    /// Its steps, in order.
    pub steps: Vec<DisclosureStep>,
}

impl StoredDisclosure {
    fn verified(&self, step: &str) -> bool {
        self.steps.iter().any(|s| s.step == step && s.allowed)
    }

    fn failed_passwords(&self) -> usize {
        self.steps.iter().filter(|s| s.step == "password" && !s.allowed).count()
    }
}

/// Where a disclosure goes, beyond its delivery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryTarget {
    /// Address of record or call back: the person of the customer whose contact of record is used.
    pub person: Option<PersonId>,
    /// New carrier: the reference of the customer's written request.
    pub written_request: Option<String>,
}

/// What the gate and the rules made of one disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisclosureOutcome {
    /// Allowed, with this verification.
    Allowed(CallerVerification),
    /// Refused: the code recorded and what the agent is told.
    Refused {
        /// The refusal's code.
        code: String,
        /// Its explanation.
        message: String,
    },
}

impl Store {
    /// Sets `customer`'s pre-established password (replacing any earlier one).
    pub async fn set_disclosure_password(
        &self,
        customer: &TenantId,
        password: &str,
        hasher: &Hasher,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        access::password::check_strength(password, &access::password::AccountNames { username: "", email: "" })?;
        self.customer_path(customer).await?;
        let (hasher, secret) = (hasher.clone(), Zeroizing::new(password.to_owned()));
        let hash = crate::accounts::hashing::run(move || hasher.hash(&secret)).await??;
        let sealed = self.keyring.seal(customer, hash.as_bytes(), &Aad::new(PASSWORDS, "hash", &customer.0)).await?;
        let update = sqlx::query(
            "INSERT INTO cpni_disclosure_passwords (tenant_id, hash_sealed, set_ms, set_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (tenant_id) DO UPDATE SET hash_sealed = $2, set_ms = $3, set_by = $4",
        )
        .bind(customer.0.clone())
        .bind(sealed)
        .bind(now.as_millisecond())
        .bind(by.to_owned());
        self.commit_customer_change(customer, AccountChange::DisclosurePassword, update, now).await?;
        self.audit_record_change(by, "cpni.disclosure.password_set", &customer.0, "47 CFR 64.2010(e)".into(), now).await
    }

    /// Sets `customer`'s 64.2010(g) attributes.
    pub async fn set_business_account(
        &self,
        customer: &TenantId,
        account: &BusinessAccount,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        account.validate()?;
        self.customer_path(customer).await?;
        sqlx::query(
            "INSERT INTO cpni_business_accounts (tenant_id, account_rep, cpni_contract_clause, set_ms, set_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id) DO UPDATE SET account_rep = $2, \
             cpni_contract_clause = $3, set_ms = $4, set_by = $5",
        )
        .bind(&customer.0)
        .bind(account.account_representative.as_deref())
        .bind(account.cpni_contract_clause.as_deref())
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&self.pool)
        .await?;
        let what = format!("47 CFR 64.2010(g) exempt={}", account.exempt());
        self.audit_record_change(by, "cpni.business_account.set", &customer.0, what, now).await
    }

    /// `customer`'s 64.2010(g) attributes (none set: neither).
    pub async fn business_account(&self, customer: &TenantId) -> Result<BusinessAccount, StoreError> {
        let row =
            sqlx::query("SELECT account_rep, cpni_contract_clause FROM cpni_business_accounts WHERE tenant_id = $1")
                .bind(&customer.0)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(BusinessAccount::default()) };
        Ok(BusinessAccount {
            account_representative: row.try_get("account_rep")?,
            cpni_contract_clause: row.try_get("cpni_contract_clause")?,
        })
    }

    /// Opens a request worked by `agent`; its id.
    pub async fn open_disclosure(
        &self,
        agent: &Actor,
        request: &DisclosureRequest,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        compliance::purpose::check_reference("claimed customer", &request.claimed)?;
        compliance::purpose::check_reference("what is asked", &request.asked)?;
        self.check_agent(agent, &request.customer, now).await?;
        let id = new_id();
        let claimed = self.seal_request_text(&request.customer, "claimed", &id, &request.claimed).await?;
        let asked = self.seal_request_text(&request.customer, "asked", &id, &request.asked).await?;
        sqlx::query(
            "INSERT INTO cpni_disclosures (id, tenant_id, channel, claimed_sealed, asked_sealed, opened_ms, \
             opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&request.customer.0)
        .bind(request.channel.code())
        .bind(claimed)
        .bind(asked)
        .bind(now.as_millisecond())
        .bind(&agent.person.0)
        .execute(&self.pool)
        .await?;
        let what = format!("customer_initiated_disclosure channel={}", request.channel.code());
        self.audit_record_change(&agent.person.0, "cpni.disclosure.open", &id, what, now).await?;
        Ok(id)
    }

    /// Checks the caller's password on request `id`; whether it matched.
    pub async fn verify_disclosure_password(
        &self,
        agent: &Actor,
        id: &str,
        password: &str,
        hasher: &Hasher,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let stored = self.disclosure(id).await?.ok_or(StoreError::UnknownRecord("disclosure"))?;
        self.check_agent(agent, &stored.request.customer, now).await?;
        if stored.failed_passwords() >= MAX_PASSWORD_ATTEMPTS {
            return Err(compliance::Error::AttemptsExhausted.into());
        }
        let matched = self.password_matches(&stored.request.customer, password, hasher).await?;
        let code = if matched { "password_verified" } else { "password_mismatch" };
        self.append_step(agent, &stored, ("password", None, matched, code, ""), now).await?;
        Ok(matched)
    }

    /// Records that a valid photo ID matching the account was checked in store (64.2010(d)).
    pub async fn check_disclosure_photo_id(
        &self,
        agent: &Actor,
        id: &str,
        reference: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        compliance::purpose::check_reference("photo ID reference", reference)?;
        let stored = self.disclosure(id).await?.ok_or(StoreError::UnknownRecord("disclosure"))?;
        self.check_agent(agent, &stored.request.customer, now).await?;
        if stored.request.channel != Channel::InStore {
            let reason = "a photo ID is checked in store only (47 CFR 64.2010(d))";
            return Err(compliance::Error::NotApplicable { option: "photo ID", reason }.into());
        }
        self.append_step(agent, &stored, ("photo_id", None, true, "valid_photo_id", reference), now).await
    }

    /// Asks the rules and the gate whether call detail may go by
    /// `delivery` on request `id`, and records the answer.
    pub async fn disclose(
        &self,
        agent: &Actor,
        id: &str,
        delivery: Delivery,
        target: &DeliveryTarget,
        source: &str,
        now: Timestamp,
    ) -> Result<DisclosureOutcome, StoreError> {
        let stored = self.disclosure(id).await?.ok_or(StoreError::UnknownRecord("disclosure"))?;
        let facts = self.disclosure_facts(&stored, target, now).await?;
        let verified = verification(delivery, &facts);
        let how = verified.unwrap_or(CallerVerification::Unverified);
        let request = CpniRequest {
            accessor: Accessor::Person(agent.clone()),
            purpose: Purpose::CustomerInitiatedDisclosure(how),
            source: source.to_owned(),
        };
        let decided = self.permit(&request, &stored.request.customer, CpniKind::CallDetail, "cdr.disclose").await;
        let outcome = outcome(verified, decided)?;
        let (allowed, code) = match &outcome {
            DisclosureOutcome::Allowed(how) => (true, how.code().to_owned()),
            DisclosureOutcome::Refused { code, .. } => (false, code.clone()),
        };
        let note = target_note(target);
        self.append_step(agent, &stored, ("disclose", Some(delivery), allowed, &code, &note), now).await?;
        Ok(outcome)
    }

    /// The request with this id and its steps.
    pub async fn disclosure(&self, id: &str) -> Result<Option<StoredDisclosure>, StoreError> {
        let row = sqlx::query(
            "SELECT id, tenant_id, channel, claimed_sealed, asked_sealed, opened_ms, opened_by FROM cpni_disclosures \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(self.disclosure_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    async fn disclosure_from_row(&self, row: &AnyRow) -> Result<StoredDisclosure, StoreError> {
        let id: String = row.try_get("id")?;
        let customer = TenantId(row.try_get("tenant_id")?);
        let claimed = self.open_request_text(&customer, "claimed", &id, row.try_get("claimed_sealed")?).await?;
        let asked = self.open_request_text(&customer, "asked", &id, row.try_get("asked_sealed")?).await?;
        let channel = Channel::parse(row.try_get("channel")?)?;
        let steps = self.disclosure_steps(&customer, &id).await?;
        Ok(StoredDisclosure {
            request: DisclosureRequest { customer, channel, claimed, asked },
            opened_at: parse_ms(row.try_get("opened_ms")?)?,
            opened_by: row.try_get("opened_by")?,
            steps,
            id,
        })
    }

    async fn disclosure_steps(&self, customer: &TenantId, id: &str) -> Result<Vec<DisclosureStep>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, step, delivery, allowed, code, note_sealed, recorded_ms, recorded_by \
             FROM cpni_disclosure_steps WHERE disclosure_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut steps = Vec::with_capacity(rows.len());
        for row in &rows {
            let seq: i64 = row.try_get("seq")?;
            let delivery: Option<String> = row.try_get("delivery")?;
            let allowed: i64 = row.try_get("allowed")?;
            let note: Option<Vec<u8>> = row.try_get("note_sealed")?;
            let note = match note {
                Some(sealed) => self.open_request_text(customer, "note", &format!("{id}/{seq}"), &sealed).await?,
                None => String::new(),
            };
            steps.push(DisclosureStep {
                step: row.try_get("step")?,
                delivery: delivery.as_deref().map(Delivery::parse).transpose()?,
                allowed: allowed != 0,
                code: row.try_get("code")?,
                note,
                at: parse_ms(row.try_get("recorded_ms")?)?,
                by: row.try_get("recorded_by")?,
            });
        }
        Ok(steps)
    }

    /// The facts of a request for the rules, on today's date in New York.
    async fn disclosure_facts(
        &self,
        stored: &StoredDisclosure,
        target: &DeliveryTarget,
        now: Timestamp,
    ) -> Result<DisclosureFacts, StoreError> {
        let customer = &stored.request.customer;
        let contacts = match &target.person {
            Some(person) => self.customer_contacts(customer, person).await?,
            None => crate::ContactsOfRecord::default(),
        };
        Ok(DisclosureFacts {
            channel: stored.request.channel,
            password_verified: stored.verified("password"),
            photo_id_checked: stored.verified("photo_id"),
            business: self.business_account(customer).await?,
            address_added: contacts.email.map(|email| compliance::gate::eastern_date(email.since)),
            number_of_record: contacts.phone.is_some(),
            written_request: target.written_request.clone(),
            today: compliance::gate::eastern_date(now),
        })
    }

    /// The contacts of record of `person`, who must belong to `customer`.
    async fn customer_contacts(
        &self,
        customer: &TenantId,
        person: &PersonId,
    ) -> Result<crate::ContactsOfRecord, StoreError> {
        let found = self.person(person).await?;
        if found.tenant != *customer {
            return Err(StoreError::UnknownPerson);
        }
        self.contacts_of_record(person).await
    }

    async fn password_matches(&self, customer: &TenantId, password: &str, hasher: &Hasher) -> Result<bool, StoreError> {
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT hash_sealed FROM cpni_disclosure_passwords WHERE tenant_id = $1")
                .bind(&customer.0)
                .fetch_optional(&self.pool)
                .await?;
        let Some(sealed) = sealed else {
            crate::accounts::verify_unknown(hasher, password).await?;
            return Ok(false);
        };
        let opened = self.keyring.open(customer, &sealed, &Aad::new(PASSWORDS, "hash", &customer.0)).await?;
        let hash = String::from_utf8(opened.to_vec()).map_err(|_| StoreError::Corrupt("disclosure password hash"))?;
        crate::accounts::verify_blocking(hasher, password, &hash).await
    }

    /// Refuses an agent who may not work a request for `customer`: not a
    /// role of the purpose, or no `cdr.read` on the customer.
    async fn check_agent(&self, agent: &Actor, customer: &TenantId, now: Timestamp) -> Result<(), StoreError> {
        let purpose = Purpose::CustomerInitiatedDisclosure(CallerVerification::Unverified);
        if !compliance::gate::roles_for(&purpose).contains(&agent.role) {
            return Err(StoreError::CpniDenied(DenyReason::PurposeNotForAccessor));
        }
        let target = Target::tenant(self.customer_path(customer).await?);
        match access::decide(agent, CpniKind::CallDetail.permission(), &target, now) {
            access::Decision::Allow(_) => Ok(()),
            access::Decision::Deny(reason) => Err(StoreError::CpniDenied(DenyReason::Access(reason))),
        }
    }

    async fn append_step(
        &self,
        agent: &Actor,
        stored: &StoredDisclosure,
        (step, delivery, allowed, code, note): (&str, Option<Delivery>, bool, &str, &str),
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let seq = i64::try_from(stored.steps.len()).unwrap_or(i64::MAX) + 1;
        let customer = &stored.request.customer;
        let note = match note {
            "" => None,
            text => Some(self.seal_request_text(customer, "note", &format!("{}/{seq}", stored.id), text).await?),
        };
        sqlx::query(
            "INSERT INTO cpni_disclosure_steps (disclosure_id, seq, step, delivery, allowed, code, note_sealed, \
             recorded_ms, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&stored.id)
        .bind(seq)
        .bind(step)
        .bind(delivery.map(Delivery::code))
        .bind(i64::from(allowed))
        .bind(code)
        .bind(note)
        .bind(now.as_millisecond())
        .bind(&agent.person.0)
        .execute(&self.pool)
        .await?;
        let record = AuditRecord {
            at_ms: now.as_millisecond(),
            actor: agent.person.0.clone(),
            action: format!("cpni.disclosure.{step}"),
            target: stored.id.clone(),
            purpose: format!("customer_initiated_disclosure; {code}"),
            decision: if allowed { AuditDecision::Allow } else { AuditDecision::Deny },
            source: "store".into(),
        };
        self.append_audit(&record).await.map(|_| ())
    }

    async fn seal_request_text(
        &self,
        customer: &TenantId,
        column: &str,
        id: &str,
        text: &str,
    ) -> Result<Vec<u8>, StoreError> {
        self.keyring.seal(customer, text.as_bytes(), &Aad::new(REQUESTS, column, id)).await
    }

    async fn open_request_text(
        &self,
        customer: &TenantId,
        column: &str,
        id: &str,
        sealed: &[u8],
    ) -> Result<String, StoreError> {
        let plain = self.keyring.open(customer, sealed, &Aad::new(REQUESTS, column, id)).await?;
        String::from_utf8(plain.to_vec()).map_err(|_| StoreError::Corrupt("disclosure text"))
    }
}

/// The gate's refusal of the agent, else the rules' refusal, else the gate's decision.
fn outcome(
    verified: Result<CallerVerification, Refusal>,
    decided: Result<compliance::Permit, StoreError>,
) -> Result<DisclosureOutcome, StoreError> {
    let gate_refusal = |reason: DenyReason| DisclosureOutcome::Refused {
        code: reason.code().into(),
        message: format!("the CPNI gate refused: {reason}"),
    };
    match (verified, decided) {
        (_, Err(StoreError::CpniDenied(reason))) if reason != DenyReason::CallerNotVerified => Ok(gate_refusal(reason)),
        (Err(refusal), _) => Ok(DisclosureOutcome::Refused { code: refusal.code().into(), message: refusal.message() }),
        (Ok(how), Ok(_permit)) => Ok(DisclosureOutcome::Allowed(how)),
        (Ok(_), Err(StoreError::CpniDenied(reason))) => Ok(gate_refusal(reason)),
        (Ok(_), Err(other)) => Err(other),
    }
}

/// What the step notes about where it went: the person of record or the written request.
fn target_note(target: &DeliveryTarget) -> String {
    match (&target.person, &target.written_request) {
        (_, Some(request)) => format!("written_request:{request}"),
        (Some(person), None) => format!("person:{}", person.0),
        (None, None) => String::new(),
    }
}
