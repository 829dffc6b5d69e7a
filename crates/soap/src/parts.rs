//! An operation's input parts: bound by name or position to the names the WSDL declares,
//! each checked for the shape (simple value or array) its declaration gives it.

use crate::codec::Value;
use crate::errors::Fault;
use crate::fields::Fields;

/// Parts declared as arrays in the WSDL; every other part is a simple value.
fn is_array_part(name: &str) -> bool {
    matches!(name, "users" | "courses" | "extras")
}

/// An operation's input parts, in WSDL order; `None` = not sent.
#[derive(Debug)]
pub struct Parts {
    slots: Vec<(&'static str, Option<Value>)>,
}

impl Parts {
    /// Binds the sent parts by name when every sent name is one of the operation's parts,
    /// else by position (the original binds by position only; clients sending other element
    /// names, e.g. NuSOAP's `param0`, keep working). Surplus parts are ignored.
    pub fn bind(expected: &[&'static str], sent: Vec<(String, Value)>) -> Result<Parts, Fault> {
        let by_name = sent.iter().all(|(n, _)| expected.contains(&n.as_str()));
        let mut slots: Vec<(&'static str, Option<Value>)> =
            expected.iter().map(|n| (*n, None)).collect();
        if by_name {
            for (name, value) in sent {
                if let Some(slot) = slots.iter_mut().find(|(n, _)| *n == name) {
                    slot.1 = Some(value);
                }
            }
        } else {
            for (slot, (_, value)) in slots.iter_mut().zip(sent) {
                slot.1 = Some(value);
            }
        }
        for (name, value) in &slots {
            check_shape(name, value.as_ref())?;
        }
        Ok(Parts { slots })
    }

    /// The text of the part at `index` (WSDL order); for operations whose callers shift parts.
    pub fn text_at(&self, index: usize) -> String {
        self.slots
            .get(index)
            .and_then(|(_, v)| v.as_ref())
            .and_then(Value::to_text)
            .unwrap_or_default()
    }

    /// How many parts the operation declares.
    pub fn count(&self) -> usize {
        self.slots.len()
    }
}

fn check_shape(name: &str, value: Option<&Value>) -> Result<(), Fault> {
    let bad = match value {
        Some(Value::Str(s)) if is_array_part(name) && !s.trim().is_empty() => "an array",
        Some(Value::Struct(_) | Value::Array(_)) if !is_array_part(name) => "a simple value",
        _ => return Ok(()),
    };
    Err(Fault::Client(format!("Part '{name}' must be {bad}")))
}

impl Fields for Parts {
    fn field(&self, name: &str) -> Option<&Value> {
        self.slots
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER_REF: &[&str] = &["secret_key", "user_id_field_name", "user_id_value"];
    const USERS: &[&str] = &["secret_key", "users"];

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn binds_by_name_in_any_order() {
        let parts = Parts::bind(
            USER_REF,
            vec![
                ("user_id_value".into(), s("7")),
                ("secret_key".into(), s("k")),
            ],
        )
        .unwrap();
        assert_eq!(parts.text("secret_key"), "k");
        assert_eq!(parts.text("user_id_field_name"), "");
        assert_eq!(parts.text("user_id_value"), "7");
    }

    #[test]
    fn binds_by_position_when_names_differ() {
        let parts = Parts::bind(
            USER_REF,
            vec![
                ("param0".into(), s("k")),
                ("param1".into(), s("chamilo_user_id")),
                ("param2".into(), s("7")),
                ("param3".into(), s("surplus")),
            ],
        )
        .unwrap();
        assert_eq!(parts.text("user_id_field_name"), "chamilo_user_id");
        assert_eq!(parts.text_at(2), "7");
        assert_eq!(parts.count(), 3);
    }

    #[test]
    fn refuses_wrong_shapes() {
        let err = Parts::bind(
            USER_REF,
            vec![("secret_key".into(), Value::Struct(vec![].into()))],
        )
        .unwrap_err();
        assert_eq!(
            err,
            Fault::Client("Part 'secret_key' must be a simple value".into())
        );
        let err = Parts::bind(USERS, vec![("users".into(), s("x"))]).unwrap_err();
        assert_eq!(err, Fault::Client("Part 'users' must be an array".into()));
        // empty and nil arrays are empty lists
        assert!(Parts::bind(USERS, vec![("users".into(), s(""))]).is_ok());
        assert!(Parts::bind(USERS, vec![("users".into(), Value::Nil)]).is_ok());
    }
}
