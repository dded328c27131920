//! Free text of the carrier's own compliance records (breach descriptions,
//! opt-out failure letters, training and complaint details) sealed under
//! the platform's data key (ARCHITECTURE.md principle 5), each value bound
//! to `<table>/<column>/<row id>` so it cannot be moved to another row; and
//! the audit record every change of those records appends (ids and codes
//! only, never the text).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::crypto::Aad;
use crate::{AuditDecision, AuditRecord, Store, StoreError};

impl Store {
    /// `text` sealed for `table`/`column` of row `id`.
    pub(crate) async fn seal_platform_text(
        &self,
        table: &str,
        column: &str,
        id: &str,
        text: &str,
    ) -> Result<Vec<u8>, StoreError> {
        let platform = self.platform().await?.id;
        self.keyring.seal(&platform, text.as_bytes(), &Aad::new(table, column, id)).await
    }

    /// The text sealed by [`Store::seal_platform_text`].
    pub(crate) async fn open_platform_text(
        &self,
        table: &str,
        column: &str,
        id: &str,
        sealed: &[u8],
    ) -> Result<String, StoreError> {
        let platform = self.platform().await?.id;
        let plain = self.keyring.open(&platform, sealed, &Aad::new(table, column, id)).await?;
        String::from_utf8(plain.to_vec()).map_err(|_| StoreError::Corrupt("sealed compliance text"))
    }

    /// Appends the audit record of a change to a compliance record.
    pub(crate) async fn audit_record_change(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        what: String,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let record = AuditRecord {
            at_ms: now.as_millisecond(),
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            purpose: what,
            decision: AuditDecision::Allow,
            source: "store".into(),
        };
        self.append_audit(&record).await.map(|_| ())
    }
}

/// A stored ISO date.
pub(crate) fn parse_date(text: &str) -> Result<Date, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt("compliance record date"))
}

/// A stored Unix-millisecond time.
pub(crate) fn parse_ms(ms: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_millisecond(ms).map_err(|_| StoreError::Corrupt("compliance record time"))
}
