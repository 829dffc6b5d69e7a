//! Classes (`usergroup`) as PHP Chamilo's `UserGroup` writes them: `visibility` as a string,
//! `allow_members_leave_group` set, `author_id` only where the install added that column, a link
//! to the access URL on multi-URL platforms, and the member, course, session and parent links
//! in `usergroup_rel_*`. Chamilo has no unique index on a class name nor on any link, so name
//! checks and link inserts serialise on a row lock and insert only what is still missing.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, conflict, date, exec, fit, number, numbers, one};
use async_trait::async_trait;
use chamilo_core::ports::GroupRepo;
use chamilo_core::types::groups::{Group, GroupLink, GroupMember, PARENT_RELATION};
use chamilo_core::{Conflict, CoreError, CoreResult, Entity};
use chrono::NaiveDateTime;
use sea_orm::{FromQueryResult, Value};

pub(crate) const TABLES: &[Needs] = &[
    (
        "usergroup",
        &[
            "id",
            "name",
            "description",
            "group_type",
            "picture",
            "url",
            "visibility",
            "allow_members_leave_group",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "usergroup_rel_user",
        &["id", "user_id", "usergroup_id", "relation_type"],
    ),
    ("usergroup_rel_course", &["id", "usergroup_id", "course_id"]),
    (
        "usergroup_rel_session",
        &["id", "usergroup_id", "session_id"],
    ),
    (
        "usergroup_rel_usergroup",
        &["id", "group_id", "subgroup_id", "relation_type"],
    ),
    (
        "access_url_rel_usergroup",
        &["access_url_id", "usergroup_id"],
    ),
    ("access_url", &["id"]),
];

/// The access URL the gateway's records belong to (as `create_user` links users).
const URL_ID: i64 = 1;

/// The columns of a class; `author_id` is 0 on installs without that column.
fn select(author: bool) -> String {
    format!(
        "SELECT g.id, g.name, COALESCE(g.description, '') AS description, g.group_type, \
         COALESCE(g.picture, '') AS picture, COALESCE(g.url, '') AS url, g.visibility, \
         {} AS author_id, \
         CAST(COALESCE({}, '1970-01-01 00:00:00') AS DATETIME) AS created_at, \
         CAST(COALESCE({}, '1970-01-01 00:00:00') AS DATETIME) AS updated_at \
         FROM usergroup g",
        if author {
            "COALESCE(g.author_id, 0)"
        } else {
            "0"
        },
        date("g.created_at"),
        date("g.updated_at"),
    )
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    name: String,
    description: String,
    group_type: i32,
    picture: String,
    url: String,
    visibility: String,
    author_id: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl From<Row> for Group {
    fn from(r: Row) -> Self {
        Group {
            id: r.id,
            name: r.name,
            description: r.description,
            group_type: r.group_type,
            // Chamilo stores GROUP_PERMISSION_OPEN / _CLOSED as text; anything else reads as 0
            visibility: r.visibility.trim().parse().unwrap_or(0),
            url: r.url,
            picture: r.picture,
            author_id: r.author_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(FromQueryResult)]
struct MemberRow {
    usergroup_id: i64,
    user_id: i64,
    relation_type: i32,
}

impl From<MemberRow> for GroupMember {
    fn from(r: MemberRow) -> Self {
        GroupMember {
            group_id: r.usergroup_id,
            user_id: r.user_id,
            relation_type: r.relation_type,
        }
    }
}

/// The values every write of a class sets, in `WRITE_COLUMNS` order, each within its column.
const WRITE_COLUMNS: &[&str] = &[
    "name",
    "description",
    "group_type",
    "picture",
    "url",
    "visibility",
    "updated_at",
];

fn write_values(g: &Group) -> CoreResult<Vec<Value>> {
    // `description` is LONGTEXT: only the 3-byte utf8 rule applies
    let description = fit("description", &g.description, usize::MAX)?;
    // no picture is NULL, as Chamilo leaves it (and writes it when a picture is deleted)
    let picture = Some(fit("picture", &g.picture, 255)?).filter(|p| !p.is_empty());
    Ok(vec![
        fit("name", &g.name, 255)?.into(),
        description.into(),
        g.group_type.into(),
        picture.into(),
        fit("url", &g.url, 255)?.into(),
        g.visibility.to_string().into(),
        g.updated_at.into(),
    ])
}

/// The table of a class's course links (`courses`) or session links, and its link column.
fn link_table(courses: bool) -> (&'static str, &'static str) {
    if courses {
        ("usergroup_rel_course", "course_id")
    } else {
        ("usergroup_rel_session", "session_id")
    }
}

/// A link's table, its column, and the linked id.
fn link_row(link: GroupLink) -> (&'static str, &'static str, i64) {
    let (courses, id) = match link {
        GroupLink::Course(id) => (true, id),
        GroupLink::Session(id) => (false, id),
    };
    let (table, column) = link_table(courses);
    (table, column, id)
}

impl<C: Conn> Repos<C> {
    fn has_author(&self) -> bool {
        self.optional.has("usergroup", "author_id")
    }

    async fn groups(&self, filter: &str, values: Vec<Value>) -> CoreResult<Vec<Group>> {
        let sql = format!("{} {filter}", select(self.has_author()));
        let rows: Vec<Row> = all(self.db(), &sql, values).await?;
        Ok(rows.into_iter().map(Group::from).collect())
    }

    /// Serialises the writers of class names: Chamilo has no unique index on
    /// `usergroup.name`, so each one checks under the platform's first access URL row (the
    /// lock extra-field creation takes too) whether another class (other than `id`) has the
    /// name, and reads past its snapshot to see a name committed while it waited.
    async fn claim_name(&self, name: &str, id: i64) -> CoreResult<()> {
        exec(
            self.db(),
            "SELECT id FROM access_url WHERE id = 1 FOR UPDATE",
            vec![],
        )
        .await?;
        let taken = number(
            self.db(),
            "SELECT id AS n FROM usergroup WHERE name = ? AND id <> ? LIMIT 1 LOCK IN SHARE MODE",
            vec![name.into(), id.into()],
        )
        .await?;
        match taken {
            Some(_) => Err(CoreError::AlreadyExists(Conflict::GroupName)),
            None => Ok(()),
        }
    }

    /// Locks the class's row, so that writers of its links and members take turns (Chamilo
    /// has no unique index on them); a class that is gone is `NotFound(Group)`.
    async fn lock_group(&self, group_id: i64) -> CoreResult<()> {
        let found = number(
            self.db(),
            "SELECT id AS n FROM usergroup WHERE id = ? FOR UPDATE",
            vec![group_id.into()],
        )
        .await?;
        match found {
            Some(_) => Ok(()),
            None => Err(CoreError::NotFound(Entity::Group)),
        }
    }
}

#[async_trait]
impl<C: Conn> GroupRepo for Repos<C> {
    async fn insert_group(&self, g: &Group) -> CoreResult<i64> {
        let mut values = write_values(g)?;
        self.claim_name(&g.name, 0).await?;
        let mut columns = WRITE_COLUMNS.join(", ");
        // a class made over the web services lets no member leave, as `UserGroup::save`
        // writes it when the form's checkbox is not ticked
        columns.push_str(", allow_members_leave_group, created_at");
        values.push(0.into());
        values.push(g.created_at.into());
        if self.has_author() {
            columns.push_str(", author_id");
            values.push(g.author_id.into());
        }
        let sql = format!(
            "INSERT INTO usergroup ({columns}) VALUES ({})",
            crate::sql::marks(values.len())
        );
        let done = self
            .db()
            .execute_raw(crate::sql::stmt(&sql, values))
            .await
            .map_err(conflict(Conflict::GroupName))?;
        let id = done.last_insert_id() as i64;
        // on a multi-URL platform Chamilo lists only the classes linked to the URL
        if self.platform.multiple_access_urls {
            exec(
                self.db(),
                "INSERT INTO access_url_rel_usergroup (access_url_id, usergroup_id) VALUES (?, ?)",
                vec![URL_ID.into(), id.into()],
            )
            .await?;
        }
        Ok(id)
    }

    async fn update_group(&self, g: &Group) -> CoreResult<()> {
        let mut values = write_values(g)?;
        self.claim_name(&g.name, g.id).await?;
        let mut sets: Vec<String> = WRITE_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
        // the type, creation date and `allow_members_leave_group` stay as they are
        if self.has_author() {
            sets.push("author_id = ?".into());
            values.push(g.author_id.into());
        }
        values.push(g.id.into());
        let sql = format!("UPDATE usergroup SET {} WHERE id = ?", sets.join(", "));
        self.db()
            .execute_raw(crate::sql::stmt(&sql, values))
            .await
            .map_err(conflict(Conflict::GroupName))?;
        Ok(())
    }

    async fn get_group(&self, id: i64) -> CoreResult<Option<Group>> {
        let sql = format!("{} WHERE g.id = ?", select(self.has_author()));
        Ok(one::<Row>(self.db(), &sql, vec![id.into()])
            .await?
            .map(Group::from))
    }

    async fn find_group_by_name(&self, name: &str) -> CoreResult<Option<Group>> {
        // `=` through utf8_unicode_ci: what `UserGroup::usergroup_exists` finds; the oldest
        // class wins where Chamilo let two share a name
        let sql = format!(
            "{} WHERE g.name = ? ORDER BY g.id LIMIT 1",
            select(self.has_author())
        );
        Ok(one::<Row>(self.db(), &sql, vec![name.into()])
            .await?
            .map(Group::from))
    }

    async fn list_groups(&self, group_type: Option<i32>) -> CoreResult<Vec<Group>> {
        match group_type {
            Some(t) => {
                self.groups(
                    "WHERE g.group_type = ? ORDER BY g.name, g.id",
                    vec![t.into()],
                )
                .await
            }
            None => self.groups("ORDER BY g.name, g.id", vec![]).await,
        }
    }

    async fn delete_group(&self, id: i64) -> CoreResult<()> {
        // what `UserGroup::delete` removes, plus the parent and child links (children become
        // top-level classes) and every URL's link; members keep their subscriptions
        for sql in [
            "DELETE FROM usergroup_rel_user WHERE usergroup_id = ?",
            "DELETE FROM usergroup_rel_course WHERE usergroup_id = ?",
            "DELETE FROM usergroup_rel_session WHERE usergroup_id = ?",
            "DELETE FROM usergroup_rel_usergroup WHERE group_id = ? OR subgroup_id = ?",
            "DELETE FROM access_url_rel_usergroup WHERE usergroup_id = ?",
            "DELETE FROM usergroup WHERE id = ?",
        ] {
            let values = vec![Value::from(id); sql.matches('?').count()];
            exec(self.db(), sql, values).await?;
        }
        Ok(())
    }

    async fn group_members(&self, group_id: i64) -> CoreResult<Vec<GroupMember>> {
        let mut rows: Vec<MemberRow> = all(
            self.db(),
            "SELECT usergroup_id, user_id, relation_type FROM usergroup_rel_user \
             WHERE usergroup_id = ? AND user_id IS NOT NULL ORDER BY user_id, id",
            vec![group_id.into()],
        )
        .await?;
        // a member Chamilo subscribed twice counts once, with its first row's relation
        rows.dedup_by_key(|r| r.user_id);
        Ok(rows.into_iter().map(GroupMember::from).collect())
    }

    async fn get_group_member(
        &self,
        group_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<GroupMember>> {
        Ok(one::<MemberRow>(
            self.db(),
            "SELECT usergroup_id, user_id, relation_type FROM usergroup_rel_user \
             WHERE usergroup_id = ? AND user_id = ? ORDER BY id LIMIT 1",
            vec![group_id.into(), user_id.into()],
        )
        .await?
        .map(GroupMember::from))
    }

    async fn put_group_member(&self, m: &GroupMember) -> CoreResult<()> {
        self.lock_group(m.group_id).await?;
        // a locking read: sees a membership committed while this writer waited
        let existing = number(
            self.db(),
            "SELECT id AS n FROM usergroup_rel_user WHERE usergroup_id = ? AND user_id = ? \
             LIMIT 1 FOR UPDATE",
            vec![m.group_id.into(), m.user_id.into()],
        )
        .await?;
        let (sql, values): (&str, Vec<Value>) = match existing {
            Some(_) => (
                "UPDATE usergroup_rel_user SET relation_type = ? \
                 WHERE usergroup_id = ? AND user_id = ?",
                vec![m.relation_type.into(), m.group_id.into(), m.user_id.into()],
            ),
            None => (
                "INSERT INTO usergroup_rel_user (user_id, usergroup_id, relation_type) \
                 VALUES (?, ?, ?)",
                vec![m.user_id.into(), m.group_id.into(), m.relation_type.into()],
            ),
        };
        exec(self.db(), sql, values).await?;
        Ok(())
    }

    async fn delete_group_member(&self, group_id: i64, user_id: i64) -> CoreResult<bool> {
        let done = exec(
            self.db(),
            "DELETE FROM usergroup_rel_user WHERE usergroup_id = ? AND user_id = ?",
            vec![group_id.into(), user_id.into()],
        )
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn groups_of_user(&self, user_id: i64) -> CoreResult<Vec<i64>> {
        numbers(
            self.db(),
            "SELECT DISTINCT usergroup_id AS n FROM usergroup_rel_user \
             WHERE user_id = ? AND usergroup_id IS NOT NULL ORDER BY usergroup_id",
            vec![user_id.into()],
        )
        .await
    }

    async fn group_links(&self, group_id: i64, courses: bool) -> CoreResult<Vec<i64>> {
        let (table, column) = link_table(courses);
        numbers(
            self.db(),
            &format!(
                "SELECT DISTINCT {column} AS n FROM {table} WHERE usergroup_id = ? \
                 ORDER BY {column}"
            ),
            vec![group_id.into()],
        )
        .await
    }

    async fn insert_group_link(&self, group_id: i64, link: GroupLink) -> CoreResult<bool> {
        let (table, column, id) = link_row(link);
        self.lock_group(group_id).await?;
        let done = exec(
            self.db(),
            &format!(
                "INSERT INTO {table} (usergroup_id, {column}) SELECT ?, ? FROM DUAL \
                 WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE usergroup_id = ? AND {column} = ?)"
            ),
            vec![group_id.into(), id.into(), group_id.into(), id.into()],
        )
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_group_link(&self, group_id: i64, link: GroupLink) -> CoreResult<bool> {
        let (table, column, id) = link_row(link);
        let done = exec(
            self.db(),
            &format!("DELETE FROM {table} WHERE usergroup_id = ? AND {column} = ?"),
            vec![group_id.into(), id.into()],
        )
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn parent_group(&self, group_id: i64) -> CoreResult<Option<i64>> {
        number(
            self.db(),
            "SELECT group_id AS n FROM usergroup_rel_usergroup WHERE subgroup_id = ? \
             ORDER BY id LIMIT 1",
            vec![group_id.into()],
        )
        .await
    }

    async fn set_parent_group(&self, group_id: i64, parent: Option<i64>) -> CoreResult<()> {
        // `UserGroup::setParentGroup`: one row per child class, relation 1
        self.lock_group(group_id).await?;
        exec(
            self.db(),
            "DELETE FROM usergroup_rel_usergroup WHERE subgroup_id = ?",
            vec![group_id.into()],
        )
        .await?;
        if let Some(parent) = parent {
            exec(
                self.db(),
                "INSERT INTO usergroup_rel_usergroup (group_id, subgroup_id, relation_type) \
                 VALUES (?, ?, ?)",
                vec![parent.into(), group_id.into(), PARENT_RELATION.into()],
            )
            .await?;
        }
        Ok(())
    }
}
