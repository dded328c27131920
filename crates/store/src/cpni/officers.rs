//! Officers of the carrier, stored (issue 7 item 8; 47 CFR 64.2009(e);
//! `cpni_officers`, migration 83): the people who may sign the annual CPNI
//! certification, with the name and title the filing prints. Marking is
//! audited (`officer.designate`, the person's id only).

use access::PersonId;
use jiff::Timestamp;
use sqlx::Row;

use crate::{Store, StoreError};

const TABLE: &str = "cpni_officers";

/// An officer's name and title as the certification prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    /// The person.
    pub person: PersonId,
    /// Their full name.
    pub name: String,
    /// Their title.
    pub title: String,
}

impl Store {
    /// Marks `officer.person` an officer (replacing an earlier marking).
    pub async fn designate_officer(&self, officer: &Officer, by: &str, now: Timestamp) -> Result<(), StoreError> {
        compliance::documents::check_signer(&officer.name, &officer.title)?;
        let person = &officer.person.0;
        let tenant: Option<String> = sqlx::query_scalar("SELECT tenant_id FROM people WHERE id = $1")
            .bind(person)
            .fetch_optional(&self.pool)
            .await?;
        if tenant != Some(self.platform().await?.id.0) {
            let reason = "an officer of the carrier is a person of the platform tenant";
            return Err(compliance::Error::NotApplicable { option: "officer", reason }.into());
        }
        let name = self.seal_platform_text(TABLE, "name", person, officer.name.trim()).await?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM cpni_officers WHERE person_id = $1").bind(person).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO cpni_officers (person_id, name_sealed, title, designated_ms, designated_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(person)
        .bind(name)
        .bind(officer.title.trim())
        .bind(now.as_millisecond())
        .bind(by)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.audit_record_change(by, "officer.designate", person, "47 CFR 64.2009(e)".into(), now).await
    }

    /// Every marked officer, earliest marking first.
    pub async fn officers(&self) -> Result<Vec<Officer>, StoreError> {
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT person_id FROM cpni_officers ORDER BY designated_ms, person_id")
                .fetch_all(&self.pool)
                .await?;
        let mut officers = Vec::with_capacity(ids.len());
        for id in ids {
            officers.extend(self.officer(&PersonId(id)).await?);
        }
        Ok(officers)
    }

    /// Audits a compliance action on `target` (e.g. drafting a filing).
    pub async fn audit_compliance_action(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        what: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.audit_record_change(actor, action, target, what.to_owned(), now).await
    }

    /// The officer marking of `person`, if any.
    pub async fn officer(&self, person: &PersonId) -> Result<Option<Officer>, StoreError> {
        let row = sqlx::query("SELECT name_sealed, title FROM cpni_officers WHERE person_id = $1")
            .bind(&person.0)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let name = self.open_platform_text(TABLE, "name", &person.0, row.try_get("name_sealed")?).await?;
        Ok(Some(Officer { person: person.clone(), name, title: row.try_get("title")? }))
    }
}
