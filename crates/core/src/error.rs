//! The one error type every core service returns. Adapters map it to their wire form
//! (SOAP fault/item code, REST message key) in exactly one place each.

use std::fmt;

/// What kind of record a `NotFound` / `AlreadyExists` talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    User,
    Course,
    Session,
    CourseDescription,
    ExtraField,
    AccessUrl,
    ApiKey,
    Subscription,
    /// a class (`usergroup`)
    Group,
    Message,
    LegalTerms,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Entity::User => "user",
            Entity::Course => "course",
            Entity::Session => "session",
            Entity::CourseDescription => "course description",
            Entity::ExtraField => "extra field",
            Entity::AccessUrl => "access url",
            Entity::ApiKey => "api key",
            Entity::Subscription => "subscription",
            Entity::Group => "group",
            Entity::Message => "message",
            Entity::LegalTerms => "terms and conditions",
        })
    }
}

/// What a uniqueness failure collided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    Username,
    CourseCode,
    SessionName,
    /// an external id (extra-field value) already mapped to another record
    ExternalId {
        field: String,
    },
    Subscription,
    GroupName,
    AccessUrl,
    Other(String),
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::Username => f.write_str("username"),
            Conflict::CourseCode => f.write_str("course code"),
            Conflict::SessionName => f.write_str("session name"),
            Conflict::ExternalId { field } => write!(f, "external id in field '{field}'"),
            Conflict::Subscription => f.write_str("subscription"),
            Conflict::GroupName => f.write_str("group name"),
            Conflict::AccessUrl => f.write_str("access url"),
            Conflict::Other(what) => f.write_str(what),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoreError {
    #[error("{0} not found")]
    NotFound(Entity),
    #[error("{0} already exists")]
    AlreadyExists(Conflict),
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The database failed or is unreachable. The text is for logs, never for clients.
    #[error("storage error: {0}")]
    Storage(String),
}

impl CoreError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        CoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// Stable machine code, for logs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::NotFound(_) => "not_found",
            CoreError::AlreadyExists(_) => "already_exists",
            CoreError::Invalid { .. } => "invalid",
            CoreError::Forbidden(_) => "forbidden",
            CoreError::Storage(_) => "storage",
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
