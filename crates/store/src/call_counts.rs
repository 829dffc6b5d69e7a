//! `CallCountRepo`: `gateway_call_count`, the call counts per hour and per day that several
//! gateway processes add to at once. Adding is one upsert that adds in the database (never read, add, write back), so
//! concurrent adds to the same row all count.

use crate::bulk_sql::Rows;
use crate::entities::gateway_call_count::{ActiveModel, Column as Col, Entity};
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::CallCountRepo;
use chamilo_core::types::calls::{
    merged_by_key, CallCount, CallGrouping, CallSum, Period, CLIENT_MAX, OPERATION_MAX,
    OUTCOME_MAX, PROTOCOL_MAX,
};
use chamilo_core::{CoreError, CoreResult};
use chrono::NaiveDateTime;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter,
    TransactionSession, TransactionTrait,
};

/// Rows in one statement at most (8 bound values each, far below every backend's limit).
const CHUNK: usize = 500;

/// What the INSERT of new counts ends with on each backend: on a key already stored, the calls
/// add up and the later `last_call` stays.
fn adding_clause(backend: DbBackend) -> String {
    if backend == DbBackend::MySql {
        // MySQL names no conflict target: the primary key is the table's only unique key
        return " ON DUPLICATE KEY UPDATE `calls` = `calls` + VALUES(`calls`), \
                `last_call` = GREATEST(`last_call`, VALUES(`last_call`))"
            .to_string();
    }
    // SQLite's two-argument MAX is its GREATEST (its timestamps are text of one format, which
    // compares in time order)
    let greatest = if backend == DbBackend::Postgres {
        "GREATEST"
    } else {
        "MAX"
    };
    format!(
        " ON CONFLICT (\"period\", \"period_start\", \"protocol\", \"operation\", \"outcome\", \"client\") \
         DO UPDATE SET \"calls\" = \"gateway_call_count\".\"calls\" + \"excluded\".\"calls\", \
         \"last_call\" = {greatest}(\"gateway_call_count\".\"last_call\", \"excluded\".\"last_call\")"
    )
}

/// Refuses a key wider than its column (PostgreSQL and MariaDB would refuse the statement,
/// SQLite would keep it whole): every backend answers alike, by field name.
fn check_widths(c: &CallCount) -> CoreResult<()> {
    for (field, value, max) in [
        ("protocol", &c.protocol, PROTOCOL_MAX),
        ("operation", &c.operation, OPERATION_MAX),
        ("outcome", &c.outcome, OUTCOME_MAX),
        ("client", &c.client, CLIENT_MAX),
    ] {
        if value.chars().count() > max {
            return Err(CoreError::invalid(
                field,
                format!("longer than the {max} characters a call count's key holds"),
            ));
        }
    }
    Ok(())
}

fn to_active(c: CallCount) -> ActiveModel {
    ActiveModel {
        period: Set(c.period.as_str().to_owned()),
        period_start: Set(c.start),
        protocol: Set(c.protocol),
        operation: Set(c.operation),
        outcome: Set(c.outcome),
        client: Set(c.client),
        calls: Set(c.calls),
        last_call: Set(c.last),
    }
}

/// `SELECT protocol[, period_start][, operation][, outcome][, client], the calls' sum as an
/// integer, the latest call … GROUP BY those … ORDER BY the sum DESC, then those … LIMIT`.
fn sums_query(
    backend: DbBackend,
    period: Period,
    since: NaiveDateTime,
    grouping: CallGrouping,
    limit: u64,
) -> SelectStatement {
    let mut grouped = vec![Col::Protocol];
    for (wanted, column) in [
        (grouping.start, Col::PeriodStart),
        (grouping.operation, Col::Operation),
        (grouping.outcome, Col::Outcome),
        (grouping.client, Col::Client),
    ] {
        if wanted {
            grouped.push(column);
        }
    }
    // SUM over BIGINT is NUMERIC on PostgreSQL and DECIMAL on MariaDB: cast back to a 64-bit
    // integer (MariaDB spells it SIGNED)
    let integer = if backend == DbBackend::MySql {
        "SIGNED"
    } else {
        "BIGINT"
    };
    let mut query = Query::select();
    query
        .columns(grouped.clone())
        .expr_as(
            Func::cast_as(Expr::col(Col::Calls).sum(), Alias::new(integer)),
            Alias::new("total"),
        )
        .expr_as(Expr::col(Col::LastCall).max(), Alias::new("last"))
        .from(Entity)
        .and_where(Col::Period.eq(period.as_str()))
        .and_where(Col::PeriodStart.gte(since))
        .group_by_columns(grouped.clone())
        .order_by(Alias::new("total"), Order::Desc);
    for column in grouped {
        query.order_by(column, Order::Asc);
    }
    query.limit(limit);
    query
}

/// A row of [`sums_query`]; the columns it does not select read as `None` (sea-orm reads a
/// missing column into an `Option` as `None`).
#[derive(FromQueryResult)]
struct SumRow {
    protocol: String,
    period_start: Option<NaiveDateTime>,
    operation: Option<String>,
    outcome: Option<String>,
    client: Option<String>,
    total: i64,
    last: NaiveDateTime,
}

