//! Reading named values the way the original does (loosely): a part of the call, or a member
//! of a batch item. Missing and nil read as empty; numbers as PHP `intval`.

use chamilo_core::{EmptyExternalValue, ExternalRef, ItemRef, ItemType};
use chamilo_edge::php::intval;

use crate::codec::Value;

pub trait Fields {
    fn field(&self, name: &str) -> Option<&Value>;

    /// The text; missing, nil or compound values read as empty.
    fn text(&self, name: &str) -> String {
        self.field(name)
            .and_then(Value::to_text)
            .unwrap_or_default()
    }

    /// The text when it is present and not empty ("given").
    fn given(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.trim().is_empty())
    }

    fn int(&self, name: &str) -> i64 {
        self.field(name).map_or(0, Value::as_int)
    }

    /// The number when one was given (zero included).
    fn given_int(&self, name: &str) -> Option<i64> {
        self.given(name).map(|t| intval(&t))
    }

    /// Items of an array part or member.
    fn list(&self, name: &str) -> Vec<&Value> {
        self.field(name).map(Value::items).unwrap_or_default()
    }

    /// The record an (id field name, value) pair names; an internal id is read as PHP does.
    fn reference(&self, item_type: ItemType, name_field: &str, value_field: &str) -> ItemRef {
        ItemRef::pair(
            item_type,
            &self.text(name_field),
            &self.text(value_field),
            intval,
        )
    }

    /// `extras`: (`field_name`, `field_value`) items, unnamed ones dropped.
    fn extras(&self) -> Vec<(String, String)> {
        self.extras_in("extras")
    }

    /// The (`field_name`, `field_value`) items of the list member `name` (registration.soap.php
    /// calls it `extra`), unnamed ones dropped.
    fn extras_in(&self, name: &str) -> Vec<(String, String)> {
        self.list(name)
            .into_iter()
            .map(|item| (item.text("field_name"), item.text("field_value")))
            .filter(|(name, _)| !name.trim().is_empty())
            .collect()
    }
}

/// A batch item (a struct; anything else has no members).
impl Fields for Value {
    fn field(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

/// What SOAP makes of a named external id with an empty value at creation: the item fails.
const EMPTY_EXTERNAL_VALUE: EmptyExternalValue = EmptyExternalValue::Refuse;

/// The external id given with a record to create (the core's one rule, SOAP's policy).
pub fn external_id(
    f: &impl Fields,
    name: &str,
    value: &str,
    item_type: ItemType,
) -> Option<ExternalRef> {
    ExternalRef::given(item_type, f.text(name), f.text(value), EMPTY_EXTERNAL_VALUE)
}

/// Saturating conversion for the i32 columns (status, visibility…).
pub fn to_i32(n: i64) -> i32 {
    n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_reads() {
        let item = Value::Struct(
            vec![
                ("a".into(), Value::Str(" 5x".into())),
                ("b".into(), Value::Nil),
                ("c".into(), Value::Str("0".into())),
                (
                    "extras".into(),
                    Value::Array(
                        vec![
                            Value::Struct(
                                vec![
                                    ("field_name".into(), Value::Str("dept".into())),
                                    ("field_value".into(), Value::Str("math".into())),
                                ]
                                .into(),
                            ),
                            Value::Struct(
                                vec![("field_value".into(), Value::Str("x".into()))].into(),
                            ),
                        ]
                        .into(),
                    ),
                ),
            ]
            .into(),
        );
        assert_eq!(item.int("a"), 5);
        assert_eq!(item.text("b"), "");
        assert_eq!(item.given("b"), None);
        assert_eq!(item.given_int("c"), Some(0));
        assert_eq!(item.given_int("missing"), None);
        assert_eq!(item.extras(), vec![("dept".into(), "math".into())]);
        assert_eq!(Value::Str("x".into()).text("a"), "");
    }
}
