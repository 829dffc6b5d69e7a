//! `UserRepo`: the `user` table, the `admin` flag table, and what hangs on a user.

use crate::entities::{
    access_url_rel_user, admin, course_rel_user, course_rel_user_catalogue, session,
    session_rel_course_rel_user, session_rel_user, user, user_api_key,
};
use crate::error::{conflict, storage};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::UserRepo;
use chamilo_core::types::passwords::{PasswordMethod, StoredPassword};
use chamilo_core::types::users::{User, UserFilter, UserSummary};
use chamilo_core::{Conflict, CoreResult, ItemType};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    RelationDef, Select,
};

fn to_core(m: user::Model, is_admin: bool) -> User {
    let method = PasswordMethod::parse(&m.password_method).unwrap_or_else(|| {
        // never verifies as anything else: an unknown method must not open the account
        tracing::warn!(user_id = m.id, method = %m.password_method, "unknown password method");
        PasswordMethod::Bcrypt
    });
    User {
        id: m.id,
        username: m.username,
        firstname: m.firstname,
        lastname: m.lastname,
        email: m.email,
        status: m.status,
        official_code: Some(m.official_code),
        phone: Some(m.phone),
        address: m.address,
        language: m.language,
        auth_source: m.auth_source,
        active: m.active,
        expiration_date: m.expiration_date,
        registration_date: m.registration_date,
        last_login: m.last_login,
        creator_id: m.creator_id,
        picture_uri: m.picture_uri,
        password: StoredPassword::unsalted(method, m.password),
        is_admin,
    }
}

pub(crate) fn to_active(u: &User) -> user::ActiveModel {
    user::ActiveModel {
        id: NotSet,
        username: Set(u.username.clone()),
        username_canonical: Set(u.username.to_lowercase()),
        firstname: Set(u.firstname.clone()),
        lastname: Set(u.lastname.clone()),
        email: Set(u.email.clone()),
        status: Set(u.status),
        official_code: Set(u.official_code.clone().unwrap_or_default()),
        phone: Set(u.phone.clone().unwrap_or_default()),
        address: Set(u.address.clone()),
        language: Set(u.language.clone()),
        auth_source: Set(u.auth_source.clone()),
        active: Set(u.active),
        expiration_date: Set(u.expiration_date),
        registration_date: Set(u.registration_date),
        last_login: Set(u.last_login),
        creator_id: Set(u.creator_id),
        picture_uri: Set(u.picture_uri.clone()),
        password: Set(u.password.hash.clone()),
        password_method: Set(u.password.method.as_str().to_string()),
    }
}

impl<C: Conn> Repos<C> {
    pub(crate) async fn set_admin(&self, user_id: i64, is_admin: bool) -> CoreResult<()> {
        if is_admin {
            let row = admin::ActiveModel {
                id: NotSet,
                user_id: Set(user_id),
            };
            admin::Entity::insert(row)
                .on_conflict_do_nothing_on([admin::Column::UserId])
                .exec_without_returning(self.db())
                .await
                .map_err(storage)?;
        } else {
            admin::Entity::delete_many()
                .filter(admin::Column::UserId.eq(user_id))
                .exec(self.db())
                .await
                .map_err(storage)?;
        }
        Ok(())
    }

    /// Runs a user query with each user's admin flag in the same statement (LEFT JOIN on
    /// `admin`, whose `user_id` is unique).
    async fn users(&self, query: Select<user::Entity>) -> CoreResult<Vec<User>> {
        let rows = query
            .select_also(admin::Entity)
            .join(JoinType::LeftJoin, admin_of_user())
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|(m, admin)| to_core(m, admin.is_some()))
            .collect())
    }

    async fn one_user(&self, query: Select<user::Entity>) -> CoreResult<Option<User>> {
        Ok(self.users(query.limit(1)).await?.pop())
    }
}

/// `user.id = admin.user_id`
fn admin_of_user() -> RelationDef {
    user::Entity::belongs_to(admin::Entity)
        .from(user::Column::Id)
        .to(admin::Column::UserId)
        .into()
}

/// The filters and order of `list_users`.
fn listing(filter: &UserFilter) -> Select<user::Entity> {
    let mut query = user::Entity::find();
    if let Some(status) = filter.status {
        query = query.filter(user::Column::Status.eq(status));
    }
    if let Some(url_id) = filter.access_url_id {
        query = query.filter(in_url(url_id));
    }
    if filter.active_only {
        query = query.filter(user::Column::Active.eq(true));
    }
    query
        .order_by_asc(user::Column::Firstname)
        .order_by_asc(user::Column::Id)
}

