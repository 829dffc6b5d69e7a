//! Classes (Chamilo "usergroups"): the record, its members, the courses and sessions linked
//! to it. Linking a course or a session subscribes the class's members to it; unlinking
//! unsubscribes them again. A class's parent class is in `parents`.

mod parents;

pub use crate::types::groups::*;

use crate::error::{Conflict, CoreError, CoreResult, Entity};
use crate::gateway::{now, Gateway};
use crate::limits::{check_len, SHORT_TEXT};
use crate::ports::Repo;

pub(crate) async fn require_group(repo: &dyn Repo, id: i64) -> CoreResult<Group> {
    repo.get_group(id)
        .await?
        .ok_or(CoreError::NotFound(Entity::Group))
}

/// Subscribes the member to the course as a student unless already subscribed.
async fn subscribe_member_to(repo: &dyn Repo, link: GroupLink, user_id: i64) -> CoreResult<()> {
    match link {
        GroupLink::Course(course_id) => {
            crate::subscriptions::add_course_student_in(repo, course_id, user_id).await
        }
        GroupLink::Session(session_id) => {
            crate::subscriptions::subscribe_to_session_in(repo, session_id, user_id).await
        }
    }
}

async fn unsubscribe_member_from(repo: &dyn Repo, link: GroupLink, user_id: i64) -> CoreResult<()> {
    match link {
        GroupLink::Course(course_id) => {
            crate::subscriptions::remove_course_student_in(repo, course_id, user_id).await
        }
        GroupLink::Session(session_id) => {
            crate::subscriptions::unsubscribe_from_session_in(repo, session_id, user_id)
                .await
                .map(|_| ())
        }
    }
}

async fn link_exists(repo: &dyn Repo, link: GroupLink) -> CoreResult<bool> {
    Ok(match link {
        GroupLink::Course(id) => repo.get_course(id).await?.is_some(),
        GroupLink::Session(id) => repo.get_session(id).await?.is_some(),
    })
}

/// A name as stored: trimmed, not empty, short enough.
fn checked_name(name: &str) -> CoreResult<String> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(CoreError::invalid("name", "must not be empty"));
    }
    check_len("name", &name, GROUP_NAME)?;
    Ok(name)
}

fn check_visibility(visibility: i32) -> CoreResult<()> {
    if [group_visibility::OPEN, group_visibility::CLOSED].contains(&visibility) {
        Ok(())
    } else {
        Err(CoreError::invalid("visibility", "1 (open) or 2 (closed)"))
    }
}

/// Fails when another class than `id` (0: any) has this name (case-insensitive).
async fn check_name_free(repo: &dyn Repo, name: &str, id: i64) -> CoreResult<()> {
    match repo.find_group_by_name(name).await? {
        Some(other) if other.id != id => Err(CoreError::AlreadyExists(Conflict::GroupName)),
        _ => Ok(()),
    }
}

fn check_relation(relation_type: i32) -> CoreResult<()> {
    if relation::is_known(relation_type) {
        Ok(())
    } else {
        Err(CoreError::invalid("relation_type", "unknown relation"))
    }
}

fn link_missing(link: GroupLink) -> CoreError {
    CoreError::NotFound(match link {
        GroupLink::Course(_) => Entity::Course,
        GroupLink::Session(_) => Entity::Session,
    })
}

impl Gateway {
    /// Classes of one type, or of every type, by name.
    pub async fn groups(&self, group_type: Option<i32>) -> CoreResult<Vec<Group>> {
        self.repo().list_groups(group_type).await
    }

    pub async fn get_group(&self, id: i64) -> CoreResult<Group> {
        require_group(self.repo(), id).await
    }

    /// Is there a class with this name (case-insensitive)?
    pub async fn group_exists(&self, name: &str) -> CoreResult<bool> {
        Ok(self.repo().find_group_by_name(name.trim()).await?.is_some())
    }

