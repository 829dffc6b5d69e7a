//! Extra fields and their values; external identifiers.

use crate::error::{CoreError, CoreResult, Entity};

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

/// An external identifier as clients send it: the extra field's name and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRef {
    pub field_name: String,
    pub value: String,
}

/// What a protocol makes of an external id whose field is named but whose value is empty when
/// it creates a record. This is the one place where SOAP and REST differ on external ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyExternalValue {
    /// refuse the record (SOAP: soap.php and registration.soap.php fail the item with the
    /// invalid-input code rather than create a record nobody can address by that id)
    Refuse,
    /// create the record without an external id (REST: Chamilo's `Rest::createUser` never
    /// fails on one field)
    Ignore,
}

impl ExternalRef {
    pub fn new(field_name: impl Into<String>, value: impl Into<String>) -> Self {
        ExternalRef {
            field_name: field_name.into(),
            value: value.into(),
        }
    }

    /// The external id a client gives with a record it creates, by every protocol's rule: no
    /// field name, or the item type's internal-id name (the record simply gets a fresh id),
    /// means none; a named field with an empty value is `on_empty`'s business. A refused one is
    /// kept, and refused by the creation itself ([`ExternalRef::check_value`] when the id is
    /// claimed), so the refusal comes in the order of the record's other checks.
    pub fn given(
        item_type: ItemType,
        field_name: String,
        value: String,
        on_empty: EmptyExternalValue,
    ) -> Option<ExternalRef> {
        if field_name.trim().is_empty() || field_name == item_type.internal_id_name() {
            return None;
        }
        let r = ExternalRef { field_name, value };
        match on_empty {
            EmptyExternalValue::Ignore if r.check_value().is_err() => None,
            _ => Some(r),
        }
    }

    /// An external id is stored only with a value.
    pub fn check_value(&self) -> CoreResult<()> {
        if self.value.trim().is_empty() {
            return Err(CoreError::invalid("external id", "value must not be empty"));
        }
        Ok(())
    }

    pub fn is_internal(&self, item_type: ItemType) -> bool {
        self.field_name == item_type.internal_id_name()
    }
}

/// A user, course or session as a client names it: by internal id or by external id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    Id(i64),
    External(ExternalRef),
    /// A course by its code (registration.soap.php's "Simple" operations name courses so).
    CourseCode(String),
    /// A user by username (compared as usernames are: case-insensitively).
    Username(String),
}

impl ItemRef {
    /// The (id field name, value) pair of Chamilo's web services. The item type's reserved
    /// name (`chamilo_user_id`, …, compared exactly) means the internal id, which `read_id`
    /// reads from the value: reading numbers off the wire is the adapter's job (PHP's intval
    /// for Chamilo's protocols). Any other name is an external id.
    pub fn pair(
        item_type: ItemType,
        field_name: &str,
        value: &str,
        read_id: impl FnOnce(&str) -> i64,
    ) -> ItemRef {
        if field_name == item_type.internal_id_name() {
            ItemRef::Id(read_id(value))
        } else {
            ItemRef::External(ExternalRef::new(field_name, value))
        }
    }
}

impl From<i64> for ItemRef {
    fn from(id: i64) -> Self {
        ItemRef::Id(id)
    }
}

impl From<ExternalRef> for ItemRef {
    fn from(r: ExternalRef) -> Self {
        ItemRef::External(r)
    }
}

impl From<&ExternalRef> for ItemRef {
    fn from(r: &ExternalRef) -> Self {
        ItemRef::External(r.clone())
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
