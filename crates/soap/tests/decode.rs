//! Request decoding: real client captures (fixtures/) and hostile inputs.

use chamilo_soap::codec::{
    decode_request, decode_request_with_charset, DecodeError, Limits, Request, Value,
};

fn decode(body: &[u8]) -> Result<Request, DecodeError> {
    decode_request(body, &Limits::default())
}

fn ok(body: &[u8]) -> Request {
    decode(body).unwrap_or_else(|e| panic!("decode failed: {e}"))
}

fn s(text: &str) -> Value {
    Value::Str(text.into())
}

fn st(members: &[(&str, Value)]) -> Value {
    Value::Struct(
        members
            .iter()
            .map(|(k, v)| ((*k).into(), v.clone()))
            .collect(),
    )
}

fn names(req: &Request) -> Vec<&str> {
    req.parts.iter().map(|(k, _)| k.as_str()).collect()
}

fn extras(name: &str, value: &str) -> Value {
    st(&[("field_name", s(name)), ("field_value", s(value))])
}

/// The user_create struct both PHP captures send for Ada / Alan.
fn php_user(
    first: &str,
    last: &str,
    login: &str,
    pass: &str,
    ext: &str,
    email: &str,
    extra: Value,
) -> Value {
    st(&[
        ("firstname", s(first)),
        ("lastname", s(last)),
        ("status", s("5")),
        ("loginname", s(login)),
        ("password", s(pass)),
        ("encrypt_method", s("")),
        ("user_id_field_name", s("external_id")),
        ("user_id_value", s(ext)),
        ("visibility", s("1")),
        ("email", s(email)),
        ("language", s("english")),
        ("phone", s("")),
        ("expiration_date", s("")),
        ("extras", extra),
    ])
}

fn php_users() -> Value {
    Value::Array(
        vec![
            php_user(
                "Ada",
                "Lovelace",
                "ada",
                "secret1",
                "ext-001",
                "ada@example.org",
                Value::Array(vec![extras("dept", "math")].into()),
            ),
            php_user(
                "Alan",
                "Turing",
                "alan",
                "secret2",
                "ext-002",
                "alan@example.org",
                Value::Array(vec![].into()),
            ),
        ]
        .into(),
    )
}

// ---------------------------------------------------------------------------
// Captures of real clients against Chamilo's WSDL (spec/reference)

#[test]
fn php_createusers_with_apache_map_items() {
    let req = ok(include_bytes!("fixtures/php-createusers-map.xml"));
    assert_eq!(req.operation, "WSUser.CreateUsers");
    // xmlns:ns1="" puts the wrapper in no namespace
    assert_eq!(req.namespace, None);
    assert_eq!(names(&req), ["secret_key", "users"]);
    assert_eq!(req.part("secret_key"), Some(&s("SECRETKEY")));
    assert_eq!(req.part("users"), Some(&php_users()));
}

#[test]
fn php_createusers_with_soapenc_struct_items() {
    let req = ok(include_bytes!("fixtures/php-createusers-struct.xml"));
    assert_eq!(req.operation, "WSUser.CreateUsers");
    assert_eq!(names(&req), ["secret_key", "users"]);
    // same PHP value as the Map variant, as NuSOAP decodes both
    assert_eq!(req.part("users"), Some(&php_users()));
}

#[test]
fn php_disableuser_positional_scalars() {
    let req = ok(include_bytes!("fixtures/php-disableuser.xml"));
    assert_eq!(req.operation, "WSUser.DisableUser");
    assert_eq!(
        req.parts,
        vec![
            ("secret_key".to_string(), s("SECRETKEY")),
            ("user_id_field_name".to_string(), s("external_id")),
            ("user_id_value".to_string(), s("ext-001")),
        ]
    );
}

