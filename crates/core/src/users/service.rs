//! User services: create, edit, enable/disable, delete, find.

use super::validate::language_or_default;
use super::{status, valid_email, User, UserFilter, UserSummary, Username};
use crate::error::{Conflict, CoreError, CoreResult};
use crate::extra_fields::{self, ExternalRef, ExtraValue, ItemRef, ItemType};
use crate::gateway::{now, Gateway};
use crate::limits::{self, check_all, check_len};
use crate::passwords::{PasswordInput, StoredPassword};
use crate::ports::Repo;
use crate::subscriptions::course_status;
use crate::urls::{UrlMember, DEFAULT_URL_ID};
use chrono::NaiveDateTime;
use std::collections::HashMap;

/// Item ids per extra-values query (bound parameters stay far below every database's limit).
const EXTRAS_CHUNK: usize = 500;

pub const PLATFORM_AUTH: &str = "platform";

/// Everything a client can give when creating a user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub status: i32,
    pub password: PasswordInput,
    pub official_code: String,
    pub phone: String,
    pub address: String,
    pub language: String,
    pub auth_source: String,
    pub active: bool,
    pub expiration_date: Option<NaiveDateTime>,
    pub creator_id: Option<i64>,
    /// The identifier the caller's system uses for this user (stored as an extra-field value).
    pub external_id: Option<ExternalRef>,
    /// Further extra-field values (`variable -> value`).
    pub extras: Vec<(String, String)>,
    pub access_url_id: i64,
    pub is_admin: bool,
    /// When the external id already names an inactive user, bring that account back with
    /// these values instead of refusing the id (registration.soap.php's create operations).
    pub reactivate_inactive: bool,
}

impl Default for NewUser {
    fn default() -> Self {
        NewUser {
            username: String::new(),
            firstname: String::new(),
            lastname: String::new(),
            email: String::new(),
            status: status::STUDENT,
            password: PasswordInput::Clear(String::new()),
            official_code: String::new(),
            phone: String::new(),
            address: String::new(),
            language: String::new(),
            auth_source: PLATFORM_AUTH.to_string(),
            active: true,
            expiration_date: None,
            creator_id: None,
            external_id: None,
            extras: Vec::new(),
            access_url_id: DEFAULT_URL_ID,
            is_admin: false,
            reactivate_inactive: false,
        }
    }
}

/// A partial update: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub username: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub email: Option<String>,
    /// Store `email` exactly as given, without the address check creation applies: Chamilo's
    /// REST `update_user_from_username` sets it unchecked (`rest-v2.md` §3.5).
    pub email_as_given: bool,
    /// Refuse (`Forbidden`) when the user is inactive: Chamilo's credential edits leave
    /// disabled accounts alone.
    pub only_if_active: bool,
    /// Write only the extras whose field exists (registration.soap.php's edits), instead of
    /// creating missing fields.
    pub extras_existing_only: bool,
    /// A platform admin stays a teacher (status 1) whatever `status` says
    /// (registration.soap.php's edits: an HR sync must not demote the platform's admins).
    pub admins_stay_teachers: bool,
    pub status: Option<i32>,
    pub password: Option<PasswordInput>,
    pub official_code: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub language: Option<String>,
    pub auth_source: Option<String>,
    pub active: Option<bool>,
    /// `Some(None)` clears the expiration.
    pub expiration_date: Option<Option<NaiveDateTime>>,
    pub picture_uri: Option<String>,
    pub creator_id: Option<Option<i64>>,
    pub registration_date: Option<NaiveDateTime>,
    pub extras: Vec<(String, String)>,
}

/// Length limits of the user's text fields.
fn check_user_lengths(u: &User) -> CoreResult<()> {
    check_all(
        &[
            ("firstname", &u.firstname),
            ("lastname", &u.lastname),
            ("email", &u.email),
            (
                "official_code",
                u.official_code.as_deref().unwrap_or_default(),
            ),
            ("phone", u.phone.as_deref().unwrap_or_default()),
            ("picture_uri", &u.picture_uri),
        ],
        limits::SHORT_TEXT,
    )?;
    check_len("auth_source", &u.auth_source, limits::AUTH_SOURCE)
}

