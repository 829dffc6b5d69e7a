//! Subscriptions in Chamilo's link tables (chamilo-db.md §2.4): `course_rel_user` with the
//! columns `CourseManager::subscribeUser` fills, `session_rel_user`, `session_rel_course` and
//! `session_rel_course_rel_user` as `SessionManager` writes them, and the session counters
//! recomputed after every change.
//!
//! None of these tables has a unique index, and the core checks before it inserts. So every
//! method on one course's or one session's members first locks that course or session row
//! (`FOR UPDATE`) and reads the members with a locking read, which sees what other
//! transactions committed meanwhile: a check and the insert after it cannot interleave with
//! another writer's, across processes too. The insert itself is conditional as well, and
//! inserts nothing when the row is there (`AlreadyExists(Subscription)`, as a unique index
//! would answer). HR-manager relations (`relation_type` 1) are not subscriptions: Chamilo's
//! own checks and removals leave them out.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, date, exec, one};
use async_trait::async_trait;
use chamilo_core::ports::SubscriptionRepo;
use chamilo_core::types::subscriptions::{
    session_relation, CourseUser, SessionCourse, SessionCourseUser, SessionUser,
};
use chamilo_core::{Conflict, CoreError, CoreResult};
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

pub(crate) const TABLES: &[Needs] = &[
    ("course", &["id"]),
    ("session", &["id", "visibility"]),
    (
        "course_rel_user",
        &[
            "id",
            "c_id",
            "user_id",
            "status",
            "relation_type",
            "is_tutor",
            "sort",
            "user_course_cat",
        ],
    ),
    (
        "session_rel_user",
        &[
            "id",
            "session_id",
            "user_id",
            "relation_type",
            "moved_to",
            "moved_status",
            "moved_at",
            "registered_at",
        ],
    ),
    (
        "session_rel_course",
        &["id", "session_id", "c_id", "nbr_users", "position"],
    ),
    (
        "session_rel_course_rel_user",
        &[
            "id",
            "session_id",
            "c_id",
            "user_id",
            "visibility",
            "status",
        ],
    ),
];

/// `COURSE_RELATION_TYPE_RRHH`: an HR manager following a course, not a member of it.
const COURSE_HR: i32 = 1;

fn already() -> CoreError {
    CoreError::AlreadyExists(Conflict::Subscription)
}

/// Holds the course row until the transaction ends: the writers of its members queue here.
async fn lock_course(db: &impl ConnectionTrait, course_id: i64) -> CoreResult<()> {
    exec(
        db,
        "SELECT id FROM course WHERE id = ? FOR UPDATE",
        vec![course_id.into()],
    )
    .await?;
    Ok(())
}