#[test]
fn zeep_createusers_untyped_repeated_items() {
    let req = ok(include_bytes!("fixtures/zeep-createusers.xml"));
    assert_eq!(req.operation, "WSUser.CreateUsers");
    assert_eq!(req.namespace, None);
    assert_eq!(req.part("secret_key"), Some(&s("SECRETKEY")));
    let users = req.part("users").unwrap();
    // <users><user_create/><user_create/></users> → array of two structs
    let items = users.items();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].get("firstname"), Some(&s("Ada")));
    assert_eq!(items[0].get("status").map(Value::as_int), Some(5));
    assert_eq!(items[1].get("loginname"), Some(&s("alan")));
    assert_eq!(items[1].get("user_id_value"), Some(&s("ext-002")));
    // <extras><extras>…</extras></extras> is one wrapped item; <extras/> none
    let ada_extras = items[0].get("extras").unwrap().items();
    assert_eq!(ada_extras, vec![&extras("dept", "math")]);
    assert!(items[1].get("extras").unwrap().items().is_empty());
}

#[test]
fn zeep_disableuser() {
    let req = ok(include_bytes!("fixtures/zeep-disableuser.xml"));
    assert_eq!(req.operation, "WSUser.DisableUser");
    assert_eq!(
        req.parts,
        vec![
            ("secret_key".to_string(), s("SECRETKEY")),
            ("user_id_field_name".to_string(), s("external_id")),
            ("user_id_value".to_string(), s("ext-001")),
        ]
    );
}

#[test]
fn spec_examples_decode() {
    let req = ok(include_bytes!("fixtures/spec-createuser.xml"));
    assert_eq!(req.operation, "WSUser.CreateUser");
    assert_eq!(req.namespace.as_deref(), Some("urn:WSService"));
    assert_eq!(req.parts.len(), 15);
    assert_eq!(req.part("user_id_value"), Some(&s("HR-000731")));
    assert_eq!(req.part("phone"), Some(&s("")));
    assert_eq!(
        req.part("extras"),
        Some(&Value::Array(
            vec![extras("department", "Mathematics")].into()
        ))
    );

    let req = ok(include_bytes!("fixtures/spec-disableusers.xml"));
    assert_eq!(req.operation, "WSUser.DisableUsers");
    let users = req.part("users").unwrap().items();
    assert_eq!(users.len(), 2);
    assert_eq!(users[1].get("user_id_value"), Some(&s("999999")));
}

// ---------------------------------------------------------------------------
// Captures of PHP SoapClient 8.2 and zeep 4.3.3 against the gateway's WSDL

#[test]
fn php_against_gateway_wsdl() {
    let req = ok(include_bytes!("fixtures/php-ours-createusers.xml"));
    assert_eq!(req.operation, "WSUser.CreateUsers");
    assert_eq!(req.namespace.as_deref(), Some("urn:WSService"));
    assert_eq!(req.part("users"), Some(&php_users()));

    let req = ok(include_bytes!("fixtures/php-ours-disableusers.xml"));
    let users = req.part("users").unwrap();
    assert_eq!(
        users,
        &Value::Array(
            vec![
                st(&[
                    ("user_id_field_name", s("external_id")),
                    ("user_id_value", s("ext-001"))
                ]),
                st(&[
                    ("user_id_field_name", s("chamilo_user_id")),
                    ("user_id_value", s("7"))
                ]),
            ]
            .into()
        )
    );

    // UTF-8 text and escaped markup
    let req = ok(include_bytes!("fixtures/php-ours-createuser.xml"));
    assert_eq!(req.parts.len(), 15);
    assert_eq!(req.part("firstname"), Some(&s("Zoë")));
    assert_eq!(req.part("lastname"), Some(&s("Ünal")));
    assert_eq!(
        req.part("extras"),
        Some(&Value::Array(vec![extras("dept", "R&D <lab>")].into()))
    );
}

