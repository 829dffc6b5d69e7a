//! Drops migration 000004's index on `track_e_default (default_date, default_event_type)`: the
//! dashboard now reads the hourly call counts (000005), no query uses the index any more, and
//! every audit row written (one per accepted call) paid for it.

use sea_orm_migration::prelude::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_track_e_default_default_date_default_event_type";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).table("track_e_default").to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        index(
            m,
            "track_e_default",
            &["default_date", "default_event_type"],
        )
        .await
    }
}
