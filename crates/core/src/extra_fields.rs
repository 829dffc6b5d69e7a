//! Extra fields (per item type) and their values. External identifiers are extra-field values:
//! `resolve` is the one function both protocols use to turn an (id field name, value) pair into
//! an internal id.

pub use crate::types::extra_fields::*;

use crate::error::{Conflict, CoreError, CoreResult, Entity};
use crate::ports::Repo;

/// Resolves a reference to an internal id: an id must exist; an external id is an
/// extra-field value compared case-insensitively, the lowest matching id winning.
pub async fn resolve(repo: &dyn Repo, item_type: ItemType, r: &ItemRef) -> CoreResult<i64> {
    let not_found = CoreError::NotFound(item_type.entity());
    let r = match r {
        ItemRef::Id(id) => {
            return if *id > 0 && repo.item_exists(item_type, *id).await? {
                Ok(*id)
            } else {
                Err(not_found)
            };
        }
        ItemRef::External(r) => r,
        ItemRef::CourseCode(code) if item_type == ItemType::Course => {
            return match repo.find_course_by_code(code.trim()).await? {
                Some(course) => Ok(course.id),
                None => Err(not_found),
            };
        }
        ItemRef::Username(name) if item_type == ItemType::User => {
            return match repo.find_user_by_username(name.trim()).await? {
                Some(user) => Ok(user.id),
                None => Err(not_found),
            };
        }
        // a code names a course, a username a user, nothing else
        ItemRef::CourseCode(_) | ItemRef::Username(_) => return Err(not_found),
    };
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
    r.check_value()?;
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

/// Writes extras of fields that already exist; values of unknown fields are skipped (Chamilo's
/// registration.soap.php edits write only existing fields).
pub async fn write_existing_extras(
    repo: &dyn Repo,
    item_type: ItemType,
    item_id: i64,
    extras: &[(String, String)],
) -> CoreResult<()> {
    for (name, value) in extras {
        if name == item_type.internal_id_name() {
            continue;
        }
        if let Some(field) = repo.find_field(item_type, name).await? {
            repo.set_value(field.id, item_id, value).await?;
        }
    }
    Ok(())
}

impl crate::Gateway {
    /// Resolves a reference to an internal id; see [`resolve`].
    pub async fn resolve(&self, item_type: ItemType, r: impl Into<ItemRef>) -> CoreResult<i64> {
        resolve(self.repo(), item_type, &r.into()).await
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
    fn a_pair_names_the_internal_id_or_an_external_one() {
        let read = |v: &str| v.len() as i64;
        assert_eq!(
            ItemRef::pair(ItemType::User, "chamilo_user_id", "abc", read),
            ItemRef::Id(3)
        );
        // the reserved name is compared exactly
        assert_eq!(
            ItemRef::pair(ItemType::User, "Chamilo_User_Id", "7", read),
            ItemRef::External(ExternalRef::new("Chamilo_User_Id", "7"))
        );
        assert_eq!(
            ItemRef::pair(ItemType::Course, "chamilo_user_id", "7", read),
            ItemRef::External(ExternalRef::new("chamilo_user_id", "7"))
        );
    }

    #[test]
    fn a_given_external_id_follows_one_rule() {
        use EmptyExternalValue::{Ignore, Refuse};
        let given = |name: &str, value: &str, on_empty| {
            ExternalRef::given(ItemType::User, name.into(), value.into(), on_empty)
        };
        for on_empty in [Refuse, Ignore] {
            assert_eq!(given("", "X-1", on_empty), None);
            assert_eq!(given("chamilo_user_id", "12", on_empty), None);
            assert_eq!(
                given("hr_id", "X-1", on_empty),
                Some(ExternalRef::new("hr_id", "X-1"))
            );
        }
        assert_eq!(given("hr_id", " ", Ignore), None);
        let refused = given("hr_id", "", Refuse).unwrap();
        assert_eq!(
            refused.check_value(),
            Err(CoreError::invalid("external id", "value must not be empty"))
        );
    }

    #[test]
    fn lookup_keys_fold_case_and_trailing_spaces() {
        assert_eq!(lookup_key("AbC  "), "abc");
        assert_eq!(lookup_key(" x"), " x");
        assert_eq!(normalize_variable(" My Field "), "my_field");
    }
}
