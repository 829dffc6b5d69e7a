//! Extra fields and their values as `ExtraField` / `ExtraFieldValue` write them (chamilo-db.md
//! §2.5): no unique index on (type, variable) nor on (field, item), so creation serialises on
//! a lock and a value updates the first row of its (field, item) or adds one. Lookups compare
//! with `=` through the collation, as PHP Chamilo's do.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, exec, marks, number, numbers, one, storage};
use async_trait::async_trait;
use chamilo_core::ports::ExtraFieldRepo;
use chamilo_core::types::extra_fields::{ExtraField, ExtraValue, ItemType};
use chamilo_core::CoreError;
use chamilo_core::CoreResult;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, FromQueryResult, IsolationLevel, TransactionTrait, Value,
};

pub(crate) const TABLES: &[Needs] = &[
    (
        "extra_field",
        &[
            "id",
            "extra_field_type",
            "field_type",
            "variable",
            "display_text",
            "field_order",
            "visible_to_self",
            "visible_to_others",
            "changeable",
            "filter",
            "created_at",
        ],
    ),
    (
        "extra_field_values",
        &[
            "id",
            "field_id",
            "value",
            "item_id",
            "created_at",
            "updated_at",
        ],
    ),
];

/// The table of an item type's records.
pub(crate) fn item_table(item_type: ItemType) -> &'static str {
    match item_type {
        ItemType::User => "user",
        ItemType::Course => "course",
        ItemType::Session => "session",
    }
}

const FIELD: &str = "SELECT id, extra_field_type, field_type, variable, \
    COALESCE(display_text, '') AS display_text, COALESCE(visible_to_self, 0) AS visible_to_self, \
    COALESCE(filter, 0) AS filter FROM extra_field";

#[derive(FromQueryResult)]
struct FieldRow {
    id: i64,
    extra_field_type: i32,
    field_type: i32,
    variable: String,
    display_text: String,
    visible_to_self: bool,
    filter: bool,
}

impl FieldRow {
    fn into_field(self) -> Option<ExtraField> {
        Some(ExtraField {
            id: self.id,
            item_type: ItemType::from_code(self.extra_field_type)?,
            variable: self.variable,
            field_type: self.field_type,
            display_text: self.display_text,
            visible_to_self: self.visible_to_self,
            filter: self.filter,
        })
    }
}

async fn find(
    db: &impl ConnectionTrait,
    item_type: ItemType,
    variable: &str,
) -> CoreResult<Option<ExtraField>> {
    let sql = format!("{FIELD} WHERE extra_field_type = ? AND variable = ? ORDER BY id LIMIT 1");
    let row: Option<FieldRow> =
        one(db, &sql, vec![item_type.code().into(), variable.into()]).await?;
    Ok(row.and_then(FieldRow::into_field))
}

/// Sets (field, item)'s value: the first existing row is updated, else one is added (what
/// Chamilo's `ExtraFieldValue::save` does; its table has no unique key to upsert on).
pub(crate) async fn write_value(
    db: &impl ConnectionTrait,
    field_id: i64,
    item_id: i64,
    value: &str,
) -> CoreResult<()> {
    let value = crate::sql::fit("extra field value", value, 255)?;
    let existing = number(
        db,
        "SELECT id AS n FROM extra_field_values WHERE field_id = ? AND item_id = ? \
         ORDER BY id LIMIT 1 FOR UPDATE",
        vec![field_id.into(), item_id.into()],
    )
    .await?;
    match existing {
        Some(id) => exec(
            db,
            "UPDATE extra_field_values SET value = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?",
            vec![value.into(), id.into()],
        )
        .await?,
        None => exec(
            db,
            "INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at) \
                 VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())",
            vec![field_id.into(), item_id.into(), value.into()],
        )
        .await?,
    };
    Ok(())
}

/// Creates a field unless one of its type and name exists, in a transaction of its own,
/// committed at once: Chamilo has no unique index on (type, variable), so creators take a
/// named lock around check, insert and commit. Inside the caller's transaction, the lock (or a
/// row lock standing for it) would be held until that commits, and a row lock is what
/// inserts elsewhere wait on through foreign keys: deadlocks. A field made for a write that
/// then fails stays, as an empty definition PHP Chamilo also makes on the fly.
async fn create_field(pool: &DatabaseConnection, field: &ExtraField) -> CoreResult<ExtraField> {
    let variable = crate::sql::fit("field name", &field.variable, 255)?;
    let display = crate::sql::fit("field name", &field.display_text, 255)?;
    // reads without locks: a request holding a field row's lock may itself be waiting for
    // this creation
    let tx = pool
        .begin_with_config(Some(IsolationLevel::ReadCommitted), None)
        .await
        .map_err(storage)?;
    // named locks are the server's, not the database's: the name carries the database
    let locked = number(
        &tx,
        "SELECT GET_LOCK(CONCAT('chamilo-gateway:extra_field:', DATABASE()), 20) AS n",
        vec![],
    )
    .await?;
    if locked != Some(1) {
        return Err(CoreError::Storage(
            "timed out waiting to create an extra field".into(),
        ));
    }
    let made = async {
        if let Some(existing) = find(&tx, field.item_type, &field.variable).await? {
            return Ok(existing);
        }
        let order = number(
            &tx,
            "SELECT COALESCE(MAX(field_order), 0) + 1 AS n FROM extra_field \
             WHERE extra_field_type = ?",
            vec![field.item_type.code().into()],
        )
        .await?
        .unwrap_or(1);
        let done = exec(
            &tx,
            "INSERT INTO extra_field (extra_field_type, field_type, variable, display_text, \
             field_order, visible_to_self, visible_to_others, changeable, filter, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, 0, 1, ?, UTC_TIMESTAMP())",
            vec![
                field.item_type.code().into(),
                field.field_type.into(),
                variable.into(),
                display.into(),
                order.into(),
                field.visible_to_self.into(),
                field.filter.into(),
            ],
        )
        .await?;
        // committed before the lock is let go, so the next creator finds it
        exec(&tx, "COMMIT", vec![]).await?;
        Ok(ExtraField {
            id: done.last_insert_id() as i64,
            ..field.clone()
        })
    }
    .await;
    exec(
        &tx,
        "SELECT RELEASE_LOCK(CONCAT('chamilo-gateway:extra_field:', DATABASE()))",
        vec![],
    )
    .await?;
    tx.commit().await.map_err(storage)?;
    made
}

