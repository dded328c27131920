//! Who an extension belongs to (migration 0096; issue 5 item 4: "a user
//! sees only their own voicemail and calls"). A person's calls are the
//! calls to and from the extensions assigned to them; the CDR readers use
//! [`Store::numbers_of`] when the gate's permit is for one person's records.
//!
//! An extension has at most one owner, one of its own customer's people.
//! The link goes with the extension or the person (`ON DELETE CASCADE`).
//! Every assignment is audited (`extension.assign`: who, the extension's
//! id, the new owner's id or none), since it decides whose calls a person
//! sees.

use access::PersonId;
use model::TenantId;

use crate::{Store, StoreError};

impl Store {
    /// Assigns extension `number` of `customer` to `person`, or to nobody,
    /// on behalf of `by`. [`StoreError::Invalid`] when there is no such
    /// extension or the person is not one of the customer's own people.
    pub async fn assign_extension(
        &self,
        customer: &TenantId,
        number: &str,
        person: Option<&PersonId>,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let extension: Option<String> =
            sqlx::query_scalar("SELECT id FROM extensions WHERE tenant_id = $1 AND number = $2")
                .bind(&customer.0)
                .bind(number)
                .fetch_optional(&mut *tx)
                .await?;
        let extension = extension.ok_or(StoreError::Invalid("no such extension"))?;
        sqlx::query("DELETE FROM extension_owners WHERE extension_id = $1").bind(&extension).execute(&mut *tx).await?;
        if let Some(person) = person {
            let inserted = sqlx::query(
                "INSERT INTO extension_owners (extension_id, person_id) \
                 SELECT $1, id FROM people WHERE id = $2 AND tenant_id = $3",
            )
            .bind(&extension)
            .bind(&person.0)
            .bind(&customer.0)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 0 {
                return Err(StoreError::Invalid("the person is not one of this customer's people"));
            }
        }
        tx.commit().await?;
        let owner = format!("owner={}", person.map_or("none", |person| person.0.as_str()));
        self.audit_record_change(by, "extension.assign", &extension, owner, jiff::Timestamp::now()).await
    }

    /// The person extension `number` of `customer` is assigned to.
    pub async fn extension_owner(&self, customer: &TenantId, number: &str) -> Result<Option<PersonId>, StoreError> {
        let owner: Option<String> = sqlx::query_scalar(
            "SELECT o.person_id FROM extension_owners o JOIN extensions e ON e.id = o.extension_id \
             WHERE e.tenant_id = $1 AND e.number = $2",
        )
        .bind(&customer.0)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        Ok(owner.map(PersonId))
    }

    /// The numbers of `customer`'s extensions assigned to `person`, in order.
    pub async fn numbers_of(&self, customer: &TenantId, person: &PersonId) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT e.number FROM extension_owners o JOIN extensions e ON e.id = o.extension_id \
             WHERE e.tenant_id = $1 AND o.person_id = $2 ORDER BY e.number",
        )
        .bind(&customer.0)
        .bind(&person.0)
        .fetch_all(&self.pool)
        .await?)
    }
}
