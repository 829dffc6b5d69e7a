//! `CallCountRepo` in `gateway_call_count`: the gateway's only table of its own in the
//! platform's database (Chamilo has nothing like it), made at connect by [`create_table`].
//! Several gateway processes add to the same rows at once: adding is one upsert that adds in the
//! database, so every add counts.

use crate::repos::{Conn, Repos};
use crate::sql::{all, exec, fit, number, storage};
use async_trait::async_trait;
use chamilo_core::ports::CallCountRepo;
use chamilo_core::types::calls::{
    merged_by_key, CallCount, CallGrouping, CallSum, Period, CLIENT_MAX, OPERATION_MAX,
    OUTCOME_MAX, PROTOCOL_MAX,
};
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, FromQueryResult, TransactionSession, TransactionTrait, Value};

pub(crate) const TABLE: &str = "gateway_call_count";

/// The table, as the gateway makes it and as an admin runs it by hand (README, "Database
/// grants"). The key leads with (`period`, `period_start`): every read asks for the hours or
/// the days from some time on. `utf8_bin`: keys compare exactly, as in the
/// standalone store; they hold labels and addresses.
pub(crate) const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS gateway_call_count (
  period VARCHAR(4) NOT NULL,
  period_start DATETIME NOT NULL,
  protocol VARCHAR(32) NOT NULL,
  operation VARCHAR(100) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  client VARCHAR(45) NOT NULL,
  calls BIGINT NOT NULL,
  last_call DATETIME NOT NULL,
  PRIMARY KEY (period, period_start, protocol, operation, outcome, client)
) ENGINE=InnoDB DEFAULT CHARSET=utf8 COLLATE=utf8_bin";

/// Makes the table when it is missing. A database user without the CREATE grant does not stop
/// the gateway: the warning says what to run by hand, and until then the counts' writes fail
/// (and are logged where they are made). The table is looked for first because MariaDB refuses
/// `CREATE TABLE IF NOT EXISTS` to such a user even when the table exists.
pub(crate) async fn create_table(db: &impl ConnectionTrait) {
    let exists = number(
        db,
        "SELECT COUNT(*) AS n FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        vec![TABLE.into()],
    )
    .await;
    if matches!(exists, Ok(Some(n)) if n > 0) {
        return;
    }
    if let Err(e) = db.execute_unprepared(CREATE_TABLE).await {
        tracing::warn!(
            error = %e,
            "cannot create the gateway's table {TABLE} in the platform's database (its user \
             needs CREATE once): the dashboard's call counts will be missing until it exists; \
             an admin can create it with:\n{CREATE_TABLE};"
        );
    }
}

/// Rows in one statement at most (8 bound values each).
const CHUNK: usize = 500;

/// The multi-row upsert of `rows`: on a key already stored, the calls add up and the later
/// `last_call` stays. Keys wider than their columns, or with characters the utf8 columns cannot
/// hold, are refused by field name.
fn adding_statement(rows: &[CallCount]) -> CoreResult<(String, Vec<Value>)> {
    let sql = format!(
        "INSERT INTO gateway_call_count \
         (period, period_start, protocol, operation, outcome, client, calls, last_call) VALUES {} \
         ON DUPLICATE KEY UPDATE calls = calls + VALUES(calls), \
         last_call = GREATEST(last_call, VALUES(last_call))",
        vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; rows.len()].join(", ")
    );
    let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 8);
    for c in rows {
        values.extend([
            c.period.as_str().into(),
            c.start.into(),
            fit("protocol", &c.protocol, PROTOCOL_MAX)?.into(),
            fit("operation", &c.operation, OPERATION_MAX)?.into(),
            fit("outcome", &c.outcome, OUTCOME_MAX)?.into(),
            fit("client", &c.client, CLIENT_MAX)?.into(),
            c.calls.into(),
            c.last.into(),
        ]);
    }
    Ok((sql, values))
}

/// `SELECT protocol[, period_start][, operation][, outcome][, client], SUM, MAX … WHERE period, start … GROUP BY those
/// ORDER BY the sum DESC, then those LIMIT ?`, with `since` and the limit to bind.
fn sums_sql(grouping: CallGrouping) -> String {
    let mut grouped = vec!["protocol"];
    for (wanted, column) in [
        (grouping.start, "period_start"),
        (grouping.operation, "operation"),
        (grouping.outcome, "outcome"),
        (grouping.client, "client"),
    ] {
        if wanted {
            grouped.push(column);
        }
    }
    let grouped = grouped.join(", ");
    // SUM over BIGINT is DECIMAL: cast back to a 64-bit integer
    format!(
        "SELECT {grouped}, CAST(SUM(calls) AS SIGNED) AS total, MAX(last_call) AS last \
         FROM gateway_call_count WHERE period = ? AND period_start >= ? GROUP BY {grouped} \
         ORDER BY total DESC, {grouped} LIMIT ?"
    )
}

/// A row of [`sums_sql`]; the columns it does not select read as `None` (sea-orm reads a
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
        let rows = merged_by_key(counts);
        let mut statements = rows
            .chunks(CHUNK)
            .map(adding_statement)
            .collect::<CoreResult<Vec<_>>>()?;
        if statements.len() <= 1 {
            if let Some((sql, values)) = statements.pop() {
                exec(self.db(), &sql, values).await?;
            }
            return Ok(());
        }
        // several statements add all or nothing, so a failed write is not half counted
        let tx = self.db().begin().await.map_err(storage)?;
        for (sql, values) in statements {
            exec(&tx, &sql, values).await?;
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
        let rows: Vec<SumRow> = all(
            self.db(),
            &sums_sql(grouping),
            vec![period.as_str().into(), since.into(), limit.into()],
        )
        .await?;
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
        let deleted = exec(
            self.db(),
            "DELETE FROM gateway_call_count WHERE period_start < ?",
            vec![before.into()],
        )
        .await?;
        Ok(deleted.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_group_and_order_by_the_asked_columns() {
        assert_eq!(
            sums_sql(CallGrouping {
                client: true,
                operation: true,
                ..CallGrouping::default()
            }),
            "SELECT protocol, operation, client, CAST(SUM(calls) AS SIGNED) AS total, \
             MAX(last_call) AS last FROM gateway_call_count WHERE period = ? AND period_start >= ? \
             GROUP BY protocol, operation, client ORDER BY total DESC, protocol, operation, \
             client LIMIT ?"
        );
    }

    #[test]
    fn the_readme_gives_the_statement_the_gateway_runs() {
        let readme = include_str!("../../../README.md");
        assert!(
            readme.contains(&format!("```sql\n{CREATE_TABLE};\n```")),
            "README.md's \"Database grants\" must show call_counts::CREATE_TABLE"
        );
    }
}
