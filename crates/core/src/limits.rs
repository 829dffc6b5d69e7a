//! Length limits of stored text, checked before writing so every database answers alike
//! (SQLite would store anything; PostgreSQL and MariaDB would refuse with a storage error).

use crate::error::{CoreError, CoreResult};

/// Most short text columns.
pub const SHORT_TEXT: usize = 255;
/// Session names (as Chamilo's form allows).
pub const SESSION_NAME: usize = 150;
/// Language names.
pub const LANGUAGE: usize = 40;
/// Authentication source names.
pub const AUTH_SOURCE: usize = 50;
/// Extra-field variables.
pub const VARIABLE: usize = 190;

/// TEXT columns: MariaDB's TEXT holds at most this many bytes.
pub const TEXT_BYTES: usize = 65_535;

/// Checks a value bound for a TEXT column (bytes, as MariaDB counts them).
pub fn check_text(field: &'static str, value: &str) -> CoreResult<()> {
    if value.len() > TEXT_BYTES {
        Err(CoreError::invalid(
            field,
            format!("longer than {TEXT_BYTES} bytes"),
        ))
    } else {
        Ok(())
    }
}

pub fn check_len(field: &'static str, value: &str, max: usize) -> CoreResult<()> {
    if value.chars().count() > max {
        Err(CoreError::invalid(
            field,
            format!("longer than {max} characters"),
        ))
    } else {
        Ok(())
    }
}

/// Checks several (field, value) pairs against one limit.
pub fn check_all(pairs: &[(&'static str, &str)], max: usize) -> CoreResult<()> {
    pairs.iter().try_for_each(|(f, v)| check_len(f, v, max))
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_characters_not_bytes() {
        assert!(super::check_len("title", &"é".repeat(255), 255).is_ok());
        assert_eq!(
            super::check_len("title", &"é".repeat(256), 255),
            Err(crate::CoreError::invalid(
                "title",
                "longer than 255 characters"
            ))
        );
    }
}
