//! The member types registration.soap.php's WSDL declares, and the check that a call sends no
//! compound value (struct or array) where they say a simple one.
//!
//! Its operations take one struct part whose members the handlers read as text: a struct sent
//! for `firstname` would otherwise read as an empty name and be written as one. The types come
//! from the WSDL the endpoint serves, parsed once: complexTypes with `<xsd:all>` members,
//! `SOAP-ENC:Array` restrictions with their `wsdl:arrayType`, and each operation's input parts.
//!
//! Only compound-where-simple is refused: a string where a struct or array is declared is left
//! to the handlers (a bare key as the first part, an empty string for an empty array), as are
//! members the WSDL does not declare and nil anywhere.

use std::collections::HashMap;
use std::sync::LazyLock;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::codec::Value;
use crate::errors::Fault;
use crate::wsdl::{SoapEncImport, WS_REGISTRATION};

/// registration.soap.php's declared types, from the WSDL it serves.
pub static REGISTRATION: LazyLock<DeclaredTypes> = LazyLock::new(|| {
    // the base URL only fills addresses; the types do not depend on it
    let wsdl = WS_REGISTRATION.render("http://localhost", SoapEncImport::Located);
    DeclaredTypes::parse(&wsdl).expect("the served WSRegistration WSDL parses")
});

/// Members the WSDL types as simple that a legacy form of the call sends as an array, which
/// its handler reads: WSUnsubscribeUserFromCourse's `original_user_id_name` as names paired by
/// position with the values (Q19, `ws_registration/unsubscribe.rs`). (struct type, member).
const LEGACY_COMPOUND: &[(&str, &str)] =
    &[("unsuscribeUserFromCourseParams", "original_user_id_name")];

/// A named thing of a declared type: a struct member or a message part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub name: String,
    /// As the WSDL writes it: `xsd:string`, `tns:extrasList`…
    pub ty: String,
}

/// What a type reference resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind<'a> {
    /// An XML Schema type (`xsd:`): a string, a number, a boolean.
    Simple,
    /// A complexType with members: its name and its members.
    Struct(&'a str, &'a [Declared]),
    /// A SOAP-encoded array: its item type.
    Array(&'a str),
    /// Nothing the WSDL declares.
    Unknown,
}

/// The types of one WSDL, by name without the `tns:` prefix.
#[derive(Debug, Default)]
pub struct DeclaredTypes {
    structs: HashMap<String, Vec<Declared>>,
    arrays: HashMap<String, String>,
    /// Operation → the parts of its input message.
    inputs: HashMap<String, Vec<Declared>>,
}

impl DeclaredTypes {
    /// Reads the types, messages and portType of a WSDL.
    pub fn parse(wsdl: &str) -> Result<DeclaredTypes, String> {
        let mut reader = Reader::from_str(wsdl);
        let mut reading = Reading::default();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => reading.open(&e, false)?,
                Ok(Event::Empty(e)) => reading.open(&e, true)?,
                Ok(Event::End(e)) => reading.close(e.local_name().as_ref()),
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(format!("at {}: {e}", reader.error_position())),
            }
        }
        reading.finish()
    }

    /// What `ty` (as the WSDL writes it) is.
    pub fn kind(&self, ty: &str) -> Kind<'_> {
        if ty.starts_with("xsd:") {
            return Kind::Simple;
        }
        let Some(name) = ty.strip_prefix("tns:") else {
            return Kind::Unknown;
        };
        if let Some((name, members)) = self.structs.get_key_value(name) {
            Kind::Struct(name, members)
        } else if let Some(item) = self.arrays.get(name) {
            Kind::Array(item)
        } else {
            Kind::Unknown
        }
    }

    /// The input parts of `operation`, in WSDL order.
    pub fn parts(&self, operation: &str) -> Option<&[Declared]> {
        self.inputs.get(operation).map(Vec::as_slice)
    }

    /// Refuses a compound value wherever the WSDL declares a simple one in the parts of a call
    /// of `operation`, with a `Client` fault naming where and the declared type. Parts the
    /// operation does not declare (or an operation the WSDL lacks) are not looked at.
    pub fn check<'v>(
        &self,
        operation: &str,
        parts: impl IntoIterator<Item = (&'v str, Option<&'v Value>)>,
    ) -> Result<(), Fault> {
        let Some(declared) = self.parts(operation) else {
            return Ok(());
        };
        for (name, value) in parts {
            let (Some(value), Some(part)) = (value, declared.iter().find(|p| p.name == name))
            else {
                continue;
            };
            self.walk(&part.ty, value, &Place::Part(name))?;
        }
        Ok(())
    }

    fn walk(&self, ty: &str, value: &Value, place: &Place<'_>) -> Result<(), Fault> {
        if matches!(value, Value::Nil | Value::Str(_)) {
            return Ok(());
        }
        match self.kind(ty) {
            Kind::Simple => Err(place.refusal(ty)),
            Kind::Struct(type_name, members) => {
                let Value::Struct(sent) = value else {
                    // an array where a struct is declared has no members a handler reads
                    return Ok(());
                };
                for (name, member) in sent.iter() {
                    let Some(declared) = members.iter().find(|m| m.name == **name) else {
                        continue;
                    };
                    if LEGACY_COMPOUND.contains(&(type_name, name)) {
                        continue;
                    }
                    self.walk(&declared.ty, member, &Place::Member(name, place))?;
                }
                Ok(())
            }
            Kind::Array(item_type) => {
                // the items as the handlers see them (`Value::items`: a lone struct is one item)
                for (i, item) in value.items().into_iter().enumerate() {
                    self.walk(item_type, item, &Place::Item(i + 1, place))?;
                }
                Ok(())
            }
            Kind::Unknown => Ok(()),
        }
    }
}

