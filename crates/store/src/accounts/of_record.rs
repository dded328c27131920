//! Addresses of record (47 CFR 64.2003(c) "address of record", 64.2010(f)(1);
//! issue 5 item 6): a person's e-mail address of record and telephone number
//! of record, each sealed like the sign-in name and stamped with the time it
//! became the one of record (64.2010(b) and issue 7 need "of record for at
//! least 30 days").
//!
//! A change is itself a change notice's occasion, and that notice goes to
//! the *old* value (64.2010(f)(1): never "sent to the new account
//! information"): [`Store::change_notices`] reads the contacts before the
//! `UPDATE` that replaces them, in the same transaction as the notices.

use access::PersonId;
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::change_notice::AccountChange;
use super::people::id_and_tenant;
use super::{aad, ms, timestamp};
use crate::{Store, StoreError};

/// The column name bound into sealed e-mail addresses of record.
pub(super) const EMAIL_OF_RECORD: &str = "email_of_record";
/// The column name bound into sealed telephone numbers of record.
pub(super) const PHONE_OF_RECORD: &str = "phone_of_record";

/// One address or number of record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfRecord {
    /// The address (lower-cased) or number (E.164, `+` and digits).
    pub value: String,
    /// Since when it is the one of record.
    pub since: Timestamp,
}

/// A person's contacts of record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactsOfRecord {
    /// The e-mail address of record.
    pub email: Option<OfRecord>,
    /// The telephone number of record.
    pub phone: Option<OfRecord>,
}

/// An e-mail address as stored: trimmed, lower-case, one `@`, a dotted
/// domain, no spaces or controls, at most 254 bytes (RFC 5321 §4.5.3.1.3).
pub(super) fn normalize_email(email: &str) -> Result<String, StoreError> {
    let email = email.trim().to_lowercase();
    let refused = StoreError::AddressOfRecord("e-mail address");
    let Some((local, domain)) = email.split_once('@') else { return Err(refused) };
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"');
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.len() > 254 || email.chars().any(bad_char) {
        return Err(refused);
    }
    Ok(email)
}

/// A telephone number as stored: E.164, `+` then 8 to 15 digits; spaces,
/// dashes, dots and parentheses are dropped.
pub(super) fn normalize_phone(phone: &str) -> Result<String, StoreError> {
    let refused = StoreError::AddressOfRecord("telephone number");
    let kept: String = phone.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let Some(digits) = kept.strip_prefix('+') else { return Err(refused) };
    if !(8..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) || digits.starts_with('0') {
        return Err(refused);
    }
    Ok(kept)
}

impl Store {
    /// The person's contacts of record.
    pub async fn contacts_of_record(&self, id: &PersonId) -> Result<ContactsOfRecord, StoreError> {
        let row = self.person_row("p.id = $1", &id.0).await?.ok_or(StoreError::UnknownPerson)?;
        self.contacts_from_row(&row).await
    }

    /// Makes `email` the person's e-mail address of record (a notice goes
    /// to the old contacts of record).
    pub async fn set_email_of_record(
        &self,
        id: &PersonId,
        email: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let email = normalize_email(email)?;
        self.set_of_record(id, EMAIL_OF_RECORD, &email, AccountChange::EmailOfRecord, by, now).await
    }

    /// Makes `phone` the person's telephone number of record (a notice goes
    /// to the old contacts of record).
    pub async fn set_phone_of_record(
        &self,
        id: &PersonId,
        phone: &str,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let phone = normalize_phone(phone)?;
        self.set_of_record(id, PHONE_OF_RECORD, &phone, AccountChange::PhoneOfRecord, by, now).await
    }

    async fn set_of_record(
        &self,
        id: &PersonId,
        column: &'static str,
        value: &str,
        change: AccountChange,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let row = self.person_row("p.id = $1", &id.0).await?.ok_or(StoreError::UnknownPerson)?;
        let current = self.contacts_from_row(&row).await?;
        let unchanged = match change {
            AccountChange::EmailOfRecord => current.email.as_ref(),
            _ => current.phone.as_ref(),
        };
        if unchanged.is_some_and(|of_record| of_record.value == value) {
            return Ok(());
        }
        let (_, tenant) = id_and_tenant(&row)?;
        let sealed = self.keyring.seal(&tenant, value.as_bytes(), &aad(column, &id.0)).await?;
        let sql = format!("UPDATE people SET {column}_sealed = $1, {column}_ms = $2, updated_ms = $2 WHERE id = $3");
        let update = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(sealed).bind(ms(now)).bind(id.0.clone());
        self.commit_change(&row, change, update, by, now).await
    }

    /// The contacts of record of a person row, opened.
    pub(crate) async fn contacts_from_row(&self, row: &AnyRow) -> Result<ContactsOfRecord, StoreError> {
        Ok(ContactsOfRecord {
            email: self.of_record(row, EMAIL_OF_RECORD).await?,
            phone: self.of_record(row, PHONE_OF_RECORD).await?,
        })
    }

    async fn of_record(&self, row: &AnyRow, column: &str) -> Result<Option<OfRecord>, StoreError> {
        let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>(format!("{column}_sealed").as_str())? else {
            return Ok(None);
        };
        let since: Option<i64> = row.try_get(format!("{column}_ms").as_str())?;
        let (id, tenant) = id_and_tenant(row)?;
        let opened = self.keyring.open(&tenant, &sealed, &aad(column, &id)).await?;
        let value = String::from_utf8(opened.to_vec()).map_err(|_| StoreError::Corrupt("contact is not UTF-8"))?;
        let since = timestamp(since.ok_or(StoreError::Corrupt("contact of record without a time"))?)?;
        Ok(Some(OfRecord { value, since }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_numbers_are_checked_and_normalized() {
        assert_eq!(normalize_email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in ["ann", "ann@", "@example.com", "ann@example", "a b@example.com", "<a@example.com>", "a@b@c.com"] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
        assert_eq!(normalize_phone("+1 (202) 555-0142").unwrap(), "+12025550142");
        for bad in ["2025550142", "+1202", "+0123456789", "+1202555014x", "+1234567890123456"] {
            assert!(normalize_phone(bad).is_err(), "{bad}");
        }
    }
}
