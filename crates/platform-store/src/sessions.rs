//! Sessions as `SessionManager::create_session` writes them (chamilo-db.md §2.3): the six
//! dates (NULL when not given; zero dates read as none), `duration` 0 when there is none, the
//! counters left to `crate::counters` (NULL until the first membership change, as PHP leaves
//! them). Names are unique through the `name` index, which compares under utf8_unicode_ci.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, conflict, date, exec, fit, marks};
use async_trait::async_trait;
use chamilo_core::ports::SessionRepo;
use chamilo_core::types::extra_fields::ItemType;
use chamilo_core::types::sessions::{Session, SessionCounts, SessionFilter, SessionText};
use chamilo_core::types::subscriptions::session_relation;
use chamilo_core::{Conflict, CoreResult};
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::HashMap;

pub(crate) const TABLES: &[Needs] = &[
    (
        "session",
        &[
            "id",
            "id_coach",
            "session_category_id",
            "name",
            "description",
            "show_description",
            "duration",
            "nbr_courses",
            "nbr_users",
            "nbr_classes",
            "session_admin_id",
            "visibility",
            "promotion_id",
            "display_start_date",
            "display_end_date",
            "access_start_date",
            "access_end_date",
            "coach_access_start_date",
            "coach_access_end_date",
            "send_subscription_notification",
        ],
    ),
    ("access_url_rel_session", &["access_url_id", "session_id"]),
    ("usergroup_rel_session", &["usergroup_id", "session_id"]),
    // what `SessionManager::delete` removes or detaches beside the memberships
    ("c_student_publication", &["session_id"]),
    ("c_item_property", &["session_id"]),
    ("c_course_description", &["session_id"]),
    ("track_e_course_access", &["session_id"]),
    ("track_e_access", &["access_session_id"]),
    ("ticket_ticket", &["session_id"]),
    ("skill_rel_user", &["session_id"]),
];

/// The columns of a session record. Ids Chamilo may hold as 0 (`promotion_id` is reset to 0
/// by `clear_session_ref_promotion`) read as none, and so does a `duration` of 0, which is
/// how `create_session` writes "no duration".
fn select() -> String {
    format!(
        "SELECT s.id, s.name, COALESCE(s.description, '') AS description, \
         {} AS display_start_date, {} AS display_end_date, \
         {} AS access_start_date, {} AS access_end_date, \
         {} AS coach_access_start_date, {} AS coach_access_end_date, \
         NULLIF(s.duration, 0) AS duration, s.visibility, \
         NULLIF(s.id_coach, 0) AS id_coach, NULLIF(s.session_admin_id, 0) AS session_admin_id, \
         NULLIF(s.session_category_id, 0) AS session_category_id, \
         NULLIF(s.promotion_id, 0) AS promotion_id, \
         COALESCE(s.show_description, 0) AS show_description, \
         s.send_subscription_notification \
         FROM session s",
        date("s.display_start_date"),
        date("s.display_end_date"),
        date("s.access_start_date"),
        date("s.access_end_date"),
        date("s.coach_access_start_date"),
        date("s.coach_access_end_date"),
    )
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    name: String,
    description: String,
    display_start_date: Option<NaiveDateTime>,
    display_end_date: Option<NaiveDateTime>,
    access_start_date: Option<NaiveDateTime>,
    access_end_date: Option<NaiveDateTime>,
    coach_access_start_date: Option<NaiveDateTime>,
    coach_access_end_date: Option<NaiveDateTime>,
    duration: Option<i32>,
    visibility: i32,
    id_coach: Option<i64>,
    session_admin_id: Option<i64>,
    session_category_id: Option<i64>,
    promotion_id: Option<i64>,
    show_description: bool,
    send_subscription_notification: bool,
}

impl From<Row> for Session {
    fn from(r: Row) -> Self {
        Session {
            id: r.id,
            name: r.name,
            description: r.description,
            display_start_date: r.display_start_date,
            display_end_date: r.display_end_date,
            access_start_date: r.access_start_date,
            access_end_date: r.access_end_date,
            coach_access_start_date: r.coach_access_start_date,
            coach_access_end_date: r.coach_access_end_date,
            duration: r.duration,
            visibility: r.visibility,
            general_coach_id: r.id_coach,
            session_admin_id: r.session_admin_id,
            session_category_id: r.session_category_id,
            promotion_id: r.promotion_id,
            show_description: r.show_description,
            send_subscription_notification: r.send_subscription_notification,
        }
    }
}

