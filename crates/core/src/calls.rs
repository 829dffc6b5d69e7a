//! Web-service calls counted per hour, by protocol, operation, outcome and client address: the
//! migration dashboard's figures, kept per hour and per day. The HTTP edge reports every call it served
//! (`record_call`); the counts reach the store a few seconds later (`gateway::call_counter`).

pub use crate::types::calls::*;

use crate::error::CoreResult;
use crate::gateway::Gateway;
use chrono::NaiveDateTime;

impl Gateway {
    /// Counts one served call. Never waits on the database.
    pub fn record_call(&self, mark: CallMark) {
        self.call_counter().record(mark);
    }

    /// Adds the counts gathered in this process to the store now (shutdown, reads).
    pub async fn flush_call_counts(&self) {
        self.call_counter().flush().await;
    }

    /// Sums of the counts of `period` starting at `since` or later, grouped as asked, the most
    /// calls first; this process's gathered counts are added first, so its own calls are in.
    pub async fn call_sums(
        &self,
        period: Period,
        since: NaiveDateTime,
        grouping: CallGrouping,
        limit: u64,
    ) -> CoreResult<Vec<CallSum>> {
        self.flush_call_counts().await;
        self.repo().call_sums(period, since, grouping, limit).await
    }

    /// Count rows dropped because their write failed, since start (monitoring).
    pub fn dropped_call_counts(&self) -> u64 {
        self.call_counter().dropped()
    }
}
