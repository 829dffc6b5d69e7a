//! Decoded request values.
//!
//! The legacy server ignores WSDL types when reading requests and every operation
//! compares loosely, so scalars are kept as their text and converted on use.
//!
//! Kept small because a large batch holds millions of them (100,000 CreateUsers items are
//! 1.2 million values): a `Value` is 24 bytes, short text is stored inline, member names are
//! shared between the structs of one request (the decoder interns them), and compound values
//! are exactly-sized boxed slices.

use std::sync::Arc;

use compact_str::CompactString;

/// Scalar text: inline up to 24 bytes, on the heap beyond.
pub type Text = CompactString;

/// A struct member name; one allocation per distinct name in a request.
pub type Name = Arc<str>;

/// A value decoded from a SOAP-encoded request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `xsi:nil="true"`.
    Nil,
    /// Any scalar, as its (unescaped) element text, whatever its `xsi:type`.
    Str(Text),
    /// Members in document order; apache `Map` items also land here.
    Struct(Box<[(Name, Value)]>),
    /// SOAP-encoded array, or repeated untyped children.
    Array(Box<[Value]>),
}

// Millions of values per large request: keep the enum at three words.
const _: () = assert!(std::mem::size_of::<Value>() <= 24);

impl Value {
    /// The text of a scalar; `None` for nil, structs and arrays.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// The text a PHP string cast would give for a scalar: nil is the empty
    /// string. Structs and arrays give `None`.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Value::Str(s) => Some(s.to_string()),
            Value::Nil => Some(String::new()),
            _ => None,
        }
    }

    /// First member called `name` of a struct.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct(members) => members.iter().find(|(k, _)| &**k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// PHP `intval`: scalars by their leading integer prefix (`" 42abc"` is 42,
    /// `"abc"` is 0), nil is 0, an empty struct/array 0, any other 1.
    pub fn as_int(&self) -> i64 {
        match self {
            Value::Str(s) => chamilo_edge::php::intval(s),
            Value::Nil => 0,
            Value::Struct(m) => i64::from(!m.is_empty()),
            Value::Array(a) => i64::from(!a.is_empty()),
        }
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// Lenient list view for parameters the WSDL declares as arrays.
    ///
    /// Clients disagree on how to send arrays: typed SOAP-ENC arrays decode to
    /// `Array`, but a single untyped item arrives as a struct holding one member
    /// named after the item type (zeep: `<users><user_create>…</user_create></users>`).
    /// Such a struct yields its members' values; nil or an empty element yields no
    /// items; any other value is taken as a single item.
    pub fn items(&self) -> Vec<&Value> {
        match self {
            Value::Array(items) => items.iter().collect(),
            Value::Nil => Vec::new(),
            Value::Str(s) if s.is_empty() => Vec::new(),
            Value::Struct(members) if wraps_items(members) => {
                members.iter().map(|(_, v)| v).collect()
            }
            other => vec![other],
        }
    }
}

/// A struct whose members all share one name and are all compound is a wrapper of
/// items rather than a record (records have distinct, mostly scalar members).
fn wraps_items(members: &[(Name, Value)]) -> bool {
    let Some((first, _)) = members.first() else {
        return false;
    };
    members
        .iter()
        .all(|(k, v)| k == first && matches!(v, Value::Struct(_) | Value::Array(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_helpers() {
        let v = Value::Struct(Box::new([
            ("a".into(), Value::Str("5".into())),
            ("b".into(), Value::Nil),
        ]));
        assert_eq!(v.get("a").and_then(Value::as_str), Some("5"));
        assert_eq!(v.get("a").map(Value::as_int), Some(5));
        assert!(v.get("b").is_some_and(Value::is_nil));
        assert_eq!(v.get("b").and_then(Value::to_text), Some(String::new()));
        assert_eq!(v.get("c"), None);
        assert_eq!(v.as_int(), 1);
        assert_eq!(Value::Array(Box::new([])).as_int(), 0);
    }

    #[test]
    fn value_is_three_words() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
    }

    #[test]
    fn items_is_lenient() {
        let rec = Value::Struct(Box::new([
            ("field_name".into(), Value::Str("a".into())),
            ("field_value".into(), Value::Str("b".into())),
        ]));
        // zeep-style single item wrapped in an element named after its type
        let wrapped = Value::Struct(Box::new([("extras".into(), rec.clone())]));
        assert_eq!(wrapped.items(), vec![&rec]);
        // a bare record is one item
        assert_eq!(rec.items(), vec![&rec]);
        assert!(Value::Str(Text::default()).items().is_empty());
        assert!(Value::Nil.items().is_empty());
        let arr = Value::Array(Box::new([rec.clone(), rec.clone()]));
        assert_eq!(arr.items().len(), 2);
    }
}
