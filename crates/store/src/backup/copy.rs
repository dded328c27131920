//! Copying a database's rows table by table between PostgreSQL and an
//! SQLite file of the same schema (issue 3 item 6): how a PostgreSQL store
//! is backed up into the same archive as an SQLite one, and how an archive
//! is restored into PostgreSQL (`postgres`).
//!
//! - Tables and columns are the SQLite file's (`sqlite_schema`,
//!   `pragma_table_info`), less `_sqlx_migrations`. Both sides must have
//!   applied the same migrations and have the same tables and columns, or
//!   the copy refuses, naming the difference ([`check_same_schema`]).
//! - Order: each table after the tables its foreign keys reference
//!   (`pragma_foreign_key_list`), and in a table that references itself (a
//!   customer's reseller) each row after the row it references, so the
//!   target keeps its constraints and triggers on.
//! - Values are copied as stored (integers, reals, text, bytes): sealed
//!   columns are bytes and are never opened, so the copy stays encrypted.
//!   A NULL is bound with the column's PostgreSQL type (PostgreSQL types
//!   every parameter; SQLite takes any).
//! - The rows migrations seed ([`SEEDED`]) are replaced by the source's.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use futures_util::TryStreamExt;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row, ValueRef};

use crate::sql::values_list;
use crate::{Backend, StoreError};

/// Tables whose rows the migrations insert (single-row state), replaced on copy.
pub(super) const SEEDED: &[&str] = &["audit_tail", "change_counters"];

/// Bound parameters per multi-row INSERT at most (both databases allow more).
const PARAMETERS_PER_INSERT: usize = 30_000;
/// Rows per multi-row INSERT at most.
const ROWS_PER_INSERT: usize = 500;

/// One table to copy.
#[derive(Debug, Clone)]
pub(super) struct Table {
    pub(super) name: String,
    columns: Vec<String>,
    /// (column, referenced column) of each foreign key to the table itself.
    self_refs: Vec<(usize, usize)>,
}

/// A column's type as binding a value needs it (from PostgreSQL's schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Int,
    Real,
    Text,
    Bytes,
    Bool,
}

/// Each table's column kinds, in the table's column order.
pub(super) type Kinds = HashMap<String, Vec<Kind>>;

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

/// The tables of the SQLite database on `conn`, each after those it references.
pub(super) async fn sqlite_tables(conn: &mut AnyConnection) -> Result<Vec<Table>, StoreError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut tables = BTreeMap::new();
    for name in names {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        let keys = sqlx::query("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list($1)")
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        let mut referenced = BTreeSet::new();
        let mut self_refs = Vec::new();
        for key in keys {
            let (other, from, to): (String, String, Option<String>) =
                (key.try_get(0)?, key.try_get(1)?, key.try_get(2)?);
            if other != name {
                referenced.insert(other);
                continue;
            }
            let position = |column: &str| columns.iter().position(|c| c == column);
            match (position(&from), to.as_deref().and_then(position)) {
                (Some(from), Some(to)) => self_refs.push((from, to)),
                _ => return Err(mismatch(format!("table {name}'s foreign key to itself names no column"))),
            }
        }
        for column in std::iter::once(&name).chain(&columns) {
            check_identifier(column)?;
        }
        tables.insert(name.clone(), (Table { name, columns, self_refs }, referenced));
    }
    referenced_first(tables)
}

/// Kahn's algorithm over the tables, by name where the order is free.
fn referenced_first(mut pending: BTreeMap<String, (Table, BTreeSet<String>)>) -> Result<Vec<Table>, StoreError> {
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let placed: HashSet<&String> = ordered.iter().map(|table: &Table| &table.name).collect();
        let ready =
            pending.iter().find(|(_, (_, refs))| refs.iter().all(|r| placed.contains(r))).map(|(n, _)| n.clone());
        let Some(ready) = ready else {
            return Err(mismatch("the tables' foreign keys form a cycle or name a missing table".into()));
        };
        let (table, _) = pending.remove(&ready).expect("found above");
        ordered.push(table);
    }
    Ok(ordered)
}