#[test]
fn zeep_against_gateway_wsdl() {
    let req = ok(include_bytes!("fixtures/zeep-ours-disableusers.xml"));
    assert_eq!(req.operation, "WSUser.DisableUsers");
    assert_eq!(req.namespace.as_deref(), Some("urn:WSService"));
    assert_eq!(req.part("users").unwrap().items().len(), 2);

    // a single untyped <item> is still an array
    let req = ok(include_bytes!("fixtures/zeep-ours-createusers.xml"));
    let users = req.part("users").unwrap();
    assert!(matches!(users, Value::Array(items) if items.len() == 1));
    let ada = users.items()[0];
    assert_eq!(ada.get("email"), Some(&s("ada@example.org")));
    assert_eq!(
        ada.get("extras"),
        Some(&Value::Array(vec![extras("dept", "math")].into()))
    );
}

// ---------------------------------------------------------------------------
// Encoding shapes

fn envelope(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:m="http://xml.apache.org/xml-soap"><e:Body>{body}</e:Body></e:Envelope>"#
    )
}

#[test]
fn nil_empty_and_typed_scalars() {
    let req = ok(envelope(
        r#"<WS.x><a xsi:nil="true"/><b/><c></c><d xsi:type="xsd:int"> 42 </d><e xsi:nil="true" xsi:type="xsd:string">ignored</e></WS.x>"#,
    )
    .as_bytes());
    assert_eq!(req.operation, "WS.x");
    assert_eq!(
        req.parts,
        vec![
            ("a".to_string(), Value::Nil),
            ("b".to_string(), s("")),
            ("c".to_string(), s("")),
            ("d".to_string(), s(" 42 ")),
            ("e".to_string(), Value::Nil),
        ]
    );
    assert_eq!(req.part("d").unwrap().as_int(), 42);
}

#[test]
fn arrays_structs_and_maps() {
    let req = ok(envelope(concat!(
        r#"<WS.x>"#,
        // empty typed array
        r#"<a enc:arrayType="xsd:string[0]" xsi:type="enc:Array"/>"#,
        // arrayType alone marks an array, whatever the child names
        r#"<b enc:arrayType="xsd:string[2]"><x>1</x><y>2</y></b>"#,
        // untyped single item
        r#"<c><item>only</item></c>"#,
        // struct with a repeated member
        r#"<d><k>1</k><m>x</m><k>2</k><k>3</k></d>"#,
        // Map with a duplicate key: last value wins at the first position
        r#"<e xsi:type="m:Map"><item><key>one</key><value>1</value></item><item><key>two</key><value xsi:nil="true"/></item><item><key>one</key><value>uno</value></item></e>"#,
        // explicit empty Struct
        r#"<f xsi:type="enc:Struct"/>"#,
        r#"</WS.x>"#
    ))
    .as_bytes());
    assert_eq!(req.part("a"), Some(&Value::Array(vec![].into())));
    assert_eq!(
        req.part("b"),
        Some(&Value::Array(vec![s("1"), s("2")].into()))
    );
    assert_eq!(req.part("c"), Some(&Value::Array(vec![s("only")].into())));
    assert_eq!(
        req.part("d"),
        Some(&st(&[
            ("k", Value::Array(vec![s("1"), s("2"), s("3")].into())),
            ("m", s("x")),
        ]))
    );
    assert_eq!(
        req.part("e"),
        Some(&st(&[("one", s("uno")), ("two", Value::Nil)]))
    );
    assert_eq!(req.part("f"), Some(&Value::Struct(vec![].into())));
}

#[test]
fn repeated_parts_merge_at_first_position() {
    let req = ok(envelope("<WS.x><a>1</a><b>2</b><a>3</a></WS.x>").as_bytes());
    assert_eq!(
        req.parts,
        vec![
            ("a".to_string(), Value::Array(vec![s("1"), s("3")].into())),
            ("b".to_string(), s("2")),
        ]
    );
}

