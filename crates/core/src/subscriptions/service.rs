//! Subscription services. Every one is additive or removes exactly what it names; the only
//! "replace" operation is `set_session_courses`, which REST clients ask for by name.

use super::{
    course_status, session_course_status, session_relation, CourseUser, SessionCourse,
    SessionCourseUser, SessionUser,
};
use crate::error::{Conflict, CoreError, CoreResult, Entity};
use crate::extra_fields::resolve;
use crate::gateway::{now, Gateway};
use crate::ports::Repo;
use crate::types::extra_fields::{ItemRef, ItemType};

async fn require_course(repo: &dyn Repo, id: i64) -> CoreResult<()> {
    match repo.get_course(id).await? {
        Some(_) => Ok(()),
        None => Err(CoreError::NotFound(Entity::Course)),
    }
}

async fn require_user(repo: &dyn Repo, id: i64) -> CoreResult<()> {
    match repo.get_user(id).await? {
        Some(_) => Ok(()),
        None => Err(CoreError::NotFound(Entity::User)),
    }
}

async fn require_session(repo: &dyn Repo, id: i64) -> CoreResult<()> {
    match repo.get_session(id).await? {
        Some(_) => Ok(()),
        None => Err(CoreError::NotFound(Entity::Session)),
    }
}

/// An inactive (disabled) user is `Forbidden` where only active accounts count.
async fn require_active(repo: &dyn Repo, id: i64) -> CoreResult<()> {
    match repo.get_user(id).await? {
        Some(u) if u.active => Ok(()),
        _ => Err(CoreError::Forbidden("the user is inactive".into())),
    }
}

/// Adds the user as a student of (session, course) unless already there.
async fn add_session_course_student(
    repo: &dyn Repo,
    session_id: i64,
    course_id: i64,
    user_id: i64,
) -> CoreResult<()> {
    if repo
        .get_session_course_user(session_id, course_id, user_id)
        .await?
        .is_none()
    {
        repo.insert_session_course_user(&SessionCourseUser {
            session_id,
            course_id,
            user_id,
            status: session_course_status::STUDENT,
        })
        .await?;
    }
    Ok(())
}

pub(crate) async fn add_course_to_session_in(
    repo: &dyn Repo,
    session_id: i64,
    course_id: i64,
) -> CoreResult<()> {
    let courses = repo.session_courses(session_id).await?;
    if courses.iter().any(|c| c.course_id == course_id) {
        return Ok(());
    }
    let position = courses.iter().map(|c| c.position).max().unwrap_or(0) + 1;
    repo.insert_session_course(&SessionCourse {
        session_id,
        course_id,
        position,
    })
    .await?;
    for member in repo.session_users(session_id).await? {
        if member.relation_type == session_relation::STUDENT {
            add_session_course_student(repo, session_id, course_id, member.user_id).await?;
        }
    }
    Ok(())
}

async fn remove_course_from_session_in(
    repo: &dyn Repo,
    session_id: i64,
    course_id: i64,
) -> CoreResult<bool> {
    for row in repo.session_course_users(session_id, course_id).await? {
        repo.delete_session_course_user(session_id, course_id, row.user_id, None)
            .await?;
    }
    repo.delete_session_course(session_id, course_id).await
}

/// Adds the user to the session as a student and to each of its courses; members stay.
pub(crate) async fn subscribe_to_session_in(
    repo: &dyn Repo,
    session_id: i64,
    user_id: i64,
) -> CoreResult<()> {
    require_session(repo, session_id).await?;
    require_user(repo, user_id).await?;
    if repo.get_session_user(session_id, user_id).await?.is_none() {
        repo.insert_session_user(&SessionUser {
            session_id,
            user_id,
            relation_type: session_relation::STUDENT,
            moved_to: None,
            moved_status: None,
            moved_at: None,
            registered_at: now(),
        })
        .await?;
    }
    for course in repo.session_courses(session_id).await? {
        add_session_course_student(repo, session_id, course.course_id, user_id).await?;
    }
    Ok(())
}

/// Removes the user's (non-HR) session relation and course-in-session rows; whether the
/// relation was removed.
pub(crate) async fn unsubscribe_from_session_in(
    repo: &dyn Repo,
    session_id: i64,
    user_id: i64,
) -> CoreResult<bool> {
    require_session(repo, session_id).await?;
    require_user(repo, user_id).await?;
    let removed = match repo.get_session_user(session_id, user_id).await? {
        Some(row) if row.relation_type != session_relation::DRH => {
            repo.delete_session_user(session_id, user_id).await?
        }
        _ => false,
    };
    for course in repo.session_courses(session_id).await? {
        repo.delete_session_course_user(session_id, course.course_id, user_id, None)
            .await?;
    }
    Ok(removed)
}

