//! The one place a core error becomes a SOAP answer: a fault (single operations) or a batch
//! item's `result {code, message}`. Codes and texts are Chamilo's (soap.md §6.2); the few
//! marked "gateway" cover failures the original never reported (it crashed or lied).

use chamilo_core::{Conflict, CoreError, Entity};

/// What an operation answers instead of its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// faultcode = the bare number, as Chamilo's WS errors.
    App(Code),
    /// The request itself is unusable (parse errors, unknown operation, bad shapes).
    Client(String),
    /// The server failed (database down…); details go to the log only.
    Server,
    /// A fault a service answers with its own faultcode and text (registration.soap.php's
    /// `Server` / "Secret key is not correct or params are not correctly set").
    Named(&'static str, &'static str),
}

/// An application code and its exact English message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub i64, pub &'static str);

pub const OK: Code = Code(0, "Operation was successful");
pub const BAD_KEY: Code = Code(1, "API key is invalid");
pub const USER_NOT_FOUND: Code = Code(100, "User not found");
pub const USER_DELETE_FAILED: Code = Code(101, "There was a problem while deleting this user");
pub const USERNAME_TAKEN: Code = Code(102, "This username is already taken");
pub const BAD_PASSWORD_HASH: Code = Code(103, "The encryption of the password is invalid");
pub const USER_CREATE_FAILED: Code = Code(104, "There was an error creating the user");
pub const USER_EDIT_FAILED: Code = Code(105, "There was an error updating the user");
pub const COURSE_NOT_FOUND: Code = Code(200, "Course not found");
pub const COURSE_CREATE_FAILED: Code = Code(202, "There was an error creating the course");
pub const COURSE_SUBSCRIBE_FAILED: Code = Code(203, "An error occured subscribing to this course");
/// gateway: EditCourse / EditCourseDescription refused (e.g. visibility out of range)
pub const COURSE_EDIT_FAILED: Code = Code(204, "There was an error updating the course");
/// gateway: DeleteCourse(s) failed after the course was found
pub const COURSE_DELETE_FAILED: Code = Code(205, "There was an error deleting the course");
pub const SESSION_NOT_FOUND: Code = Code(300, "Session not found");
pub const SESSION_CREATE_FAILED: Code = Code(301, "Could not create the session");
pub const SESSION_EDIT_FAILED: Code = Code(302, "Could not edit the session");
pub const TEACHER_UNSUBSCRIBE_FAILED: Code = Code(
    303,
    "There was an error unsubscribing this Teacher from the session",
);
pub const COURSE_UNSUBSCRIBE_FROM_SESSION_FAILED: Code =
    Code(304, "Error unsubscribing course from session");
/// gateway: SubscribeTeacherToSessionCourse on a course that is not part of the session
pub const TEACHER_SUBSCRIBE_FAILED: Code = Code(
    305,
    "There was an error subscribing this Teacher to the session course",
);
/// gateway: the gateway keeps no learning paths, so every learnpath id is unknown
pub const LEARNPATH_NOT_FOUND: Code = Code(400, "Learnpath not found");

/// Operation families that share an error mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// lookups only (Disable/Enable keep 105 for a failed write)
    UserToggle,
    UserDelete,
    /// `prehashed`: the client sent an `encrypt_method`
    UserCreate {
        prehashed: bool,
    },
    UserEdit,
    CourseCreate,
    CourseEdit,
    CourseDelete,
    CourseSubscribe,
    SessionCreate,
    SessionEdit,
    TeacherSubscribe,
    TeacherUnsubscribe,
    CourseUnsubscribeFromSession,
    /// everything else: lookups, reads, additive writes without a failure code of their own
    Plain,
}

/// Maps a core error for an operation of `family`. Lookups answer 100/200/300 everywhere;
/// then the family's own codes; a database failure becomes the family's failure code when it
/// has one (batch items need a number), else a `Server` fault.
pub fn map(family: Family, err: &CoreError) -> Fault {
    use Family as F;
    let code = match (family, err) {
        (_, CoreError::NotFound(Entity::User)) => USER_NOT_FOUND,
        (_, CoreError::NotFound(Entity::Course)) => COURSE_NOT_FOUND,
        (_, CoreError::NotFound(Entity::Session)) => SESSION_NOT_FOUND,
        (F::UserCreate { .. }, CoreError::AlreadyExists(Conflict::Username)) => USERNAME_TAKEN,
        (F::UserCreate { .. }, CoreError::AlreadyExists(Conflict::ExternalId { .. })) => {
            USERNAME_TAKEN
        }
        (
            F::UserCreate { .. },
            CoreError::Invalid {
                field: "encrypt_method",
                ..
            },
        ) => BAD_PASSWORD_HASH,
        (
            F::UserCreate { prehashed: true },
            CoreError::Invalid {
                field: "password", ..
            },
        ) => BAD_PASSWORD_HASH,
        (F::UserCreate { .. }, _) => USER_CREATE_FAILED,
        (F::UserEdit | F::UserToggle, _) => USER_EDIT_FAILED,
        (F::UserDelete, _) => USER_DELETE_FAILED,
        (F::CourseCreate, _) => COURSE_CREATE_FAILED,
        (F::CourseEdit, _) => COURSE_EDIT_FAILED,
        (F::CourseDelete, _) => COURSE_DELETE_FAILED,
        (F::CourseSubscribe, _) => COURSE_SUBSCRIBE_FAILED,
        (F::SessionCreate, _) => SESSION_CREATE_FAILED,
        (F::SessionEdit, _) => SESSION_EDIT_FAILED,
        (F::TeacherSubscribe, _) => TEACHER_SUBSCRIBE_FAILED,
        (F::TeacherUnsubscribe, _) => TEACHER_UNSUBSCRIBE_FAILED,
        (F::CourseUnsubscribeFromSession, _) => COURSE_UNSUBSCRIBE_FROM_SESSION_FAILED,
        (F::Plain, _) => return Fault::Server,
    };
    Fault::App(code)
}

