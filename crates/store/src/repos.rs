//! `Repos<C>`: every core port, implemented once over any sea-orm connection, so the same code
//! serves autocommit reads (`DatabaseConnection`) and transactions (`DatabaseTransaction`).

use crate::entities::{extra_field, extra_field_values};
use crate::error::storage;
use chamilo_core::{CoreResult, ItemType};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The connection type the repositories run on.
pub trait Conn: ConnectionTrait + Send + Sync + 'static {}
impl<C: ConnectionTrait + Send + Sync + 'static> Conn for C {}

pub struct Repos<C>(pub(crate) C);

impl<C: Conn> Repos<C> {
    pub(crate) fn db(&self) -> &C {
        &self.0
    }

    /// Removes the extra-field values of an item (values hang on (type, id), not on a table).
    pub(crate) async fn delete_extra_values(
        &self,
        item_type: ItemType,
        item_id: i64,
    ) -> CoreResult<()> {
        extra_field_values::Entity::delete_many()
            .filter(extra_field_values::Column::ItemId.eq(item_id))
            .filter(
                extra_field_values::Column::FieldId.in_subquery(
                    Query::select()
                        .column(extra_field::Column::Id)
                        .from(extra_field::Entity)
                        .and_where(extra_field::Column::ExtraFieldType.eq(item_type.code()))
                        .to_owned(),
                ),
            )
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }
}