/// Subscribes the user to the course as a student unless already subscribed (any status).
pub(crate) async fn add_course_student_in(
    repo: &dyn Repo,
    course_id: i64,
    user_id: i64,
) -> CoreResult<()> {
    require_course(repo, course_id).await?;
    require_user(repo, user_id).await?;
    if repo.get_course_user(course_id, user_id).await?.is_none() {
        repo.insert_course_user(&CourseUser {
            course_id,
            user_id,
            status: course_status::STUDENT,
        })
        .await?;
    }
    Ok(())
}

/// Removes the user's student subscription to the course; a teacher stays.
pub(crate) async fn remove_course_student_in(
    repo: &dyn Repo,
    course_id: i64,
    user_id: i64,
) -> CoreResult<()> {
    if let Some(row) = repo.get_course_user(course_id, user_id).await? {
        if row.status != course_status::TEACHER {
            repo.delete_course_user(course_id, user_id).await?;
        }
    }
    Ok(())
}

impl Gateway {
    /// Subscribes a user to a course outside sessions (1 teacher, anything else student).
    /// Already subscribed is `AlreadyExists(Subscription)`.
    pub async fn subscribe_user_to_course(
        &self,
        course: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
        status: i32,
    ) -> CoreResult<()> {
        let status = if status == course_status::TEACHER {
            course_status::TEACHER
        } else {
            course_status::STUDENT
        };
        let tx = self.begin().await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        let user_id = resolve(&*tx, ItemType::User, &user.into()).await?;
        if tx.get_course_user(course_id, user_id).await?.is_some() {
            return Err(CoreError::AlreadyExists(Conflict::Subscription));
        }
        tx.insert_course_user(&CourseUser {
            course_id,
            user_id,
            status,
        })
        .await?;
        self.commit(tx).await
    }

