//! Multi-row statements written as SQL for the bulk paths. Building them through sea-query
//! from active models cloned every value twice, rendered the statement anew each time, and had
//! sqlx format every timestamp through chrono's format-string interpreter (~10,000 instructions
//! a value on SQLite): a third of a 1,000-user batch (callgrind).

use sea_orm::sea_query::Value;
use sea_orm::DbBackend;
use std::fmt::Write;

fn quote(backend: DbBackend) -> char {
    if backend == DbBackend::MySql {
        '`'
    } else {
        '"'
    }
}

/// `INSERT INTO table (columns) VALUES (…), …` for `rows` rows, quoted and numbered for
/// `backend`; values are bound row by row in `columns` order.
pub(crate) fn insert_sql(backend: DbBackend, table: &str, columns: &[&str], rows: usize) -> String {
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
pub(crate) fn on_conflict_update(
    backend: DbBackend,
    sql: &mut String,
    keys: &[&str],
    updated: &[&str],
) {
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

/// A timestamp value. SQLite stores the text sqlx would write for it, formatted here: sqlx
/// formats through chrono's format-string interpreter, ~10,000 instructions a value.
pub(crate) fn datetime(backend: DbBackend, at: Option<chrono::NaiveDateTime>) -> Value {
    match backend {
        DbBackend::Sqlite => Value::String(at.map(|at| sqlite_datetime(&at))),
        _ => Value::from(at),
    }
}

/// `at` as sqlx-sqlite encodes a `NaiveDateTime` (`%F %T%.f`: fraction omitted when zero, else
/// 3, 6 or 9 digits).
fn sqlite_datetime(at: &chrono::NaiveDateTime) -> String {
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
    use chrono::{NaiveDate, NaiveDateTime};

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
        cases.push(
            NaiveDate::from_ymd_opt(1, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        );
        cases.push(
            NaiveDate::from_ymd_opt(9999, 12, 31)
                .unwrap()
                .and_hms_opt(23, 59, 59)
                .unwrap(),
        );
        cases.push(
            NaiveDate::from_ymd_opt(12345, 1, 2)
                .unwrap()
                .and_hms_opt(3, 4, 5)
                .unwrap(),
        );
        cases.push(
            NaiveDate::from_ymd_opt(-44, 3, 15)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
        );
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