#[async_trait]
impl<C: Conn + TransactionTrait> CallCountRepo for Repos<C> {
    async fn add_call_counts(&self, counts: &[CallCount]) -> CoreResult<()> {
        counts.iter().try_for_each(check_widths)?;
        let rows = merged_by_key(counts);
        let backend = self.db().get_database_backend();
        let mut statements: Vec<_> = rows
            .chunks(CHUNK)
            .map(|chunk| {
                Rows::of(backend, chunk.iter().cloned().map(to_active))
                    .insert_then(backend, &adding_clause(backend))
            })
            .collect();
        if statements.len() <= 1 {
            if let Some(statement) = statements.pop() {
                self.db().execute_raw(statement).await.map_err(storage)?;
            }
            return Ok(());
        }
        // several statements add all or nothing, so a failed write is not half counted
        let tx = self.db().begin().await.map_err(storage)?;
        for statement in statements {
            tx.execute_raw(statement).await.map_err(storage)?;
        }
        tx.commit().await.map_err(storage)
    }

    async fn call_sums(
        &self,
        period: Period,
        since: NaiveDateTime,
        grouping: CallGrouping,
        limit: u64,
    ) -> CoreResult<Vec<CallSum>> {
        let backend = self.db().get_database_backend();
        let statement = backend.build(&sums_query(backend, period, since, grouping, limit));
        let rows = SumRow::find_by_statement(statement)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|r| CallSum {
                start: r.period_start,
                protocol: r.protocol,
                operation: r.operation,
                outcome: r.outcome,
                client: r.client,
                calls: r.total,
                last: r.last,
            })
            .collect())
    }

    async fn prune_call_counts(&self, before: NaiveDateTime) -> CoreResult<u64> {
        let deleted = Entity::delete_many()
            .filter(Col::PeriodStart.lt(before))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(deleted.rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn since() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    #[test]
    fn sums_per_backend() {
        let by_operation = CallGrouping {
            operation: true,
            outcome: true,
            ..CallGrouping::default()
        };
        let sql = |backend: DbBackend, grouping| {
            backend
                .build(&sums_query(backend, Period::Hour, since(), grouping, 20))
                .sql
        };
        assert_eq!(
            sql(DbBackend::Postgres, by_operation),
            r#"SELECT "protocol", "operation", "outcome", CAST(SUM("calls") AS BIGINT) AS "total", MAX("last_call") AS "last" FROM "gateway_call_count" WHERE "gateway_call_count"."period" = $1 AND "gateway_call_count"."period_start" >= $2 GROUP BY "protocol", "operation", "outcome" ORDER BY "total" DESC, "protocol" ASC, "operation" ASC, "outcome" ASC LIMIT $3"#
        );
        assert_eq!(
            sql(
                DbBackend::MySql,
                CallGrouping {
                    start: true,
                    ..CallGrouping::default()
                }
            ),
            "SELECT `protocol`, `period_start`, CAST(SUM(`calls`) AS SIGNED) AS `total`, MAX(`last_call`) AS `last` FROM `gateway_call_count` WHERE `gateway_call_count`.`period` = ? AND `gateway_call_count`.`period_start` >= ? GROUP BY `protocol`, `period_start` ORDER BY `total` DESC, `protocol` ASC, `period_start` ASC LIMIT ?"
        );
        assert!(sql(DbBackend::Sqlite, CallGrouping::default())
            .starts_with(r#"SELECT "protocol", CAST(SUM("calls") AS BIGINT) AS "total""#));
    }

    #[test]
    fn upserts_per_backend() {
        let row = CallCount {
            period: Period::Hour,
            start: since(),
            protocol: "v2.php".into(),
            operation: "user_profile".into(),
            outcome: "ok".into(),
            client: "::1".into(),
            calls: 1,
            last: since(),
        };
        let sql = |backend| {
            Rows::of(backend, [to_active(row.clone())])
                .insert_then(backend, &adding_clause(backend))
                .sql
        };
        assert_eq!(
            sql(DbBackend::Postgres),
            r#"INSERT INTO "gateway_call_count" ("period", "period_start", "protocol", "operation", "outcome", "client", "calls", "last_call") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("period", "period_start", "protocol", "operation", "outcome", "client") DO UPDATE SET "calls" = "gateway_call_count"."calls" + "excluded"."calls", "last_call" = GREATEST("gateway_call_count"."last_call", "excluded"."last_call")"#
        );
        assert_eq!(
            sql(DbBackend::Sqlite),
            r#"INSERT INTO "gateway_call_count" ("period", "period_start", "protocol", "operation", "outcome", "client", "calls", "last_call") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("period", "period_start", "protocol", "operation", "outcome", "client") DO UPDATE SET "calls" = "gateway_call_count"."calls" + "excluded"."calls", "last_call" = MAX("gateway_call_count"."last_call", "excluded"."last_call")"#
        );
        assert_eq!(
            sql(DbBackend::MySql),
            "INSERT INTO `gateway_call_count` (`period`, `period_start`, `protocol`, `operation`, `outcome`, `client`, `calls`, `last_call`) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE `calls` = `calls` + VALUES(`calls`), `last_call` = GREATEST(`last_call`, VALUES(`last_call`))"
        );
    }

    #[test]
    fn keys_wider_than_their_columns_are_refused_by_name() {
        let count = CallCount {
            period: Period::Hour,
            start: since(),
            protocol: "v2.php".into(),
            operation: "o".repeat(OPERATION_MAX),
            outcome: "ok".into(),
            client: "c".repeat(CLIENT_MAX + 1),
            calls: 1,
            last: since(),
        };
        let err = check_widths(&count).unwrap_err();
        assert_eq!(
            err,
            CoreError::invalid(
                "client",
                "longer than the 45 characters a call count's key holds"
            )
        );
    }
}
