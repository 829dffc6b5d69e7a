//! The schema check at start: the tables and columns every repository module uses, and the
//! case-insensitive collations the lookups rely on. Upgraded and hand-altered installs differ
//! from fresh ones, so the live schema is read, never assumed.

use crate::sql::all;
use chamilo_core::{CoreError, CoreResult};
use sea_orm::{ConnectionTrait, FromQueryResult};
use std::collections::{BTreeMap, BTreeSet};

/// A table and the columns the store reads or writes in it.
pub(crate) type Needs = (&'static str, &'static [&'static str]);

/// Every module's needs: Chamilo's tables only. The gateway's own `gateway_call_count` is not
/// checked here: it is made at connect when missing (`call_counts::create_table`), and a
/// platform without it is served all the same.
fn needed() -> Vec<Needs> {
    [
        crate::users::TABLES,
        crate::extra_fields::TABLES,
        crate::api_keys::TABLES,
        crate::settings::TABLES,
        crate::urls::TABLES,
        crate::tracking::TABLES,
        crate::audit::TABLES,
        crate::account::TABLES,
        crate::courses::TABLES,
        crate::sessions::TABLES,
        crate::subscriptions::TABLES,
        crate::groups::TABLES,
        crate::messages::TABLES,
    ]
    .concat()
}

/// Columns only some installs have (hand-run ALTERs listed in Chamilo's configuration.dist.php):
/// the modules read and write them where the live schema has them.
const OPTIONAL: &[(&str, &str)] = &[("usergroup", "author_id")];

/// Which of the optional columns the live schema has.
#[derive(Debug, Default)]
pub(crate) struct Optional(BTreeSet<(&'static str, &'static str)>);

impl Optional {
    pub(crate) fn has(&self, table: &str, column: &str) -> bool {
        self.0.iter().any(|(t, c)| *t == table && *c == column)
    }
}

/// Text columns looked up with `=`: they must compare case-insensitively, as PHP Chamilo's
/// lookups do, or records would be found twice or not at all.
const CASE_INSENSITIVE: &[(&str, &str)] = &[
    ("user", "username"),
    ("course", "code"),
    ("session", "name"),
    ("extra_field", "variable"),
    ("extra_field_values", "value"),
];

#[derive(FromQueryResult)]
struct Column {
    table_name: String,
    column_name: String,
    collation_name: Option<String>,
}

/// Refuses a database that lacks a needed table or column, or compares lookups by case; the
/// optional columns it has.
pub(crate) async fn check(db: &impl ConnectionTrait) -> CoreResult<Optional> {
    let live: Vec<Column> = all(
        db,
        "SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, \
         COLLATION_NAME AS collation_name \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
        vec![],
    )
    .await?;
    let mut tables: BTreeMap<&str, BTreeMap<&str, Option<&str>>> = BTreeMap::new();
    for c in &live {
        tables
            .entry(c.table_name.as_str())
            .or_default()
            .insert(c.column_name.as_str(), c.collation_name.as_deref());
    }
    let problems = problems(&tables, &needed());
    if problems.is_empty() {
        Ok(Optional(
            OPTIONAL
                .iter()
                .copied()
                .filter(|(t, c)| tables.get(t).is_some_and(|cols| cols.contains_key(c)))
                .collect(),
        ))
    } else {
        Err(CoreError::Storage(format!(
            "the database is not a Chamilo 1.11 database the gateway can serve: {}",
            problems.join("; ")
        )))
    }
}

fn problems(live: &BTreeMap<&str, BTreeMap<&str, Option<&str>>>, needed: &[Needs]) -> Vec<String> {
    let mut missing_tables = BTreeSet::new();
    let mut out = Vec::new();
    for (table, columns) in needed {
        let Some(have) = live.get(table) else {
            missing_tables.insert(*table);
            continue;
        };
        let missing: BTreeSet<&str> = columns
            .iter()
            .copied()
            .filter(|c| !have.contains_key(c))
            .collect();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.into_iter().collect();
            out.push(format!("table {table} lacks {}", list.join(", ")));
        }
    }
    if !missing_tables.is_empty() {
        let list: Vec<&str> = missing_tables.into_iter().collect();
        out.insert(0, format!("missing tables {}", list.join(", ")));
    }
    for (table, column) in CASE_INSENSITIVE {
        if let Some(Some(collation)) = live.get(table).and_then(|t| t.get(column)) {
            if !collation.ends_with("_ci") {
                out.push(format!(
                    "{table}.{column} has collation {collation}, not a case-insensitive one"
                ));
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_missing_tables_columns_and_collations() {
        let mut live = BTreeMap::new();
        live.insert(
            "user",
            BTreeMap::from([("id", None), ("username", Some("utf8mb3_bin"))]),
        );
        let needed: Vec<Needs> = vec![("user", &["id", "username", "salt"]), ("course", &["id"])];
        assert_eq!(
            problems(&live, &needed),
            vec![
                "missing tables course".to_string(),
                "table user lacks salt".into(),
                "user.username has collation utf8mb3_bin, not a case-insensitive one".into(),
            ]
        );
    }
}
