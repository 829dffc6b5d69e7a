//! Session services: create (unique name, coherent dates), edit, delete, find.

use super::{Session, SessionFilter};
use crate::error::{Conflict, CoreError, CoreResult, Entity};
use crate::extra_fields::{self, ExternalRef, ExtraValue, ItemRef, ItemType};
use crate::gateway::Gateway;
use crate::ports::Repo;
use crate::urls::{UrlMember, DEFAULT_URL_ID};
use chrono::NaiveDateTime;

#[derive(Debug, Clone)]
pub struct NewSession {
    pub session: Session,
    pub external_id: Option<ExternalRef>,
    pub extras: Vec<(String, String)>,
    pub access_url_id: i64,
}

impl NewSession {
    pub fn named(name: &str) -> Self {
        NewSession {
            session: Session {
                name: name.to_string(),
                visibility: super::visibility::READ_ONLY,
                show_description: true,
                ..Session::default()
            },
            external_id: None,
            extras: Vec::new(),
            access_url_id: DEFAULT_URL_ID,
        }
    }
}

/// A partial update: `None` leaves a field as it is; for dates `Some(None)` clears.
#[derive(Debug, Clone, Default)]
pub struct SessionPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub display_start_date: Option<Option<NaiveDateTime>>,
    pub display_end_date: Option<Option<NaiveDateTime>>,
    pub access_start_date: Option<Option<NaiveDateTime>>,
    pub access_end_date: Option<Option<NaiveDateTime>>,
    pub coach_access_start_date: Option<Option<NaiveDateTime>>,
    pub coach_access_end_date: Option<Option<NaiveDateTime>>,
    pub duration: Option<Option<i32>>,
    pub visibility: Option<i32>,
    pub general_coach_id: Option<Option<i64>>,
    pub session_category_id: Option<Option<i64>>,
    pub promotion_id: Option<Option<i64>>,
    pub show_description: Option<bool>,
    pub send_subscription_notification: Option<bool>,
    pub extras: Vec<(String, String)>,
    /// Write only the extras whose field exists (registration.soap.php's edits).
    pub extras_existing_only: bool,
}

fn check_dates(
    start_field: &'static str,
    start: Option<NaiveDateTime>,
    end: Option<NaiveDateTime>,
) -> CoreResult<()> {
    match (start, end) {
        (Some(s), Some(e)) if s >= e => Err(CoreError::invalid(
            start_field,
            "the start must be before the end",
        )),
        _ => Ok(()),
    }
}

/// Validates a whole session record before it is written.
async fn check_session(repo: &dyn Repo, s: &Session) -> CoreResult<()> {
    if s.name.trim().is_empty() {
        return Err(CoreError::invalid("name", "must not be empty"));
    }
    crate::limits::check_len("name", &s.name, crate::limits::SESSION_NAME)?;
    if !(1..=3).contains(&s.visibility) {
        return Err(CoreError::invalid(
            "visibility",
            format!("{} is not a session visibility (1-3)", s.visibility),
        ));
    }
    check_dates("access_start_date", s.access_start_date, s.access_end_date)?;
    check_dates(
        "display_start_date",
        s.display_start_date,
        s.display_end_date,
    )?;
    check_dates(
        "coach_access_start_date",
        s.coach_access_start_date,
        s.coach_access_end_date,
    )?;
    if let Some(d) = s.duration {
        if d < 0 {
            return Err(CoreError::invalid("duration", "must not be negative"));
        }
    }
    if let Some(coach) = s.general_coach_id {
        if repo.get_user(coach).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
    }
    if let Some(other) = repo.find_session_by_name(s.name.trim()).await? {
        if other.id != s.id {
            return Err(CoreError::AlreadyExists(Conflict::SessionName));
        }
    }
    Ok(())
}

