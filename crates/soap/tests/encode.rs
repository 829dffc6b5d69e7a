//! Response and fault encoding: byte comparisons with soap.md §7 and snapshots.

use chamilo_soap::codec::{
    decode_request, encode_fault, encode_response, encode_response_ns, Limits, Typed, Value,
};

/// soap.md §7 pretty-prints responses; the server emits them without whitespace
/// between tags and (DECISIONS.md) the gateway labels them UTF-8.
fn compact_spec_sample(sample: &str) -> String {
    let mut out = String::new();
    let mut rest = sample.trim();
    while let Some(i) = rest.find('>') {
        out.push_str(&rest[..=i]);
        rest = rest[i + 1..].trim_start();
    }
    out.push_str(rest);
    out.replace("\n    xmlns", " xmlns")
        .replace(r#"encoding="ISO-8859-1""#, r#"encoding="UTF-8""#)
}

fn result(code: i64, message: &str) -> Typed {
    Typed::Struct {
        type_name: "tns:result",
        members: vec![
            ("code", Typed::Int(code)),
            ("message", Typed::Str(message.into())),
        ],
    }
}

fn user_result(value: &str, code: i64, message: &str) -> Typed {
    Typed::Struct {
        type_name: "tns:user_result",
        members: vec![
            ("user_id_value", Typed::Str(value.into())),
            ("result", result(code, message)),
        ],
    }
}

fn disable_users_result() -> Typed {
    Typed::Array {
        item_type: "tns:user_result",
        items: vec![
            user_result("HR-000731", 0, "Operation was successful"),
            user_result("999999", 100, "User not found"),
        ],
    }
}

#[test]
fn int_return_matches_spec_7_1() {
    let out = encode_response("WSUser.CreateUser", Some(&Typed::Int(1234)));
    let spec = compact_spec_sample(include_str!("fixtures/spec-createuser-response.xml"));
    assert_eq!(out, spec);
    insta::assert_snapshot!("int_return", out);
}

#[test]
fn array_of_structs_matches_spec_7_2() {
    let out = encode_response("WSUser.DisableUsers", Some(&disable_users_result()));
    let spec = compact_spec_sample(include_str!("fixtures/spec-disableusers-response.xml"));
    assert_eq!(out, spec);
    insta::assert_snapshot!("array_of_structs", out);
}

#[test]
fn fault_matches_spec_7_3() {
    let out = encode_fault("1", "API key is invalid");
    let spec = include_str!("fixtures/spec-fault.xml")
        .replace(r#"encoding="ISO-8859-1""#, r#"encoding="UTF-8""#);
    assert_eq!(out, spec);
    insta::assert_snapshot!("fault", out);
}

#[test]
fn string_return() {
    let out = encode_response("WS.test", Some(&Typed::Str("success".into())));
    insta::assert_snapshot!("string_return", out);
}

#[test]
fn string_return_is_escaped() {
    let out = encode_response(
        "WSReport.GetLearnpathHighestLessonLocation",
        Some(&Typed::Str("a&b <c> \"d\" 'e' é".into())),
    );
    assert!(out.contains(
        r#"<return xsi:type="xsd:string">a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; é</return>"#
    ));
}

#[test]
fn struct_return() {
    let ret = Typed::Struct {
        type_name: "tns:score_result",
        members: vec![
            ("min_score", Typed::Str("0".into())),
            ("max_score", Typed::Str("100".into())),
            ("mastery_score", Typed::Nil("xsd:string")),
            ("current_score", Typed::Str("42.5".into())),
        ],
    };
    let out = encode_response("WSReport.GetLearnpathScoreSingleItem", Some(&ret));
    insta::assert_snapshot!("struct_return", out);
}

#[test]
fn empty_array() {
    let ret = Typed::Array {
        item_type: "tns:course",
        items: vec![],
    };
    let out = encode_response("WSCourse.ListCourses", Some(&ret));
    insta::assert_snapshot!("empty_array", out);
}

#[test]
fn nil_array() {
    let out = encode_response(
        "WSCourse.GetCourseDescriptions",
        Some(&Typed::NilArray("tns:course_description")),
    );
    assert!(out.contains(r#"<return xsi:nil="true" xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="tns:course_description[0]"/>"#));
}

#[test]
fn void_response() {
    let out = encode_response("WSUser.DisableUser", None);
    insta::assert_snapshot!("void", out);
}

#[test]
fn void_response_echoing_no_namespace() {
    let out = encode_response_ns("WSUser.DisableUser", None, None);
    insta::assert_snapshot!("void_no_namespace", out);
}

#[test]
fn client_fault_is_escaped() {
    let out = encode_fault("Client", "Malformed XML at byte 3: expected `</a>` & <b>");
    insta::assert_snapshot!("client_fault", out);
}

/// Our own decoder reads our responses back (well-formed, values intact).
#[test]
fn responses_decode_back() {
    let out = encode_response("WSUser.DisableUsers", Some(&disable_users_result()));
    let req = decode_request(out.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(req.operation, "WSUser.DisableUsersResponse");
    assert_eq!(req.namespace.as_deref(), Some("urn:WSService"));
    let items = req.part("return").unwrap().items();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[1].get("result").and_then(|r| r.get("message")),
        Some(&Value::Str("User not found".into()))
    );
    let fault = encode_fault("100", "User not found");
    let req = decode_request(fault.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(req.operation, "Fault");
    assert_eq!(req.part("faultcode"), Some(&Value::Str("100".into())));
}