#[derive(FromQueryResult)]
struct ValueRow {
    id: i64,
    extra_field_type: i32,
    field_type: i32,
    variable: String,
    display_text: String,
    visible_to_self: bool,
    filter: bool,
    item_id: i64,
    value: String,
}

#[async_trait]
impl<C: Conn> ExtraFieldRepo for Repos<C> {
    async fn find_field(
        &self,
        item_type: ItemType,
        variable: &str,
    ) -> CoreResult<Option<ExtraField>> {
        find(self.db(), item_type, variable).await
    }

    async fn insert_field(&self, field: &ExtraField) -> CoreResult<ExtraField> {
        create_field(&self.apart, field).await
    }

    async fn lock_field(&self, field_id: i64) -> CoreResult<()> {
        exec(
            self.db(),
            "SELECT id FROM extra_field WHERE id = ? FOR UPDATE",
            vec![field_id.into()],
        )
        .await?;
        Ok(())
    }

    async fn set_value(&self, field_id: i64, item_id: i64, value: &str) -> CoreResult<()> {
        write_value(self.db(), field_id, item_id, value).await
    }

    async fn get_value(&self, field_id: i64, item_id: i64) -> CoreResult<Option<String>> {
        #[derive(FromQueryResult)]
        struct V {
            value: Option<String>,
        }
        let row: Option<V> = one(
            self.db(),
            "SELECT value FROM extra_field_values WHERE field_id = ? AND item_id = ? \
             ORDER BY id LIMIT 1",
            vec![field_id.into(), item_id.into()],
        )
        .await?;
        Ok(row.map(|v| v.value.unwrap_or_default()))
    }

    async fn values_of(&self, item_type: ItemType, item_id: i64) -> CoreResult<Vec<ExtraValue>> {
        self.values_of_items(item_type, &[item_id]).await
    }

    async fn values_of_items(
        &self,
        item_type: ItemType,
        item_ids: &[i64],
    ) -> CoreResult<Vec<ExtraValue>> {
        if item_ids.is_empty() {
            return Ok(Vec::new());
        }
        // one value per (field, item): the first row, as Chamilo's reads take it
        let sql = format!(
            "SELECT f.id, f.extra_field_type, f.field_type, f.variable, \
             COALESCE(f.display_text, '') AS display_text, \
             COALESCE(f.visible_to_self, 0) AS visible_to_self, COALESCE(f.filter, 0) AS filter, \
             v.item_id, COALESCE(v.value, '') AS value \
             FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = ? AND v.item_id IN ({}) \
             AND v.id = (SELECT MIN(w.id) FROM extra_field_values w \
                         WHERE w.field_id = v.field_id AND w.item_id = v.item_id) \
             ORDER BY v.item_id, f.id",
            marks(item_ids.len())
        );
        let mut values: Vec<Value> = vec![item_type.code().into()];
        values.extend(item_ids.iter().map(|id| Value::from(*id)));
        let rows: Vec<ValueRow> = all(self.db(), &sql, values).await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let field = FieldRow {
                    id: r.id,
                    extra_field_type: r.extra_field_type,
                    field_type: r.field_type,
                    variable: r.variable,
                    display_text: r.display_text,
                    visible_to_self: r.visible_to_self,
                    filter: r.filter,
                }
                .into_field()?;
                Some(ExtraValue {
                    field,
                    item_id: r.item_id,
                    value: r.value,
                })
            })
            .collect())
    }

    async fn items_with_value(&self, field_id: i64, lookup_key: &str) -> CoreResult<Vec<i64>> {
        // `=` through the collation: case, accents and trailing spaces as PHP Chamilo finds
        numbers(
            self.db(),
            "SELECT DISTINCT item_id AS n FROM extra_field_values \
             WHERE field_id = ? AND value = ? ORDER BY item_id",
            vec![field_id.into(), lookup_key.into()],
        )
        .await
    }

    async fn item_exists(&self, item_type: ItemType, item_id: i64) -> CoreResult<bool> {
        let sql = format!("SELECT id AS n FROM {} WHERE id = ?", item_table(item_type));
        Ok(number(self.db(), &sql, vec![item_id.into()])
            .await?
            .is_some())
    }
}