/// Creates the session inside the caller's transaction: checks, external id, URL, extras.
pub(super) async fn insert_session_in(repo: &dyn Repo, new: NewSession) -> CoreResult<i64> {
    let mut session = new.session;
    session.id = 0;
    session.name = session.name.trim().to_string();
    check_session(repo, &session).await?;
    let id_field = match &new.external_id {
        Some(r) => extra_fields::claim_external_id(repo, ItemType::Session, r).await?,
        None => None,
    };
    let id = repo.insert_session(&session).await?;
    crate::urls::link_member(repo, new.access_url_id, UrlMember::Session(id)).await?;
    if let (Some(field), Some(r)) = (id_field, &new.external_id) {
        repo.set_value(field.id, id, &r.value).await?;
    }
    extra_fields::write_extras(repo, ItemType::Session, id, &new.extras).await?;
    Ok(id)
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

impl Gateway {
    pub async fn create_session(&self, new: NewSession) -> CoreResult<i64> {
        self.create_session_as_read(None, Ok(new)).await
    }

    /// [`Gateway::create_session`] with its general coach given as a reference and the
    /// session as the adapter could read it: the coach is looked up first, inside the
    /// transaction, so an unknown coach is answered before a malformed value (soap.php's order).
    pub async fn create_session_as_read(
        &self,
        coach: Option<ItemRef>,
        new: CoreResult<NewSession>,
    ) -> CoreResult<i64> {
        let tx = self.begin().await?;
        let coach = match coach {
            Some(r) => Some(extra_fields::resolve(&*tx, ItemType::User, &r).await?),
            None => None,
        };
        let mut new = new?;
        if coach.is_some() {
            new.session.general_coach_id = coach;
        }
        let id = insert_session_in(&*tx, new).await?;
        self.commit(tx).await?;
        Ok(id)
    }

    pub async fn edit_session(
        &self,
        session: impl Into<ItemRef>,
        patch: SessionPatch,
    ) -> CoreResult<()> {
        self.edit_session_as_read(session, None, Ok(patch)).await
    }

    /// [`Gateway::edit_session`] with a new general coach given as a reference and the patch as
    /// the adapter could read it: the session, then the coach are looked up first, inside the
    /// transaction, so an unknown one is answered before a malformed value (soap.php's order).
    pub async fn edit_session_as_read(
        &self,
        session: impl Into<ItemRef>,
        coach: Option<ItemRef>,
        patch: CoreResult<SessionPatch>,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = extra_fields::resolve(&*tx, ItemType::Session, &session.into()).await?;
        let coach = match coach {
            Some(r) => Some(extra_fields::resolve(&*tx, ItemType::User, &r).await?),
            None => None,
        };
        let mut patch = patch?;
        if coach.is_some() {
            patch.general_coach_id = Some(coach);
        }
        let mut s = tx
            .get_session(session_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Session))?;
        set(&mut s.name, patch.name.map(|n| n.trim().to_string()));
        set(&mut s.description, patch.description);
        set(&mut s.display_start_date, patch.display_start_date);
        set(&mut s.display_end_date, patch.display_end_date);
        set(&mut s.access_start_date, patch.access_start_date);
        set(&mut s.access_end_date, patch.access_end_date);
        set(
            &mut s.coach_access_start_date,
            patch.coach_access_start_date,
        );
        set(&mut s.coach_access_end_date, patch.coach_access_end_date);
        set(&mut s.duration, patch.duration);
        set(&mut s.visibility, patch.visibility);
        set(&mut s.general_coach_id, patch.general_coach_id);
        set(&mut s.session_category_id, patch.session_category_id);
        set(&mut s.promotion_id, patch.promotion_id);
        set(&mut s.show_description, patch.show_description);
        set(
            &mut s.send_subscription_notification,
            patch.send_subscription_notification,
        );
        check_session(&*tx, &s).await?;
        tx.update_session(&s).await?;
        if patch.extras_existing_only {
            extra_fields::write_existing_extras(&*tx, ItemType::Session, session_id, &patch.extras)
                .await?;
        } else {
            extra_fields::write_extras(&*tx, ItemType::Session, session_id, &patch.extras).await?;
        }
        self.commit(tx).await
    }

    pub async fn delete_session(&self, session: impl Into<ItemRef>) -> CoreResult<()> {
        let tx = self.begin().await?;
        let session_id = extra_fields::resolve(&*tx, ItemType::Session, &session.into()).await?;
        tx.delete_session(session_id).await?;
        self.commit(tx).await
    }

    pub async fn get_session(&self, session_id: i64) -> CoreResult<Session> {
        self.repo()
            .get_session(session_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Session))
    }

    pub async fn list_sessions(&self, filter: &SessionFilter) -> CoreResult<Vec<Session>> {
        self.repo().list_sessions(filter).await
    }

    pub async fn session_extras(&self, session_id: i64) -> CoreResult<Vec<ExtraValue>> {
        self.repo().values_of(ItemType::Session, session_id).await
    }
}
