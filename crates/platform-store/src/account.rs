//! Terms and conditions in Chamilo's `legal` (its `date` is a Unix time).

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{exec, one};
use async_trait::async_trait;
use chamilo_core::ports::LegalRepo;
use chamilo_core::types::account::LegalTerms;
use chamilo_core::CoreResult;
use sea_orm::{FromQueryResult, Value};

pub(crate) const TABLES: &[Needs] = &[(
    "legal",
    &[
        "id",
        "date",
        "content",
        "type",
        "changes",
        "version",
        "language_id",
    ],
)];

#[async_trait]
impl<C: Conn> LegalRepo for Repos<C> {
    async fn insert_legal(&self, t: &LegalTerms) -> CoreResult<i64> {
        let done = exec(
            self.db(),
            "INSERT INTO legal (date, content, type, changes, version, language_id) \
             VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                t.date.and_utc().timestamp().into(),
                t.content.clone().into(),
                t.terms_type.into(),
                t.changes.clone().into(),
                t.version.into(),
                t.language_id.into(),
            ],
        )
        .await?;
        Ok(done.last_insert_id() as i64)
    }

    async fn latest_legal(&self, language_id: Option<i64>) -> CoreResult<Option<LegalTerms>> {
        #[derive(FromQueryResult)]
        struct Row {
            id: i64,
            date: i64,
            content: Option<String>,
            terms_type: i32,
            changes: String,
            version: Option<i32>,
            language_id: i64,
        }
        let mut sql = "SELECT id, date, content, type AS terms_type, changes, version, \
                       language_id FROM legal"
            .to_string();
        let mut values: Vec<Value> = Vec::new();
        if let Some(l) = language_id {
            sql.push_str(" WHERE language_id = ?");
            values.push(l.into());
        }
        sql.push_str(" ORDER BY version DESC, id DESC LIMIT 1");
        let row: Option<Row> = one(self.db(), &sql, values).await?;
        Ok(row.map(|r| LegalTerms {
            id: r.id,
            date: chrono::DateTime::from_timestamp(r.date, 0)
                .unwrap_or_default()
                .naive_utc(),
            content: r.content.unwrap_or_default(),
            terms_type: r.terms_type,
            changes: r.changes,
            version: r.version.unwrap_or(0),
            language_id: r.language_id,
        }))
    }
}