fn check_status(value: i32) -> CoreResult<i32> {
    if status::ALL.contains(&value) {
        Ok(value)
    } else {
        Err(CoreError::invalid(
            "status",
            format!("unknown status {value}"),
        ))
    }
}

fn check_email(email: &str) -> CoreResult<String> {
    let email = email.trim();
    if email.is_empty() || valid_email(email) {
        Ok(email.to_string())
    } else {
        Err(CoreError::invalid(
            "email",
            format!("'{email}' is not an e-mail address"),
        ))
    }
}

async fn username_is_free(repo: &dyn Repo, name: &str, except: Option<i64>) -> CoreResult<()> {
    match repo.find_user_by_username(name).await? {
        Some(other) if Some(other.id) != except => {
            Err(CoreError::AlreadyExists(Conflict::Username))
        }
        _ => Ok(()),
    }
}

/// A user checked and ready to insert, with what hangs on it.
pub(super) struct Prepared {
    pub(super) user: User,
    pub(super) reactivate_inactive: bool,
    pub(super) external_id: Option<ExternalRef>,
    pub(super) extras: Vec<(String, String)>,
    pub(super) access_url_id: i64,
}

/// Checks everything that needs neither the password hash nor the database, in the order a
/// client sees the errors. Returns the user without its password, and the password to store.
pub(super) fn draft_user(new: NewUser) -> CoreResult<(Prepared, Option<PasswordInput>)> {
    let username = Username::parse(&new.username)?;
    let status = check_status(new.status)?;
    let email = check_email(&new.email)?;
    let auth_source = match new.auth_source.trim() {
        "" => PLATFORM_AUTH.to_string(),
        other => other.to_string(),
    };
    if new.password.is_empty() && auth_source == PLATFORM_AUTH {
        return Err(CoreError::invalid("password", "must not be empty"));
    }
    let password = (!new.password.is_empty()).then_some(new.password);
    let user = User {
        id: 0,
        username: username.into_string(),
        firstname: new.firstname.trim().to_string(),
        lastname: new.lastname.trim().to_string(),
        email,
        status,
        official_code: Some(new.official_code),
        phone: Some(new.phone),
        address: new.address,
        language: language_or_default(&new.language),
        auth_source,
        active: new.active,
        expiration_date: new.expiration_date,
        registration_date: now(),
        last_login: None,
        creator_id: new.creator_id,
        picture_uri: String::new(),
        // an external auth source may come without a password: nothing verifies against it
        password: StoredPassword::unsalted(crate::passwords::PasswordMethod::Bcrypt, String::new()),
        is_admin: new.is_admin,
    };
    let draft = Prepared {
        user,
        reactivate_inactive: new.reactivate_inactive,
        external_id: new.external_id,
        extras: new.extras,
        access_url_id: new.access_url_id,
    };
    Ok((draft, password))
}

/// Completes a draft with its stored password and checks the lengths.
pub(super) fn complete(
    mut draft: Prepared,
    password: Option<StoredPassword>,
) -> CoreResult<Prepared> {
    if let Some(password) = password {
        draft.user.password = password;
    }
    check_user_lengths(&draft.user)?;
    Ok(draft)
}

/// Writes one prepared user inside `tx`: username and external id checked, row, URL link,
/// external id, extras.
pub(super) async fn insert_prepared(tx: &dyn Repo, p: &Prepared) -> CoreResult<i64> {
    username_is_free(tx, &p.user.username, None).await?;
    let id_field = match &p.external_id {
        Some(r) => extra_fields::claim_external_id(tx, ItemType::User, r).await?,
        None => None,
    };
    let id = tx.insert_user(&p.user).await?;
    crate::urls::link_member(tx, p.access_url_id, UrlMember::User(id)).await?;
    if let (Some(field), Some(r)) = (id_field, &p.external_id) {
        tx.set_value(field.id, id, &r.value).await?;
    }
    extra_fields::write_extras(tx, ItemType::User, id, &p.extras).await?;
    Ok(id)
}

