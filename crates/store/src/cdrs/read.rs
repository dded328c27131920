//! Reading CDRs back, newest first, opening their sealed numbers; and
//! finding a party's CDRs by blind index (issue 4; issue 3 item 1). CDRs
//! are CPNI: the readers are reachable only through the gate (`crate::cpni`).
//!
//! Pages are cut by start time: pass the last CDR's `start_ms` as
//! `before_ms` for the next page. A page never splits a millisecond: when
//! the limit falls among CDRs that started in the same millisecond, the page
//! takes all of them, so the next page misses none.

use std::collections::HashMap;
use std::sync::Arc;

use access::PersonId;
use compliance::{CpniKind, CpniRequest, Permit};
use model::{CallDirection, Cdr, CdrId, Disposition, HangupSide, TenantId};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{CALLEE_INDEX, CALLER_INDEX, PARTIES, TABLE, index_of, parties};
use crate::cpni::{check_permit, check_scoped_permit};
use crate::crypto::{Aad, DataKey, IndexKey, open, sealed_key_version};
use crate::{Store, StoreError};

const SELECT: &str = "SELECT id, parties_sealed, direction, trunk, start_ms, answer_ms, end_ms, disposition, \
                      hangup_side, sip_status FROM cdrs";

/// Which of a customer's CDRs a read wants.
pub(super) enum Filter {
    /// All of them.
    All,
    /// Those whose caller or callee is one of `numbers`, found by their
    /// blind indexes (`indexes[i]` = caller and callee index of `numbers[i]`).
    Parties { numbers: Vec<String>, indexes: Vec<(Vec<u8>, Vec<u8>)> },
}

impl Filter {
    /// The CDRs of `numbers` of the customer whose blind-index key is `key`.
    pub(super) fn parties(key: &IndexKey, numbers: Vec<String>) -> Self {
        let indexes =
            numbers.iter().map(|n| (index_of(key, CALLER_INDEX, n), index_of(key, CALLEE_INDEX, n))).collect();
        Self::Parties { numbers, indexes }
    }

    /// The `AND …` clause, its placeholders numbered from `$first`, and how many it binds.
    pub(super) fn clause(&self, first: usize) -> (String, usize) {
        match self {
            Self::All => (String::new(), 0),
            Self::Parties { indexes, .. } => {
                let list = |from: usize| (from..from + indexes.len()).map(|i| format!("${i}")).collect::<Vec<_>>();
                let (callers, callees) = (list(first), list(first + indexes.len()));
                let clause = format!(
                    " AND (caller_index IN ({}) OR callee_index IN ({}))",
                    callers.join(", "),
                    callees.join(", ")
                );
                (clause, 2 * indexes.len())
            }
        }
    }