#[test]
fn wrapper_namespace_and_headers() {
    // default namespace on the wrapper; a Header before the Body is skipped
    let body = r#"<?xml version="1.0"?><Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Header><auth>x</auth></Header><Body><WSCourse.DeleteCourse xmlns="urn:WSService"><secret_key>k</secret_key></WSCourse.DeleteCourse></Body></Envelope>"#;
    let req = ok(body.as_bytes());
    assert_eq!(req.operation, "WSCourse.DeleteCourse");
    assert_eq!(req.namespace.as_deref(), Some("urn:WSService"));
    // an unprefixed wrapper without declaration inherits the default namespace
    let body = r#"<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><WS.test/></Body></Envelope>"#;
    let req = ok(body.as_bytes());
    assert_eq!(req.operation, "WS.test");
    assert_eq!(
        req.namespace.as_deref(),
        Some("http://schemas.xmlsoap.org/soap/envelope/")
    );
    assert!(req.parts.is_empty());
}

#[test]
fn entities_and_char_refs_unescaped() {
    let req = ok(envelope(
        r#"<WS.x><a>&amp;&lt;&gt;&quot;&apos;&#233;&#xE9;</a><b><![CDATA[<raw & text>]]></b></WS.x>"#,
    )
    .as_bytes());
    assert_eq!(req.part("a"), Some(&s("&<>\"'éé")));
    assert_eq!(req.part("b"), Some(&s("<raw & text>")));
}

#[test]
fn multiref_axis_style() {
    let req = ok(include_bytes!("fixtures/axis-multiref.xml"));
    assert_eq!(req.operation, "WSUser.DisableUsers");
    assert_eq!(req.part("secret_key"), Some(&s("SECRETKEY")));
    assert_eq!(
        req.part("users"),
        Some(&Value::Array(
            vec![
                st(&[
                    ("user_id_field_name", s("external_id")),
                    ("user_id_value", s("ext-001"))
                ]),
                st(&[
                    ("user_id_field_name", s("chamilo_user_id")),
                    ("user_id_value", s("7"))
                ]),
            ]
            .into()
        ))
    );
}

#[test]
fn multiref_targets_before_the_call_element() {
    let body = envelope(concat!(
        r#"<multiRef id="k" enc:root="0">KEY</multiRef>"#,
        r##"<WS.x><secret_key href="#k"/></WS.x>"##
    ));
    let req = ok(body.as_bytes());
    assert_eq!(req.operation, "WS.x");
    assert_eq!(req.part("secret_key"), Some(&s("KEY")));
}

