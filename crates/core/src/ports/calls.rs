//! Call counts per hour and per day (`gateway_call_count`).

use crate::error::CoreResult;
use crate::types::calls::*;
use async_trait::async_trait;
use chrono::NaiveDateTime;

#[async_trait]
pub trait CallCountRepo: Send + Sync {
    /// Adds each row to the stored row of its period, start and key (calls summed, the later
    /// `last` kept), inserting the missing ones. Adds from several processes at once all count.
    async fn add_call_counts(&self, counts: &[CallCount]) -> CoreResult<()>;
    /// Sums of the rows of `period` starting at `since` or later, grouped as asked: the most
    /// calls first (then by the grouped columns), at most `limit` of them.
    async fn call_sums(
        &self,
        period: Period,
        since: NaiveDateTime,
        grouping: CallGrouping,
        limit: u64,
    ) -> CoreResult<Vec<CallSum>>;
    /// Deletes the rows (of both periods) starting before `before`; answers how many.
    async fn prune_call_counts(&self, before: NaiveDateTime) -> CoreResult<u64>;
}