    /// The clause's values, in placeholder order.
    pub(super) fn values(&self) -> impl Iterator<Item = Vec<u8>> + '_ {
        let indexes = match self {
            Self::All => &[][..],
            Self::Parties { indexes, .. } => &indexes[..],
        };
        indexes.iter().map(|(caller, _)| caller.clone()).chain(indexes.iter().map(|(_, callee)| callee.clone()))
    }

    fn bind<'q>(&self, mut query: Query<'q>) -> Query<'q> {
        for value in self.values() {
            query = query.bind(value);
        }
        query
    }

    /// Whether `cdr` is really one the filter wants (a blind index, cut to
    /// a few bytes, may collide).
    pub(super) fn keeps(&self, cdr: &Cdr) -> bool {
        match self {
            Self::All => true,
            Self::Parties { numbers, .. } => numbers.iter().any(|n| *n == cdr.caller || *n == cdr.callee),
        }
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

impl Store {
    /// `customer`'s CDRs that started before `before_ms` (all, if `None`),
    /// newest first: `limit` of them, or a few more so as not to split a
    /// millisecond (see the module doc), if the CPNI gate allows `request`
    /// (the decision is audited as `cdr.read`; a refusal is
    /// [`StoreError::CpniDenied`]). A sealed value that does not open is an
    /// error ([`StoreError::Unauthentic`]), never skipped.
    pub async fn cdrs_page(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        let permit = self.permit(request, customer, CpniKind::CallDetail, "cdr.read").await?;
        self.cdrs_page_permitted(&permit, before_ms, limit).await
    }

    /// Like [`Store::cdrs_page`], only the CDRs whose caller or callee is
    /// exactly `number` (as the call carried it), found by blind index. The
    /// audit record names the customer, never the number (`cdr.read_party`).
    pub async fn cdrs_for_party(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        number: &str,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        let permit = self.permit(request, customer, CpniKind::CallDetail, "cdr.read_party").await?;
        self.cdrs_for_party_permitted(&permit, number, before_ms, limit).await
    }

    /// `customer`'s CDRs of the extensions assigned to `owner` (their
    /// own calls, issue 5 item 4), like [`Store::cdrs_page`]; the gate
    /// decides for `owner`'s records and audits it as `cdr.read_own`.
    pub async fn own_cdrs_page(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        owner: &PersonId,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        let permit = self.permit_of(request, customer, Some(owner), CpniKind::CallDetail, "cdr.read_own").await?;
        self.cdrs_page_permitted(&permit, before_ms, limit).await
    }

    /// The raw page reader: only with the gate's permit for this customer's
    /// call detail, and only of its owner's numbers if it names one.
    pub(crate) async fn cdrs_page_permitted(
        &self,
        permit: &Permit,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        let (customer, owner) = check_scoped_permit(permit, CpniKind::CallDetail)?;
        let Some(filter) = self.permitted_filter(customer, owner).await? else { return Ok(Vec::new()) };
        let mut cdrs = self.read_page(customer, &filter, before_ms, limit).await?;
        cdrs.retain(|cdr| filter.keeps(cdr));
        Ok(cdrs)
    }

    /// What a permit opens: the whole customer's CDRs, or those of the
    /// extensions assigned to its owner (none when they have no extension).
    pub(super) async fn permitted_filter(
        &self,
        customer: &TenantId,
        owner: Option<&PersonId>,
    ) -> Result<Option<Filter>, StoreError> {
        let Some(owner) = owner else { return Ok(Some(Filter::All)) };
        let numbers = self.numbers_of(customer, owner).await?;
        if numbers.is_empty() {
            return Ok(None);
        }
        let key = self.keyring.index_key(customer).await?;
        Ok(Some(Filter::parties(&key, numbers)))
    }

    /// The raw party reader: only with the gate's permit.
    async fn cdrs_for_party_permitted(
        &self,
        permit: &Permit,
        number: &str,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        let customer = check_permit(permit, CpniKind::CallDetail)?;
        let key = self.keyring.index_key(customer).await?;
        let filter = Filter::parties(&key, vec![number.to_owned()]);
        let mut cdrs = self.read_page(customer, &filter, before_ms, limit).await?;
        cdrs.retain(|cdr| filter.keeps(cdr));
        Ok(cdrs)
    }

    /// The raw page reader without a gate decision, for `bench/gate.sh`'s
    /// baseline only (feature `bench-internals`, never in a product build).
    #[cfg(feature = "bench-internals")]
    pub async fn cdrs_page_ungated(
        &self,
        customer: &TenantId,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        self.read_page(customer, &Filter::All, before_ms, limit).await
    }

    /// How many CDRs `customer` has.
    pub async fn count_cdrs(&self, customer: &TenantId) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cdrs WHERE tenant_id = $1")
            .bind(&customer.0)
            .fetch_one(&self.pool)
            .await?;
        u64::try_from(count).map_err(|_| StoreError::Corrupt("negative count"))
    }

    async fn read_page(
        &self,
        customer: &TenantId,
        filter: &Filter,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Cdr>, StoreError> {
        let (clause, bound) = filter.clause(2);
        let sql = format!(
            "{SELECT} WHERE tenant_id = $1{clause} AND start_ms < ${} ORDER BY start_ms DESC, id DESC LIMIT ${}",
            bound + 2,
            bound + 3
        );
        let query = filter.bind(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&customer.0));
        let query = query.bind(before_ms.unwrap_or(i64::MAX)).bind(i64::from(limit));
        let mut rows = query.fetch_all(&self.pool).await?;
        if limit > 0 && rows.len() == limit as usize {
            rows.extend(self.rest_of_last_ms(customer, filter, &rows[rows.len() - 1]).await?);
        }
        self.open_rows(customer, &rows).await
    }

    /// The CDRs that started in the same millisecond as `last` and come
    /// after it in page order.
    async fn rest_of_last_ms(
        &self,
        customer: &TenantId,
        filter: &Filter,
        last: &AnyRow,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let (clause, bound) = filter.clause(2);
        let sql = format!(
            "{SELECT} WHERE tenant_id = $1{clause} AND start_ms = ${} AND id < ${} ORDER BY id DESC",
            bound + 2,
            bound + 3
        );
        let query = filter.bind(sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&customer.0));
        let query = query.bind(last.try_get::<i64, _>("start_ms")?).bind(last.try_get::<String, _>("id")?);
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// The rows as CDRs of `customer`, their sealed values opened.
    pub(super) async fn open_rows(&self, customer: &TenantId, rows: &[AnyRow]) -> Result<Vec<Cdr>, StoreError> {
        let keys = self.row_keys(customer, rows).await?;
        rows.iter().map(|row| cdr_from_row(customer, &keys, row)).collect()
    }

    /// Every data key version the rows' sealed values name, each fetched
    /// once; a version `customer` has no key of is left out (its values
    /// then fail to open as [`StoreError::Unauthentic`]).
    async fn row_keys(&self, customer: &TenantId, rows: &[AnyRow]) -> Result<HashMap<u32, Arc<DataKey>>, StoreError> {
        let mut keys = HashMap::new();
        for row in rows {
            let version = sealed_key_version(row.try_get("parties_sealed")?)?;
            if keys.contains_key(&version) {
                continue;
            }
            match self.keyring.data_key_version(customer, version).await {
                Ok(key) => keys.insert(version, key),
                Err(StoreError::NoDataKey { .. }) => continue,
                Err(other) => return Err(other),
            };
        }
        Ok(keys)
    }
}

