//! Hand-written SQL on Chamilo's tables: statements with bound values, rows into structs,
//! and the value rules Chamilo's columns impose (widths, 3-byte utf8, zero dates).

use chamilo_core::{CoreError, CoreResult};
use sea_orm::{
    ConnectionTrait, DbBackend, DbErr, ExecResult, FromQueryResult, SqlErr, Statement, Value,
};

pub(crate) fn storage(err: DbErr) -> CoreError {
    CoreError::Storage(err.to_string())
}

/// For writes that can hit one of Chamilo's unique indexes: that violation means `conflict`.
pub(crate) fn conflict(conflict: chamilo_core::Conflict) -> impl FnOnce(DbErr) -> CoreError {
    move |err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => CoreError::AlreadyExists(conflict),
        _ => storage(err),
    }
}

pub(crate) fn stmt(sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(DbBackend::MySql, sql, values)
}

pub(crate) async fn all<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Vec<T>> {
    T::find_by_statement(stmt(sql, values))
        .all(db)
        .await
        .map_err(storage)
}

pub(crate) async fn one<T: FromQueryResult>(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Option<T>> {
    T::find_by_statement(stmt(sql, values))
        .one(db)
        .await
        .map_err(storage)
}

pub(crate) async fn exec(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<ExecResult> {
    db.execute_raw(stmt(sql, values)).await.map_err(storage)
}

/// A single integer column (`COUNT(*)`, an id), or `None` for no row.
#[derive(FromQueryResult)]
pub(crate) struct Num {
    pub n: i64,
}

pub(crate) async fn number(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Option<i64>> {
    Ok(one::<Num>(db, sql, values).await?.map(|r| r.n))
}

/// Ids in one column named `n`.
pub(crate) async fn numbers(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Vec<i64>> {
    Ok(all::<Num>(db, sql, values)
        .await?
        .into_iter()
        .map(|r| r.n)
        .collect())
}

/// `value` as a column of `max` characters holds it, or an error naming `field`: Chamilo's
/// columns are narrower than the gateway's own and hold only 3-byte utf8, and a strict
/// connection would refuse the row with a database error instead.
pub(crate) fn fit(field: &'static str, value: &str, max: usize) -> CoreResult<String> {
    if value.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!("longer than the {max} characters the platform's column holds"),
        ));
    }
    if value.chars().any(|c| c.len_utf8() > 3) {
        return Err(CoreError::invalid(
            field,
            "has characters (such as emoji) the platform's utf8 columns cannot hold",
        ));
    }
    Ok(value.to_string())
}

/// [`fit`] for a nullable column: `None` stays NULL.
pub(crate) fn fit_nullable(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> CoreResult<Option<String>> {
    value.map(|v| fit(field, v, max)).transpose()
}

/// A DATETIME column read with zero dates (`0000-00-00`, written by Chamilo's own batch
/// inserts) as NULL.
pub(crate) fn date(column: &str) -> String {
    // the CAST keeps the DATETIME type IF() would otherwise turn into a string
    format!("CAST(IF({column} < '1000-01-01', NULL, {column}) AS DATETIME)")
}

/// `?, ?, …` for `n` values.
pub(crate) fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_names_the_field_and_the_limit() {
        assert_eq!(fit("firstname", "Jane", 60).unwrap(), "Jane");
        let long = fit("firstname", &"é".repeat(61), 60).unwrap_err();
        assert_eq!(
            long,
            CoreError::invalid(
                "firstname",
                "longer than the 60 characters the platform's column holds"
            )
        );
        assert!(fit("lastname", "Doe 😀", 60).is_err());
        assert_eq!(marks(3), "?, ?, ?");
    }
}