/// Holds the session row until the transaction ends: the writers of its members queue here.
async fn lock_session(db: &impl ConnectionTrait, session_id: i64) -> CoreResult<()> {
    exec(
        db,
        "SELECT id FROM session WHERE id = ? FOR UPDATE",
        vec![session_id.into()],
    )
    .await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct CourseUserRow {
    course_id: i64,
    user_id: i64,
    status: i32,
}

impl From<CourseUserRow> for CourseUser {
    fn from(r: CourseUserRow) -> Self {
        CourseUser {
            course_id: r.course_id,
            user_id: r.user_id,
            status: r.status,
        }
    }
}

const COURSE_USER: &str = "SELECT c_id AS course_id, user_id, status FROM course_rel_user";

async fn course_users(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Vec<CourseUser>> {
    let rows: Vec<CourseUserRow> = all(db, sql, values).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

#[derive(FromQueryResult)]
struct SessionUserRow {
    session_id: i64,
    user_id: i64,
    relation_type: i32,
    moved_to: Option<i64>,
    moved_status: Option<i32>,
    moved_at: Option<NaiveDateTime>,
    registered_at: NaiveDateTime,
}

impl From<SessionUserRow> for SessionUser {
    fn from(r: SessionUserRow) -> Self {
        SessionUser {
            session_id: r.session_id,
            user_id: r.user_id,
            relation_type: r.relation_type,
            moved_to: r.moved_to,
            moved_status: r.moved_status,
            moved_at: r.moved_at,
            registered_at: r.registered_at,
        }
    }
}

fn session_user_select() -> String {
    format!(
        "SELECT session_id, user_id, relation_type, moved_to, moved_status, \
         {} AS moved_at, CAST(COALESCE({}, '1970-01-01 00:00:00') AS DATETIME) AS registered_at \
         FROM session_rel_user",
        date("moved_at"),
        date("registered_at")
    )
}

async fn session_users(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Vec<SessionUser>> {
    let rows: Vec<SessionUserRow> = all(db, sql, values).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The session user relation `get_session_user` reports: the user's non-HR one if there is
/// one (Chamilo's table may hold both), under the session lock.
async fn session_user(
    db: &impl ConnectionTrait,
    session_id: i64,
    user_id: i64,
) -> CoreResult<Option<SessionUser>> {
    let sql = format!(
        "{} WHERE session_id = ? AND user_id = ? ORDER BY relation_type = ?, id LIMIT 1 \
         LOCK IN SHARE MODE",
        session_user_select()
    );
    let values = vec![
        session_id.into(),
        user_id.into(),
        session_relation::DRH.into(),
    ];
    Ok(session_users(db, &sql, values).await?.pop())
}

#[derive(FromQueryResult)]
struct SessionCourseRow {
    session_id: i64,
    course_id: i64,
    position: i32,
}

#[derive(FromQueryResult)]
struct SessionCourseUserRow {
    session_id: i64,
    course_id: i64,
    user_id: i64,
    status: i32,
}

impl From<SessionCourseUserRow> for SessionCourseUser {
    fn from(r: SessionCourseUserRow) -> Self {
        SessionCourseUser {
            session_id: r.session_id,
            course_id: r.course_id,
            user_id: r.user_id,
            status: r.status,
        }
    }
}

const SESSION_COURSE_USER: &str =
    "SELECT session_id, c_id AS course_id, user_id, status FROM session_rel_course_rel_user";

/// After a change of the session's members: its counters, and whether anything changed.
async fn changed(db: &impl ConnectionTrait, session_id: i64, rows: u64) -> CoreResult<bool> {
    if rows > 0 {
        crate::counters::recount_session(db, session_id).await?;
    }
    Ok(rows > 0)
}

#[async_trait]
impl<C: Conn> SubscriptionRepo for Repos<C> {
    async fn get_course_user(
        &self,
        course_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<CourseUser>> {
        let db = self.db();
        lock_course(db, course_id).await?;
        let sql = format!(
            "{COURSE_USER} WHERE c_id = ? AND user_id = ? AND relation_type <> ? \
             ORDER BY id LIMIT 1 LOCK IN SHARE MODE"
        );
        let values = vec![course_id.into(), user_id.into(), COURSE_HR.into()];
        Ok(course_users(db, &sql, values).await?.pop())
    }

    async fn insert_course_user(&self, row: &CourseUser) -> CoreResult<()> {
        let db = self.db();
        lock_course(db, row.course_id).await?;
        // CourseManager::subscribeUser: the next `sort` among the user's courses of the
        // default category, relation 0, category 0
        let done = exec(
            db,
            "INSERT INTO course_rel_user \
             (c_id, user_id, status, is_tutor, sort, relation_type, user_course_cat) \
             SELECT ?, ?, ?, 0, \
             (SELECT COALESCE(MAX(o.sort), 0) + 1 FROM course_rel_user o \
              WHERE o.user_id = ? AND o.relation_type <> ? AND o.user_course_cat = 0), 0, 0 \
             FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM course_rel_user e \
              WHERE e.c_id = ? AND e.user_id = ? AND e.relation_type <> ?)",
            vec![
                row.course_id.into(),
                row.user_id.into(),
                row.status.into(),
                row.user_id.into(),
                COURSE_HR.into(),
                row.course_id.into(),
                row.user_id.into(),
                COURSE_HR.into(),
            ],
        )
        .await?;
        if done.rows_affected() == 0 {
            return Err(already());
        }
        Ok(())
    }

    async fn delete_course_user(&self, course_id: i64, user_id: i64) -> CoreResult<bool> {
        let db = self.db();
        lock_course(db, course_id).await?;
        let done = exec(
            db,
            "DELETE FROM course_rel_user WHERE c_id = ? AND user_id = ? AND relation_type <> ?",
            vec![course_id.into(), user_id.into(), COURSE_HR.into()],
        )
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn course_users(&self, course_id: i64) -> CoreResult<Vec<CourseUser>> {
        let db = self.db();
        lock_course(db, course_id).await?;
        let sql = format!(
            "{COURSE_USER} WHERE c_id = ? AND user_id IS NOT NULL AND relation_type <> ? \
             ORDER BY user_id, id LOCK IN SHARE MODE"
        );
        course_users(db, &sql, vec![course_id.into(), COURSE_HR.into()]).await
    }

    async fn user_courses(&self, user_id: i64) -> CoreResult<Vec<CourseUser>> {
        // a listing, never the check before a write: no lock
        let sql = format!(
            "{COURSE_USER} WHERE user_id = ? AND c_id IS NOT NULL AND relation_type <> ? \
             ORDER BY c_id, id"
        );
        course_users(self.db(), &sql, vec![user_id.into(), COURSE_HR.into()]).await
    }

    async fn get_session_user(
        &self,
        session_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<SessionUser>> {
        let db = self.db();
        lock_session(db, session_id).await?;
        session_user(db, session_id, user_id).await
    }

    async fn insert_session_user(&self, row: &SessionUser) -> CoreResult<()> {
        let db = self.db();
        lock_session(db, row.session_id).await?;
        let done = exec(
            db,
            "INSERT INTO session_rel_user (relation_type, session_id, user_id, moved_to, \
             moved_status, moved_at, registered_at) SELECT ?, ?, ?, ?, ?, ?, ? FROM DUAL \
             WHERE NOT EXISTS (SELECT 1 FROM session_rel_user e \
              WHERE e.session_id = ? AND e.user_id = ?)",
            vec![
                row.relation_type.into(),
                row.session_id.into(),
                row.user_id.into(),
                row.moved_to.into(),
                row.moved_status.into(),
                row.moved_at.into(),
                row.registered_at.into(),
                row.session_id.into(),
                row.user_id.into(),
            ],
        )
        .await?;
        if !changed(db, row.session_id, done.rows_affected()).await? {
            return Err(already());
        }
        Ok(())
    }

    async fn delete_session_user(&self, session_id: i64, user_id: i64) -> CoreResult<bool> {
        let db = self.db();
        lock_session(db, session_id).await?;
        // the relation get_session_user reports: unsubscribing a student keeps the same
        // user's HR relation, as SessionManager::unsubscribe_user_from_session does
        let Some(relation) = session_user(db, session_id, user_id).await? else {
            return Ok(false);
        };
        let done = exec(
            db,
            "DELETE FROM session_rel_user WHERE session_id = ? AND user_id = ? \
             AND relation_type = ?",
            vec![
                session_id.into(),
                user_id.into(),
                relation.relation_type.into(),
            ],
        )
        .await?;
        changed(db, session_id, done.rows_affected()).await
    }

    async fn session_users(&self, session_id: i64) -> CoreResult<Vec<SessionUser>> {
        let db = self.db();
        lock_session(db, session_id).await?;
        let sql = format!(
            "{} WHERE session_id = ? AND user_id IS NOT NULL ORDER BY user_id, id \
             LOCK IN SHARE MODE",
            session_user_select()
        );
        session_users(db, &sql, vec![session_id.into()]).await
    }

    async fn user_sessions(&self, user_id: i64) -> CoreResult<Vec<SessionUser>> {
        // a listing, never the check before a write: no lock
        let sql = format!(
            "{} WHERE user_id = ? AND session_id IS NOT NULL ORDER BY session_id, id",
            session_user_select()
        );
        session_users(self.db(), &sql, vec![user_id.into()]).await
    }

    async fn insert_session_course(&self, row: &SessionCourse) -> CoreResult<()> {
        let db = self.db();
        lock_session(db, row.session_id).await?;
        // add_courses_to_session: nbr_users starts at 0 (the recount sets it)
        let done = exec(
            db,
            "INSERT INTO session_rel_course (session_id, c_id, nbr_users, position) \
             SELECT ?, ?, 0, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM session_rel_course e \
              WHERE e.session_id = ? AND e.c_id = ?)",
            vec![
                row.session_id.into(),
                row.course_id.into(),
                row.position.into(),
                row.session_id.into(),
                row.course_id.into(),
            ],
        )
        .await?;
        if !changed(db, row.session_id, done.rows_affected()).await? {
            return Err(already());
        }
        Ok(())
    }

    async fn delete_session_course(&self, session_id: i64, course_id: i64) -> CoreResult<bool> {
        let db = self.db();
        lock_session(db, session_id).await?;
        let done = exec(
            db,
            "DELETE FROM session_rel_course WHERE session_id = ? AND c_id = ?",
            vec![session_id.into(), course_id.into()],
        )
        .await?;
        changed(db, session_id, done.rows_affected()).await
    }

    async fn session_courses(&self, session_id: i64) -> CoreResult<Vec<SessionCourse>> {
        let db = self.db();
        lock_session(db, session_id).await?;
        let rows: Vec<SessionCourseRow> = all(
            db,
            "SELECT session_id, c_id AS course_id, position FROM session_rel_course \
             WHERE session_id = ? ORDER BY position, c_id, id LOCK IN SHARE MODE",
            vec![session_id.into()],
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionCourse {
                session_id: r.session_id,
                course_id: r.course_id,
                position: r.position,
            })
            .collect())
    }

    /// With both a student and a coach row, the first written one.
    async fn get_session_course_user(
        &self,
        session_id: i64,
        course_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<SessionCourseUser>> {
        let db = self.db();
        lock_session(db, session_id).await?;
        let row: Option<SessionCourseUserRow> = one(
            db,
            &format!(
                "{SESSION_COURSE_USER} WHERE session_id = ? AND c_id = ? AND user_id = ? \
                 ORDER BY id LIMIT 1 LOCK IN SHARE MODE"
            ),
            vec![session_id.into(), course_id.into(), user_id.into()],
        )
        .await?;
        Ok(row.map(Into::into))
    }

    async fn insert_session_course_user(&self, row: &SessionCourseUser) -> CoreResult<()> {
        let db = self.db();
        lock_session(db, row.session_id).await?;
        // the row carries the session's visibility, as add_courses_to_session writes it
        let done = exec(
            db,
            "INSERT INTO session_rel_course_rel_user \
             (session_id, c_id, user_id, visibility, status) \
             SELECT ?, ?, ?, COALESCE((SELECT s.visibility FROM session s WHERE s.id = ?), 1), ? \
             FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM session_rel_course_rel_user e \
              WHERE e.session_id = ? AND e.c_id = ? AND e.user_id = ? AND e.status = ?)",
            vec![
                row.session_id.into(),
                row.course_id.into(),
                row.user_id.into(),
                row.session_id.into(),
                row.status.into(),
                row.session_id.into(),
                row.course_id.into(),
                row.user_id.into(),
                row.status.into(),
            ],
        )
        .await?;
        if !changed(db, row.session_id, done.rows_affected()).await? {
            return Err(already());
        }
        Ok(())
    }

    async fn delete_session_course_user(
        &self,
        session_id: i64,
        course_id: i64,
        user_id: i64,
        status: Option<i32>,
    ) -> CoreResult<bool> {
        let db = self.db();
        lock_session(db, session_id).await?;
        let mut sql = String::from(
            "DELETE FROM session_rel_course_rel_user WHERE session_id = ? AND c_id = ? \
             AND user_id = ?",
        );
        let mut values: Vec<Value> = vec![session_id.into(), course_id.into(), user_id.into()];
        if let Some(status) = status {
            sql.push_str(" AND status = ?");
            values.push(status.into());
        }
        let done = exec(db, &sql, values).await?;
        changed(db, session_id, done.rows_affected()).await
    }

    async fn session_course_users(
        &self,
        session_id: i64,
        course_id: i64,
    ) -> CoreResult<Vec<SessionCourseUser>> {
        let db = self.db();
        lock_session(db, session_id).await?;
        let rows: Vec<SessionCourseUserRow> = all(
            db,
            &format!(
                "{SESSION_COURSE_USER} WHERE session_id = ? AND c_id = ? \
                 ORDER BY user_id, status, id LOCK IN SHARE MODE"
            ),
            vec![session_id.into(), course_id.into()],
        )
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}