#[test]
fn multiref_cycles_and_dangling_refs_refused() {
    let cyclic = envelope(concat!(
        r##"<WS.x><a href="#r1"/></WS.x>"##,
        r##"<multiRef id="r1"><next href="#r2"/></multiRef>"##,
        r##"<multiRef id="r2"><next href="#r1"/></multiRef>"##
    ));
    assert_eq!(
        decode(cyclic.as_bytes()),
        Err(DecodeError::ReferenceCycle("r1".into()))
    );
    let self_ref = envelope(r##"<WS.x><a id="me"><b href="#me"/></a></WS.x>"##);
    assert_eq!(
        decode(self_ref.as_bytes()),
        Err(DecodeError::ReferenceCycle("me".into()))
    );
    let dangling = envelope(r##"<WS.x><a href="#nowhere"/></WS.x>"##);
    let err = decode(dangling.as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::UnresolvedReference("#nowhere".into()));
    assert_eq!(
        err.to_string(),
        "Unresolved multi-reference href=\"#nowhere\""
    );
}

#[test]
fn multiref_fan_out_is_bounded() {
    // each level refers to the next twice: 2^20 values if expanded naively
    let mut body = String::from(r##"<WS.x><a href="#l0"/></WS.x>"##);
    for i in 0..20 {
        body.push_str(&format!(
            r##"<multiRef id="l{i}"><x href="#l{n}"/><y href="#l{n}"/></multiRef>"##,
            n = i + 1
        ));
    }
    body.push_str(r#"<multiRef id="l20">leaf</multiRef>"#);
    let body = envelope(&body);
    // the memory budget (16 MiB for a small body) stops it…
    let err = decode(body.as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::TooLarge(16 << 20));
    assert_eq!(
        err.to_string(),
        "Request too large to decode: its values would take more than 16 MiB of memory"
    );
    // …or the value count, whichever is tighter
    let limits = Limits {
        max_elements: 100_000,
        ..Limits::default()
    };
    assert_eq!(
        decode_request(body.as_bytes(), &limits),
        Err(DecodeError::TooManyElements(100_000))
    );
}

#[test]
fn iso_8859_1_body_becomes_utf8() {
    let mut body = br#"<?xml version="1.0" encoding="ISO-8859-1"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><ns1:WSUser.EditUser xmlns:ns1="urn:WSService"><firstname>"#.to_vec();
    body.extend_from_slice(b"Ren\xE9e \xAB&#233;\xBB");
    body.extend_from_slice(
        b"</firstname></ns1:WSUser.EditUser></SOAP-ENV:Body></SOAP-ENV:Envelope>",
    );
    let req = ok(&body);
    assert_eq!(req.part("firstname"), Some(&s("Renée «é»")));
}

#[test]
fn http_charset_is_the_fallback_for_undeclared_bodies() {
    let body = b"<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body><WS.x><a>caf\xE9</a></WS.x></e:Body></e:Envelope>";
    let limits = Limits::default();
    let req = decode_request_with_charset(body, Some("\"ISO-8859-1\""), &limits).unwrap();
    assert_eq!(req.part("a"), Some(&s("café")));
    assert!(matches!(
        decode_request_with_charset(body, None, &limits),
        Err(DecodeError::InvalidUtf8(_))
    ));
    // the XML declaration wins over the HTTP charset
    let utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body><WS.x><a>café</a></WS.x></e:Body></e:Envelope>";
    let req = decode_request_with_charset(utf8.as_bytes(), Some("ISO-8859-1"), &limits).unwrap();
    assert_eq!(req.part("a"), Some(&s("café")));
}

#[test]
fn invalid_utf8_refused() {
    let mut body = envelope("<WS.x><a>").into_bytes();
    let at = body.len();
    body.extend_from_slice(b"\xE9t\xE9</a></WS.x>");
    body.extend_from_slice(b"</e:Body></e:Envelope>");
    let err = decode(&body).unwrap_err();
    assert_eq!(err, DecodeError::InvalidUtf8(at));
    assert_eq!(err.to_string(), format!("Invalid UTF-8 at byte {at}"));
}

#[test]
fn unsupported_encoding_refused() {
    let body = br#"<?xml version="1.0" encoding="Shift_JIS"?><a/>"#;
    assert_eq!(
        decode(body),
        Err(DecodeError::UnsupportedEncoding("shift_jis".into()))
    );
    assert!(matches!(
        decode(b"\xFF\xFE<\x00a\x00/\x00>\x00"),
        Err(DecodeError::UnsupportedEncoding(_))
    ));
}

// ---------------------------------------------------------------------------
// Hostile and broken input

#[test]
fn doctype_refused() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><WS.x><a>&xxe;</a></WS.x></e:Body></e:Envelope>"#;
    let err = decode(xxe.as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::Doctype);
    assert_eq!(err.to_string(), "DOCTYPE declarations are not allowed");

    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>"#;
    assert_eq!(decode(laughs.as_bytes()), Err(DecodeError::Doctype));
}

#[test]
fn undeclared_entities_refused() {
    let body = envelope("<WS.x><a>&xxe;</a></WS.x>");
    let err = decode(body.as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::UnknownEntity("xxe".into()));
    assert!(err
        .to_string()
        .starts_with("Entity reference &xxe; is not allowed"));
    let body = envelope(r#"<WS.x><a href="&xxe;"/></WS.x>"#);
    assert_eq!(
        decode(body.as_bytes()),
        Err(DecodeError::UnknownEntity("xxe".into()))
    );
    // also in an attribute the decoder otherwise ignores
    let body = envelope(r#"<WS.x><a lang="&xxe;">x</a></WS.x>"#);
    assert_eq!(
        decode(body.as_bytes()),
        Err(DecodeError::UnknownEntity("xxe".into()))
    );
}

#[test]
fn entities_in_attribute_values_are_resolved() {
    // `&#116;rue` is `true`: the value is resolved before it is read
    let req = ok(envelope(
        r#"<WS.x><a xsi:nil="&#116;rue">ignored</a><b xsi:nil="fals&#101;">kept</b></WS.x>"#,
    )
    .as_bytes());
    assert_eq!(
        req.parts,
        vec![("a".to_string(), Value::Nil), ("b".to_string(), s("kept"))]
    );
}

#[test]
fn depth_bound() {
    let deep = |levels: usize| {
        let inner = "<a>".repeat(levels) + "x" + &"</a>".repeat(levels);
        envelope(&format!("<WS.x>{inner}</WS.x>"))
    };
    // Envelope, Body, wrapper + 61 = 64 levels: accepted
    assert!(decode(deep(61).as_bytes()).is_ok());
    let err = decode(deep(62).as_bytes()).unwrap_err();
    assert_eq!(err, DecodeError::TooDeep(64));
    assert_eq!(err.to_string(), "Nesting deeper than 64 levels");

    let tight = Limits {
        max_depth: 5,
        ..Limits::default()
    };
    assert_eq!(
        decode_request(deep(3).as_bytes(), &tight),
        Err(DecodeError::TooDeep(5))
    );
}

#[test]
fn element_count_bound() {
    let body = envelope(&format!("<WS.x>{}</WS.x>", "<a>1</a>".repeat(50)));
    let limits = Limits {
        max_elements: 40,
        ..Limits::default()
    };
    assert_eq!(
        decode_request(body.as_bytes(), &limits),
        Err(DecodeError::TooManyElements(40))
    );
    assert!(decode(body.as_bytes()).is_ok());
}

#[test]
fn truncated_xml_refused() {
    let full = include_str!("fixtures/php-disableuser.xml");
    let cut = &full[..full.len() / 2];
    let err = decode(cut.as_bytes()).unwrap_err();
    assert!(matches!(err, DecodeError::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("Malformed XML at byte "),
        "{err}"
    );
}

#[test]
fn malformed_xml_names_problem_and_position() {
    let err = decode(envelope("<WS.x><a>1</b></WS.x>").as_bytes()).unwrap_err();
    let DecodeError::Malformed { position, message } = &err else {
        panic!("{err:?}");
    };
    assert!(*position > 0);
    assert!(message.contains('b'), "{message}");
    assert!(matches!(
        decode(b"<a x='1' x='2'/>"),
        Err(DecodeError::Malformed { .. })
    ));
    assert!(matches!(
        decode(b"<a/><b/>"),
        Err(DecodeError::Malformed { .. })
    ));
}

#[test]
fn missing_envelope_body_or_operation() {
    assert_eq!(decode(b""), Err(DecodeError::Empty));
    assert_eq!(decode(b" \n"), Err(DecodeError::Empty));
    assert_eq!(
        decode(b"<html><body/></html>"),
        Err(DecodeError::MissingEnvelope("html".into()))
    );
    let no_body = br#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/></e:Envelope>"#;
    let err = decode(no_body).unwrap_err();
    assert_eq!(err, DecodeError::MissingBody);
    assert_eq!(err.to_string(), "Missing SOAP Body");
    let empty_body = br#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body> </e:Body></e:Envelope>"#;
    assert_eq!(decode(empty_body), Err(DecodeError::MissingOperation));
}