/// The batch item `result` for an outcome: 0 on success, else the mapped code.
pub fn item_code(family: Family, outcome: &Result<(), CoreError>) -> Code {
    match outcome {
        Ok(()) => OK,
        Err(e) => match map(family, e) {
            Fault::App(code) => code,
            // batch families all have a failure code; keep a number regardless
            Fault::Client(_) | Fault::Server | Fault::Named(..) => USER_CREATE_FAILED,
        },
    }
}

/// Logs what the wire does not show.
pub fn log(op: &str, err: &CoreError) {
    match err {
        CoreError::Storage(_) => {
            tracing::error!(operation = op, error = %err, "soap operation failed")
        }
        _ => tracing::info!(operation = op, error = %err, "soap operation refused"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(family: Family, err: CoreError) -> String {
        match map(family, &err) {
            Fault::App(Code(n, m)) => format!("{n} {m}"),
            other => format!("{other:?}"),
        }
    }

    /// The whole table, one line per row, so a change shows up in review.
    #[test]
    fn mapping_table() {
        use Family as F;
        let storage = || CoreError::Storage("db down".into());
        let invalid = |f: &'static str| CoreError::invalid(f, "bad");
        let rows = [
            (
                "lookup user",
                code(F::Plain, CoreError::NotFound(Entity::User)),
            ),
            (
                "lookup course",
                code(F::UserEdit, CoreError::NotFound(Entity::Course)),
            ),
            (
                "lookup session",
                code(F::SessionEdit, CoreError::NotFound(Entity::Session)),
            ),
            (
                "create taken",
                code(
                    F::UserCreate { prehashed: false },
                    CoreError::AlreadyExists(Conflict::Username),
                ),
            ),
            (
                "create ext id",
                code(
                    F::UserCreate { prehashed: false },
                    CoreError::AlreadyExists(Conflict::ExternalId { field: "x".into() }),
                ),
            ),
            (
                "create method",
                code(
                    F::UserCreate { prehashed: false },
                    invalid("encrypt_method"),
                ),
            ),
            (
                "create hash",
                code(F::UserCreate { prehashed: true }, invalid("password")),
            ),
            (
                "create empty pw",
                code(F::UserCreate { prehashed: false }, invalid("password")),
            ),
            (
                "create storage",
                code(F::UserCreate { prehashed: false }, storage()),
            ),
            (
                "edit taken",
                code(F::UserEdit, CoreError::AlreadyExists(Conflict::Username)),
            ),
            ("toggle storage", code(F::UserToggle, storage())),
            (
                "delete forbidden",
                code(F::UserDelete, CoreError::Forbidden("only teacher".into())),
            ),
            ("course create", code(F::CourseCreate, invalid("title"))),
            ("course edit", code(F::CourseEdit, invalid("visibility"))),
            ("course delete", code(F::CourseDelete, storage())),
            (
                "course subscribe",
                code(
                    F::CourseSubscribe,
                    CoreError::AlreadyExists(Conflict::Subscription),
                ),
            ),
            (
                "session create",
                code(
                    F::SessionCreate,
                    CoreError::AlreadyExists(Conflict::SessionName),
                ),
            ),
            ("session edit", code(F::SessionEdit, invalid("name"))),
            (
                "teacher subscribe",
                code(
                    F::TeacherSubscribe,
                    CoreError::NotFound(Entity::Subscription),
                ),
            ),
            (
                "teacher unsubscribe",
                code(
                    F::TeacherUnsubscribe,
                    CoreError::NotFound(Entity::Subscription),
                ),
            ),
            (
                "course from session",
                code(
                    F::CourseUnsubscribeFromSession,
                    CoreError::NotFound(Entity::Subscription),
                ),
            ),
            ("plain storage", code(F::Plain, storage())),
        ];
        let table: String = rows.iter().map(|(k, v)| format!("{k:<20} {v}\n")).collect();
        insta::assert_snapshot!(table);
    }
}
