//! What an action can fail with, and the one table that turns a core error into a REST
//! answer. Every failure leaves as `{"error":true,"message":…}` with HTTP 200.
//!
//! Actions never match on `CoreError`: they name the kind of core call ([`Op`]) and map its
//! result with [`OrRest::or_rest`], or, where the original answers a refusal as data
//! (`[false]`, `{"status":false}`, an empty list), with [`OrRest::or_absent`] and an
//! [`Absent`] kind. The whole vocabulary is pinned by the `vocabulary` snapshot below.

use chamilo_core::{Conflict, CoreError, CoreResult, Entity};
use chamilo_edge::CallOutcome;

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

    /// How a call that failed this way ended, for the edge's counters: the refusals of who
    /// is calling (key, credentials, level) are `Refused`, a storage failure is `Error`,
    /// everything else the action's own `Fault`.
    pub fn outcome(&self) -> CallOutcome {
        match self {
            RestError::Key(
                "InvalidApiKey" | "NotAllowed" | "InvalideUserDetected" | "InvalidUser",
            ) => CallOutcome::Refused,
            RestError::Key(STORAGE_FAILED) => CallOutcome::Error,
            _ => CallOutcome::Fault,
        }
    }
}

/// What any storage failure answers (details go to the log).
const STORAGE_FAILED: &str = "ErrorOccurred";

