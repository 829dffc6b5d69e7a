//! The shape of an answer's `data`, as PHP's `json_encode` writes the original's arrays:
//! numbers that come from database rows are strings, flags are `"0"`/`"1"`, maps keyed by id
//! are objects (or `[]` when empty, §5.2). [`Shape::check`] tells whether a value has it.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    /// a whole number written as a string (`"12"`), as raw database rows carry ids
    IntText,
    /// `"0"` or `"1"`
    Flag,
    /// `"YYYY-MM-DD HH:MM:SS"`
    DateTime,
    Int,
    Bool,
    /// `true` and nothing else
    True,
    Null,
    Nullable(&'static Shape),
    List(&'static Shape),
    /// a list of exactly one value: `[57]`, `[true]`
    One(&'static Shape),
    /// an object with these members
    Obj(&'static [Member]),
    /// an object with these members and any others of the second shape
    ObjAnd(&'static [Member], &'static Shape),
    /// an object keyed by id (`{"12": …}`), or `[]` when there is none
    ById(&'static Shape),
    /// any of these
    Either(&'static [Shape]),
    /// a redirect: no data
    Nothing,
}

/// A member of an object shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub name: &'static str,
    pub shape: Shape,
    /// present in every answer (else only in some)
    pub always: bool,
}

/// A member present in every answer.
pub const fn always(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        shape,
        always: true,
    }
}

/// A member present in some answers only.
pub const fn maybe(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        shape,
        always: false,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn is_datetime(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok()
}

fn is_int_text(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

impl Shape {
    /// `Ok` when `v` has this shape; else where (`$.list[0].id`) and why not.
    pub fn check(&self, v: &Value) -> Result<(), String> {
        self.check_at("$", v)
    }

    fn check_at(&self, at: &str, v: &Value) -> Result<(), String> {
        let wrong = |what: &str| Err(format!("{at}: {what} expected, got {}", short(v)));
        match (self, v) {
            (Shape::Text, Value::String(_)) => Ok(()),
            (Shape::IntText, Value::String(s)) if is_int_text(s) => Ok(()),
            (Shape::Flag, Value::String(s)) if s == "0" || s == "1" => Ok(()),
            (Shape::DateTime, Value::String(s)) if is_datetime(s) => Ok(()),
            (Shape::Int, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
            (Shape::Bool, Value::Bool(_)) | (Shape::True, Value::Bool(true)) => Ok(()),
            (Shape::Null, Value::Null) => Ok(()),
            (Shape::Nullable(_), Value::Null) => Ok(()),
            (Shape::Nullable(s), v) => s.check_at(at, v),
            (Shape::List(item), Value::Array(items)) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, x)| item.check_at(&format!("{at}[{i}]"), x)),
            (Shape::One(item), Value::Array(items)) if items.len() == 1 => {
                item.check_at(&format!("{at}[0]"), &items[0])
            }
            (Shape::Obj(members), Value::Object(_)) => check_members(at, members, None, v),
            (Shape::ObjAnd(members, rest), Value::Object(_)) => {
                check_members(at, members, Some(rest), v)
            }
            (Shape::ById(_), Value::Array(items)) if items.is_empty() => Ok(()),
            (Shape::ById(item), Value::Object(map)) => map.iter().try_for_each(|(k, x)| {
                if is_int_text(k) {
                    item.check_at(&format!("{at}.{k}"), x)
                } else {
                    Err(format!("{at}: key {k:?} is not an id"))
                }
            }),
            (Shape::Either(shapes), v) => {
                let mut why = Vec::new();
                for s in *shapes {
                    match s.check_at(at, v) {
                        Ok(()) => return Ok(()),
                        Err(e) => why.push(e),
                    }
                }
                Err(why.join(" / "))
            }
            (Shape::Nothing, _) => wrong("no data"),
            (s, _) => wrong(&s.describe()),
        }
    }

    /// A few words for a reader: `a list of objects`, `"0" or "1"`.
    pub fn describe(&self) -> String {
        match self {
            Shape::Text => "text".into(),
            Shape::IntText => "a number as text".into(),
            Shape::Flag => "\"0\" or \"1\"".into(),
            Shape::DateTime => "\"YYYY-MM-DD HH:MM:SS\"".into(),
            Shape::Int => "an integer".into(),
            Shape::Bool => "a boolean".into(),
            Shape::True => "true".into(),
            Shape::Null => "null".into(),
            Shape::Nullable(s) => format!("{} or null", s.describe()),
            Shape::List(s) => format!("a list of {}", s.describe()),
            Shape::One(s) => format!("a list of one {}", s.describe()),
            Shape::Obj(_) | Shape::ObjAnd(..) => "an object".into(),
            Shape::ById(s) => format!("an object of {} by id, or []", s.describe()),
            Shape::Either(s) => s
                .iter()
                .map(Shape::describe)
                .collect::<Vec<_>>()
                .join(" or "),
            Shape::Nothing => "no data".into(),
        }
    }
}

fn check_members(
    at: &str,
    members: &[Member],
    rest: Option<&Shape>,
    v: &Value,
) -> Result<(), String> {
    let Value::Object(map) = v else {
        unreachable!("checked by the caller")
    };
    for m in members {
        match map.get(m.name) {
            Some(x) => m.shape.check_at(&format!("{at}.{}", m.name), x)?,
            None if m.always => return Err(format!("{at}: member {:?} missing", m.name)),
            None => {}
        }
    }
    for (k, x) in map {
        if members.iter().any(|m| m.name == k) {
            continue;
        }
        match rest {
            Some(s) => s.check_at(&format!("{at}.{k}"), x)?,
            None => return Err(format!("{at}: member {k:?} is not documented")),
        }
    }
    Ok(())
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 60 {
        format!("{} {}…", kind(v), text.chars().take(60).collect::<String>())
    } else {
        format!("{} {text}", kind(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ROW: Shape = Shape::Obj(&[
        always("id", Shape::IntText),
        always("on", Shape::Flag),
        maybe("next", Shape::Text),
    ]);

    #[test]
    fn objects_have_their_members_and_no_others() {
        assert_eq!(ROW.check(&json!({"id": "12", "on": "1"})), Ok(()));
        assert_eq!(
            ROW.check(&json!({"id": "12", "on": "1", "next": "x"})),
            Ok(())
        );
        assert!(ROW.check(&json!({"id": 12, "on": "1"})).is_err());
        assert!(ROW.check(&json!({"id": "12"})).is_err());
        let extra = ROW
            .check(&json!({"id": "1", "on": "0", "x": 1}))
            .unwrap_err();
        assert!(extra.contains("\"x\" is not documented"), "{extra}");
        const OPEN: Shape = Shape::ObjAnd(&[always("id", Shape::IntText)], &Shape::Text);
        let open = OPEN;
        assert_eq!(open.check(&json!({"id": "1", "age": "29"})), Ok(()));
        assert!(open.check(&json!({"id": "1", "age": 29})).is_err());
    }

    #[test]
    fn lists_maps_and_alternatives() {
        let by_id = Shape::ById(&ROW);
        assert_eq!(by_id.check(&json!([])), Ok(()));
        assert_eq!(by_id.check(&json!({"7": {"id": "7", "on": "0"}})), Ok(()));
        assert!(by_id.check(&json!({"x": {"id": "7", "on": "0"}})).is_err());
        assert!(by_id.check(&json!([{"id": "7", "on": "0"}])).is_err());
        let where_ = Shape::List(&ROW)
            .check(&json!([{"id": "1", "on": "1"}, {"id": "2", "on": "2"}]))
            .unwrap_err();
        assert!(where_.starts_with("$[1].on:"), "{where_}");
        assert_eq!(Shape::One(&Shape::Int).check(&json!([57])), Ok(()));
        assert!(Shape::One(&Shape::Int).check(&json!([57, 58])).is_err());
        assert_eq!(Shape::True.check(&json!(true)), Ok(()));
        assert!(Shape::True.check(&json!(false)).is_err());
        let either = Shape::Either(&[Shape::Int, Shape::Nullable(&Shape::DateTime)]);
        assert_eq!(either.check(&json!(null)), Ok(()));
        assert_eq!(either.check(&json!("2024-03-01 10:00:00")), Ok(()));
        assert!(either.check(&json!("2024-03-01")).is_err());
        assert!(Shape::IntText.check(&json!("-")).is_err());
    }
}
