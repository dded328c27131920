//! Customers' payment methods, stored only as processor references, sealed
//! (issue 3 item 5; ARCHITECTURE.md principle 5).
//!
//! A row holds which processor (`processor`, plain) and two sealed columns
//! under the customer's data key, each bound ([`Aad`]) to table
//! `payment_methods`, its column and the row's random `id`:
//!
//! - `reference_sealed`: [`PaymentReference::to_stored`], UTF-8;
//! - `label_sealed`: the [`PaymentLabel`], UTF-8.
//!
//! Card and bank account numbers never get this far: [`Store::add_payment_method`]
//! checks the label (and the reference types check themselves) with the
//! payment-number guard before anything is sealed or written. The same guard
//! is [`check_free_text`], which every other free-text input should pass.
//! Nothing here is logged.

use model::{PaymentError, PaymentLabel, PaymentMethod, PaymentMethodId, PaymentReference, Processor, TenantId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::crypto::Aad;
use crate::id::{new_id, now_ms};
use crate::{Store, StoreError};

const TABLE: &str = "payment_methods";
const REFERENCE: &str = "reference";
const LABEL: &str = "label";

/// Refuses `value` if it holds anything like a payment card number (Luhn-valid,
/// 13–19 digits) or a bank account number (a valid IBAN; a US routing number
/// beside an account number). Call it on every free-text input before
/// storing it; `field` names the input in the error, which never repeats the
/// digits. The rules are documented in [`model::refuse_payment_numbers`].
pub fn check_free_text(field: &'static str, value: &str) -> Result<(), StoreError> {
    Ok(model::refuse_payment_numbers(field, value)?)
}

impl From<PaymentError> for StoreError {
    /// The guard's refusal as [`StoreError::PaymentDataRefused`] however it
    /// came, so callers match one variant.
    fn from(error: PaymentError) -> Self {
        match error {
            PaymentError::Refused(refused) => Self::PaymentDataRefused(refused),
            other => Self::Payment(other),
        }
    }
}

impl Store {
    /// Stores `reference` for `customer` with `label` (e.g. "Visa ending
    /// 1111"; at most the last four digits of a number) and returns its id.
    /// A label refused by [`PaymentLabel::parse`] writes nothing.
    pub async fn add_payment_method(
        &self,
        customer: &TenantId,
        reference: &PaymentReference,
        label: &str,
    ) -> Result<PaymentMethodId, StoreError> {
        let label = PaymentLabel::parse(label)?;
        let id = new_id();
        let reference_sealed = self.seal_payment(customer, &id, REFERENCE, reference.to_stored().as_bytes()).await?;
        let label_sealed = self.seal_payment(customer, &id, LABEL, label.as_str().as_bytes()).await?;
        sqlx::query(
            "INSERT INTO payment_methods (id, tenant_id, processor, reference_sealed, label_sealed, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&customer.0)
        .bind(reference.processor().as_str())
        .bind(&reference_sealed)
        .bind(&label_sealed)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(PaymentMethodId(id))
    }

    /// Every payment method of `customer`, oldest first, opened. A row whose
    /// sealed values do not open is an error, not skipped.
    pub async fn payment_methods(&self, customer: &TenantId) -> Result<Vec<PaymentMethod>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, tenant_id, processor, reference_sealed, label_sealed, created_ms \
             FROM payment_methods WHERE tenant_id = $1 ORDER BY created_ms, id",
        )
        .bind(&customer.0)
        .fetch_all(&self.pool)
        .await?;
        let mut methods = Vec::with_capacity(rows.len());
        for row in &rows {
            methods.push(self.payment_method_from_row(row).await?);
        }
        Ok(methods)
    }

    /// Removes `customer`'s payment method `id`; whether there was one.
    pub async fn remove_payment_method(&self, customer: &TenantId, id: &PaymentMethodId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM payment_methods WHERE id = $1 AND tenant_id = $2")
            .bind(&id.0)
            .bind(&customer.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn seal_payment(
        &self,
        customer: &TenantId,
        id: &str,
        column: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        self.keyring.seal(customer, plaintext, &Aad::new(TABLE, column, id)).await
    }

    /// Opens `column` of row `id` as UTF-8.
    async fn open_payment(
        &self,
        customer: &TenantId,
        id: &str,
        column: &str,
        sealed: &[u8],
    ) -> Result<String, StoreError> {
        let opened = self.keyring.open(customer, sealed, &Aad::new(TABLE, column, id)).await?;
        String::from_utf8(opened.to_vec()).map_err(|_| StoreError::Corrupt("payment method column is not UTF-8"))
    }

    async fn payment_method_from_row(&self, row: &AnyRow) -> Result<PaymentMethod, StoreError> {
        let id: String = row.try_get("id")?;
        let customer = TenantId(row.try_get("tenant_id")?);
        let processor: String = row.try_get("processor")?;
        let processor = Processor::from_stored(&processor).ok_or(StoreError::Corrupt("unknown payment processor"))?;
        let reference_sealed: Vec<u8> = row.try_get("reference_sealed")?;
        let reference = self.open_payment(&customer, &id, REFERENCE, &reference_sealed).await?;
        let reference = PaymentReference::from_stored(processor, &reference)
            .map_err(|_| StoreError::Corrupt("stored payment reference"))?;
        let label_sealed: Vec<u8> = row.try_get("label_sealed")?;
        let label = self.open_payment(&customer, &id, LABEL, &label_sealed).await?;
        let label = PaymentLabel::parse(&label).map_err(|_| StoreError::Corrupt("stored payment method label"))?;
        let created_ms = row.try_get("created_ms")?;
        Ok(PaymentMethod { id: PaymentMethodId(id), customer, reference, label, created_ms })
    }
}
