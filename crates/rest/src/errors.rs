//! What an action can fail with, and the one table that turns a core error into a REST
//! message key. Every failure leaves as `{"error":true,"message":…}` with HTTP 200.

use chamilo_core::{Conflict, CoreError, Entity};

use crate::messages;

/// An action's failure, rendered by [`RestError::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestError {
    /// A message key, written as its English text (or the bare key when it has none).
    Key(&'static str),
    /// A message the original builds itself (`<variable> not found`, composite texts, …).
    Literal(String),
}

pub type ActionResult<T = serde_json::Value> = Result<T, RestError>;

impl RestError {
    pub fn message(&self) -> &str {
        match self {
            RestError::Key(k) => messages::text(k),
            RestError::Literal(s) => s,
        }
    }

    /// The mapping of a core error for an operation (see [`core_key`]).
    pub fn core(op: Op, e: &CoreError) -> Self {
        if let CoreError::Storage(detail) = e {
            tracing::error!(error = %detail, "storage failure in a REST action");
        }
        RestError::Key(core_key(op, e))
    }
}

/// The kind of core call that failed; the same core error reads differently per operation,
/// as in the original (a taken username is `UserNameNotAvailable` when creating, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// lookups, subscriptions and anything without its own line below
    General,
    CreateUser,
    UpdateUser,
    CreateSession,
    UpdateSession,
    SessionFromModel,
}

/// CoreError → message key: the whole REST error vocabulary for core failures.
pub fn core_key(op: Op, e: &CoreError) -> &'static str {
    use CoreError::*;
    use Op::*;
    match (op, e) {
        (_, Storage(_)) => "ErrorOccurred",
        (CreateUser, AlreadyExists(Conflict::Username)) => "UserNameNotAvailable",
        (CreateUser, _) => "UserNotRegistered",
        (UpdateUser, AlreadyExists(Conflict::Username)) => "LoginAlreadyTaken",
        (UpdateUser, NotFound(Entity::User)) => "UserNotFound",
        (CreateSession | SessionFromModel, AlreadyExists(Conflict::SessionName)) => {
            "SessionNameAlreadyExists"
        }
        (CreateSession | SessionFromModel, Invalid { field: "name", .. }) => {
            "SessionNameIsRequired"
        }
        (CreateSession | SessionFromModel, Invalid { field, .. }) if field.ends_with("date") => {
            "StartDateShouldBeBeforeEndDate"
        }
        // the model is the one session the call names; its courses are the ones it links
        (SessionFromModel, NotFound(Entity::Session)) => "ModelSessionDoesNotExist",
        (SessionFromModel, NotFound(Entity::Course)) => "CoursesNotAddedToSession",
        (SessionFromModel, _) => "SessionNotRegistered",
        (UpdateSession, Invalid { field, .. }) if field.ends_with("date") => "InvalidDate",
        (UpdateSession, Invalid { field: "name", .. }) => "SessionNameIsRequired",
        (UpdateSession, AlreadyExists(Conflict::SessionName)) => "SessionNameAlreadyExists",
        (_, NotFound(Entity::User)) => "UserNotFound",
        (_, NotFound(Entity::Course)) => "NoCourse",
        (_, NotFound(Entity::Session)) => "SessionNotFound",
        (_, NotFound(Entity::Subscription)) => "UserNotSubscribed",
        (_, NotFound(_)) => "NoData",
        (_, Forbidden(_)) => "NotAllowed",
        (_, AlreadyExists(_)) => "AlreadyExists",
        (_, Invalid { .. }) => "NoData",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let rows = [
            (Op::General, CoreError::Storage("db down".into())),
            (Op::CreateUser, CoreError::AlreadyExists(Conflict::Username)),
            (Op::CreateUser, CoreError::invalid("email", "bad")),
            (
                Op::CreateUser,
                CoreError::AlreadyExists(Conflict::ExternalId { field: "x".into() }),
            ),
            (Op::UpdateUser, CoreError::AlreadyExists(Conflict::Username)),
            (Op::UpdateUser, CoreError::NotFound(Entity::User)),
            (Op::UpdateUser, CoreError::invalid("status", "bad")),
            (
                Op::CreateSession,
                CoreError::AlreadyExists(Conflict::SessionName),
            ),
            (Op::CreateSession, CoreError::invalid("name", "empty")),
            (
                Op::CreateSession,
                CoreError::invalid("access_start_date", "order"),
            ),
            (Op::CreateSession, CoreError::NotFound(Entity::User)),
            (Op::SessionFromModel, CoreError::NotFound(Entity::AccessUrl)),
            (
                Op::UpdateSession,
                CoreError::invalid("display_start_date", "order"),
            ),
            (Op::UpdateSession, CoreError::invalid("visibility", "bad")),
            (Op::General, CoreError::NotFound(Entity::User)),
            (Op::General, CoreError::NotFound(Entity::Course)),
            (Op::General, CoreError::NotFound(Entity::Session)),
            (Op::General, CoreError::NotFound(Entity::Subscription)),
            (Op::General, CoreError::NotFound(Entity::ExtraField)),
            (Op::General, CoreError::Forbidden("x".into())),
            (
                Op::General,
                CoreError::AlreadyExists(Conflict::Subscription),
            ),
            (Op::General, CoreError::invalid("x", "y")),
        ];
        let text: Vec<String> = rows
            .iter()
            .map(|(op, e)| format!("{op:?} {} -> {}", e.code(), core_key(*op, e)))
            .collect();
        insta::assert_snapshot!(text.join("\n"), @r"
        General storage -> ErrorOccurred
        CreateUser already_exists -> UserNameNotAvailable
        CreateUser invalid -> UserNotRegistered
        CreateUser already_exists -> UserNotRegistered
        UpdateUser already_exists -> LoginAlreadyTaken
        UpdateUser not_found -> UserNotFound
        UpdateUser invalid -> NoData
        CreateSession already_exists -> SessionNameAlreadyExists
        CreateSession invalid -> SessionNameIsRequired
        CreateSession invalid -> StartDateShouldBeBeforeEndDate
        CreateSession not_found -> UserNotFound
        SessionFromModel not_found -> SessionNotRegistered
        UpdateSession invalid -> InvalidDate
        UpdateSession invalid -> NoData
        General not_found -> UserNotFound
        General not_found -> NoCourse
        General not_found -> SessionNotFound
        General not_found -> UserNotSubscribed
        General not_found -> NoData
        General forbidden -> NotAllowed
        General already_exists -> AlreadyExists
        General invalid -> NoData
        ");
    }
}
