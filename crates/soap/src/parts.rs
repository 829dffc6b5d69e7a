//! An operation's input parts: bound by name or position to the names the WSDL declares,
//! each checked for the shape (simple value or array) its declaration gives it, before the key
//! check and the handler.

use crate::codec::Value;
use crate::errors::Fault;
use crate::fields::Fields;
use crate::member_shapes;

/// Parts declared as arrays in the WSDL; every other part is a simple value.
fn is_array_part(name: &str) -> bool {
    matches!(name, "users" | "courses" | "extras")
}

/// What a service's parts may be: WSService declares simple values and a few arrays by name;
/// WSRegistration's parts are structs its handlers read member by member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartShapes {
    /// `users`, `courses` and `extras` are arrays, every other part a simple value.
    WsService,
    /// No compound value where registration.soap.php's WSDL types a part or a member (at any
    /// depth) simple ([`member_shapes`]).
    Registration,
    /// Whatever was sent: a handler finds members or finds them empty (test services).
    Unchecked,
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
    pub fn bind(
        operation: &str,
        expected: &[&'static str],
        sent: Vec<(String, Value)>,
        shapes: PartShapes,
    ) -> Result<Parts, Fault> {
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
        match shapes {
            PartShapes::WsService => {
                for (name, value) in &slots {
                    check_shape(name, value.as_ref())?;
                }
            }
            PartShapes::Registration => member_shapes::REGISTRATION
                .check(operation, slots.iter().map(|(n, v)| (*n, v.as_ref())))?,
            PartShapes::Unchecked => {}
        }
        Ok(Parts { slots })
    }

    /// The caller's key under `KeyPolicy::Member`: the first part's `secret_key`, or the first
    /// part itself when it is a bare value.
    pub fn member_key(&self) -> String {
        match self.slots.first().and_then(|(_, v)| v.as_ref()) {
            Some(v @ (Value::Struct(_) | Value::Array(_))) => v.text("secret_key"),
            Some(v) => v.to_text().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// The first part: the one struct of a registration.soap.php call.
    pub fn first(&self) -> Option<&Value> {
        self.slots.first().and_then(|(_, v)| v.as_ref())
    }

    /// Puts the parts of a call whose key came last back in WSDL order (`KeyPolicy::Unshift`,
    /// Q-R1): when the first part is not a key, every value moves one part on and the last
    /// one, the only place the key can then be, becomes the first.
    pub fn unshift_key(&mut self) {
        let first_is_key = self.slots.first().is_some_and(|(_, v)| {
            v.as_ref()
                .and_then(Value::to_text)
                .is_some_and(|t| is_key(t.trim()))
        });
        if first_is_key || self.slots.is_empty() {
            return;
        }
        let mut carried = self.slots.last_mut().and_then(|(_, v)| v.take());
        for (_, value) in &mut self.slots {
            std::mem::swap(value, &mut carried);
        }
    }
}

/// What a key looks like: a SHA-1 in hex.
fn is_key(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
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
            "WSUser.Test",
            USER_REF,
            vec![
                ("user_id_value".into(), s("7")),
                ("secret_key".into(), s("k")),
            ],
            PartShapes::WsService,
        )
        .unwrap();
        assert_eq!(parts.text("secret_key"), "k");
        assert_eq!(parts.text("user_id_field_name"), "");
        assert_eq!(parts.text("user_id_value"), "7");
    }

    #[test]
    fn binds_by_position_when_names_differ() {
        let parts = Parts::bind(
            "WSUser.Test",
            USER_REF,
            vec![
                ("param0".into(), s("k")),
                ("param1".into(), s("chamilo_user_id")),
                ("param2".into(), s("7")),
                ("param3".into(), s("surplus")),
            ],
            PartShapes::WsService,
        )
        .unwrap();
        assert_eq!(parts.text("user_id_field_name"), "chamilo_user_id");
        assert_eq!(parts.text("user_id_value"), "7");
    }

    #[test]
    fn refuses_wrong_shapes() {
        let err = Parts::bind(
            "WSUser.Test",
            USER_REF,
            vec![("secret_key".into(), Value::Struct(vec![].into()))],
            PartShapes::WsService,
        )
        .unwrap_err();
        assert_eq!(
            err,
            Fault::Client("Part 'secret_key' must be a simple value".into())
        );
        let err = Parts::bind(
            "WSUser.Test",
            USERS,
            vec![("users".into(), s("x"))],
            PartShapes::WsService,
        )
        .unwrap_err();
        assert_eq!(err, Fault::Client("Part 'users' must be an array".into()));
        // empty and nil arrays are empty lists
        assert!(Parts::bind(
            "WSUser.Test",
            USERS,
            vec![("users".into(), s(""))],
            PartShapes::WsService
        )
        .is_ok());
        assert!(Parts::bind(
            "WSUser.Test",
            USERS,
            vec![("users".into(), Value::Nil)],
            PartShapes::WsService
        )
        .is_ok());
    }

    #[test]
    fn registration_checks_members_by_the_wsdl_names() {
        let member = |value: Value| {
            Value::Struct(vec![("firstname".into(), value), ("secret_key".into(), s("k"))].into())
        };
        // bound by position: the WSDL's part name decides the type all the same
        let err = Parts::bind(
            "WSCreateUser",
            &["createUser"],
            vec![("param0".into(), member(Value::Array(vec![].into())))],
            PartShapes::Registration,
        )
        .unwrap_err();
        assert_eq!(
            err,
            Fault::Client(
                "Member 'firstname' of 'createUser' must be a simple value (xsd:string)".into()
            )
        );
        let parts = Parts::bind(
            "WSCreateUser",
            &["createUser"],
            vec![("createUser".into(), member(s("Ada")))],
            PartShapes::Registration,
        )
        .unwrap();
        assert_eq!(
            parts.first().map(|p| p.text("firstname")),
            Some("Ada".into())
        );
        // a bare key as the part is left to the key check
        assert!(Parts::bind(
            "WSCreateUser",
            &["createUser"],
            vec![("createUser".into(), s("k"))],
            PartShapes::Registration,
        )
        .is_ok());
    }

    fn texts(parts: &Parts) -> Vec<String> {
        USER_REF.iter().map(|n| parts.text(n)).collect()
    }

    fn unshifted(values: &[&str]) -> Vec<String> {
        let sent = values
            .iter()
            .zip(USER_REF)
            .map(|(v, n)| ((*n).into(), s(v)))
            .collect();
        let mut parts = Parts::bind("WSUser.Test", USER_REF, sent, PartShapes::WsService).unwrap();
        parts.unshift_key();
        texts(&parts)
    }

    #[test]
    fn unshift_key_finds_the_key_first_or_last() {
        let key = "A".repeat(40);
        // WSDL order stays
        assert_eq!(
            unshifted(&[&key, "chamilo_user_id", "7"]),
            [key.as_str(), "chamilo_user_id", "7"]
        );
        // the original's shifted order: the key came last
        assert_eq!(
            unshifted(&["chamilo_user_id", "7", &key]),
            [key.as_str(), "chamilo_user_id", "7"]
        );
        // no key anywhere: the last part is taken for it, and fails the check
        assert_eq!(unshifted(&["ext", "7"]), ["", "ext", "7"]);
    }
}