/// Checks that the SQLite database on `sqlite` and the PostgreSQL one on
/// `postgres` applied the same migrations and have the same tables and
/// columns; each table's column kinds.
pub(super) async fn check_same_schema(
    sqlite: &mut AnyConnection,
    postgres: &mut AnyConnection,
    tables: &[Table],
) -> Result<Kinds, StoreError> {
    if migrations(sqlite).await? != migrations(postgres).await? {
        return Err(mismatch("they applied different migrations".into()));
    }
    let rows = sqlx::query(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(data_type AS TEXT) \
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *postgres)
    .await?;
    let mut columns: HashMap<String, HashMap<String, String>> = HashMap::new();
    for row in rows {
        let (table, column, kind): (String, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        columns.entry(table).or_default().insert(column, kind);
    }
    let mut kinds = Kinds::new();
    for table in tables {
        let Some(theirs) = columns.remove(&table.name) else {
            return Err(mismatch(format!("PostgreSQL has no table {}", table.name)));
        };
        kinds.insert(table.name.clone(), table_kinds(table, &theirs)?);
    }
    match columns.into_keys().next() {
        Some(extra) => Err(mismatch(format!("SQLite has no table {extra}"))),
        None => Ok(kinds),
    }
}

/// The kinds of `table`'s columns, given PostgreSQL's `column → data_type`.
fn table_kinds(table: &Table, postgres: &HashMap<String, String>) -> Result<Vec<Kind>, StoreError> {
    if postgres.len() != table.columns.len() {
        return Err(mismatch(format!("table {} has different columns", table.name)));
    }
    let kind = |column: &String| -> Result<Kind, StoreError> {
        match postgres.get(column).map(String::as_str) {
            Some("bigint" | "integer" | "smallint") => Ok(Kind::Int),
            Some("double precision" | "real") => Ok(Kind::Real),
            Some("text" | "character varying") => Ok(Kind::Text),
            Some("bytea") => Ok(Kind::Bytes),
            Some("boolean") => Ok(Kind::Bool),
            Some(other) => Err(mismatch(format!("column {}.{column} has type {other}", table.name))),
            None => Err(mismatch(format!("PostgreSQL has no column {}.{column}", table.name))),
        }
    };
    table.columns.iter().map(kind).collect()
}

/// The versions of the migrations applied, in order.
async fn migrations(conn: &mut AnyConnection) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version")
        .fetch_all(&mut *conn)
        .await?)
}

/// The first of `tables` (other than [`SEEDED`]) that has a row, if any.
pub(super) async fn first_with_rows(conn: &mut AnyConnection, tables: &[Table]) -> Result<Option<String>, StoreError> {
    for table in tables.iter().filter(|table| !SEEDED.contains(&table.name.as_str())) {
        let sql = format!("SELECT 1 FROM {} LIMIT 1", quoted(&table.name));
        if sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_optional(&mut *conn).await?.is_some() {
            return Ok(Some(table.name.clone()));
        }
    }
    Ok(None)
}

/// Copies every row of `tables` from `from` into `to` (a `backend`
/// database whose tables are empty but for [`SEEDED`] rows); rows copied.
pub(super) async fn copy_tables(
    from: &mut AnyConnection,
    to: &mut AnyConnection,
    backend: Backend,
    tables: &[Table],
    kinds: &Kinds,
) -> Result<u64, StoreError> {
    let mut copied = 0;
    for table in tables {
        let kinds = kinds.get(&table.name).ok_or_else(|| mismatch(format!("no column types of {}", table.name)))?;
        if SEEDED.contains(&table.name.as_str()) {
            let sql = format!("DELETE FROM {}", quoted(&table.name));
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *to).await?;
        }
        copied += copy_table(from, to, backend, table, kinds).await?;
    }
    Ok(copied)
}

async fn copy_table(
    from: &mut AnyConnection,
    to: &mut AnyConnection,
    backend: Backend,
    table: &Table,
    kinds: &[Kind],
) -> Result<u64, StoreError> {
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
    let select = format!("SELECT {} FROM {}", columns.join(", "), quoted(&table.name));
    let per_insert = (PARAMETERS_PER_INSERT / columns.len().max(1)).clamp(1, ROWS_PER_INSERT);
    let insert = Insert { backend, table, columns: columns.join(", "), kinds };
    if !table.self_refs.is_empty() {
        let rows = sqlx::query(sqlx::AssertSqlSafe(select)).fetch_all(&mut *from).await?;
        let rows = rows.iter().map(read_row).collect::<Result<Vec<_>, _>>()?;
        let rows = referenced_rows_first(table, rows)?;
        for batch in rows.chunks(per_insert) {
            insert.run(to, batch).await?;
        }
        return Ok(rows.len() as u64);
    }
    let mut stream = sqlx::query(sqlx::AssertSqlSafe(select)).fetch(&mut *from);
    let (mut batch, mut copied) = (Vec::with_capacity(per_insert), 0);
    while let Some(row) = stream.try_next().await? {
        batch.push(read_row(&row)?);
        if batch.len() == per_insert {
            insert.run(to, &batch).await?;
            copied += batch.len() as u64;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert.run(to, &batch).await?;
    }
    Ok(copied + batch.len() as u64)
}

/// The rows of a self-referencing table, each after the row it references.
fn referenced_rows_first(table: &Table, mut pending: Vec<Vec<Value>>) -> Result<Vec<Vec<Value>>, StoreError> {
    let mut placed: HashSet<(usize, String)> = HashSet::new();
    let mut ordered = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let is_ready = |row: &Vec<Value>| {
            let placed_parent = |&(from, to): &(usize, usize)| placed.contains(&(to, format!("{:?}", row[from])));
            table.self_refs.iter().all(|link| row[link.0] == Value::Null || placed_parent(link))
        };
        let (ready, rest): (Vec<_>, Vec<_>) = pending.into_iter().partition(is_ready);
        if ready.is_empty() {
            return Err(StoreError::Corrupt("a row references a row of its own table that is missing"));
        }
        for row in &ready {
            placed.extend(table.self_refs.iter().map(|&(_, to)| (to, format!("{:?}", row[to]))));
        }
        ordered.extend(ready);
        pending = rest;
    }
    Ok(ordered)
}

