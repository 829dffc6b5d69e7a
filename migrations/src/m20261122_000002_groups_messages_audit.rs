//! Classes ("usergroups") and their links, internal messages, the web-service audit trail
//! (`track_e_default`) and the terms and conditions (`legal`).
//!
//! Same conventions as the initial migration: Chamilo's table and column names, BIGINT ids,
//! indexed VARCHARs of at most 190 characters, a lower-cased `*_canonical` column where a
//! lookup is case-insensitive, `utf8mb4_bin` tables on MariaDB.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, date_time, date_time_null, integer, string_len, text,
};
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table of this migration, parents before children (dropped in reverse).
const TABLES: &[&str] = &[
    "usergroup",
    "usergroup_rel_user",
    "usergroup_rel_course",
    "usergroup_rel_session",
    "message",
    "track_e_default",
    "legal",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let backend = m.get_database_backend();
        let create = |name: &'static str| {
            let mut table = Table::create();
            table.table(name);
            if backend == DbBackend::MySql {
                table
                    .engine("InnoDB")
                    .character_set("utf8mb4")
                    .collate("utf8mb4_bin");
            }
            table
        };

        m.create_table(
            create("usergroup")
                .col(big_pk_auto("id"))
                .col(string_len("name", 190))
                // lower-cased name: class names are unique case-insensitively
                .col(string_len("name_canonical", 190))
                .col(text("description"))
                // 0 class, 1 social group
                .col(integer("group_type"))
                // 1 open, 2 closed
                .col(integer("visibility"))
                .col(string_len("url", 255))
                .col(string_len("picture", 255))
                .col(big_integer("author_id"))
                .col(date_time("created_at"))
                .col(date_time("updated_at"))
                .to_owned(),
        )
        .await?;
        unique(m, "usergroup", &["name_canonical"]).await?;

        for (table, column, parent) in [
            ("usergroup_rel_user", "user_id", "user"),
            ("usergroup_rel_course", "course_id", "course"),
            ("usergroup_rel_session", "session_id", "session"),
        ] {
            let mut t = create(table);
            t.col(big_pk_auto("id"))
                .col(big_integer("usergroup_id"))
                .col(big_integer(column));
            if table == "usergroup_rel_user" {
                t.col(integer("relation_type"));
            }
            m.create_table(
                t.foreign_key(&mut fk(table, "usergroup_id", "usergroup"))
                    .foreign_key(&mut fk(table, column, parent))
                    .to_owned(),
            )
            .await?;
            unique(m, table, &["usergroup_id", column]).await?;
            index(m, table, &[column]).await?;
        }

        // One row per copy: the receiver's (status 0 read / 1 unread / 3 deleted) and the
        // sender's outbox copy (status 4).
        m.create_table(
            create("message")
                .col(big_pk_auto("id"))
                .col(big_integer("user_sender_id"))
                .col(big_integer("user_receiver_id"))
                .col(integer("msg_status"))
                .col(date_time("send_date"))
                .col(string_len("title", 255))
                .col(text("content"))
                .col(big_integer("group_id"))
                .col(big_integer("parent_id"))
                .col(date_time_null("update_date"))
                .foreign_key(&mut fk("message", "user_sender_id", "user"))
                .foreign_key(&mut fk("message", "user_receiver_id", "user"))
                .to_owned(),
        )
        .await?;
        index(m, "message", &["user_receiver_id", "msg_status"]).await?;
        index(m, "message", &["user_sender_id", "msg_status"]).await?;

        // The audit trail is history: no foreign keys, rows outlive what they mention.
        m.create_table(
            create("track_e_default")
                .col(big_pk_auto("default_id"))
                .col(big_integer("default_user_id"))
                .col(big_integer("c_id"))
                .col(date_time("default_date"))
                .col(string_len("default_event_type", 190))
                .col(string_len("default_value_type", 190))
                .col(text("default_value"))
                .col(big_integer("session_id"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "track_e_default",
            &["default_event_type", "default_date"],
        )
        .await?;
        index(m, "track_e_default", &["default_date"]).await?;
        index(m, "track_e_default", &["default_user_id"]).await?;

        m.create_table(
            create("legal")
                .col(big_pk_auto("id"))
                .col(date_time("date"))
                .col(text("content"))
                .col(integer("type"))
                .col(text("changes"))
                .col(integer("version"))
                .col(big_integer("language_id"))
                .to_owned(),
        )
        .await?;
        index(m, "legal", &["version"]).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(*table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// A foreign key to `parent.id`, deleting the row with its parent.
fn fk(table: &str, column: &'static str, parent: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from_col(column)
        .to(parent, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

async fn unique(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    create_index(m, table, cols, true).await
}

async fn index(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    create_index(m, table, cols, false).await
}

/// Index names are global on PostgreSQL and SQLite, hence the table in the name.
async fn create_index(
    m: &SchemaManager<'_>,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let prefix = if unique { "uq" } else { "idx" };
    let mut idx = Index::create();
    idx.name(format!("{prefix}_{table}_{}", cols.join("_")))
        .table(table);
    for col in cols {
        idx.col(*col);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}
