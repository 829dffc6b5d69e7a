//! `ExtraFieldRepo`: `extra_field` and `extra_field_values`, where external ids live.
//!
//! Values are compared by `lookup_key` (lower-cased, trailing spaces dropped). The stored
//! `lookup_key` column is cut to 190 characters so it can be indexed; it only narrows the
//! search, the full key is then compared here, so long values still compare exactly.

use crate::bulk_sql::Rows;
use crate::entities::{course, extra_field, extra_field_values, session, user};
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::ExtraFieldRepo;
use chamilo_core::types::extra_fields::{lookup_key, ExtraField, ExtraValue};
use chamilo_core::types::now;
use chamilo_core::{Conflict, CoreError, CoreResult, ItemType};
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;

/// Width of the indexed `extra_field_values.lookup_key` column, in characters.
const LOOKUP_KEY_WIDTH: usize = 190;

pub(crate) fn indexed_key(key: &str) -> String {
    key.chars().take(LOOKUP_KEY_WIDTH).collect()
}

/// Inserts or updates (field id, item id, value) rows in one statement; at most one row per
/// (field, item) in `rows`.
pub(crate) async fn upsert_values<'a>(
    db: &impl ConnectionTrait,
    rows: impl IntoIterator<Item = (i64, i64, &'a str)>,
) -> CoreResult<()> {
    let at = now();
    let models =
        rows.into_iter().map(
            |(field_id, item_id, value)| extra_field_values::ActiveModel {
                id: NotSet,
                field_id: Set(field_id),
                item_id: Set(item_id),
                value: Set(value.to_string()),
                lookup_key: Set(indexed_key(&lookup_key(value))),
                comment: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
            },
        );
    let backend = db.get_database_backend();
    let rows = Rows::of(backend, models);
    if rows.is_empty() {
        return Ok(());
    }
    let upsert = rows.upsert(
        backend,
        &["field_id", "item_id"],
        &["value", "lookup_key", "updated_at"],
    );
    db.execute_raw(upsert).await.map_err(storage)?;
    Ok(())
}

/// The extra fields of one item type, by id.
async fn fields_by_id(
    db: &impl ConnectionTrait,
    item_type: ItemType,
) -> CoreResult<HashMap<i64, ExtraField>> {
    extra_field::Entity::find()
        .filter(extra_field::Column::ExtraFieldType.eq(item_type.code()))
        .all(db)
        .await
        .map_err(storage)?
        .into_iter()
        .map(|m| to_core(m).map(|f| (f.id, f)))
        .collect()
}

/// Value rows joined to their fields; rows of unknown fields are left out.
fn with_fields(
    values: Vec<extra_field_values::Model>,
    fields: &HashMap<i64, ExtraField>,
) -> Vec<ExtraValue> {
    values
        .into_iter()
        .filter_map(|v| {
            fields.get(&v.field_id).map(|field| ExtraValue {
                field: field.clone(),
                item_id: v.item_id,
                value: v.value,
            })
        })
        .collect()
}

fn to_core(m: extra_field::Model) -> CoreResult<ExtraField> {
    let item_type = ItemType::from_code(m.extra_field_type).ok_or_else(|| {
        CoreError::Storage(format!(
            "extra_field {} has unknown extra_field_type {}",
            m.id, m.extra_field_type
        ))
    })?;
    Ok(ExtraField {
        id: m.id,
        item_type,
        variable: m.variable,
        field_type: m.field_type,
        display_text: m.display_text,
        visible_to_self: m.visible_to_self,
        filter: m.filter,
    })
}

impl<C: Conn> Repos<C> {
    /// The field of this type and name. `committed`: a locking read, which MariaDB's
    /// repeatable read answers from the latest committed rows rather than from the
    /// transaction's first snapshot (what a creator that lost a race must see). The lock is
    /// exclusive: the loser goes on to lock the field row for writing (`lock_field`), and two
    /// losers each holding a shared lock would deadlock there.
    async fn field_named(
        &self,
        item_type: ItemType,
        variable: &str,
        committed: bool,
    ) -> CoreResult<Option<ExtraField>> {
        let mut find = extra_field::Entity::find()
            .filter(extra_field::Column::ExtraFieldType.eq(item_type.code()))
            .filter(extra_field::Column::VariableCanonical.eq(variable.to_lowercase()));
        if committed {
            find = find.lock_exclusive();
        }
        find.one(self.db())
            .await
            .map_err(storage)?
            .map(to_core)
            .transpose()
    }
}

