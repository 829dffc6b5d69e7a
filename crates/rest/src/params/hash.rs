//! The `hash` query parameter: URL-encoded JSON whose top-level members are
//! written into the query bag (`rest-v2.md` §1.4 step 3).

use serde_json::Value;

use super::array::{Param, PhpArray};
use crate::php_json::php_gcvt;

/// Top-level members of the decoded `hash`, converted to request values. `None`
/// when the text is not JSON, or is nested deeper than `max_depth` (PHP's decoder
/// fails on those, and the original then ignores the parameter).
pub(crate) fn decode(text: &str, max_depth: usize) -> Option<Vec<(String, Param)>> {
    let value: Value = serde_json::from_str(text).ok()?;
    let members: Vec<(String, Param)> = match &value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| Some((k.clone(), convert(v, max_depth)?)))
            .collect::<Option<_>>()?,
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| Some((i.to_string(), convert(v, max_depth)?)))
            .collect::<Option<_>>()?,
        // A scalar has no members to iterate.
        _ => Vec::new(),
    };
    Some(members)
}

/// A JSON value as PHP would hold it after decoding and string conversion:
/// scalars become their PHP string form, arrays and objects become PHP arrays.
fn convert(v: &Value, depth_left: usize) -> Option<Param> {
    Some(match v {
        Value::Null => Param::Str(String::new()),
        Value::Bool(b) => Param::Str(if *b { "1" } else { "" }.to_owned()),
        Value::Number(n) => Param::Str(match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            // PHP's (string) cast of a float: 14 significant digits, `E` exponent.
            (None, None, Some(f)) => php_gcvt(f, Some(14), 'E'),
            _ => String::new(),
        }),
        Value::String(s) => Param::Str(s.clone()),
        Value::Array(items) => {
            let mut a = PhpArray::new();
            for item in items {
                a.push(convert(item, depth_left.checked_sub(1)?)?);
            }
            Param::Array(a)
        }
        Value::Object(map) => {
            let mut a = PhpArray::new();
            for (k, item) in map {
                a.insert(k.clone(), convert(item, depth_left.checked_sub(1)?)?);
            }
            Param::Array(a)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(members: &[(String, Param)]) -> Vec<(String, String)> {
        members
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("<array>").to_owned()))
            .collect()
    }

    #[test]
    fn object_members_in_order() {
        let m = decode(
            r#"{"action":"user_profile","username":"jperry","course":5,"f":1.5,"t":true,"n":null,"big":1e20}"#,
            64,
        )
        .unwrap();
        let want: Vec<(String, String)> = [
            ("action", "user_profile"),
            ("username", "jperry"),
            ("course", "5"),
            ("f", "1.5"),
            ("t", "1"),
            ("n", ""),
            ("big", "1.0E+20"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(strs(&m), want);
    }

    #[test]
    fn nested_arrays_and_objects() {
        let m = decode(r#"{"ids":[3,4],"o":{"a":"b"}}"#, 64).unwrap();
        let ids = m[0].1.as_array().unwrap();
        assert_eq!(ids.get("1").and_then(Param::as_str), Some("4"));
        assert_eq!(
            m[1].1.as_array().unwrap().get("a").and_then(Param::as_str),
            Some("b")
        );
    }

    #[test]
    fn invalid_scalar_and_too_deep() {
        assert!(decode("{not json", 64).is_none());
        assert_eq!(decode("5", 64).unwrap().len(), 0);
        assert_eq!(
            strs(&decode(r#"["x"]"#, 64).unwrap()),
            vec![("0".into(), "x".into())]
        );
        assert!(decode(r#"{"a":[[1]]}"#, 1).is_none());
        assert!(decode(r#"{"a":[[1]]}"#, 2).is_some());
    }
}