fn in_url(url_id: i64) -> sea_orm::sea_query::SimpleExpr {
    user::Column::Id.in_subquery(
        Query::select()
            .column(access_url_rel_user::Column::UserId)
            .from(access_url_rel_user::Entity)
            .and_where(access_url_rel_user::Column::AccessUrlId.eq(url_id))
            .to_owned(),
    )
}

#[async_trait]
impl<C: Conn> UserRepo for Repos<C> {
    async fn insert_user(&self, u: &User) -> CoreResult<i64> {
        let id = user::Entity::insert(to_active(u))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::Username))?
            .last_insert_id;
        if u.is_admin {
            self.set_admin(id, true).await?;
        }
        Ok(id)
    }

    async fn update_user(&self, u: &User) -> CoreResult<()> {
        user::Entity::update_many()
            .set(to_active(u))
            .filter(user::Column::Id.eq(u.id))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::Username))?;
        self.set_admin(u.id, u.is_admin).await
    }

    async fn get_user(&self, id: i64) -> CoreResult<Option<User>> {
        self.one_user(user::Entity::find_by_id(id)).await
    }

    async fn find_user_by_username(&self, username: &str) -> CoreResult<Option<User>> {
        self.one_user(
            user::Entity::find()
                .filter(user::Column::UsernameCanonical.eq(username.to_lowercase())),
        )
        .await
    }

    async fn first_admin(&self) -> CoreResult<Option<User>> {
        // `users` joins `admin`: the rows that have one are the admins
        let admins = user::Entity::find()
            .filter(admin::Column::UserId.is_not_null())
            .order_by_asc(user::Column::Id);
        self.one_user(admins).await
    }

    async fn list_users(&self, filter: &UserFilter) -> CoreResult<Vec<User>> {
        self.users(listing(filter)).await
    }

    async fn list_user_summaries(&self, filter: &UserFilter) -> CoreResult<Vec<UserSummary>> {
        use user::Column as Col;
        let rows: Vec<(i64, String, String, String, String, bool)> = listing(filter)
            .select_only()
            .column(Col::Id)
            .column(Col::Username)
            .column(Col::Firstname)
            .column(Col::Lastname)
            .column(Col::Email)
            .column(Col::Active)
            .into_tuple()
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, username, firstname, lastname, email, active)| UserSummary {
                    id,
                    username,
                    firstname,
                    lastname,
                    email,
                    active,
                },
            )
            .collect())
    }

    async fn page_users(
        &self,
        url_id: i64,
        offset: u64,
        limit: u64,
    ) -> CoreResult<(Vec<User>, u64)> {
        let query = user::Entity::find().filter(in_url(url_id));
        let total = query.clone().count(self.db()).await.map_err(storage)?;
        let page = self
            .users(
                query
                    .order_by_asc(user::Column::Id)
                    .offset(offset)
                    .limit(limit),
            )
            .await?;
        Ok((page, total))
    }

    async fn delete_user(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        course_rel_user::Entity::delete_many()
            .filter(course_rel_user::Column::UserId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        session_rel_user::Entity::delete_many()
            .filter(session_rel_user::Column::UserId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        session_rel_course_rel_user::Entity::delete_many()
            .filter(session_rel_course_rel_user::Column::UserId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        user_api_key::Entity::delete_many()
            .filter(user_api_key::Column::UserId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        access_url_rel_user::Entity::delete_many()
            .filter(access_url_rel_user::Column::UserId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        course_rel_user_catalogue::Entity::delete_many()
            .filter(course_rel_user_catalogue::Column::UserId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        self.set_admin(id, false).await?;
        self.delete_extra_values(ItemType::User, id).await?;
        // sessions keep existing without their coach / admin
        for column in [session::Column::IdCoach, session::Column::SessionAdminId] {
            session::Entity::update_many()
                .col_expr(column, Expr::value(Option::<i64>::None))
                .filter(column.eq(id))
                .exec(db)
                .await
                .map_err(storage)?;
        }
        user::Entity::delete_by_id(id)
            .exec(db)
            .await
            .map_err(storage)?;
        Ok(())
    }
}
