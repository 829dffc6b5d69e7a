//! `gateway_call_count`: web-service calls counted per hour and per day by protocol, operation,
//! outcome and client address (the migration dashboard's figures). One row per period and key,
//! whatever the traffic; several gateway processes add to the same rows, so the key is the
//! primary key the store's upsert adds on.
//!
//! The key leads with (`period`, `period_start`): every read asks for the hours or the days
//! from some time on, so it walks the primary key. The widths are the core's
//! `types::calls::*_MAX`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, date_time, string_len};

use crate::helpers::create;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "gateway_call_count";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        m.create_table(
            create(backend, TABLE)
                // hour, day
                .col(string_len("period", 4))
                .col(date_time("period_start"))
                // soap.php, registration.soap.php, v2.php
                .col(string_len("protocol", 32))
                .col(string_len("operation", 100))
                // ok, refused, fault, error
                .col(string_len("outcome", 16))
                // an IPv6 address in text with an IPv4 tail is 45 characters
                .col(string_len("client", 45))
                .col(big_integer("calls"))
                .col(date_time("last_call"))
                .primary_key(
                    Index::create()
                        .col("period")
                        .col("period_start")
                        .col("protocol")
                        .col("operation")
                        .col("outcome")
                        .col("client"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TABLE).if_exists().to_owned())
            .await
    }
}
