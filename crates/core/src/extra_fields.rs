//! Extra fields (per item type) and their values. External identifiers are extra-field values:
//! `resolve` is the one function both protocols use to turn an (id field name, value) pair into
//! an internal id.

use crate::error::{Conflict, CoreError, CoreResult, Entity};
use crate::ports::Repo;
use async_trait::async_trait;

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

/// PHP `intval` of a string: optional spaces and sign, then the leading digits; else 0.
pub fn php_intval(s: &str) -> i64 {
    let s = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut n: i64 = 0;
    for b in digits.bytes().take_while(u8::is_ascii_digit) {
        n = n.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    if neg {
        -n
    } else {
        n
    }
}

#[async_trait]
pub trait ExtraFieldRepo: Send + Sync {
    /// Case-insensitive on the variable.
    async fn find_field(
        &self,
        item_type: ItemType,
        variable: &str,
    ) -> CoreResult<Option<ExtraField>>;
    async fn insert_field(&self, field: &ExtraField) -> CoreResult<ExtraField>;
    /// Takes a write lock on the field row so concurrent creators of the same external id
    /// serialise (the uniqueness check then sees committed values).
    async fn lock_field(&self, field_id: i64) -> CoreResult<()>;
    /// Insert or update the value of (field, item).
    async fn set_value(&self, field_id: i64, item_id: i64, value: &str) -> CoreResult<()>;
    async fn get_value(&self, field_id: i64, item_id: i64) -> CoreResult<Option<String>>;
    /// All values of an item, ordered by field id.
    async fn values_of(&self, item_type: ItemType, item_id: i64) -> CoreResult<Vec<ExtraValue>>;
    /// `values_of` for many items at once, ordered by item id, then field.
    async fn values_of_items(
        &self,
        item_type: ItemType,
        item_ids: &[i64],
    ) -> CoreResult<Vec<ExtraValue>>;
    /// Item ids whose value has this `lookup_key`, lowest first.
    async fn items_with_value(&self, field_id: i64, lookup_key: &str) -> CoreResult<Vec<i64>>;
    /// Checks the item itself exists (user/course/session id).
    async fn item_exists(&self, item_type: ItemType, item_id: i64) -> CoreResult<bool>;
}

/// Resolves an (id field name, value) pair to an internal id. The special names mean the
/// internal id (PHP `intval` of the value); any other name is an extra-field variable whose
/// value is compared case-insensitively, the lowest matching id winning.
pub async fn resolve(repo: &dyn Repo, item_type: ItemType, r: &ExternalRef) -> CoreResult<i64> {
    let not_found = CoreError::NotFound(item_type.entity());
    if r.is_internal(item_type) {
        let id = php_intval(&r.value);
        return if id > 0 && repo.item_exists(item_type, id).await? {
            Ok(id)
        } else {
            Err(not_found)
        };
    }
    let Some(field) = repo.find_field(item_type, &r.field_name).await? else {
        return Err(not_found);
    };
    for id in repo
        .items_with_value(field.id, &lookup_key(&r.value))
        .await?
    {
        // a value left behind by a removed record must not resolve
        if repo.item_exists(item_type, id).await? {
            return Ok(id);
        }
    }
    Err(not_found)
}

/// Finds the field, creating it as a visible text field when missing.
pub async fn field_or_create(
    repo: &dyn Repo,
    item_type: ItemType,
    variable: &str,
) -> CoreResult<ExtraField> {
    if variable.trim().is_empty() {
        return Err(CoreError::invalid("field_name", "must not be empty"));
    }
    crate::limits::check_len("field_name", variable.trim(), crate::limits::VARIABLE)?;
    if let Some(field) = repo.find_field(item_type, variable).await? {
        return Ok(field);
    }
    let normalized = normalize_variable(variable);
    repo.insert_field(&ExtraField {
        id: 0,
        item_type,
        variable: normalized.clone(),
        field_type: FIELD_TYPE_TEXT,
        display_text: variable.trim().to_string(),
        visible_to_self: true,
        filter: false,
    })
    .await
}

/// Claims an external id for a record being created: fails with `AlreadyExists` when the
/// value already maps to another record of this type. Call inside the creating transaction.
pub async fn claim_external_id(
    repo: &dyn Repo,
    item_type: ItemType,
    r: &ExternalRef,
) -> CoreResult<Option<ExtraField>> {
    if r.is_internal(item_type) {
        return Ok(None);
    }
    if r.value.trim().is_empty() {
        return Err(CoreError::invalid("external id", "value must not be empty"));
    }
    let field = field_or_create(repo, item_type, &r.field_name).await?;
    repo.lock_field(field.id).await?;
    for id in repo
        .items_with_value(field.id, &lookup_key(&r.value))
        .await?
    {
        if repo.item_exists(item_type, id).await? {
            return Err(CoreError::AlreadyExists(Conflict::ExternalId {
                field: field.variable.clone(),
            }));
        }
    }
    Ok(Some(field))
}

/// Writes extras (`name -> value`, in order, later names overwriting earlier ones),
/// creating missing fields. Empty names are skipped.
pub async fn write_extras(
    repo: &dyn Repo,
    item_type: ItemType,
    item_id: i64,
    extras: &[(String, String)],
) -> CoreResult<()> {
    for (name, value) in extras {
        if name.trim().is_empty() || name == item_type.internal_id_name() {
            continue;
        }
        let field = field_or_create(repo, item_type, name).await?;
        repo.set_value(field.id, item_id, value).await?;
    }
    Ok(())
}

impl crate::Gateway {
    /// Resolves an (id field name, value) pair; see [`resolve`].
    pub async fn resolve(&self, item_type: ItemType, r: &ExternalRef) -> CoreResult<i64> {
        resolve(self.repo(), item_type, r).await
    }

    /// Ids of the items whose field `variable` has this value (case-insensitive), lowest first.
    /// An unknown field is `NotFound(ExtraField)`.
    pub async fn items_by_extra(
        &self,
        item_type: ItemType,
        variable: &str,
        value: &str,
    ) -> CoreResult<Vec<i64>> {
        let repo = self.repo();
        let field = repo
            .find_field(item_type, variable)
            .await?
            .ok_or(CoreError::NotFound(Entity::ExtraField))?;
        let mut ids = Vec::new();
        for id in repo.items_with_value(field.id, &lookup_key(value)).await? {
            if repo.item_exists(item_type, id).await? {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    pub async fn find_extra_field(
        &self,
        item_type: ItemType,
        variable: &str,
    ) -> CoreResult<Option<ExtraField>> {
        self.repo().find_field(item_type, variable).await
    }

    /// Creates the field when missing (text type) and returns it.
    pub async fn ensure_extra_field(
        &self,
        item_type: ItemType,
        variable: &str,
    ) -> CoreResult<ExtraField> {
        if let Some(f) = self.repo().find_field(item_type, variable).await? {
            return Ok(f);
        }
        let tx = self.begin().await?;
        let field = field_or_create(&*tx, item_type, variable).await?;
        self.commit(tx).await?;
        Ok(field)
    }

    /// Sets extra-field values of an existing item, creating missing fields.
    pub async fn set_extras(
        &self,
        item_type: ItemType,
        item_id: i64,
        extras: &[(String, String)],
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        if !tx.item_exists(item_type, item_id).await? {
            return Err(CoreError::NotFound(item_type.entity()));
        }
        write_extras(&*tx, item_type, item_id, extras).await?;
        self.commit(tx).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intval_matches_php() {
        assert_eq!(php_intval(" 42abc"), 42);
        assert_eq!(php_intval("abc"), 0);
        assert_eq!(php_intval("-7"), -7);
        assert_eq!(php_intval("+3x"), 3);
        assert_eq!(php_intval(""), 0);
        assert_eq!(php_intval("99999999999999999999999"), i64::MAX);
    }

    #[test]
    fn lookup_keys_fold_case_and_trailing_spaces() {
        assert_eq!(lookup_key("AbC  "), "abc");
        assert_eq!(lookup_key(" x"), " x");
        assert_eq!(normalize_variable(" My Field "), "my_field");
    }
}
