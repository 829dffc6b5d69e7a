//! The counters Chamilo keeps beside its subscription rows (chamilo-db.md §2.4) and shows on
//! its admin pages: recomputed from the rows after every change, so they are right whoever
//! wrote last.

use crate::sql::exec;
use chamilo_core::CoreResult;
use sea_orm::ConnectionTrait;

/// `session.nbr_users` (students and coaches, HR managers excluded), `session.nbr_courses`
/// and each session course's `nbr_users` (its students).
pub(crate) async fn recount_session(db: &impl ConnectionTrait, session_id: i64) -> CoreResult<()> {
    exec(
        db,
        "UPDATE session s SET \
         nbr_users = (SELECT COUNT(*) FROM session_rel_user r \
                      WHERE r.session_id = s.id AND r.relation_type <> 1), \
         nbr_courses = (SELECT COUNT(*) FROM session_rel_course c WHERE c.session_id = s.id) \
         WHERE s.id = ?",
        vec![session_id.into()],
    )
    .await?;
    exec(
        db,
        "UPDATE session_rel_course c SET nbr_users = \
         (SELECT COUNT(*) FROM session_rel_course_rel_user u \
          WHERE u.session_id = c.session_id AND u.c_id = c.c_id AND u.status = 0) \
         WHERE c.session_id = ?",
        vec![session_id.into()],
    )
    .await?;
    Ok(())
}
