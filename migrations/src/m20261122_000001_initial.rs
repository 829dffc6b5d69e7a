//! The initial schema: Chamilo's table and column names wherever Chamilo has them.
//!
//! Runs unchanged on SQLite, PostgreSQL and MariaDB, hence: plain BIGINT ids, VARCHARs of
//! at most 190 characters where indexed (utf8mb4 index limit), TEXT for long content,
//! DATETIME (no time zone) for dates. Case-insensitive lookups go through `*_canonical`
//! columns holding the lower-cased value, so no behaviour depends on a collation; MariaDB
//! tables use the binary `utf8mb4_bin` collation to compare exactly like the other two.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, boolean, date_time, date_time_null, integer,
    integer_null, string_len, string_len_null, text, text_null,
};
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every table, parents before children (dropped in reverse).
const TABLES: &[&str] = &[
    "user",
    "admin",
    "course",
    "c_course_description",
    "session",
    "course_rel_user",
    "session_rel_user",
    "session_rel_course",
    "session_rel_course_rel_user",
    "extra_field",
    "extra_field_values",
    "user_api_key",
    "settings",
    "access_url",
    "access_url_rel_user",
    "access_url_rel_course",
    "access_url_rel_session",
    "track_e_login",
    "track_e_course_access",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = Tables(m.get_database_backend());

        m.create_table(
            t.create("user")
                .col(big_pk_auto("id"))
                .col(string_len("username", 100))
                .col(string_len("username_canonical", 190))
                .col(string_len("firstname", 255))
                .col(string_len("lastname", 255))
                .col(string_len("email", 255))
                .col(integer("status"))
                .col(string_len("official_code", 255))
                .col(string_len("phone", 255))
                .col(text("address"))
                .col(string_len("language", 40))
                .col(string_len("auth_source", 50))
                .col(boolean("active"))
                .col(date_time_null("expiration_date"))
                .col(date_time("registration_date"))
                .col(date_time_null("last_login"))
                .col(big_integer_null("creator_id"))
                .col(string_len("picture_uri", 255))
                .col(string_len("password", 255))
                .col(string_len("password_method", 20))
                .to_owned(),
        )
        .await?;
        unique(m, "user", &["username_canonical"]).await?;
        index(m, "user", &["status"]).await?;

        m.create_table(
            t.create("admin")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .foreign_key(&mut fk("admin", "user_id", "user"))
                .to_owned(),
        )
        .await?;
        unique(m, "admin", &["user_id"]).await?;

        m.create_table(
            t.create("course")
                .col(big_pk_auto("id"))
                .col(string_len("code", 40))
                // lower-cased code: codes are unique and looked up case-insensitively
                .col(string_len("code_canonical", 40))
                .col(string_len("title", 255))
                .col(string_len("directory", 255))
                .col(string_len("course_language", 40))
                .col(text("description"))
                .col(string_len("category_code", 255))
                .col(integer("visibility"))
                .col(integer("show_score"))
                .col(string_len("tutor_name", 255))
                .col(string_len("visual_code", 255))
                .col(string_len("department_name", 255))
                .col(string_len("department_url", 255))
                .col(big_integer("disk_quota"))
                .col(date_time_null("last_visit"))
                .col(date_time_null("last_edit"))
                .col(date_time("creation_date"))
                .col(date_time_null("expiration_date"))
                .col(boolean("subscribe"))
                .col(boolean("unsubscribe"))
                .col(string_len_null("registration_code", 255))
                .col(text("legal"))
                .col(boolean("activate_legal"))
                .to_owned(),
        )
        .await?;
        unique(m, "course", &["code"]).await?;
        unique(m, "course", &["code_canonical"]).await?;

        m.create_table(
            t.create("c_course_description")
                .col(big_pk_auto("id"))
                .col(big_integer("c_id"))
                // 0 when the section belongs to the course itself, not to a session
                .col(big_integer("session_id"))
                .col(integer("description_type"))
                .col(string_len("title", 255))
                .col(text("content"))
                .col(integer("progress"))
                .foreign_key(&mut fk("c_course_description", "c_id", "course"))
                .to_owned(),
        )
        .await?;
        index(m, "c_course_description", &["c_id", "session_id"]).await?;
        index(m, "c_course_description", &["session_id"]).await?;

        m.create_table(
            t.create("session")
                .col(big_pk_auto("id"))
                .col(string_len("name", 190))
                .col(string_len("name_canonical", 190))
                .col(text("description"))
                .col(date_time_null("display_start_date"))
                .col(date_time_null("display_end_date"))
                .col(date_time_null("access_start_date"))
                .col(date_time_null("access_end_date"))
                .col(date_time_null("coach_access_start_date"))
                .col(date_time_null("coach_access_end_date"))
                .col(integer_null("duration"))
                .col(integer("visibility"))
                .col(big_integer_null("id_coach"))
                .col(big_integer_null("session_admin_id"))
                .col(big_integer_null("session_category_id"))
                .col(big_integer_null("promotion_id"))
                .col(boolean("show_description"))
                .col(boolean("send_subscription_notification"))
                .to_owned(),
        )
        .await?;
        unique(m, "session", &["name_canonical"]).await?;
        index(m, "session", &["id_coach"]).await?;
        index(m, "session", &["session_admin_id"]).await?;

        m.create_table(
            t.create("course_rel_user")
                .col(big_pk_auto("id"))
                .col(big_integer("c_id"))
                .col(big_integer("user_id"))
                .col(integer("status"))
                .foreign_key(&mut fk("course_rel_user", "c_id", "course"))
                .foreign_key(&mut fk("course_rel_user", "user_id", "user"))
                .to_owned(),
        )
        .await?;
        unique(m, "course_rel_user", &["c_id", "user_id"]).await?;
        index(m, "course_rel_user", &["user_id"]).await?;

        m.create_table(
            t.create("session_rel_user")
                .col(big_pk_auto("id"))
                .col(big_integer("session_id"))
                .col(big_integer("user_id"))
                .col(integer("relation_type"))
                .col(big_integer_null("moved_to"))
                .col(integer_null("moved_status"))
                .col(date_time_null("moved_at"))
                .col(date_time("registered_at"))
                .foreign_key(&mut fk("session_rel_user", "session_id", "session"))
                .foreign_key(&mut fk("session_rel_user", "user_id", "user"))
                .to_owned(),
        )
        .await?;
        unique(m, "session_rel_user", &["session_id", "user_id"]).await?;
        index(m, "session_rel_user", &["user_id"]).await?;

        m.create_table(
            t.create("session_rel_course")
                .col(big_pk_auto("id"))
                .col(big_integer("session_id"))
                .col(big_integer("c_id"))
                .col(integer("position"))
                .foreign_key(&mut fk("session_rel_course", "session_id", "session"))
                .foreign_key(&mut fk("session_rel_course", "c_id", "course"))
                .to_owned(),
        )
        .await?;
        unique(m, "session_rel_course", &["session_id", "c_id"]).await?;
        index(m, "session_rel_course", &["c_id"]).await?;

        m.create_table(
            t.create("session_rel_course_rel_user")
                .col(big_pk_auto("id"))
                .col(big_integer("session_id"))
                .col(big_integer("c_id"))
                .col(big_integer("user_id"))
                .col(integer("status"))
                .foreign_key(&mut fk(
                    "session_rel_course_rel_user",
                    "session_id",
                    "session",
                ))
                .foreign_key(&mut fk("session_rel_course_rel_user", "c_id", "course"))
                .foreign_key(&mut fk("session_rel_course_rel_user", "user_id", "user"))
                .to_owned(),
        )
        .await?;
        // a user may be both student and coach of a course in a session
        unique(
            m,
            "session_rel_course_rel_user",
            &["session_id", "c_id", "user_id", "status"],
        )
        .await?;
        index(m, "session_rel_course_rel_user", &["c_id"]).await?;
        index(m, "session_rel_course_rel_user", &["user_id"]).await?;

        m.create_table(
            t.create("extra_field")
                .col(big_pk_auto("id"))
                .col(integer("extra_field_type"))
                .col(string_len("variable", 190))
                .col(string_len("variable_canonical", 190))
                .col(integer("field_type"))
                .col(string_len("display_text", 255))
                .col(boolean("visible_to_self"))
                .col(boolean("filter"))
                .col(date_time("created_at"))
                .to_owned(),
        )
        .await?;
        unique(
            m,
            "extra_field",
            &["extra_field_type", "variable_canonical"],
        )
        .await?;

        m.create_table(
            t.create("extra_field_values")
                .col(big_pk_auto("id"))
                .col(big_integer("field_id"))
                // a user, course or session id, depending on the field's type
                .col(big_integer("item_id"))
                .col(text("value"))
                // lookup_key(value) cut to 190 characters: narrows lookups by value through an
                // index; the full value is then compared exactly
                .col(string_len("lookup_key", 190))
                .col(text_null("comment"))
                .col(date_time("created_at"))
                .col(date_time("updated_at"))
                .foreign_key(&mut fk("extra_field_values", "field_id", "extra_field"))
                .to_owned(),
        )
        .await?;
        unique(m, "extra_field_values", &["field_id", "item_id"]).await?;
        index(m, "extra_field_values", &["field_id", "lookup_key"]).await?;
        index(m, "extra_field_values", &["item_id"]).await?;

        m.create_table(
            t.create("user_api_key")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string_len("api_key", 64))
                .col(string_len("api_service", 190))
                .col(date_time("created_date"))
                .foreign_key(&mut fk("user_api_key", "user_id", "user"))
                .to_owned(),
        )
        .await?;
        index(m, "user_api_key", &["user_id", "api_service"]).await?;
        index(m, "user_api_key", &["api_key"]).await?;

        m.create_table(
            t.create("settings")
                .col(big_pk_auto("id"))
                .col(string_len("variable", 190))
                .col(text("value"))
                .to_owned(),
        )
        .await?;
        unique(m, "settings", &["variable"]).await?;

        m.create_table(
            t.create("access_url")
                .col(big_pk_auto("id"))
                .col(string_len("url", 255))
                .col(text("description"))
                .col(boolean("active"))
                .col(big_integer("created_by"))
                .col(date_time("tms"))
                .to_owned(),
        )
        .await?;
        // URL 1 always exists. No explicit id: PostgreSQL's sequence would not advance past it.
        m.exec_stmt(
            Query::insert()
                .into_table("access_url")
                .columns(["url", "description", "active", "created_by", "tms"])
                .values_panic([
                    "http://localhost/".into(),
                    "".into(),
                    true.into(),
                    1i64.into(),
                    Expr::current_timestamp(),
                ])
                .to_owned(),
        )
        .await?;

        for (table, column, parent) in [
            ("access_url_rel_user", "user_id", "user"),
            ("access_url_rel_course", "c_id", "course"),
            ("access_url_rel_session", "session_id", "session"),
        ] {
            m.create_table(
                t.create(table)
                    .col(big_pk_auto("id"))
                    .col(big_integer("access_url_id"))
                    .col(big_integer(column))
                    .foreign_key(&mut fk(table, "access_url_id", "access_url"))
                    .foreign_key(&mut fk(table, column, parent))
                    .to_owned(),
            )
            .await?;
            unique(m, table, &["access_url_id", column]).await?;
            index(m, table, &[column]).await?;
        }

        // Tracking is history: no foreign keys, rows outlive what they mention.
        m.create_table(
            t.create("track_e_login")
                .col(big_pk_auto("login_id"))
                .col(big_integer("login_user_id"))
                .col(date_time("login_date"))
                .col(string_len("user_ip", 45))
                .col(date_time_null("logout_date"))
                .to_owned(),
        )
        .await?;
        index(m, "track_e_login", &["login_user_id", "login_date"]).await?;

        m.create_table(
            t.create("track_e_course_access")
                .col(big_pk_auto("course_access_id"))
                .col(big_integer("c_id"))
                .col(big_integer("user_id"))
                .col(date_time("login_course_date"))
                .col(date_time_null("logout_course_date"))
                .col(integer("counter"))
                .col(big_integer("session_id"))
                .col(string_len("user_ip", 45))
                .to_owned(),
        )
        .await?;
        index(m, "track_e_course_access", &["user_id", "c_id"]).await?;
        index(m, "track_e_course_access", &["c_id"]).await?;
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

/// Builds CREATE TABLE statements with the table options the backend needs.
struct Tables(DbBackend);

impl Tables {
    fn create(&self, name: &'static str) -> TableCreateStatement {
        let mut table = Table::create();
        table.table(name);
        if self.0 == DbBackend::MySql {
            // utf8mb4 whatever the server's default; binary collation so that comparisons and
            // unique indexes behave as on PostgreSQL and SQLite
            table
                .engine("InnoDB")
                .character_set("utf8mb4")
                .collate("utf8mb4_bin");
        }
        table
    }
}

/// A foreign key to `parent.id`. Deleting the parent also deletes the row: the repositories
/// remove dependents themselves, this is the safety net.
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