#[async_trait]
impl<C: Conn + TransactionTrait> ExtraFieldRepo for Repos<C> {
    async fn find_field(
        &self,
        item_type: ItemType,
        variable: &str,
    ) -> CoreResult<Option<ExtraField>> {
        self.field_named(item_type, variable, false).await
    }

    async fn insert_field(&self, field: &ExtraField) -> CoreResult<ExtraField> {
        let row = extra_field::ActiveModel {
            id: NotSet,
            extra_field_type: Set(field.item_type.code()),
            variable: Set(field.variable.clone()),
            variable_canonical: Set(field.variable.to_lowercase()),
            field_type: Set(field.field_type),
            display_text: Set(field.display_text.clone()),
            visible_to_self: Set(field.visible_to_self),
            filter: Set(field.filter),
            created_at: Set(now()),
        };
        // Two callers creating the same new field at once meet at its unique index: the later
        // one answers the field the first made, as the Chamilo store does, instead of failing
        // its whole call. The insert runs in a savepoint, so that the violation leaves the
        // caller's transaction usable (PostgreSQL aborts a transaction on any error).
        let savepoint = self.db().begin().await.map_err(storage)?;
        match extra_field::Entity::insert(row).exec(&savepoint).await {
            Ok(inserted) => {
                savepoint.commit().await.map_err(storage)?;
                Ok(ExtraField {
                    id: inserted.last_insert_id,
                    ..field.clone()
                })
            }
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                savepoint.rollback().await.map_err(storage)?;
                self.field_named(field.item_type, &field.variable, true)
                    .await?
                    .ok_or(CoreError::AlreadyExists(Conflict::Other(
                        "extra field".into(),
                    )))
            }
            Err(e) => Err(storage(e)),
        }
    }

    async fn lock_field(&self, field_id: i64) -> CoreResult<()> {
        // A no-op write takes the row's write lock on every backend (SQLite: the transaction
        // already holds the database write lock); it is held until commit or rollback.
        extra_field::Entity::update_many()
            .col_expr(
                extra_field::Column::FieldType,
                Expr::col(extra_field::Column::FieldType),
            )
            .filter(extra_field::Column::Id.eq(field_id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn set_value(&self, field_id: i64, item_id: i64, value: &str) -> CoreResult<()> {
        // one statement, so concurrent writers of the same (field, item) cannot both insert
        upsert_values(self.db(), [(field_id, item_id, value)]).await
    }

    async fn get_value(&self, field_id: i64, item_id: i64) -> CoreResult<Option<String>> {
        let row = extra_field_values::Entity::find()
            .filter(extra_field_values::Column::FieldId.eq(field_id))
            .filter(extra_field_values::Column::ItemId.eq(item_id))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(|r| r.value))
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
        let fields = fields_by_id(self.db(), item_type).await?;
        let values = extra_field_values::Entity::find()
            .filter(extra_field_values::Column::ItemId.is_in(item_ids.iter().copied()))
            .filter(extra_field_values::Column::FieldId.is_in(fields.keys().copied()))
            .order_by_asc(extra_field_values::Column::ItemId)
            .order_by_asc(extra_field_values::Column::FieldId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(with_fields(values, &fields))
    }

    async fn items_with_value(&self, field_id: i64, key: &str) -> CoreResult<Vec<i64>> {
        let rows: Vec<(i64, String)> = extra_field_values::Entity::find()
            .select_only()
            .column(extra_field_values::Column::ItemId)
            .column(extra_field_values::Column::Value)
            .filter(extra_field_values::Column::FieldId.eq(field_id))
            .filter(extra_field_values::Column::LookupKey.eq(indexed_key(key)))
            .order_by_asc(extra_field_values::Column::ItemId)
            .into_tuple()
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .filter(|(_, value)| lookup_key(value) == key)
            .map(|(item_id, _)| item_id)
            .collect())
    }

    async fn item_exists(&self, item_type: ItemType, item_id: i64) -> CoreResult<bool> {
        let db = self.db();
        let count = match item_type {
            ItemType::User => user::Entity::find_by_id(item_id).count(db).await,
            ItemType::Course => course::Entity::find_by_id(item_id).count(db).await,
            ItemType::Session => session::Entity::find_by_id(item_id).count(db).await,
        }
        .map_err(storage)?;
        Ok(count > 0)
    }
}