/// One row as a CDR of `customer`.
fn cdr_from_row(customer: &TenantId, keys: &HashMap<u32, Arc<DataKey>>, row: &AnyRow) -> Result<Cdr, StoreError> {
    let id: String = row.try_get("id")?;
    let sealed: &[u8] = row.try_get("parties_sealed")?;
    let key = keys.get(&sealed_key_version(sealed)?).ok_or(StoreError::Unauthentic)?;
    let (caller, callee, did) = parties::decode(&open(key, sealed, &Aad::new(TABLE, PARTIES, &id))?)?;
    let sip_status: i64 = row.try_get("sip_status")?;
    Ok(Cdr {
        id: CdrId(id),
        customer: customer.clone(),
        caller,
        callee,
        direction: stored(row, "direction", CallDirection::from_stored)?,
        trunk: row.try_get("trunk")?,
        did,
        start_ms: row.try_get("start_ms")?,
        answer_ms: row.try_get("answer_ms")?,
        end_ms: row.try_get("end_ms")?,
        disposition: stored(row, "disposition", Disposition::from_stored)?,
        hangup: stored(row, "hangup_side", HangupSide::from_stored)?,
        sip_status: u16::try_from(sip_status).map_err(|_| StoreError::Corrupt("CDR SIP status"))?,
    })
}

/// An enum column parsed with `parse`.
fn stored<T>(row: &AnyRow, column: &'static str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let name: &str = row.try_get(column)?;
    parse(name).ok_or(StoreError::Corrupt(column))
}