    pub async fn create_group(&self, new: NewGroup) -> CoreResult<i64> {
        let name = checked_name(&new.name)?;
        check_len("url", &new.url, SHORT_TEXT)?;
        crate::limits::check_text("description", &new.description)?;
        if ![group_type::CLASS, group_type::SOCIAL].contains(&new.group_type) {
            return Err(CoreError::invalid(
                "group_type",
                "0 (class) or 1 (social group)",
            ));
        }
        check_visibility(new.visibility)?;
        let tx = self.begin().await?;
        check_name_free(&*tx, &name, 0).await?;
        let at = now();
        let id = tx
            .insert_group(&Group {
                id: 0,
                name,
                description: new.description,
                group_type: new.group_type,
                visibility: new.visibility,
                url: new.url,
                picture: String::new(),
                author_id: new.author_id,
                created_at: at,
                updated_at: at,
            })
            .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// Changes what the patch carries; the type, author and creation date stay. The class as
    /// written.
    pub async fn edit_group(&self, id: i64, patch: GroupPatch) -> CoreResult<Group> {
        let name = patch.name.as_deref().map(checked_name).transpose()?;
        if let Some(url) = &patch.url {
            check_len("url", url, SHORT_TEXT)?;
        }
        if let Some(description) = &patch.description {
            crate::limits::check_text("description", description)?;
        }
        if let Some(picture) = &patch.picture {
            check_len("picture", picture, SHORT_TEXT)?;
        }
        patch.visibility.map(check_visibility).transpose()?;
        let tx = self.begin().await?;
        let mut group = require_group(&*tx, id).await?;
        if let Some(name) = name {
            check_name_free(&*tx, &name, id).await?;
            group.name = name;
        }
        let keep = |new: Option<String>, old: &mut String| {
            if let Some(new) = new {
                *old = new;
            }
        };
        keep(patch.description, &mut group.description);
        keep(patch.url, &mut group.url);
        keep(patch.picture, &mut group.picture);
        group.visibility = patch.visibility.unwrap_or(group.visibility);
        group.updated_at = now();
        tx.update_group(&group).await?;
        self.commit(tx).await?;
        Ok(group)
    }

    /// Removes the class; its members keep their course and session subscriptions.
    pub async fn delete_group(&self, id: i64) -> CoreResult<()> {
        let tx = self.begin().await?;
        require_group(&*tx, id).await?;
        tx.delete_group(id).await?;
        self.commit(tx).await
    }

    pub async fn group_members(&self, group_id: i64) -> CoreResult<Vec<GroupMember>> {
        require_group(self.repo(), group_id).await?;
        self.repo().group_members(group_id).await
    }

    /// Linked course ids (`courses`) or session ids.
    pub async fn group_links(&self, group_id: i64, courses: bool) -> CoreResult<Vec<i64>> {
        require_group(self.repo(), group_id).await?;
        self.repo().group_links(group_id, courses).await
    }

    pub async fn groups_of_user(&self, user_id: i64) -> CoreResult<Vec<i64>> {
        if self.repo().get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        self.repo().groups_of_user(user_id).await
    }

    /// Adds the user to the class with `relation_type`; an existing member keeps its relation,
    /// except that a pending invitation becomes a plain membership (reader). A new member
    /// joins the class's courses and sessions too when `linked` says so.
    pub async fn add_group_member(
        &self,
        group_id: i64,
        user_id: i64,
        relation_type: i32,
        linked: LinkedSubscriptions,
    ) -> CoreResult<()> {
        check_relation(relation_type)?;
        let tx = self.begin().await?;
        require_group(&*tx, group_id).await?;
        if tx.get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        let existing = tx.get_group_member(group_id, user_id).await?;
        let put = match existing {
            None => Some(relation_type),
            Some(m) if m.relation_type == relation::PENDING_INVITATION => Some(relation::READER),
            Some(_) => None,
        };
        if let Some(relation_type) = put {
            tx.put_group_member(&GroupMember {
                group_id,
                user_id,
                relation_type,
            })
            .await?;
        }
        if existing.is_none() && linked == LinkedSubscriptions::Subscribe {
            for course_id in tx.group_links(group_id, true).await? {
                subscribe_member_to(&*tx, GroupLink::Course(course_id), user_id).await?;
            }
            for session_id in tx.group_links(group_id, false).await? {
                subscribe_member_to(&*tx, GroupLink::Session(session_id), user_id).await?;
            }
        }
        self.commit(tx).await
    }

    /// Sets a member's relation to the class; a user who is not a member is
    /// `NotFound(Subscription)`.
    pub async fn set_group_member_role(
        &self,
        group_id: i64,
        user_id: i64,
        relation_type: i32,
    ) -> CoreResult<()> {
        check_relation(relation_type)?;
        let tx = self.begin().await?;
        require_group(&*tx, group_id).await?;
        if tx.get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        if tx.get_group_member(group_id, user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::Subscription));
        }
        tx.put_group_member(&GroupMember {
            group_id,
            user_id,
            relation_type,
        })
        .await?;
        self.commit(tx).await
    }

    /// Whether the user was a member.
    pub async fn remove_group_member(&self, group_id: i64, user_id: i64) -> CoreResult<bool> {
        let tx = self.begin().await?;
        require_group(&*tx, group_id).await?;
        let removed = tx.delete_group_member(group_id, user_id).await?;
        self.commit(tx).await?;
        Ok(removed)
    }

    /// Links a course or session to the class and subscribes every member to it (courses as
    /// students). Whether the link is new; linking twice changes nothing.
    pub async fn link_group(&self, group_id: i64, link: GroupLink) -> CoreResult<bool> {
        let tx = self.begin().await?;
        require_group(&*tx, group_id).await?;
        if !link_exists(&*tx, link).await? {
            return Err(link_missing(link));
        }
        let added = tx.insert_group_link(group_id, link).await?;
        if added {
            for member in tx.group_members(group_id).await? {
                subscribe_member_to(&*tx, link, member.user_id).await?;
            }
        }
        self.commit(tx).await?;
        Ok(added)
    }

    /// Unlinks a course or session and unsubscribes the members (course teachers stay).
    /// Whether the course/session exists; unlinking what is not linked changes nothing.
    pub async fn unlink_group(&self, group_id: i64, link: GroupLink) -> CoreResult<bool> {
        let tx = self.begin().await?;
        require_group(&*tx, group_id).await?;
        if !link_exists(&*tx, link).await? {
            return Ok(false);
        }
        if tx.delete_group_link(group_id, link).await? {
            for member in tx.group_members(group_id).await? {
                unsubscribe_member_from(&*tx, link, member.user_id).await?;
            }
        }
        self.commit(tx).await?;
        Ok(true)
    }
}