/// A multi-row INSERT into one table.
struct Insert<'a> {
    backend: Backend,
    table: &'a Table,
    columns: String,
    kinds: &'a [Kind],
}

impl Insert<'_> {
    async fn run(&self, to: &mut AnyConnection, rows: &[Vec<Value>]) -> Result<(), StoreError> {
        let values = values_list(self.backend, rows.len(), self.kinds.len());
        let sql = format!("INSERT INTO {} ({}) VALUES {values}", quoted(&self.table.name), self.columns);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in rows {
            for (value, &kind) in row.iter().zip(self.kinds) {
                query = match (value, kind) {
                    (Value::Null, Kind::Int) => query.bind(None::<i64>),
                    (Value::Null, Kind::Real) => query.bind(None::<f64>),
                    (Value::Null, Kind::Text) => query.bind(None::<String>),
                    (Value::Null, Kind::Bytes) => query.bind(None::<Vec<u8>>),
                    (Value::Null, Kind::Bool) => query.bind(None::<bool>),
                    (Value::Int(int), Kind::Bool) => query.bind(*int != 0),
                    (Value::Int(int), _) => query.bind(*int),
                    (Value::Real(real), _) => query.bind(*real),
                    (Value::Text(text), _) => query.bind(text.clone()),
                    (Value::Bytes(bytes), _) => query.bind(bytes.clone()),
                };
            }
        }
        query.execute(&mut *to).await?;
        Ok(())
    }
}

/// Every value of `row`, as stored.
fn read_row(row: &AnyRow) -> Result<Vec<Value>, StoreError> {
    (0..row.len()).map(|index| read_value(row, index)).collect()
}

fn read_value(row: &AnyRow, index: usize) -> Result<Value, StoreError> {
    use sqlx::any::AnyTypeInfoKind as K;
    let raw = row.try_get_raw(index)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().kind();
    Ok(match kind {
        K::Null => Value::Null,
        K::Bool => Value::Int(i64::from(row.try_get::<bool, _>(index)?)),
        K::SmallInt | K::Integer | K::BigInt => Value::Int(row.try_get(index)?),
        K::Real | K::Double => Value::Real(row.try_get(index)?),
        K::Text => Value::Text(row.try_get(index)?),
        K::Blob => Value::Bytes(row.try_get(index)?),
    })
}

/// `name` in double quotes (it is checked to be a plain lower-case identifier).
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

/// Table and column names come from our own schema; anything but a plain
/// lower-case identifier is refused rather than put into SQL.
fn check_identifier(name: &str) -> Result<(), StoreError> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Ok(());
    }
    Err(mismatch(format!("unexpected table or column name {:?}", name.escape_debug().to_string())))
}

fn mismatch(detail: String) -> StoreError {
    StoreError::BackupSchemaMismatch { detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, refs: &[&str]) -> (String, (Table, BTreeSet<String>)) {
        let table = Table { name: name.into(), columns: vec!["id".into()], self_refs: Vec::new() };
        (name.into(), (table, refs.iter().map(|r| (*r).to_owned()).collect()))
    }

    #[test]
    fn referenced_tables_come_first_and_cycles_are_refused() {
        let tables = BTreeMap::from([table("a", &["c"]), table("b", &[]), table("c", &["b"])]);
        let names: Vec<_> = referenced_first(tables).unwrap().into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["b", "c", "a"]);
        let cycle = BTreeMap::from([table("a", &["b"]), table("b", &["a"])]);
        assert!(matches!(referenced_first(cycle), Err(StoreError::BackupSchemaMismatch { .. })));
    }

    #[test]
    fn referenced_rows_come_first() {
        let tenants =
            Table { name: "tenants".into(), columns: vec!["id".into(), "parent_id".into()], self_refs: vec![(1, 0)] };
        let row = |id: &str, parent: Option<&str>| {
            vec![Value::Text(id.into()), parent.map_or(Value::Null, |p| Value::Text(p.into()))]
        };
        let rows = vec![row("c", Some("b")), row("b", Some("a")), row("a", None), row("d", None)];
        let ordered = referenced_rows_first(&tenants, rows).unwrap();
        let ids: Vec<_> = ordered.iter().map(|r| r[0].clone()).collect();
        assert_eq!(
            ids,
            [Value::Text("a".into()), Value::Text("d".into()), Value::Text("b".into()), Value::Text("c".into())]
        );
        let orphan = vec![row("x", Some("missing"))];
        assert!(referenced_rows_first(&tenants, orphan).is_err());
    }

    #[test]
    fn only_plain_identifiers_go_into_sql() {
        assert!(check_identifier("audit_log").is_ok());
        for bad in ["", "A", "x\"y", "1a", "a b", "a;drop"] {
            assert!(check_identifier(bad).is_err(), "{bad:?}");
        }
    }
}
