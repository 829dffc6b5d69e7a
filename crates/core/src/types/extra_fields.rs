//! Extra fields and their values; external identifiers.

use crate::error::Entity;

/// Chamilo's `extra_field.extra_field_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemType {
    User = 1,
    Course = 2,
    Session = 3,
}

impl ItemType {
    pub fn code(self) -> i32 {
        self as i32
    }

    pub fn from_code(code: i32) -> Option<Self> {
        match code {
            1 => Some(ItemType::User),
            2 => Some(ItemType::Course),
            3 => Some(ItemType::Session),
            _ => None,
        }
    }

    /// The reserved field name meaning "the internal id" (compared exactly, case-sensitively).
    pub fn internal_id_name(self) -> &'static str {
        match self {
            ItemType::User => "chamilo_user_id",
            ItemType::Course => "chamilo_course_id",
            ItemType::Session => "chamilo_session_id",
        }
    }

    pub fn entity(self) -> Entity {
        match self {
            ItemType::User => Entity::User,
            ItemType::Course => Entity::Course,
            ItemType::Session => Entity::Session,
        }
    }
}

/// Chamilo's field types; only the text type is created by the web services.
pub const FIELD_TYPE_TEXT: i32 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraField {
    pub id: i64,
    pub item_type: ItemType,
    pub variable: String,
    pub field_type: i32,
    pub display_text: String,
    pub visible_to_self: bool,
    pub filter: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraValue {
    pub field: ExtraField,
    pub item_id: i64,
    pub value: String,
}

/// An (id field name, value) pair as clients send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRef {
    pub field_name: String,
    pub value: String,
}

impl ExternalRef {
    pub fn new(field_name: impl Into<String>, value: impl Into<String>) -> Self {
        ExternalRef {
            field_name: field_name.into(),
            value: value.into(),
        }
    }

    /// A reference by internal id.
    pub fn internal(item_type: ItemType, id: i64) -> Self {
        ExternalRef::new(item_type.internal_id_name(), id.to_string())
    }

    pub fn is_internal(&self, item_type: ItemType) -> bool {
        self.field_name == item_type.internal_id_name()
    }
}

/// How values compare in lookups: case-insensitive and blind to trailing spaces, as the
/// original's MySQL collation behaves, on every database.
pub fn lookup_key(value: &str) -> String {
    value.trim_end_matches(' ').to_lowercase()
}

/// Field variables are stored lower-cased with spaces as `_` (as sessions' auto-created fields).
pub fn normalize_variable(name: &str) -> String {
    name.trim().to_lowercase().replace(' ', "_")
}