async fn sessions(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Vec<Session>> {
    let rows: Vec<Row> = all(db, sql, values).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The columns every write sets, in `write_values` order.
const WRITE_COLUMNS: &[&str] = &[
    "name",
    "description",
    "show_description",
    "display_start_date",
    "display_end_date",
    "access_start_date",
    "access_end_date",
    "coach_access_start_date",
    "coach_access_end_date",
    "duration",
    "visibility",
    "id_coach",
    "session_admin_id",
    "session_category_id",
    "promotion_id",
    "send_subscription_notification",
];

/// A LONGTEXT holds any length; only its 3-byte utf8 limits what it can hold.
const LONGTEXT: usize = u32::MAX as usize;

fn write_values(s: &Session) -> CoreResult<Vec<Value>> {
    Ok(vec![
        fit("name", &s.name, 150)?.into(),
        fit("description", &s.description, LONGTEXT)?.into(),
        s.show_description.into(),
        s.display_start_date.into(),
        s.display_end_date.into(),
        s.access_start_date.into(),
        s.access_end_date.into(),
        s.coach_access_start_date.into(),
        s.coach_access_end_date.into(),
        // create_session's "no duration"
        s.duration.unwrap_or(0).into(),
        s.visibility.into(),
        s.general_coach_id.into(),
        s.session_admin_id.into(),
        s.session_category_id.into(),
        s.promotion_id.into(),
        s.send_subscription_notification.into(),
    ])
}

/// Text the platform's 3-byte utf8 columns cannot hold, which therefore no stored text
/// contains or equals.
fn unstorable(text: &str) -> bool {
    text.chars().any(|c| c.len_utf8() > 3)
}

/// The escape character of the text patterns: not a backslash, which MariaDB string literals
/// would also read.
const LIKE_ESCAPE: char = '!';

/// `%term%` for LIKE, its own `%`, `_` and escape characters taken literally. The collation
/// makes the match case- and accent-insensitive, as Chamilo's own session search is.
fn contains_pattern(term: &str) -> String {
    let mut pattern = String::from("%");
    for c in term.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Name or description contains the term; with `in_extra_values`, or one of the session's
/// extra-field values does.
fn text_condition(text: &SessionText, values: &mut Vec<Value>) -> String {
    if unstorable(&text.term) {
        return "FALSE".into();
    }
    let pattern = contains_pattern(&text.term);
    let like = format!("LIKE ? ESCAPE '{LIKE_ESCAPE}'");
    let mut any = vec![format!("s.name {like}"), format!("s.description {like}")];
    values.push(pattern.clone().into());
    values.push(pattern.clone().into());
    if text.in_extra_values {
        any.push(format!(
            "EXISTS (SELECT 1 FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = ? AND v.item_id = s.id AND v.value {like})"
        ));
        values.push(ItemType::Session.code().into());
        values.push(pattern.into());
    }
    format!("({})", any.join(" OR "))
}

fn listing(filter: &SessionFilter) -> (String, Vec<Value>) {
    let mut conds = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(url) = filter.access_url_id {
        conds.push(
            "EXISTS (SELECT 1 FROM access_url_rel_session r \
             WHERE r.session_id = s.id AND r.access_url_id = ?)"
                .to_string(),
        );
        values.push(url.into());
    }
    // through date(): a zero date is no date, and must not pass for one before the bound
    if let Some(from) = filter.access_starts_from {
        conds.push(format!("{} >= ?", date("s.access_start_date")));
        values.push(from.into());
    }
    if let Some(by) = filter.access_ends_by {
        conds.push(format!("{} <= ?", date("s.access_end_date")));
        values.push(by.into());
    }
    if let Some(text) = &filter.text {
        conds.push(text_condition(text, &mut values));
    }
    if conds.is_empty() {
        (String::new(), values)
    } else {
        (format!("WHERE {}", conds.join(" AND ")), values)
    }
}

/// Session ids per statement of the set-wise counts.
const CHUNK: usize = 500;

#[async_trait]
impl<C: Conn> SessionRepo for Repos<C> {
    async fn insert_session(&self, s: &Session) -> CoreResult<i64> {
        let sql = format!(
            "INSERT INTO session ({}) VALUES ({})",
            WRITE_COLUMNS.join(", "),
            marks(WRITE_COLUMNS.len())
        );
        let done = self
            .db()
            .execute_raw(crate::sql::stmt(&sql, write_values(s)?))
            .await
            .map_err(conflict(Conflict::SessionName))?;
        Ok(done.last_insert_id() as i64)
    }

    async fn update_session(&self, s: &Session) -> CoreResult<()> {
        let sets: Vec<String> = WRITE_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
        let sql = format!("UPDATE session SET {} WHERE id = ?", sets.join(", "));
        let mut values = write_values(s)?;
        values.push(s.id.into());
        self.db()
            .execute_raw(crate::sql::stmt(&sql, values))
            .await
            .map_err(conflict(Conflict::SessionName))?;
        Ok(())
    }

    async fn get_session(&self, id: i64) -> CoreResult<Option<Session>> {
        let sql = format!("{} WHERE s.id = ?", select());
        Ok(sessions(self.db(), &sql, vec![id.into()]).await?.pop())
    }

    async fn find_session_by_name(&self, name: &str) -> CoreResult<Option<Session>> {
        if unstorable(name) {
            return Ok(None);
        }
        // through the column's collation: what create_session's own check finds
        let sql = format!("{} WHERE s.name = ? ORDER BY s.id LIMIT 1", select());
        Ok(sessions(self.db(), &sql, vec![name.into()]).await?.pop())
    }

    async fn list_sessions(&self, filter: &SessionFilter) -> CoreResult<Vec<Session>> {
        let (cond, values) = listing(filter);
        let sql = format!("{} {cond} ORDER BY s.id", select());
        sessions(self.db(), &sql, values).await
    }

    async fn session_counts(&self, ids: &[i64]) -> CoreResult<Vec<SessionCounts>> {
        #[derive(FromQueryResult)]
        struct Counts {
            id: i64,
            courses: i64,
            users: i64,
            classes: i64,
        }
        let mut found: HashMap<i64, SessionCounts> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            // the rows, counted as Chamilo's own counters count them (HR managers aside)
            let sql = format!(
                "SELECT s.id, \
                 (SELECT COUNT(*) FROM session_rel_course c WHERE c.session_id = s.id) AS courses, \
                 (SELECT COUNT(*) FROM session_rel_user r \
                  WHERE r.session_id = s.id AND r.relation_type <> ?) AS users, \
                 (SELECT COUNT(*) FROM usergroup_rel_session g WHERE g.session_id = s.id) AS classes \
                 FROM session s WHERE s.id IN ({})",
                marks(chunk.len())
            );
            let mut values: Vec<Value> = vec![session_relation::DRH.into()];
            values.extend(chunk.iter().map(|id| Value::from(*id)));
            let rows: Vec<Counts> = all(self.db(), &sql, values).await?;
            let n = |v: i64| u64::try_from(v).unwrap_or(0);
            for r in rows {
                found.insert(
                    r.id,
                    SessionCounts {
                        courses: n(r.courses),
                        users: n(r.users),
                        classes: n(r.classes),
                    },
                );
            }
        }
        Ok(ids
            .iter()
            .map(|id| found.get(id).copied().unwrap_or_default())
            .collect())
    }

    async fn delete_session(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        // writers of its memberships wait, and find it gone
        exec(
            db,
            "SELECT id FROM session WHERE id = ? FOR UPDATE",
            vec![id.into()],
        )
        .await?;
        // what SessionManager::delete removes (its course documents and work files aside);
        // the rows whose foreign keys would refuse the delete are detached instead
        for sql in [
            "DELETE FROM usergroup_rel_session WHERE session_id = ?",
            "DELETE FROM c_student_publication WHERE session_id = ?",
            "DELETE FROM session_rel_course_rel_user WHERE session_id = ?",
            "DELETE FROM session_rel_course WHERE session_id = ?",
            "DELETE FROM session_rel_user WHERE session_id = ?",
            "DELETE FROM c_item_property WHERE session_id = ?",
            "DELETE FROM c_course_description WHERE session_id = ?",
            "DELETE FROM access_url_rel_session WHERE session_id = ?",
            "DELETE FROM track_e_course_access WHERE session_id = ?",
            "DELETE FROM track_e_access WHERE access_session_id = ?",
            "UPDATE ticket_ticket SET session_id = NULL WHERE session_id = ?",
            "UPDATE skill_rel_user SET session_id = NULL WHERE session_id = ?",
            "DELETE FROM session WHERE id = ?",
        ] {
            exec(db, sql, vec![id.into()]).await?;
        }
        exec(
            db,
            "DELETE v FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = ? AND v.item_id = ?",
            vec![ItemType::Session.code().into(), id.into()],
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("100%"), "%100!%%");
        assert_eq!(contains_pattern("s_1!"), "%s!_1!!%");
        assert_eq!(contains_pattern(""), "%%");
    }

    #[test]
    fn four_byte_text_matches_nothing() {
        let mut values = Vec::new();
        let text = SessionText {
            term: "😀".into(),
            in_extra_values: true,
        };
        assert_eq!(text_condition(&text, &mut values), "FALSE");
        assert!(values.is_empty());
    }
}