/// The kind of core call that failed; the same core error reads differently per kind, as in
/// the original (a taken username is `UserNameNotAvailable` when creating, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op<'a> {
    /// lookups, reads and writes without a line of their own
    General,
    /// the `course` routing parameter (`rest-v2.md` §1.4 step 6)
    RoutingCourse,
    /// the `session` routing parameter
    RoutingSession,
    CreateUser,
    UpdateUser,
    CreateSession,
    SessionFromModel,
    UpdateSession,
    /// the session `update_session` names: the original's id check answers `NoData`
    SessionToUpdate,
    /// `subscribe_user_to_session_from_username`: every refusal is `UserNotSubscribed`
    SubscribeByUsername,
    /// `save_user_message`: the core's `title`/`content` are the `subject`/`text` parameters
    SendMessage,
    PauseTraining,
    /// `add_group` with the requested name: a taken name is `<name> Already exists`
    CreateGroup(&'a str),
    DeleteGroup,
    AddGroupMember,
    /// courses by the value of this course extra field: an unknown field is `<variable> not found`
    CoursesByField(&'a str),
}

/// CoreError → message: the kinds' own lines, then what every kind shares.
fn rest_error(op: Op<'_>, e: &CoreError) -> RestError {
    use CoreError::*;
    use Op::*;
    use RestError::{Key, Literal};
    match (op, e) {
        (_, Storage(_)) => Key(STORAGE_FAILED),
        (RoutingCourse, NotFound(_)) => Key("NoCourse"),
        (RoutingSession, NotFound(_)) => Key("NoSession"),
        (CreateUser, AlreadyExists(Conflict::Username)) => Key("UserNameNotAvailable"),
        (CreateUser, _) => Key("UserNotRegistered"),
        (UpdateUser, AlreadyExists(Conflict::Username)) => Key("LoginAlreadyTaken"),
        (CreateSession | SessionFromModel, AlreadyExists(Conflict::SessionName)) => {
            Key("SessionNameAlreadyExists")
        }
        (CreateSession | SessionFromModel, Invalid { field: "name", .. }) => {
            Key("SessionNameIsRequired")
        }
        (CreateSession | SessionFromModel, Invalid { field, .. }) if field.ends_with("date") => {
            Key("StartDateShouldBeBeforeEndDate")
        }
        // the model is the one session the call names; its courses are the ones it links
        (SessionFromModel, NotFound(Entity::Session)) => Key("ModelSessionDoesNotExist"),
        (SessionFromModel, NotFound(Entity::Course)) => Key("CoursesNotAddedToSession"),
        (SessionFromModel, _) => Key("SessionNotRegistered"),
        (UpdateSession, Invalid { field, .. }) if field.ends_with("date") => Key("InvalidDate"),
        (UpdateSession, Invalid { field: "name", .. }) => Key("SessionNameIsRequired"),
        (UpdateSession, AlreadyExists(Conflict::SessionName)) => Key("SessionNameAlreadyExists"),
        (SessionToUpdate, NotFound(Entity::Session)) => Key("NoData"),
        (SubscribeByUsername, _) => Key("UserNotSubscribed"),
        (PauseTraining, Invalid { .. }) => Key("InvalidDate"),
        (CreateGroup(name), AlreadyExists(Conflict::GroupName)) => {
            Literal(messages::already_exists(name.trim()))
        }
        (CreateGroup(_), _) => Key("NotRegistered"),
        (DeleteGroup, NotFound(_)) => Key("NotDeleted"),
        (AddGroupMember, NotFound(_)) => Literal("user_id or group_id does not exist".into()),
        (CoursesByField(variable), NotFound(Entity::ExtraField)) => {
            Literal(format!("{variable} not found"))
        }
        (SendMessage, Invalid { field, reason }) => invalid(message_param(field), reason),
        (_, NotFound(Entity::User)) => Key("UserNotFound"),
        (_, NotFound(Entity::Course)) => Key("NoCourse"),
        (_, NotFound(Entity::Session)) => Key("SessionNotFound"),
        (_, NotFound(Entity::Subscription)) => Key("UserNotSubscribed"),
        (_, NotFound(_)) => Key("NoData"),
        (_, Forbidden(_)) => Key("NotAllowed"),
        (_, AlreadyExists(_)) => Key("AlreadyExists"),
        (_, Invalid { field, reason }) => invalid(field, reason),
    }
}

/// One core error of each kind the table tells apart, with placeholders where a client reads
/// a variable part (`<field>`, `<reason>`).
fn every_kind_of_error() -> Vec<CoreError> {
    use Entity::*;
    let entities = [
        User,
        Course,
        Session,
        CourseDescription,
        ExtraField,
        AccessUrl,
        ApiKey,
        Subscription,
        Group,
        Message,
        LegalTerms,
    ];
    let conflicts = [
        Conflict::Username,
        Conflict::CourseCode,
        Conflict::SessionName,
        Conflict::ExternalId {
            field: "<field>".into(),
        },
        Conflict::Subscription,
        Conflict::GroupName,
        Conflict::AccessUrl,
        Conflict::Other("<what>".into()),
    ];
    let mut out: Vec<CoreError> = entities.into_iter().map(CoreError::NotFound).collect();
    out.extend(conflicts.into_iter().map(CoreError::AlreadyExists));
    // the fields some kinds word apart, then any other
    for field in ["name", "access_end_date", "title", "content", "<field>"] {
        out.push(CoreError::invalid(field, "<reason>"));
    }
    out.push(CoreError::Forbidden("<why>".into()));
    out.push(CoreError::Storage("<detail>".into()));
    out
}

/// Every message a client may read when a core call of kind `op` fails, in table order: the
/// reference's list. A refused value the kind does not word apart is listed once, as
/// `Invalid <field>: <reason>`.
pub fn messages_of(op: Op<'_>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in every_kind_of_error() {
        let text = rest_error(op, &e).message().to_owned();
        if let CoreError::Invalid { field, reason } = &e {
            if *field != "<field>" && text == messages::invalid_value(field, reason) {
                continue;
            }
        }
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The `save_user_message` parameter a core message field comes from.
fn message_param(field: &str) -> &str {
    match field {
        "title" => "subject",
        "content" => "text",
        other => other,
    }
}

/// A refused value names itself and why (never `NoData`, the original's key for missing input).
fn invalid(field: &str, reason: &str) -> RestError {
    RestError::Literal(messages::invalid_value(field, reason))
}

/// Core failures an action answers as data (`[false]`, `{"status":false}`, an empty list)
/// instead of an error; any other failure goes through [`Op::General`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// a lookup: what is not found is absent
    NotFound,
    /// one user of a list: an unknown user is skipped
    UnknownUser,
    /// a delete: nothing to delete, or a record that must stay
    NotDeletable,
    /// a write whose every refusal is answered as data; only a database failure is an error
    Refused,
}

/// Whether `kind` answers `e` as data.
fn is_absent(kind: Absent, e: &CoreError) -> bool {
    use CoreError::*;
    match (kind, e) {
        (_, Storage(_)) => false,
        (Absent::NotFound, NotFound(_)) => true,
        (Absent::UnknownUser, NotFound(Entity::User)) => true,
        (Absent::NotDeletable, NotFound(_) | Forbidden(_)) => true,
        (Absent::Refused, _) => true,
        _ => false,
    }
}

/// The mapping of a core error for an operation kind; a database failure is logged (its
/// text never reaches the client).
pub fn core(op: Op<'_>, e: &CoreError) -> RestError {
    log_storage(e);
    rest_error(op, e)
}

fn log_storage(e: &CoreError) {
    if let CoreError::Storage(detail) = e {
        tracing::error!(error = %detail, "storage failure in a REST action");
    }
}

/// How actions map a core result.
pub trait OrRest<T> {
    /// The error through the table for `op`.
    fn or_rest(self, op: Op<'_>) -> ActionResult<T>;
    /// `None` where `kind` says the action answers the error as data.
    fn or_absent(self, kind: Absent) -> ActionResult<Option<T>>;
}

impl<T> OrRest<T> for CoreResult<T> {
    fn or_rest(self, op: Op<'_>) -> ActionResult<T> {
        self.map_err(|e| core(op, &e))
    }

    fn or_absent(self, kind: Absent) -> ActionResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if is_absent(kind, &e) => Ok(None),
            Err(e) => Err(core(Op::General, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each core error, with the fields and entities the table tells apart.
    fn every_error() -> Vec<CoreError> {
        let entities = [
            Entity::User,
            Entity::Course,
            Entity::Session,
            Entity::CourseDescription,
            Entity::ExtraField,
            Entity::AccessUrl,
            Entity::ApiKey,
            Entity::Subscription,
            Entity::Group,
            Entity::Message,
            Entity::LegalTerms,
        ];
        let conflicts = [
            Conflict::Username,
            Conflict::CourseCode,
            Conflict::SessionName,
            Conflict::ExternalId { field: "hr".into() },
            Conflict::Subscription,
            Conflict::GroupName,
            Conflict::AccessUrl,
            Conflict::Other("thing".into()),
        ];
        let mut out: Vec<CoreError> = entities.into_iter().map(CoreError::NotFound).collect();
        out.extend(conflicts.into_iter().map(CoreError::AlreadyExists));
        out.extend([
            CoreError::invalid("name", "must not be empty"),
            CoreError::invalid("access_end_date", "before the start"),
            CoreError::invalid("status", "unknown status 2"),
            CoreError::invalid("title", "must not be empty"),
            CoreError::invalid("content", "longer than 65535 bytes"),
            CoreError::Forbidden("the main URL stays".into()),
            CoreError::Storage("db down".into()),
        ]);
        out
    }

    #[test]
    fn messages_of_a_kind_of_call() {
        let general = messages_of(Op::General);
        assert!(
            general.contains(&"User not found.".to_owned()),
            "{general:?}"
        );
        assert!(general.contains(&"Invalid <field>: <reason>".to_owned()));
        assert!(!general.contains(&"Invalid name: <reason>".to_owned()));
        assert!(general.contains(&"An error occurred.".to_owned()));
        let create = messages_of(Op::CreateSession);
        assert!(create.contains(&"A name is required for the session".to_owned()));
        let send = messages_of(Op::SendMessage);
        assert!(
            send.contains(&"Invalid subject: <reason>".to_owned()),
            "{send:?}"
        );
        assert_eq!(messages_of(Op::CreateGroup("<name>"))[0], "Not Registered");
    }

    /// A key as itself (its text is listed once at the end), a literal message quoted.
    fn answer(e: &RestError, keys: &mut Vec<&'static str>) -> String {
        match e {
            RestError::Key(k) => {
                if !keys.contains(k) {
                    keys.push(k);
                }
                (*k).to_owned()
            }
            RestError::Literal(s) => format!("{s:?}"),
        }
    }

    /// A storage failure is an `Error` whatever the call; refusals of the caller are
    /// `Refused`; the rest are the action's own faults.
    #[test]
    fn outcomes_for_the_edge_counters() {
        use chamilo_edge::CallOutcome::*;
        let storage = CoreError::Storage("db down".into());
        for op in [
            Op::General,
            Op::CreateUser,
            Op::RoutingCourse,
            Op::DeleteGroup,
        ] {
            assert_eq!(rest_error(op, &storage).outcome(), Error, "{op:?}");
        }
        for key in [
            "InvalidApiKey",
            "NotAllowed",
            "InvalideUserDetected",
            "InvalidUser",
        ] {
            assert_eq!(RestError::Key(key).outcome(), Refused, "{key}");
        }
        let missing = rest_error(Op::General, &CoreError::NotFound(Entity::User));
        assert_eq!(missing.outcome(), Fault);
        assert_eq!(RestError::Key("InvalidAction").outcome(), Fault);
        assert_eq!(RestError::Literal("x not found".into()).outcome(), Fault);
    }

    /// Every kind × every core error → what the client reads, so a change shows in review.
    #[test]
    fn vocabulary() {
        use Op::*;
        let ops = [
            General,
            RoutingCourse,
            RoutingSession,
            CreateUser,
            UpdateUser,
            CreateSession,
            SessionFromModel,
            UpdateSession,
            SessionToUpdate,
            SubscribeByUsername,
            SendMessage,
            PauseTraining,
            CreateGroup("<name>"),
            DeleteGroup,
            AddGroupMember,
            CoursesByField("<variable>"),
        ];
        let absent = [
            Absent::NotFound,
            Absent::UnknownUser,
            Absent::NotDeletable,
            Absent::Refused,
        ];
        let errors = every_error();
        let mut keys = Vec::new();
        let mut text = String::new();
        for op in ops {
            text.push_str(&format!("{op:?}\n"));
            for e in &errors {
                let e_text = e.to_string();
                text.push_str(&format!(
                    "  {e_text:<45} -> {}\n",
                    answer(&rest_error(op, e), &mut keys)
                ));
            }
        }
        for kind in absent {
            text.push_str(&format!("or_absent({kind:?})\n"));
            for e in &errors {
                let out = match Err::<(), _>(e.clone()).or_absent(kind) {
                    Ok(_) => "answered as data".to_owned(),
                    Err(r) => answer(&r, &mut keys),
                };
                text.push_str(&format!("  {:<45} -> {out}\n", e.to_string()));
            }
        }
        text.push_str("message keys in English\n");
        keys.sort_unstable();
        for k in keys {
            text.push_str(&format!("  {k:<45} {:?}\n", messages::text(k)));
        }
        insta::assert_snapshot!(text);
    }
}
