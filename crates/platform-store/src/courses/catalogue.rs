//! Per-user catalogue rules in Chamilo's `course_rel_user_catalogue` (`user_id`, `c_id`,
//! `visible`), which has no unique key. Writers serialise on one platform-wide row: the table's
//! two indexes (`user_id`, `c_id`) give deletes and existence checks gap locks that a writer of
//! another course or user can share and then insert into, which deadlocks; catalogue writes are
//! rare admin actions. A rule set replaces the user's rule of the other visibility for that
//! course (the core keeps one rule per user and course; Chamilo's own page could leave one of
//! each).

use crate::sql::{all, exec};
use chamilo_core::types::courses::CatalogueRule;
use chamilo_core::CoreResult;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// The serialisation point: access URL 1, the row every platform has (extra-field creation
/// serialises on it too).
async fn lock_catalogue(db: &impl ConnectionTrait) -> CoreResult<()> {
    exec(
        db,
        "SELECT id FROM access_url WHERE id = 1 FOR UPDATE",
        vec![],
    )
    .await?;
    Ok(())
}

pub(super) async fn put(db: &impl ConnectionTrait, rule: &CatalogueRule) -> CoreResult<()> {
    lock_catalogue(db).await?;
    exec(
        db,
        "DELETE FROM course_rel_user_catalogue WHERE user_id = ? AND c_id = ? AND visible <> ?",
        vec![
            rule.user_id.into(),
            rule.course_id.into(),
            rule.visible.into(),
        ],
    )
    .await?;
    exec(
        db,
        "INSERT INTO course_rel_user_catalogue (user_id, c_id, visible) SELECT ?, ?, ? FROM DUAL \
         WHERE NOT EXISTS (SELECT 1 FROM course_rel_user_catalogue \
                           WHERE user_id = ? AND c_id = ? AND visible = ?)",
        vec![
            rule.user_id.into(),
            rule.course_id.into(),
            rule.visible.into(),
            rule.user_id.into(),
            rule.course_id.into(),
            rule.visible.into(),
        ],
    )
    .await?;
    Ok(())
}

pub(super) async fn delete(db: &impl ConnectionTrait, rule: &CatalogueRule) -> CoreResult<bool> {
    lock_catalogue(db).await?;
    let done = exec(
        db,
        "DELETE FROM course_rel_user_catalogue WHERE user_id = ? AND c_id = ? AND visible = ?",
        vec![
            rule.user_id.into(),
            rule.course_id.into(),
            rule.visible.into(),
        ],
    )
    .await?;
    Ok(done.rows_affected() > 0)
}

pub(super) async fn of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> CoreResult<Vec<CatalogueRule>> {
    #[derive(FromQueryResult)]
    struct Row {
        user_id: i64,
        course_id: i64,
        visible: i32,
    }
    // one row per rule, however many copies Chamilo's own writes left
    let rows: Vec<Row> = all(
        db,
        "SELECT DISTINCT user_id, c_id AS course_id, visible FROM course_rel_user_catalogue \
         WHERE user_id = ? AND c_id IS NOT NULL ORDER BY c_id, visible",
        vec![user_id.into()],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CatalogueRule {
            user_id: r.user_id,
            course_id: r.course_id,
            visible: r.visible,
        })
        .collect())
}
