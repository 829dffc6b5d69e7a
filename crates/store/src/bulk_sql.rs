//! Multi-row statements written as SQL for the bulk paths. Building them through sea-query
//! from active models cloned every value twice, rendered the statement anew each time, and had
//! sqlx format every timestamp through chrono's format-string interpreter (~10,000 instructions
//! a value on SQLite): a third of a 1,000-user batch (callgrind).

use chrono::NaiveDateTime;
use sea_orm::sea_query::Value;
use sea_orm::{
    ActiveModelTrait, DbBackend, EntityName, EntityTrait, IdenStatic, Iterable, Statement,
};
use std::fmt::Write;

/// A multi-row INSERT of active models: the columns they set (in the entity's order, the
/// `NotSet` id left to the database) and their values, row after row. The column mapping stays
/// the entity's own `to_active`, written once for the single and the bulk paths.
pub(crate) struct Rows {
    table: &'static str,
    columns: Vec<&'static str>,
    values: Vec<Value>,
    count: usize,
}

impl Rows {
    /// Every model must set the same columns.
    pub(crate) fn of<A: ActiveModelTrait>(
        backend: DbBackend,
        models: impl IntoIterator<Item = A>,
    ) -> Rows {
        let mut rows = Rows {
            table: A::Entity::default().table_name(),
            columns: Vec::new(),
            values: Vec::new(),
            count: 0,
        };
        // rows of a batch mostly share their timestamps: format each one once
        let mut last_time = None;
        for mut model in models {
            for column in <A::Entity as EntityTrait>::Column::iter() {
                if let Some(value) = model.take(column).into_value() {
                    if rows.count == 0 {
                        rows.columns.push(column.as_str());
                    }
                    rows.values
                        .push(for_backend(backend, value, &mut last_time));
                }
            }
            rows.count += 1;
        }
        rows
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// `INSERT INTO … VALUES …` of these rows.
    pub(crate) fn insert(self, backend: DbBackend) -> Statement {
        self.statement(backend, |_| {})
    }

    /// The INSERT, updating `updated` from the new row on a clash on `keys`.
    pub(crate) fn upsert(self, backend: DbBackend, keys: &[&str], updated: &[&str]) -> Statement {
        self.statement(backend, |sql| {
            on_conflict_update(backend, sql, keys, updated)
        })
    }

    /// The INSERT followed by `clause`, a conflict clause the caller writes for `backend`
    /// (when the new row's values are not simply taken, as [`Rows::upsert`] does).
    pub(crate) fn insert_then(self, backend: DbBackend, clause: &str) -> Statement {
        self.statement(backend, |sql| sql.push_str(clause))
    }

    fn statement(self, backend: DbBackend, tail: impl FnOnce(&mut String)) -> Statement {
        let mut sql = insert_sql(backend, self.table, &self.columns, self.count);
        tail(&mut sql);
        Statement::from_sql_and_values(backend, sql, self.values)
    }
}

/// A value as bound for `backend`. SQLite timestamps become the text sqlx would write for them,
/// formatted here: sqlx formats through chrono's format-string interpreter, ~10,000
/// instructions a value. `last` keeps the latest one formatted.
fn for_backend(
    backend: DbBackend,
    value: Value,
    last: &mut Option<(NaiveDateTime, Value)>,
) -> Value {
    match (backend, value) {
        (DbBackend::Sqlite, Value::ChronoDateTime(Some(at))) => match last {
            Some((seen, text)) if *seen == at => text.clone(),
            _ => {
                let text = Value::String(Some(sqlite_datetime(&at)));
                *last = Some((at, text.clone()));
                text
            }
        },
        (DbBackend::Sqlite, Value::ChronoDateTime(None)) => Value::String(None),
        (_, value) => value,
    }
}

fn quote(backend: DbBackend) -> char {
    if backend == DbBackend::MySql {
        '`'
    } else {
        '"'
    }
}

/// `INSERT INTO table (columns) VALUES (…), …` for `rows` rows, quoted and numbered for
/// `backend`; values are bound row by row in `columns` order.
fn insert_sql(backend: DbBackend, table: &str, columns: &[&str], rows: usize) -> String {
    let q = quote(backend);
    let mut sql = String::with_capacity(100 + columns.len() * (20 + rows * 6));
    let _ = write!(sql, "INSERT INTO {q}{table}{q} (");
    for (n, column) in columns.iter().enumerate() {
        let sep = if n == 0 { "" } else { ", " };
        let _ = write!(sql, "{sep}{q}{column}{q}");
    }
    sql.push_str(") VALUES ");
    let mut param = 0;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for n in 0..columns.len() {
            param += 1;
            if n > 0 {
                sql.push_str(", ");
            }
            if backend == DbBackend::Postgres {
                let _ = write!(sql, "${param}");
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// What an upsert appends to `insert_sql`: on a clash on `keys`, `updated` take the new row's
/// values.
fn on_conflict_update(backend: DbBackend, sql: &mut String, keys: &[&str], updated: &[&str]) {
    let q = quote(backend);
    if backend == DbBackend::MySql {
        // MySQL names no conflict target: the clash is on whichever unique key
        sql.push_str(" ON DUPLICATE KEY UPDATE ");
        for (n, column) in updated.iter().enumerate() {
            let sep = if n == 0 { "" } else { ", " };
            let _ = write!(sql, "{sep}{q}{column}{q} = VALUES({q}{column}{q})");
        }
        return;
    }
    sql.push_str(" ON CONFLICT (");
    for (n, key) in keys.iter().enumerate() {
        let sep = if n == 0 { "" } else { ", " };
        let _ = write!(sql, "{sep}{q}{key}{q}");
    }
    sql.push_str(") DO UPDATE SET ");
    for (n, column) in updated.iter().enumerate() {
        let sep = if n == 0 { "" } else { ", " };
        let _ = write!(sql, "{sep}{q}{column}{q} = {q}excluded{q}.{q}{column}{q}");
    }
}

/// `at` as sqlx-sqlite encodes a `NaiveDateTime` (`%F %T%.f`: fraction omitted when zero, else
/// 3, 6 or 9 digits).
fn sqlite_datetime(at: &NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&at.year()) || at.nanosecond() >= 1_000_000_000 {
        // signed or 5-digit years, leap seconds: rare enough for the general formatter
        return at.format("%F %T%.f").to_string();
    }
    let mut s = String::with_capacity(29);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let nano = at.nanosecond();
    let _ = if nano == 0 {
        Ok(())
    } else if nano.is_multiple_of(1_000_000) {
        write!(s, ".{:03}", nano / 1_000_000)
    } else if nano.is_multiple_of(1_000) {
        write!(s, ".{:06}", nano / 1_000)
    } else {
        write!(s, ".{nano:09}")
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn sqlite_datetime_is_what_sqlx_writes() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let mut cases: Vec<NaiveDateTime> = [
            0,
            1_000_000,
            120_000_000,
            1_000,
            123_456_000,
            1,
            999_999_999,
        ]
        .iter()
        .map(|&nano| day.and_hms_nano_opt(7, 5, 9, nano).unwrap())
        .collect();
        for (y, m, d, h) in [
            (1, 1, 1, 0),
            (9999, 12, 31, 23),
            (12345, 1, 2, 3),
            (-44, 3, 15, 12),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            cases.push(date.and_hms_opt(h, 59, 59).unwrap());
        }
        cases.push(day.and_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap()); // leap second
        for at in cases {
            assert_eq!(
                sqlite_datetime(&at),
                at.format("%F %T%.f").to_string(),
                "{at:?}"
            );
        }
    }

    #[test]
    fn statements_per_backend() {
        let cols = ["a", "b"];
        assert_eq!(
            insert_sql(DbBackend::Postgres, "user", &cols, 2),
            r#"INSERT INTO "user" ("a", "b") VALUES ($1, $2), ($3, $4)"#
        );
        assert_eq!(
            insert_sql(DbBackend::Sqlite, "user", &cols, 1),
            r#"INSERT INTO "user" ("a", "b") VALUES (?, ?)"#
        );
        let mut sql = insert_sql(DbBackend::MySql, "t", &cols, 1);
        on_conflict_update(DbBackend::MySql, &mut sql, &["a"], &["b"]);
        assert_eq!(
            sql,
            "INSERT INTO `t` (`a`, `b`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `b` = VALUES(`b`)"
        );
        let mut sql = insert_sql(DbBackend::Sqlite, "t", &cols, 1);
        on_conflict_update(DbBackend::Sqlite, &mut sql, &["a"], &["b"]);
        assert_eq!(
            sql,
            r#"INSERT INTO "t" ("a", "b") VALUES (?, ?) ON CONFLICT ("a") DO UPDATE SET "b" = "excluded"."b""#
        );
    }
}
