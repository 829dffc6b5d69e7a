//! Database errors to core errors. Only `Storage` carries the database's text (for logs);
//! a unique-constraint violation becomes the `AlreadyExists` the caller names.

use chamilo_core::{Conflict, CoreError};
use sea_orm::{DbErr, SqlErr};

pub(crate) fn storage(err: DbErr) -> CoreError {
    CoreError::Storage(err.to_string())
}

/// For writes that can hit a unique index: that violation means `conflict`.
pub(crate) fn conflict(conflict: Conflict) -> impl FnOnce(DbErr) -> CoreError {
    move |err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => CoreError::AlreadyExists(conflict),
        _ => storage(err),
    }
}
