//! A filtered, keyset-paginated read of a customer's CDRs for the JSON API
//! (issue 6 item 3): a time window, a direction and a disposition, newest
//! first. CDRs are CPNI (47 CFR 64.2003(d)): the read goes through the gate
//! (`crate::cpni`) and is audited as `cdr.read`, like [`Store::cdrs_page`].
//!
//! Pages are cut by the key `(start_ms, id)`, both descending, so a page
//! boundary never skips or repeats a CDR even inside one millisecond.

use access::PersonId;
use compliance::{CpniKind, CpniRequest, Permit};
use model::{CallDirection, Cdr, Disposition, TenantId};

use super::read::Filter;
use crate::cpni::check_scoped_permit;
use crate::{Store, StoreError};

/// Where a page starts: after the CDR with this key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CdrCursor {
    /// The last CDR's start, Unix milliseconds.
    pub start_ms: i64,
    /// The last CDR's id.
    pub id: String,
}

/// Which of a customer's CDRs to read, and how many.
#[derive(Debug, Clone, Default)]
pub struct CdrQuery {
    /// Only CDRs that started at or after this instant (Unix ms).
    pub from_ms: Option<i64>,
    /// Only CDRs that started before this instant (Unix ms).
    pub to_ms: Option<i64>,
    /// Only this direction.
    pub direction: Option<CallDirection>,
    /// Only this disposition.
    pub disposition: Option<Disposition>,
    /// Continue after this CDR.
    pub after: Option<CdrCursor>,
    /// At most this many.
    pub limit: u32,
}

/// One bound value of the query.
enum Value {
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Store {
    /// `customer`'s CDRs matching `query`, newest first, and the cursor of
    /// the next page if there is one, if the CPNI gate allows `request`.
    pub async fn cdrs_query(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        query: &CdrQuery,
    ) -> Result<(Vec<Cdr>, Option<CdrCursor>), StoreError> {
        let permit = self.permit(request, customer, CpniKind::CallDetail, "cdr.read").await?;
        self.cdrs_query_permitted(&permit, query).await
    }

    /// Like [`Store::cdrs_query`], only the calls of the extensions
    /// assigned to `owner` (their own calls, issue 5 item 4); the gate
    /// decides for `owner`'s records and audits it as `cdr.read_own`.
    pub async fn own_cdrs_query(
        &self,
        request: &CpniRequest,
        customer: &TenantId,
        owner: &PersonId,
        query: &CdrQuery,
    ) -> Result<(Vec<Cdr>, Option<CdrCursor>), StoreError> {
        let permit = self.permit_of(request, customer, Some(owner), CpniKind::CallDetail, "cdr.read_own").await?;
        self.cdrs_query_permitted(&permit, query).await
    }

    async fn cdrs_query_permitted(
        &self,
        permit: &Permit,
        query: &CdrQuery,
    ) -> Result<(Vec<Cdr>, Option<CdrCursor>), StoreError> {
        let (customer, owner) = check_scoped_permit(permit, CpniKind::CallDetail)?;
        let Some(filter) = self.permitted_filter(customer, owner).await? else { return Ok((Vec::new(), None)) };
        let (sql, values) = statement(customer, &filter, query);
        let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in values {
            statement = match value {
                Value::Int(v) => statement.bind(v),
                Value::Text(v) => statement.bind(v),
                Value::Bytes(v) => statement.bind(v),
            };
        }
        let mut rows = statement.fetch_all(&self.pool).await?;
        let more = rows.len() > query.limit as usize;
        rows.truncate(query.limit as usize);
        let mut cdrs = self.open_rows(customer, &rows).await?;
        let next = more.then(|| cdrs.last().map(|c| CdrCursor { start_ms: c.start_ms, id: c.id.0.clone() })).flatten();
        cdrs.retain(|cdr| filter.keeps(cdr));
        Ok((cdrs, next))
    }
}

/// The SELECT for `query` (one row more than the limit, to see whether
/// another page follows) and its values in placeholder order.
fn statement(customer: &TenantId, filter: &Filter, query: &CdrQuery) -> (String, Vec<Value>) {
    let mut values = vec![Value::Text(customer.0.clone())];
    let mut sql = String::from(
        "SELECT id, parties_sealed, direction, trunk, start_ms, answer_ms, end_ms, disposition, hangup_side, \
         sip_status FROM cdrs WHERE tenant_id = $1",
    );
    let (parties, _) = filter.clause(values.len() + 1);
    sql.push_str(&parties);
    values.extend(filter.values().map(Value::Bytes));
    let mut push = |clause: &str, value: Value, values: &mut Vec<Value>| {
        values.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", values.len())));
    };
    if let Some(from) = query.from_ms {
        push(" AND start_ms >= ?", Value::Int(from), &mut values);
    }
    if let Some(to) = query.to_ms {
        push(" AND start_ms < ?", Value::Int(to), &mut values);
    }
    if let Some(direction) = query.direction {
        push(" AND direction = ?", Value::Text(direction.as_str().to_owned()), &mut values);
    }
    if let Some(disposition) = query.disposition {
        push(" AND disposition = ?", Value::Text(disposition.as_str().to_owned()), &mut values);
    }
    if let Some(after) = &query.after {
        push(" AND (start_ms < ?", Value::Int(after.start_ms), &mut values);
        push(" OR (start_ms = ?", Value::Int(after.start_ms), &mut values);
        push(" AND id < ?))", Value::Text(after.id.clone()), &mut values);
    }
    push(" ORDER BY start_ms DESC, id DESC LIMIT ?", Value::Int(i64::from(query.limit) + 1), &mut values);
    (sql, values)
}
