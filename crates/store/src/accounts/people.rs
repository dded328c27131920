//! People: creation, lookup by sign-in name (blind index), password,
//! role, disabling, TOTP enrolment and confirmation, recovery codes (issue 5
//! items 1 and 2). Every change appends an audit record naming ids only.

use access::password::Hasher;
use access::totp::{Enrolment, RecoveryCodeHash, RecoveryCodes, Secret, Totp};
use access::{PersonId, Role};
use jiff::Timestamp;
use model::{Tenant, TenantId, TenantKind};
use sqlx::Row;
use sqlx::any::AnyRow;
use zeroize::Zeroizing;

use super::change_notice::AccountChange;
use super::{LOGIN, PASSWORD, TOTP_SECRET, aad, ms, normalize_login};
use crate::audit::AuditDecision;
use crate::id::new_id;
use crate::{Store, StoreError};

/// The issuer name authenticator apps show.
pub(crate) const TOTP_ISSUER: &str = "callvault";

/// A person to create.
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// The tenant they belong to.
    pub tenant: TenantId,
    /// Their role there.
    pub role: Role,
    /// Their sign-in name (an e-mail address).
    pub login: String,
}

/// A person as stored (secrets stay inside the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their id.
    pub id: PersonId,
    /// Their tenant.
    pub tenant: TenantId,
    /// Their tenant's path (`/`-joined ids from the platform).
    pub tenant_path: String,
    /// Their role.
    pub role: Role,
    /// Their sign-in name.
    pub login: String,
    /// Whether a TOTP enrolment is confirmed.
    pub totp_confirmed: bool,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Whether failed back-up recoveries closed the account until an
    /// administrator's reset (47 CFR 64.2010(e)).
    pub must_set_password: bool,
    /// Whether the account's set-up at service initiation is over (changes
    /// send notices from then on).
    pub in_service: bool,
}

/// The columns a person row is read with (joined with its tenant's path).
pub(super) const PERSON_COLUMNS: &str = "p.id, p.tenant_id, p.role, p.login_sealed, p.password_sealed, \
     p.totp_secret_sealed, p.totp_confirmed, p.totp_last_step, p.disabled, p.failed_count, p.last_failed_ms, \
     p.locked_until_ms, p.email_of_record_sealed, p.email_of_record_ms, p.phone_of_record_sealed, \
     p.phone_of_record_ms, p.backup_sealed, p.backup_failed_count, p.must_set_password, p.in_service_ms, t.path";

/// Which roles a kind of tenant holds.
fn role_fits(role: Role, kind: TenantKind) -> bool {
    match role {
        Role::PlatformAdmin | Role::SecurityOfficer | Role::Support => kind == TenantKind::Platform,
        Role::ResellerAdmin => kind == TenantKind::Reseller,
        Role::CustomerAdmin | Role::User => kind == TenantKind::Customer,
        _ => false,
    }
}

fn check_role_fits(role: Role, tenant: &Tenant) -> Result<(), StoreError> {
    if role_fits(role, tenant.kind) {
        return Ok(());
    }
    Err(StoreError::RoleDoesNotFitTenant { role: role.name(), kind: tenant.kind.as_str() })
}

