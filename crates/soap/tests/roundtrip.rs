//! Round-trip properties of the envelope codec: whatever the encoder writes, the decoder
//! reads back as the value tree the decoding rules promise (`codec/decode.rs`), and text with
//! XML metacharacters or any non-ASCII character survives.

use chamilo_soap::{decode_request, encode_fault, encode_response_ns, Limits, Typed, Value};
use proptest::prelude::*;

/// Type names as the service writes them (never `Map`/`Array`, which have their own rules),
/// plus the generic struct type.
const TYPES: &[&str] = &[
    "tns:user_result",
    "tns:course",
    "tns:result",
    "xsd:anyType",
    "SOAP-ENC:Struct",
];
/// Member names; few, so structs with repeated members occur.
const NAMES: &[&str] = &["code", "message", "id", "title", "item", "external_id"];

/// Text with a good share of markup, entities-lookalikes, whitespace and non-ASCII.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[<>&\"';=/\\[\\]!?#a-z0-9 \t\r\n]{0,24}",
        "[àéîõüßçñ€😀ΩЖ中文\u{200B}\u{FEFF}a&<]{0,12}",
        Just("]]><!--&amp;&lt;--><![CDATA[".to_owned()),
    ]
}

fn typed() -> impl Strategy<Value = Typed> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Typed::Int),
        text().prop_map(Typed::Str),
        prop::sample::select(TYPES).prop_map(Typed::Nil),
        prop::sample::select(TYPES).prop_map(Typed::NilArray),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            (
                prop::sample::select(TYPES),
                prop::collection::vec((prop::sample::select(NAMES), inner.clone()), 0..6)
            )
                .prop_map(|(type_name, members)| Typed::Struct { type_name, members }),
            (
                prop::sample::select(TYPES),
                prop::collection::vec(inner, 0..6)
            )
                .prop_map(|(item_type, items)| Typed::Array { item_type, items }),
        ]
    })
}

/// The text the decoder gives back: the encoder drops characters XML 1.0 cannot carry, and
/// XML parsing turns `\r\n` and a lone `\r` into `\n` (the encoder writes `\r` literally, as
/// NuSOAP does).
fn expected_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| {
            !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}')
        })
        .collect();
    kept.replace("\r\n", "\n").replace('\r', "\n")
}

/// The value tree the decoding rules give for what the encoder wrote.
fn expected(t: &Typed) -> Value {
    match t {
        Typed::Int(n) => Value::Str(n.to_string().into()),
        Typed::Str(s) => Value::Str(expected_text(s).into()),
        Typed::Nil(_) | Typed::NilArray(_) => Value::Nil,
        Typed::Encoded(_) => unreachable!("not generated"),
        Typed::Array { items, .. } => Value::Array(items.iter().map(expected).collect()),
        Typed::Struct { type_name, members } => {
            let explicit = type_name.rsplit(':').next() == Some("Struct");
            if members.is_empty() && !explicit {
                return Value::Str(Default::default()); // an empty untyped element is a scalar
            }
            let same_name = members.iter().all(|(k, _)| *k == members[0].0);
            if !explicit && same_name && (members[0].0 == "item" || members.len() >= 2) {
                return Value::Array(members.iter().map(|(_, v)| expected(v)).collect());
            }
            // members by name; a repeated name becomes an array at its first position
            let mut out: Vec<(&str, Vec<Value>)> = Vec::new();
            for (k, v) in members {
                let v = expected(v);
                match out.iter().position(|(n, _)| n == k) {
                    Some(i) => out[i].1.push(v),
                    None => out.push((k, vec![v])),
                }
            }
            Value::Struct(
                out.into_iter()
                    .map(|(k, mut vs)| {
                        let v = if vs.len() == 1 {
                            vs.remove(0)
                        } else {
                            Value::Array(vs.into())
                        };
                        (k.into(), v)
                    })
                    .collect(),
            )
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn response_values_decode_to_the_promised_tree(value in typed(), ns in prop::option::of(Just("urn:WSService"))) {
        let xml = encode_response_ns("WSUser.CreateUser", ns, Some(&value));
        let request = decode_request(xml.as_bytes(), &Limits::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(request.operation, "WSUser.CreateUserResponse");
        prop_assert_eq!(request.namespace.as_deref(), ns);
        prop_assert_eq!(request.parts, vec![("return".to_owned(), expected(&value))], "{}", xml);
    }

    #[test]
    fn any_text_survives_as_a_string(s in text()) {
        let xml = encode_response_ns("WS.test", Some("urn:WSService"), Some(&Typed::Str(s.clone())));
        let request = decode_request(xml.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(request.part("return"), Some(&Value::Str(expected_text(&s).into())));
    }

    #[test]
    fn any_text_survives_as_a_fault(code in text(), message in text()) {
        let xml = encode_fault(&code, &message);
        let fault = decode_request(xml.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(&fault.operation, "Fault");
        let text = |v: Option<&Value>| v.and_then(Value::to_text);
        prop_assert_eq!(text(fault.part("faultcode")), Some(expected_text(&code)));
        prop_assert_eq!(text(fault.part("faultstring")), Some(expected_text(&message)));
    }

    #[test]
    fn a_namespace_with_metacharacters_is_echoed(ns in "[a-z:/.&<>\"' ]{1,20}") {
        let xml = encode_response_ns("WS.test", Some(&ns), None);
        let request = decode_request(xml.as_bytes(), &Limits::default()).unwrap();
        prop_assert_eq!(request.namespace.as_deref(), Some(ns.as_str()).filter(|n| !n.is_empty()));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode_request(&bytes, &Limits::default());
    }
}