/// The inactive user a reactivating creation's external id already names, if any.
async fn reactivatable(tx: &dyn Repo, p: &Prepared) -> CoreResult<Option<User>> {
    let Some(r) = p.external_id.as_ref().filter(|_| p.reactivate_inactive) else {
        return Ok(None);
    };
    let id = match extra_fields::resolve(tx, ItemType::User, &ItemRef::External(r.clone())).await {
        Ok(id) => id,
        Err(CoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(tx.get_user(id).await?.filter(|u| !u.active))
}

/// Brings an inactive account back with the new values: names, username, e-mail, status,
/// phone, password, platform authentication, no official code, the expiration when one is
/// given; active again; the extras written.
async fn reactivate(tx: &dyn Repo, mut user: User, p: &Prepared) -> CoreResult<i64> {
    let new = &p.user;
    username_is_free(tx, &new.username, Some(user.id)).await?;
    user.firstname.clone_from(&new.firstname);
    user.lastname.clone_from(&new.lastname);
    user.username.clone_from(&new.username);
    user.email.clone_from(&new.email);
    user.status = new.status;
    user.phone.clone_from(&new.phone);
    if !new.password.hash.is_empty() {
        user.password = new.password.clone();
    }
    user.auth_source = PLATFORM_AUTH.to_string();
    user.official_code = Some(String::new());
    if new.expiration_date.is_some() {
        user.expiration_date = new.expiration_date;
    }
    user.active = true;
    tx.update_user(&user).await?;
    extra_fields::write_extras(tx, ItemType::User, user.id, &p.extras).await?;
    Ok(user.id)
}

impl Gateway {
    /// Creates a user with its external id and extras, linked to its access URL.
    pub async fn create_user(&self, new: NewUser) -> CoreResult<i64> {
        let (draft, password) = draft_user(new)?;
        // hash before the transaction: bcrypt is slow and must not hold a write lock
        let password = match password {
            Some(p) => Some(self.hasher().store(p).await?),
            None => None,
        };
        let prepared = complete(draft, password)?;
        let tx = self.begin().await?;
        let id = match reactivatable(&*tx, &prepared).await? {
            Some(existing) => reactivate(&*tx, existing, &prepared).await?,
            None => insert_prepared(&*tx, &prepared).await?,
        };
        self.commit(tx).await?;
        Ok(id)
    }

    /// Applies the fields given; nothing else changes.
    pub async fn edit_user(&self, user: impl Into<ItemRef>, patch: UserPatch) -> CoreResult<()> {
        self.edit_user_as_read(user, Ok(patch)).await.map(|_| ())
    }

    /// [`Gateway::edit_user`] with the patch as the adapter could read it: the user is looked
    /// up first, so an unknown user is answered before a malformed value (soap.php's order).
    /// The lookup happens before the password is hashed, outside the transaction, which then
    /// reads the user again (a user removed meanwhile is `NotFound`). Answers the user as written.
    pub async fn edit_user_as_read(
        &self,
        user: impl Into<ItemRef>,
        patch: CoreResult<UserPatch>,
    ) -> CoreResult<User> {
        let user_id = extra_fields::resolve(self.repo(), ItemType::User, &user.into()).await?;
        let patch = patch?;
        let password = match patch.password {
            Some(p) if !p.is_empty() => Some(self.hasher().store(p).await?),
            _ => None,
        };
        let tx = self.begin().await?;
        let mut user = tx
            .get_user(user_id)
            .await?
            .ok_or(CoreError::NotFound(crate::Entity::User))?;
        if patch.only_if_active && !user.active {
            return Err(CoreError::Forbidden("the user is inactive".into()));
        }
        if let Some(name) = patch.username {
            let name = Username::parse(&name)?.into_string();
            username_is_free(&*tx, &name, Some(user_id)).await?;
            user.username = name;
        }
        if let Some(v) = patch.firstname {
            user.firstname = v.trim().to_string();
        }
        if let Some(v) = patch.lastname {
            user.lastname = v.trim().to_string();
        }
        if let Some(v) = patch.email {
            user.email = if patch.email_as_given {
                v
            } else {
                check_email(&v)?
            };
        }
        if let Some(v) = patch.status {
            user.status = check_status(v)?;
        }
        if patch.admins_stay_teachers && user.is_admin {
            user.status = status::COURSE_MANAGER;
        }
        if let Some(v) = password {
            user.password = v;
        }
        if let Some(v) = patch.official_code {
            user.official_code = Some(v);
        }
        if let Some(v) = patch.phone {
            user.phone = Some(v);
        }
        if let Some(v) = patch.address {
            user.address = v;
        }
        if let Some(v) = patch.language {
            user.language = language_or_default(&v);
        }
        if let Some(v) = patch.auth_source {
            user.auth_source = v;
        }
        if let Some(v) = patch.active {
            user.active = v;
        }
        if let Some(v) = patch.expiration_date {
            user.expiration_date = v;
        }
        if let Some(v) = patch.picture_uri {
            user.picture_uri = v;
        }
        if let Some(v) = patch.creator_id {
            user.creator_id = v;
        }
        if let Some(v) = patch.registration_date {
            user.registration_date = v;
        }
        check_user_lengths(&user)?;
        tx.update_user(&user).await?;
        if patch.extras_existing_only {
            extra_fields::write_existing_extras(&*tx, ItemType::User, user_id, &patch.extras)
                .await?;
        } else {
            extra_fields::write_extras(&*tx, ItemType::User, user_id, &patch.extras).await?;
        }
        self.commit(tx).await?;
        Ok(user)
    }

    /// A user's new username and, when not empty, new clear-text password (soap.php
    /// `WSUser.EditUserCredentials`, registration.soap.php `WSEditUserCredentials`). An inactive
    /// user is refused (`Forbidden`), as is a username another user has (`AlreadyExists`) or an
    /// invalid one (`Invalid`, an empty one included).
    pub async fn edit_user_credentials(
        &self,
        user: impl Into<ItemRef>,
        username: &str,
        password: &str,
    ) -> CoreResult<()> {
        let patch = UserPatch {
            username: Some(username.to_owned()),
            password: (!password.is_empty()).then(|| PasswordInput::Clear(password.to_owned())),
            only_if_active: true,
            ..UserPatch::default()
        };
        self.edit_user(user, patch).await
    }

    pub async fn set_user_active(&self, user: impl Into<ItemRef>, active: bool) -> CoreResult<()> {
        self.edit_user(
            user,
            UserPatch {
                active: Some(active),
                ..UserPatch::default()
            },
        )
        .await
    }

    /// Deletes a user and what hangs on it. Refused while the user is the only teacher of a
    /// course (the course would be left without one).
    pub async fn delete_user(&self, user: impl Into<ItemRef>) -> CoreResult<()> {
        let tx = self.begin().await?;
        let user_id = extra_fields::resolve(&*tx, ItemType::User, &user.into()).await?;
        for membership in tx.user_courses(user_id).await? {
            if membership.status != course_status::TEACHER {
                continue;
            }
            let teachers = tx
                .course_users(membership.course_id)
                .await?
                .into_iter()
                .filter(|cu| cu.status == course_status::TEACHER)
                .count();
            if teachers == 1 {
                return Err(CoreError::Forbidden(
                    "the user is the only teacher of a course".into(),
                ));
            }
        }
        tx.delete_user(user_id).await?;
        self.commit(tx).await
    }

    /// The user a reference names, if there is one.
    pub async fn find_user(&self, user: impl Into<ItemRef>) -> CoreResult<Option<User>> {
        match extra_fields::resolve(self.repo(), ItemType::User, &user.into()).await {
            Ok(id) => self.repo().get_user(id).await,
            Err(CoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// [`Gateway::find_user`] with the user's extra-field values, ordered by field.
    pub async fn find_user_with_extras(
        &self,
        user: impl Into<ItemRef>,
    ) -> CoreResult<Option<(User, Vec<ExtraValue>)>> {
        let Some(user) = self.find_user(user).await? else {
            return Ok(None);
        };
        let extras = self.user_extras(user.id).await?;
        Ok(Some((user, extras)))
    }

    pub async fn get_user(&self, user_id: i64) -> CoreResult<User> {
        self.repo()
            .get_user(user_id)
            .await?
            .ok_or(CoreError::NotFound(crate::Entity::User))
    }

    pub async fn find_user_by_username(&self, username: &str) -> CoreResult<Option<User>> {
        self.repo().find_user_by_username(username.trim()).await
    }

    pub async fn list_users(&self, filter: &UserFilter) -> CoreResult<Vec<User>> {
        self.repo().list_users(filter).await
    }

    /// `list_users` reduced to the columns a listing shows (one narrow query).
    pub async fn list_user_summaries(&self, filter: &UserFilter) -> CoreResult<Vec<UserSummary>> {
        self.repo().list_user_summaries(filter).await
    }

    pub async fn page_users(
        &self,
        url_id: i64,
        offset: u64,
        limit: u64,
    ) -> CoreResult<(Vec<User>, u64)> {
        self.repo().page_users(url_id, offset, limit).await
    }

    /// The user's extra-field values, ordered by field.
    pub async fn user_extras(&self, user_id: i64) -> CoreResult<Vec<ExtraValue>> {
        let generation = self.cache().generation.current();
        if let Some(hit) = self.cache().user_extras.get(&user_id, generation) {
            return Ok(hit);
        }
        let values = self.repo().values_of(ItemType::User, user_id).await?;
        self.cache()
            .user_extras
            .put(user_id, generation, values.clone());
        Ok(values)
    }

    /// The extra-field values of many users in one query per chunk of ids (uncached: for
    /// listings), grouped by user id, each group ordered by field.
    pub async fn users_extras(
        &self,
        user_ids: &[i64],
    ) -> CoreResult<HashMap<i64, Vec<ExtraValue>>> {
        let mut out: HashMap<i64, Vec<ExtraValue>> = HashMap::new();
        for chunk in user_ids.chunks(EXTRAS_CHUNK) {
            for v in self.repo().values_of_items(ItemType::User, chunk).await? {
                out.entry(v.item_id).or_default().push(v);
            }
        }
        Ok(out)
    }

    /// Creates a platform admin, or resets an existing user's password and makes it admin.
    pub async fn ensure_admin(
        &self,
        username: &str,
        password: &str,
        email: Option<&str>,
    ) -> CoreResult<i64> {
        if let Some(existing) = self.find_user_by_username(username).await? {
            let stored = self
                .hasher()
                .store(PasswordInput::Clear(password.to_string()))
                .await?;
            let tx = self.begin().await?;
            let mut user = existing;
            user.password = stored;
            user.is_admin = true;
            user.active = true;
            if let Some(e) = email {
                user.email = check_email(e)?;
            }
            tx.update_user(&user).await?;
            self.commit(tx).await?;
            return Ok(user.id);
        }
        self.create_user(NewUser {
            username: username.to_string(),
            firstname: "Admin".into(),
            lastname: username.to_string(),
            email: email.unwrap_or_default().to_string(),
            status: status::COURSE_MANAGER,
            password: PasswordInput::Clear(password.to_string()),
            is_admin: true,
            ..NewUser::default()
        })
        .await
    }
}