impl Store {
    /// Creates a person without a password (set one with [`Store::set_password`]).
    /// `by` names who did it in the audit log.
    pub async fn create_person(&self, new: &NewPerson, by: &str, now: Timestamp) -> Result<Person, StoreError> {
        crate::check_free_text("sign-in name", &new.login)?;
        let tenant = self.tenant_by_id(&new.tenant).await?;
        check_role_fits(new.role, &tenant)?;
        let id = new_id();
        let login = normalize_login(&new.login);
        let login_sealed = self.keyring.seal(&tenant.id, login.as_bytes(), &aad(LOGIN, &id)).await?;
        let inserted = sqlx::query(
            "INSERT INTO people (id, tenant_id, role, login_index, login_sealed, created_ms, updated_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (login_index) DO NOTHING",
        )
        .bind(&id)
        .bind(&tenant.id.0)
        .bind(new.role.name())
        .bind(self.login_index(&login).await?)
        .bind(&login_sealed)
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::LoginTaken);
        }
        self.audit_account(by, "person.create", &id, AuditDecision::Allow, now).await?;
        self.person(&PersonId(id)).await
    }

    /// The person with this id.
    pub async fn person(&self, id: &PersonId) -> Result<Person, StoreError> {
        let row = self.person_row("p.id = $1", &id.0).await?.ok_or(StoreError::UnknownPerson)?;
        self.person_from_row(&row).await
    }

    /// The person with this sign-in name (found by its blind index).
    pub async fn person_by_login(&self, login: &str) -> Result<Option<Person>, StoreError> {
        match self.person_row_by_login(login).await? {
            Some(row) => Ok(Some(self.person_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// Everyone of `tenant`.
    pub async fn people_of(&self, tenant: &TenantId) -> Result<Vec<Person>, StoreError> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE p.tenant_id = $1 ORDER BY p.created_ms, p.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&tenant.0).fetch_all(&self.pool).await?;
        let mut people = Vec::with_capacity(rows.len());
        for row in &rows {
            people.push(self.person_from_row(row).await?);
        }
        Ok(people)
    }

    pub(super) async fn person_row_by_login(&self, login: &str) -> Result<Option<AnyRow>, StoreError> {
        let index = self.login_index(login).await?;
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE p.login_index = $1 \
             AND t.deleted_ms IS NULL"
        );
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(index).fetch_optional(&self.pool).await?)
    }

    pub(super) async fn person_row(&self, condition: &str, value: &str) -> Result<Option<AnyRow>, StoreError> {
        let sql =
            format!("SELECT {PERSON_COLUMNS} FROM people p JOIN tenants t ON t.id = p.tenant_id WHERE {condition}");
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(value).fetch_optional(&self.pool).await?)
    }

    pub(super) async fn person_from_row(&self, row: &AnyRow) -> Result<Person, StoreError> {
        let id: String = row.try_get("id")?;
        let tenant = TenantId(row.try_get("tenant_id")?);
        let sealed: Vec<u8> = row.try_get("login_sealed")?;
        let login = self.keyring.open(&tenant, &sealed, &aad(LOGIN, &id)).await?;
        let login = String::from_utf8(login.to_vec()).map_err(|_| StoreError::Corrupt("sign-in name is not UTF-8"))?;
        let role: String = row.try_get("role")?;
        Ok(Person {
            id: PersonId(id),
            tenant,
            tenant_path: row.try_get("path")?,
            role: Role::from_name(&role).ok_or(StoreError::Corrupt("unknown role"))?,
            login,
            totp_confirmed: row.try_get::<i64, _>("totp_confirmed")? != 0,
            disabled: row.try_get::<i64, _>("disabled")? != 0,
            must_set_password: row.try_get::<i64, _>("must_set_password")? != 0,
            in_service: row.try_get::<Option<i64>, _>("in_service_ms")?.is_some(),
        })
    }

    /// The stored PHC string of a person row, opened.
    pub(super) async fn password_of(&self, row: &AnyRow) -> Result<Option<Zeroizing<String>>, StoreError> {
        let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>("password_sealed")? else { return Ok(None) };
        let (id, tenant) = id_and_tenant(row)?;
        let opened = self.keyring.open(&tenant, &sealed, &aad(PASSWORD, &id)).await?;
        let phc = String::from_utf8(opened.to_vec()).map_err(|_| StoreError::Corrupt("password hash is not UTF-8"))?;
        Ok(Some(Zeroizing::new(phc)))
    }

    /// The TOTP secret of a person row, opened.
    pub(super) async fn totp_secret_of(&self, row: &AnyRow) -> Result<Option<Secret>, StoreError> {
        let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>("totp_secret_sealed")? else { return Ok(None) };
        let (id, tenant) = id_and_tenant(row)?;
        let opened = self.keyring.open(&tenant, &sealed, &aad(TOTP_SECRET, &id)).await?;
        Ok(Some(Secret::from_bytes(opened.to_vec())))
    }

    /// A new password for `id`, ready to store: its strength checked against
    /// the person's names, hashed on the blocking pool and sealed; with the
    /// person's row (for the change notice).
    pub(super) async fn sealed_new_password(
        &self,
        id: &PersonId,
        password: &str,
        hasher: &Hasher,
    ) -> Result<(AnyRow, Vec<u8>), StoreError> {
        let person = self.person(id).await?;
        let names = access::password::AccountNames { username: &person.login, email: &person.login };
        access::password::check_strength(password, &names)?;
        let phc = hash_blocking(hasher, password).await?;
        let row = self.person_row("p.id = $1", &id.0).await?.ok_or(StoreError::UnknownPerson)?;
        let sealed = self.keyring.seal(&person.tenant, phc.as_bytes(), &aad(PASSWORD, &id.0)).await?;
        Ok((row, sealed))
    }

    /// Checks `password`'s strength against the person's names, hashes it on
    /// the blocking pool and stores the sealed hash; after the account's
    /// set-up a change notice goes out (`change_notice`). An account closed
    /// by failed recoveries stays closed: see [`Store::reset_password`].
    pub async fn set_password(
        &self,
        id: &PersonId,
        password: &str,
        hasher: &Hasher,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let (row, sealed) = self.sealed_new_password(id, password, hasher).await?;
        let update = sqlx::query("UPDATE people SET password_sealed = $1, updated_ms = $2 WHERE id = $3")
            .bind(sealed)
            .bind(ms(now))
            .bind(id.0.clone());
        self.commit_change(&row, AccountChange::Password, update, by, now).await?;
        self.audit_account(by, "person.password_set", &id.0, AuditDecision::Allow, now).await
    }

    /// Stores an already computed PHC string (sealed).
    pub(super) async fn store_password_hash(
        &self,
        person: &Person,
        phc: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let sealed = self.keyring.seal(&person.tenant, phc.as_bytes(), &aad(PASSWORD, &person.id.0)).await?;
        sqlx::query("UPDATE people SET password_sealed = $1, updated_ms = $2 WHERE id = $3")
            .bind(&sealed)
            .bind(ms(now))
            .bind(&person.id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Changes a person's role (it must fit their tenant's kind).
    pub async fn set_role(&self, id: &PersonId, role: Role, by: &str, now: Timestamp) -> Result<(), StoreError> {
        let person = self.person(id).await?;
        check_role_fits(role, &self.tenant_by_id(&person.tenant).await?)?;
        sqlx::query("UPDATE people SET role = $1, updated_ms = $2 WHERE id = $3")
            .bind(role.name())
            .bind(ms(now))
            .bind(&id.0)
            .execute(&self.pool)
            .await?;
        self.audit_account(by, &format!("person.role_set.{}", role.name()), &id.0, AuditDecision::Allow, now).await
    }

    /// Disables (or enables again) a person's sign-in.
    pub async fn set_disabled(
        &self,
        id: &PersonId,
        disabled: bool,
        by: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE people SET disabled = $1, updated_ms = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(ms(now))
            .bind(&id.0)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownPerson);
        }
        let action = if disabled { "person.disable" } else { "person.enable" };
        self.audit_account(by, action, &id.0, AuditDecision::Allow, now).await
    }

    /// Starts a TOTP enrolment: a new secret, sealed and stored unconfirmed
    /// (any earlier enrolment is replaced). Show the URI or QR code once.
    pub async fn start_totp_enrolment(&self, id: &PersonId, by: &str, now: Timestamp) -> Result<Enrolment, StoreError> {
        let person = self.person(id).await?;
        let enrolment = Enrolment::start(TOTP_ISSUER, &person.login)?;
        let sealed = self.keyring.seal(&person.tenant, enrolment.secret.as_bytes(), &aad(TOTP_SECRET, &id.0)).await?;
        sqlx::query(
            "UPDATE people SET totp_secret_sealed = $1, totp_confirmed = 0, totp_last_step = NULL, updated_ms = $2 \
             WHERE id = $3",
        )
        .bind(&sealed)
        .bind(ms(now))
        .bind(&id.0)
        .execute(&self.pool)
        .await?;
        self.audit_account(by, "person.totp_enrol", &id.0, AuditDecision::Allow, now).await?;
        Ok(enrolment)
    }

    /// Confirms the enrolment with a first code; returns ten fresh recovery
    /// codes to show once (their hashes replace any earlier ones).
    pub async fn confirm_totp(&self, id: &PersonId, code: &str, now: Timestamp) -> Result<RecoveryCodes, StoreError> {
        let row = self.person_row("p.id = $1", &id.0).await?.ok_or(StoreError::UnknownPerson)?;
        let secret = self.totp_secret_of(&row).await?.ok_or(access::AccessError::TotpInvalid)?;
        let step = Totp::new(secret).verify(code, now, None)?;
        let tenant = id_and_tenant(&row)?.1;
        let codes = RecoveryCodes::generate(&self.recovery_key(&tenant).await?)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE people SET totp_confirmed = 1, totp_last_step = $1, updated_ms = $2 WHERE id = $3")
            .bind(step_i64(step))
            .bind(ms(now))
            .bind(&id.0)
            .execute(&mut *tx)
            .await?;
        replace_recovery_codes(&mut tx, id, &codes.hashes).await?;
        tx.commit().await?;
        self.audit_account(&id.0, "person.totp_confirm", &id.0, AuditDecision::Allow, now).await?;
        Ok(codes)
    }

    /// The stored recovery-code hashes of a person.
    pub(super) async fn recovery_hashes(&self, id: &str) -> Result<Vec<RecoveryCodeHash>, StoreError> {
        let rows = sqlx::query("SELECT code_hash FROM recovery_codes WHERE person_id = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let hash: Vec<u8> = row.try_get("code_hash")?;
                let hash: [u8; 32] = hash.try_into().map_err(|_| StoreError::Corrupt("recovery code hash length"))?;
                Ok(RecoveryCodeHash(hash))
            })
            .collect()
    }

    /// How many unused recovery codes a person has.
    pub async fn recovery_codes_left(&self, id: &PersonId) -> Result<usize, StoreError> {
        Ok(self.recovery_hashes(&id.0).await?.len())
    }

    async fn tenant_by_id(&self, id: &TenantId) -> Result<Tenant, StoreError> {
        let slug: Option<String> =
            sqlx::query_scalar("SELECT slug FROM tenants WHERE id = $1").bind(&id.0).fetch_optional(&self.pool).await?;
        let slug = slug.ok_or_else(|| StoreError::UnknownTenant(id.0.clone()))?;
        self.tenant_by_slug(&slug).await?.ok_or_else(|| StoreError::UnknownTenant(id.0.clone()))
    }
}

async fn replace_recovery_codes(
    tx: &mut sqlx::AnyConnection,
    id: &PersonId,
    hashes: &[RecoveryCodeHash],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM recovery_codes WHERE person_id = $1").bind(&id.0).execute(&mut *tx).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (person_id, code_hash) VALUES ($1, $2)")
            .bind(&id.0)
            .bind(hash.0.as_slice())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub(super) fn id_and_tenant(row: &AnyRow) -> Result<(String, TenantId), StoreError> {
    Ok((row.try_get("id")?, TenantId(row.try_get("tenant_id")?)))
}

/// A TOTP step as stored (steps fit i64 for the next 10^11 years).
pub(super) fn step_i64(step: u64) -> i64 {
    i64::try_from(step).unwrap_or(i64::MAX)
}

/// Hashes `password` on the hashing pool.
pub(super) async fn hash_blocking(hasher: &Hasher, password: &str) -> Result<String, StoreError> {
    let (hasher, password) = (hasher.clone(), Zeroizing::new(password.to_owned()));
    Ok(super::hashing::run(move || hasher.hash(&password)).await??)
}
