//! Extra fields and their values; external identifiers.

use crate::error::CoreResult;
use crate::types::extra_fields::*;
use async_trait::async_trait;

#[async_trait]
pub trait ExtraFieldRepo: Send + Sync {
    /// Case-insensitive on the variable.
    async fn find_field(
        &self,
        item_type: ItemType,
        variable: &str,
    ) -> CoreResult<Option<ExtraField>>;
    async fn insert_field(&self, field: &ExtraField) -> CoreResult<ExtraField>;
    /// Takes a write lock on the field row so concurrent creators of the same external id
    /// serialise (the uniqueness check then sees committed values).
    async fn lock_field(&self, field_id: i64) -> CoreResult<()>;
    /// Insert or update the value of (field, item).
    async fn set_value(&self, field_id: i64, item_id: i64, value: &str) -> CoreResult<()>;
    async fn get_value(&self, field_id: i64, item_id: i64) -> CoreResult<Option<String>>;
    /// All values of an item, ordered by field id.
    async fn values_of(&self, item_type: ItemType, item_id: i64) -> CoreResult<Vec<ExtraValue>>;
    /// `values_of` for many items at once, ordered by item id, then field.
    async fn values_of_items(
        &self,
        item_type: ItemType,
        item_ids: &[i64],
    ) -> CoreResult<Vec<ExtraValue>>;
    /// Item ids whose value has this `lookup_key`, lowest first.
    async fn items_with_value(&self, field_id: i64, lookup_key: &str) -> CoreResult<Vec<i64>>;
    /// Checks the item itself exists (user/course/session id).
    async fn item_exists(&self, item_type: ItemType, item_id: i64) -> CoreResult<bool>;
}