    /// Returns whether the user was subscribed.
    pub async fn unsubscribe_user_from_course(
        &self,
        course: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<bool> {
        let tx = self.begin().await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        let user_id = resolve(&*tx, ItemType::User, &user.into()).await?;
        let removed = tx.delete_course_user(course_id, user_id).await?;
        self.commit(tx).await?;
        Ok(removed)
    }

    /// Is the user subscribed to the course (in any role, outside sessions)?
    pub async fn is_subscribed_to_course(
        &self,
        course: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<bool> {
        let repo = self.repo();
        let course_id = resolve(repo, ItemType::Course, &course.into()).await?;
        let user_id = resolve(repo, ItemType::User, &user.into()).await?;
        Ok(repo.get_course_user(course_id, user_id).await?.is_some())
    }

    pub async fn course_users(&self, course_id: i64) -> CoreResult<Vec<CourseUser>> {
        self.repo().course_users(course_id).await
    }

    pub async fn user_courses(&self, user_id: i64) -> CoreResult<Vec<CourseUser>> {
        self.repo().user_courses(user_id).await
    }

    /// Adds the user to the session as a student and to each of its courses; members stay.
    pub async fn subscribe_user_to_session(
        &self,
        session: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        self.subscribe_to_session(session.into(), user.into(), false)
            .await
    }

    /// [`Gateway::subscribe_user_to_session`] that refuses an inactive user (`Forbidden`), as
    /// registration.soap.php's session subscriptions skip disabled accounts.
    pub async fn subscribe_active_user_to_session(
        &self,
        session: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        self.subscribe_to_session(session.into(), user.into(), true)
            .await
    }

    async fn subscribe_to_session(
        &self,
        session: ItemRef,
        user: ItemRef,
        only_active: bool,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = resolve(&*tx, ItemType::Session, &session).await?;
        let user_id = resolve(&*tx, ItemType::User, &user).await?;
        if only_active {
            require_active(&*tx, user_id).await?;
        }
        subscribe_to_session_in(&*tx, session_id, user_id).await?;
        self.commit(tx).await
    }

    /// Removes the user's (non-HR) session relation and course-in-session rows.
    pub async fn unsubscribe_user_from_session(
        &self,
        session: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<bool> {
        self.unsubscribe_from_session(session.into(), user.into(), false)
            .await
    }

    /// [`Gateway::unsubscribe_user_from_session`] that refuses an inactive user (`Forbidden`)
    /// and leaves it where it is, as registration.soap.php's session unsubscriptions skip
    /// disabled accounts.
    pub async fn unsubscribe_active_user_from_session(
        &self,
        session: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<bool> {
        self.unsubscribe_from_session(session.into(), user.into(), true)
            .await
    }

    async fn unsubscribe_from_session(
        &self,
        session: ItemRef,
        user: ItemRef,
        only_active: bool,
    ) -> CoreResult<bool> {
        let tx = self.begin().await?;
        let session_id = resolve(&*tx, ItemType::Session, &session).await?;
        let user_id = resolve(&*tx, ItemType::User, &user).await?;
        if only_active {
            require_active(&*tx, user_id).await?;
        }
        let removed = unsubscribe_from_session_in(&*tx, session_id, user_id).await?;
        self.commit(tx).await?;
        Ok(removed)
    }

    pub async fn session_users(&self, session_id: i64) -> CoreResult<Vec<SessionUser>> {
        self.repo().session_users(session_id).await
    }

    pub async fn user_sessions(&self, user_id: i64) -> CoreResult<Vec<SessionUser>> {
        self.repo().user_sessions(user_id).await
    }

    /// Adds a course to a session and subscribes the session's students to it.
    pub async fn add_course_to_session(
        &self,
        session: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        self.add_course_to_session_as(session.into(), course.into(), false)
            .await
    }

    /// [`Gateway::add_course_to_session`] for registration.soap.php, where a closed course
    /// (visibility 0) counts as deleted: it is `NotFound`.
    pub async fn add_open_course_to_session(
        &self,
        session: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        self.add_course_to_session_as(session.into(), course.into(), true)
            .await
    }

    async fn add_course_to_session_as(
        &self,
        session: ItemRef,
        course: ItemRef,
        only_open: bool,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = resolve(&*tx, ItemType::Session, &session).await?;
        let course_id = resolve(&*tx, ItemType::Course, &course).await?;
        if only_open
            && tx
                .get_course(course_id)
                .await?
                .is_none_or(|c| c.visibility == crate::types::courses::visibility::CLOSED)
        {
            return Err(CoreError::NotFound(Entity::Course));
        }
        add_course_to_session_in(&*tx, session_id, course_id).await?;
        self.commit(tx).await
    }

    /// Removes a course (and its user rows) from a session. Not part of it: `NotFound`.
    pub async fn remove_course_from_session(
        &self,
        session: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = resolve(&*tx, ItemType::Session, &session.into()).await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        if !remove_course_from_session_in(&*tx, session_id, course_id).await? {
            return Err(CoreError::NotFound(Entity::Subscription));
        }
        self.commit(tx).await
    }

    /// Makes the session's course list exactly `course_ids` (REST `add_courses_session`).
    pub async fn set_session_courses(&self, session_id: i64, course_ids: &[i64]) -> CoreResult<()> {
        let tx = self.begin().await?;
        require_session(&*tx, session_id).await?;
        for id in course_ids {
            require_course(&*tx, *id).await?;
        }
        for current in tx.session_courses(session_id).await? {
            if !course_ids.contains(&current.course_id) {
                remove_course_from_session_in(&*tx, session_id, current.course_id).await?;
            }
        }
        for id in course_ids {
            add_course_to_session_in(&*tx, session_id, *id).await?;
        }
        self.commit(tx).await
    }

    pub async fn session_courses(&self, session_id: i64) -> CoreResult<Vec<SessionCourse>> {
        self.repo().session_courses(session_id).await
    }

    /// Makes the user a coach of the course inside the session (the course must be part of it).
    pub async fn add_session_course_coach(
        &self,
        session: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = resolve(&*tx, ItemType::Session, &session.into()).await?;
        let user_id = resolve(&*tx, ItemType::User, &user.into()).await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        if !tx
            .session_courses(session_id)
            .await?
            .iter()
            .any(|c| c.course_id == course_id)
        {
            return Err(CoreError::NotFound(Entity::Subscription));
        }
        let existing = tx
            .get_session_course_user(session_id, course_id, user_id)
            .await?;
        if existing.is_some_and(|r| r.status == session_course_status::COACH) {
            return self.commit(tx).await;
        }
        tx.delete_session_course_user(session_id, course_id, user_id, None)
            .await?;
        tx.insert_session_course_user(&SessionCourseUser {
            session_id,
            course_id,
            user_id,
            status: session_course_status::COACH,
        })
        .await?;
        self.commit(tx).await
    }

    /// Removes the user's coach role in (session, course). Not a coach there: `NotFound`.
    pub async fn remove_session_course_coach(
        &self,
        session: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
        user: impl Into<ItemRef>,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = resolve(&*tx, ItemType::Session, &session.into()).await?;
        let user_id = resolve(&*tx, ItemType::User, &user.into()).await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        let removed = tx
            .delete_session_course_user(
                session_id,
                course_id,
                user_id,
                Some(session_course_status::COACH),
            )
            .await?;
        if !removed {
            return Err(CoreError::NotFound(Entity::Subscription));
        }
        self.commit(tx).await
    }

    pub async fn session_course_users(
        &self,
        session_id: i64,
        course_id: i64,
    ) -> CoreResult<Vec<SessionCourseUser>> {
        self.repo()
            .session_course_users(session_id, course_id)
            .await
    }
}