/// What [`DeclaredTypes::parse`] has read so far, and where it is.
#[derive(Default)]
struct Reading {
    types: DeclaredTypes,
    messages: HashMap<String, Vec<Declared>>,
    /// (operation, its input message without prefix), from the portType.
    input_messages: Vec<(String, String)>,
    /// The complexType being read: name, `<xsd:all>` members, array item type.
    complex_type: Option<(String, Vec<Declared>, Option<String>)>,
    in_all: bool,
    message: Option<String>,
    in_port_type: bool,
    operation: Option<String>,
}

impl Reading {
    /// A start tag (`empty`: `<… />`, which has no content).
    fn open(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        match e.local_name().as_ref() {
            b"complexType" if !empty => {
                self.complex_type = Some((attr(e, "name")?, Vec::new(), None));
            }
            b"all" if !empty => self.in_all = true,
            b"element" if self.in_all => {
                if let Some((_, members, _)) = &mut self.complex_type {
                    members.push(declared(e)?);
                }
            }
            b"attribute" => {
                if let (Some((_, _, item)), Some(array_type)) =
                    (&mut self.complex_type, opt_attr(e, "wsdl:arrayType")?)
                {
                    let Some(item_type) = array_type.strip_suffix("[]") else {
                        return Err(format!("array type {array_type}: not T[]"));
                    };
                    *item = Some(item_type.to_owned());
                }
            }
            b"message" if !empty => {
                let name = attr(e, "name")?;
                self.messages.entry(name.clone()).or_default();
                self.message = Some(name);
            }
            b"part" => {
                if let Some(m) = &self.message {
                    let part = declared(e)?;
                    self.messages.entry(m.clone()).or_default().push(part);
                }
            }
            b"portType" if !empty => self.in_port_type = true,
            b"operation" if self.in_port_type && !empty => {
                self.operation = Some(attr(e, "name")?);
            }
            b"input" if self.in_port_type => {
                if let Some(op) = &self.operation {
                    let msg = attr(e, "message")?;
                    let msg = msg.strip_prefix("tns:").unwrap_or(&msg).to_owned();
                    self.input_messages.push((op.clone(), msg));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An end tag, by local name.
    fn close(&mut self, local_name: &[u8]) {
        match local_name {
            b"complexType" => match self.complex_type.take() {
                Some((name, _, Some(item))) => {
                    self.types.arrays.insert(name, item);
                }
                Some((name, members, None)) => {
                    self.types.structs.insert(name, members);
                }
                None => {}
            },
            b"all" => self.in_all = false,
            b"message" => self.message = None,
            b"portType" => self.in_port_type = false,
            b"operation" => self.operation = None,
            _ => {}
        }
    }

    /// The types, each operation given the parts of its input message.
    fn finish(mut self) -> Result<DeclaredTypes, String> {
        for (op, msg) in self.input_messages {
            let parts = self
                .messages
                .get(&msg)
                .ok_or_else(|| format!("{op}: no message {msg}"))?;
            self.types.inputs.insert(op, parts.clone());
        }
        Ok(self.types)
    }
}

/// Where a value sits in a call, for the fault's text.
enum Place<'a> {
    Part(&'a str),
    Member(&'a str, &'a Place<'a>),
    /// Counted from 1.
    Item(usize, &'a Place<'a>),
}

impl Place<'_> {
    /// `Member 'firstname' of item 3 of 'users' of 'createUsers' must be a simple value
    /// (xsd:string)`.
    fn refusal(&self, ty: &str) -> Fault {
        let subject = match self {
            Place::Part(p) => format!("Part '{p}'"),
            Place::Member(m, of) => format!("Member '{m}' of {}", of.container()),
            Place::Item(n, of) => format!("Item {n} of {}", of.container()),
        };
        Fault::Client(format!("{subject} must be a simple value ({ty})"))
    }

    fn container(&self) -> String {
        match self {
            Place::Part(p) => format!("'{p}'"),
            Place::Member(m, of) => format!("'{m}' of {}", of.container()),
            Place::Item(n, of) => format!("item {n} of {}", of.container()),
        }
    }
}

fn opt_attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .unescape_value()
            .map(|v| Some(v.into_owned()))
            .map_err(|err| format!("{name}: {err}")),
        Ok(None) => Ok(None),
        Err(err) => Err(format!("{name}: {err}")),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<String, String> {
    let element = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    opt_attr(e, name)?.ok_or_else(|| format!("<{element}> without {name}"))
}

/// An element or part: its `name` and `type`.
fn declared(e: &BytesStart<'_>) -> Result<Declared, String> {
    Ok(Declared {
        name: attr(e, "name")?,
        ty: attr(e, "type")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ws_registration::SERVICE;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    fn st(members: Vec<(&str, Value)>) -> Value {
        Value::Struct(
            members
                .into_iter()
                .map(|(k, v)| (k.into(), v))
                .collect::<Vec<_>>()
                .into(),
        )
    }

    fn arr(items: Vec<Value>) -> Value {
        Value::Array(items.into())
    }

    /// A call of `op` with one part `part` holding `value`.
    fn check(op: &str, part: &str, value: Value) -> Result<(), Fault> {
        REGISTRATION.check(op, [(part, Some(&value))])
    }

    fn client(text: &str) -> Result<(), Fault> {
        Err(Fault::Client(text.into()))
    }

    #[test]
    fn every_operation_has_its_parts_typed() {
        let operations = WS_REGISTRATION.operations();
        assert_eq!(operations.len(), SERVICE.operations.len());
        for op in operations {
            let parts = REGISTRATION
                .parts(op)
                .unwrap_or_else(|| panic!("{op}: no input parts"));
            assert!(!parts.is_empty(), "{op}");
            for part in parts {
                assert_ne!(REGISTRATION.kind(&part.ty), Kind::Unknown, "{op} {part:?}");
            }
            let row = SERVICE.find(op).unwrap_or_else(|| panic!("{op}: no row"));
            let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, row.parts, "{op}");
        }
    }

    #[test]
    fn every_referenced_type_resolves() {
        let types = &*REGISTRATION;
        assert!(types.structs.len() > 90 && types.arrays.len() > 40);
        for (name, members) in &types.structs {
            assert!(!members.is_empty(), "{name}");
            for m in members {
                assert_ne!(
                    types.kind(&m.ty),
                    Kind::Unknown,
                    "{name}.{}: {}",
                    m.name,
                    m.ty
                );
            }
        }
        for (name, item) in &types.arrays {
            assert!(
                matches!(types.kind(item), Kind::Struct(..)),
                "{name}: items {item}"
            );
        }
    }

    #[test]
    fn the_model_reads_the_wsdl_as_written() {
        let types = &*REGISTRATION;
        let Kind::Struct("createUser", members) = types.kind("tns:createUser") else {
            panic!("createUser is a struct");
        };
        let find = |n: &str| members.iter().find(|m| m.name == n).map(|m| m.ty.as_str());
        assert_eq!(find("firstname"), Some("xsd:string"));
        assert_eq!(find("extra"), Some("tns:extrasList"));
        assert_eq!(find("active"), Some("xsd:string"));
        assert_eq!(types.kind("tns:extrasList"), Kind::Array("tns:extras"));
        assert_eq!(types.kind("xsd:int"), Kind::Simple);
        assert_eq!(types.kind("tns:nope"), Kind::Unknown);
        assert_eq!(types.kind("SOAP-ENC:Array"), Kind::Unknown);
        // two operations share a part name with different types
        let part_type = |op: &str| types.parts(op).unwrap()[0].ty.clone();
        assert_eq!(part_type("WSSearchSession"), "tns:SearchSession");
        assert_eq!(part_type("WSFetchSession"), "tns:FetchSession");
        let certificates: Vec<_> = types.parts("WSCertificatesList").unwrap().to_vec();
        assert_eq!(
            certificates,
            [
                Declared {
                    name: "startingDate".into(),
                    ty: "xsd:string".into()
                },
                Declared {
                    name: "endingDate".into(),
                    ty: "xsd:string".into()
                },
            ]
        );
    }

    #[test]
    fn legacy_compound_members_are_declared_simple() {
        for (type_name, member) in LEGACY_COMPOUND {
            let Kind::Struct(_, members) = REGISTRATION.kind(&format!("tns:{type_name}")) else {
                panic!("{type_name} is a struct");
            };
            let m = members.iter().find(|m| m.name == *member).unwrap();
            assert_eq!(
                REGISTRATION.kind(&m.ty),
                Kind::Simple,
                "{type_name}.{member}"
            );
        }
    }

    #[test]
    fn a_malformed_wsdl_is_an_error() {
        assert!(DeclaredTypes::parse("<definitions><message></definitions>").is_err());
        assert!(DeclaredTypes::parse(
            r#"<portType><operation name="A"><input message="tns:ARequest"/></operation></portType>"#
        )
        .is_err());
    }

    #[test]
    fn a_compound_member_declared_simple_is_refused() {
        let user = |firstname: Value| {
            st(vec![
                ("firstname", firstname),
                ("lastname", s("Lovelace")),
                ("secret_key", s("k")),
            ])
        };
        assert_eq!(
            check(
                "WSCreateUser",
                "createUser",
                user(st(vec![("a", s("Ada"))]))
            ),
            client("Member 'firstname' of 'createUser' must be a simple value (xsd:string)")
        );
        assert_eq!(
            check("WSCreateUser", "createUser", user(arr(vec![s("Ada")]))),
            client("Member 'firstname' of 'createUser' must be a simple value (xsd:string)")
        );
        // an empty compound is compound too
        assert!(check("WSCreateUser", "createUser", user(arr(vec![]))).is_err());
        // xsd:int members as well
        let fetch = st(vec![("id", st(vec![])), ("secret_key", s("k"))]);
        assert_eq!(
            check("WSFetchSession", "SearchSession", fetch),
            client("Member 'id' of 'SearchSession' must be a simple value (xsd:int)")
        );
        // the key member is a member like the others
        let keyed = st(vec![("secret_key", arr(vec![s("k")]))]);
        assert_eq!(
            check("WSGetUser", "GetUser", keyed),
            client("Member 'secret_key' of 'GetUser' must be a simple value (xsd:string)")
        );
        // simple values, nil and missing members pass
        assert_eq!(
            check("WSCreateUser", "createUser", user(Value::Nil)),
            Ok(())
        );
        assert_eq!(check("WSCreateUser", "createUser", user(s(""))), Ok(()));
        assert_eq!(
            check(
                "WSCreateUser",
                "createUser",
                st(vec![("secret_key", s("k"))])
            ),
            Ok(())
        );
    }

    #[test]
    fn items_are_walked_and_named_from_one() {
        let item = |firstname: Value| st(vec![("firstname", firstname), ("extra", arr(vec![]))]);
        let users = |third: Value| {
            st(vec![
                ("users", arr(vec![item(s("A")), item(s("B")), item(third)])),
                ("secret_key", s("k")),
            ])
        };
        assert_eq!(
            check(
                "WSCreateUsers",
                "createUsers",
                users(st(vec![("x", s("C"))]))
            ),
            client(
                "Member 'firstname' of item 3 of 'users' of 'createUsers' must be a simple \
                 value (xsd:string)"
            )
        );
        assert_eq!(check("WSCreateUsers", "createUsers", users(s("C"))), Ok(()));
        // nested arrays: an extra field's name
        let extra = arr(vec![
            st(vec![("field_name", s("a")), ("field_value", s("1"))]),
            st(vec![
                ("field_name", arr(vec![s("b")])),
                ("field_value", s("2")),
            ]),
        ]);
        let create = st(vec![("extra", extra), ("secret_key", s("k"))]);
        assert_eq!(
            check("WSCreateUser", "createUser", create),
            client(
                "Member 'field_name' of item 2 of 'extra' of 'createUser' must be a simple \
                 value (xsd:string)"
            )
        );
        // a lone record is one item, as the handlers read it (`Value::items`)
        let lone = st(vec![
            (
                "users",
                st(vec![("firstname", st(vec![])), ("lastname", s("L"))]),
            ),
            ("secret_key", s("k")),
        ]);
        assert_eq!(
            check("WSCreateUsers", "createUsers", lone),
            client(
                "Member 'firstname' of item 1 of 'users' of 'createUsers' must be a simple \
                 value (xsd:string)"
            )
        );
        // struct members of items: user_id / course_id
        let ids = st(vec![
            (
                "ids",
                arr(vec![st(vec![(
                    "original_user_id_value",
                    st(vec![("v", s("1"))]),
                )])]),
            ),
            ("secret_key", s("k")),
        ]);
        assert_eq!(
            check("WSDeleteUsers", "user_ids", ids),
            client(
                "Member 'original_user_id_value' of item 1 of 'ids' of 'user_ids' must be a \
                 simple value (xsd:string)"
            )
        );
        let status = st(vec![
            (
                "userscourses",
                arr(vec![st(vec![
                    ("user_id", st(vec![("original_user_id_name", arr(vec![]))])),
                    ("status", s("5")),
                ])]),
            ),
            ("secret_key", s("k")),
        ]);
        assert_eq!(
            check("WSSubscribeUserToCourse", "subscribeUserToCourse", status),
            client(
                "Member 'original_user_id_name' of 'user_id' of item 1 of 'userscourses' of \
                 'subscribeUserToCourse' must be a simple value (xsd:string)"
            )
        );
    }

    #[test]
    fn compound_where_compound_is_declared_passes() {
        let extras = |extra: Value| st(vec![("extra", extra), ("secret_key", s("k"))]);
        let field = st(vec![("field_name", s("dept")), ("field_value", s("maths"))]);
        for extra in [
            arr(vec![field.clone(), field.clone()]),
            // zeep's one item wrapped in an element named after its type
            st(vec![("extras", field.clone())]),
            field,
            arr(vec![]),
            s(""),
            s("x"),
            Value::Nil,
        ] {
            assert_eq!(
                check("WSCreateUser", "createUser", extras(extra.clone())),
                Ok(()),
                "{extra:?}"
            );
        }
        // a bare key as the part, or the struct sent as an array: left to the handlers
        assert_eq!(check("WSListCourses", "listCourseInput", s("k")), Ok(()));
        assert_eq!(check("WSCreateUser", "createUser", Value::Nil), Ok(()));
        let as_array = arr(vec![st(vec![("firstname", st(vec![]))])]);
        assert_eq!(check("WSCreateUser", "createUser", as_array), Ok(()));
        // members the WSDL does not declare are not looked at
        let other = st(vec![("nickname", st(vec![])), ("secret_key", s("k"))]);
        assert_eq!(check("WSCreateUser", "createUser", other), Ok(()));
        // nor operations or parts it does not declare
        assert_eq!(check("WSNope", "createUser", st(vec![])), Ok(()));
        assert_eq!(check("WSCreateUser", "other", arr(vec![])), Ok(()));
    }

    #[test]
    fn simple_parts_are_checked_too() {
        let certificates = REGISTRATION.check(
            "WSCertificatesList",
            [
                ("startingDate", Some(&s("2024-01-01"))),
                ("endingDate", Some(&st(vec![]))),
            ],
        );
        assert_eq!(
            certificates,
            client("Part 'endingDate' must be a simple value (xsd:string)")
        );
    }

    #[test]
    fn the_legacy_array_of_names_passes() {
        let legacy = st(vec![
            (
                "userscourses",
                arr(vec![st(vec![
                    ("original_user_id_values", arr(vec![s("U1"), s("U2")])),
                    (
                        "original_user_id_name",
                        arr(vec![s("external_user_id"), s("external_user_id")]),
                    ),
                    ("original_course_id_value", s("C1")),
                ])]),
            ),
            ("secret_key", s("k")),
        ]);
        assert_eq!(
            check(
                "WSUnsubscribeUserFromCourse",
                "unsuscribeUserFromCourse",
                legacy
            ),
            Ok(())
        );
    }
}
