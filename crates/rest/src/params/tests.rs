//! `gather` against the request shapes of Chamilo's documentation (curl `--form`,
//! Guzzle `form_params`, query strings, `hash`) and the precedence rules.

use super::*;

const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

fn form(query: &str, body: &str) -> Params {
    gather("POST", query, FORM, body.as_bytes(), &Limits::default()).unwrap()
}

fn get(query: &str) -> Params {
    gather("GET", query, None, b"", &Limits::default()).unwrap()
}

/// A body as curl `--form` writes it.
fn multipart_body(boundary: &str, fields: &[(&str, &str)]) -> Vec<u8> {
    let mut b = Vec::new();
    for (name, value) in fields {
        b.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    b
}

fn multipart(query: &str, fields: &[(&str, &str)]) -> Params {
    let boundary = "------------------------d74496d66958873e";
    let ct = format!("multipart/form-data; boundary={boundary}");
    gather(
        "POST",
        query,
        Some(&ct),
        &multipart_body(boundary, fields),
        &Limits::default(),
    )
    .unwrap()
}

#[test]
fn curl_form_authenticate() {
    let p = multipart(
        "",
        &[
            ("action", "authenticate"),
            ("username", "jperry"),
            ("password", "s3cr&t=/"),
        ],
    );
    let r = p.routing();
    assert_eq!(r.action, "authenticate");
    assert_eq!(r.username, "jperry");
    assert_eq!(r.api_key, "");
    assert_eq!(p.post("password").str(), Some("s3cr&t=/"));
    assert_eq!(p.get("password").str(), None);
}

#[test]
fn curl_form_array_fields() {
    let p = multipart(
        "",
        &[
            ("action", "add_users_session"),
            ("id_session", "1"),
            ("list_users[]", "2"),
            ("list_users[]", "3"),
            ("list_users[]", "4"),
        ],
    );
    assert_eq!(p.post("list_users").list(), vec!["2", "3", "4"]);
    assert!(p.post("list_users").is_array());
    assert_eq!(p.post("id_session").int(), 1);
    assert_eq!(
        p.post("list_users")
            .array()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["0", "1", "2"]
    );
}

#[test]
fn guzzle_form_params_save_user() {
    // Guzzle encodes nested form_params with http_build_query (brackets percent-encoded).
    let body = "action=save_user&username=admin&api_key=k&firstname=Test+User&lastname=Chamilo\
        &status=5&email=testuser%40example.com&loginname=restuser&password=restuser\
        &original_user_id_name=myplatform_user_id&original_user_id_value=1234\
        &extra%5B0%5D%5Bfield_name%5D=age&extra%5B0%5D%5Bfield_value%5D=29&language=english";
    let p = form("", body);
    assert_eq!(p.post("firstname").str(), Some("Test User"));
    assert_eq!(p.post("email").str(), Some("testuser@example.com"));
    let extra = p.post("extra").array().unwrap();
    let first = extra.get("0").unwrap().as_array().unwrap();
    assert_eq!(first.get("field_name").and_then(Param::as_str), Some("age"));
    assert_eq!(first.get("field_value").and_then(Param::as_str), Some("29"));
    // POST field order is kept (update_user_from_username iterates it).
    let names: Vec<&str> = p.post_fields().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "action",
            "username",
            "api_key",
            "firstname",
            "lastname",
            "status",
            "email",
            "loginname",
            "password",
            "original_user_id_name",
            "original_user_id_value",
            "extra",
            "language"
        ]
    );
}

#[test]
fn guzzle_session_extra_map_and_list_of_maps() {
    let p = form(
        "",
        "extra%5Bextra_Price%5D=200&bad%5B0%5D%5Bextra_Price%5D=200",
    );
    assert_eq!(
        p.post("extra")
            .array()
            .unwrap()
            .get("extra_Price")
            .and_then(Param::as_str),
        Some("200")
    );
    let bad = p.post("bad").array().unwrap();
    assert!(bad.get("extra_Price").is_none());
    assert!(bad.get("0").unwrap().as_array().is_some());
}

#[test]
fn guzzle_messages_list() {
    let p = form(
        "",
        "action=user_message_read&messages%5B0%5D=1&messages%5B1%5D=2&messages%5B2%5D=3",
    );
    assert_eq!(p.post("messages").list(), vec!["1", "2", "3"]);
}

#[test]
fn save_course_extra_prefix_fields() {
    let p = form("", "title=My+course&extra_ABC=x&extra_external_id=123");
    let extras: Vec<(&str, &str)> = p
        .post_fields()
        .filter(|(k, _)| k.starts_with("extra_"))
        .map(|(k, v)| (k, v.as_str().unwrap()))
        .collect();
    assert_eq!(extras, [("extra_ABC", "x"), ("extra_external_id", "123")]);
}

#[test]
fn query_string_curl_examples() {
    let p = get("api_key=KEY&username=admin&action=get_user_api_key&user=fapple");
    let r = p.routing();
    assert_eq!(
        (r.action.as_str(), r.username.as_str(), r.api_key.as_str()),
        ("get_user_api_key", "admin", "KEY")
    );
    assert_eq!(p.query("user").str(), Some("fapple"));
    assert_eq!(p.request("user").str(), Some("fapple"));
    // A P parameter sent in the query string is invisible to POST reads.
    let g = get("action=group_exists&username=u&api_key=k&name=My%20class");
    assert_eq!(g.post("name").str(), None);
    assert_eq!(g.get("name").str(), Some("My class"));
    let e = get("action=get_users&extra_fields=timezone,skype&status=5");
    assert_eq!(e.request("extra_fields").str(), Some("timezone,skype"));
}

#[test]
fn hash_parameter() {
    let hash = "%7B%22action%22%3A%22user_profile%22%2C%22username%22%3A%22jperry%22%2C%22api_key%22%3A%22abc%22%2C%22course%22%3A3%2C%22page%22%3A2%7D";
    let p = form(
        &format!("action=ignored&page=1&hash={hash}"),
        "password=pw&username=fromPost",
    );
    let r = p.routing();
    assert_eq!(r.action, "user_profile"); // hash overwrites the real query value
    assert_eq!(r.username, "jperry"); // and beats POST
    assert_eq!(r.api_key, "abc");
    assert_eq!(r.course, 3);
    assert_eq!(p.query("page").int(), 2);
    // Hash values are invisible to G, P and R reads.
    assert_eq!(p.get("action").str(), Some("ignored"));
    assert_eq!(p.get("page").str(), Some("1"));
    assert_eq!(p.request("page").str(), Some("1"));
    assert_eq!(p.post("username").str(), Some("fromPost"));
    assert!(!p.request("api_key").is_set());
}

#[test]
fn hash_in_post_is_ignored_and_bad_hash_is_ignored() {
    let p = form("", "hash=%7B%22action%22%3A%22x%22%7D");
    assert_eq!(p.routing().action, "");
    let bad = get("action=a&hash=%7Bnot+json");
    assert_eq!(bad.routing().action, "a");
    let zero = get("hash=0");
    assert_eq!(zero.query("hash").str(), Some("0"));
}

#[test]
fn routing_query_beats_post_unless_falsy() {
    let p = form(
        "action=q_action&username=&api_key=0&course=abc&session=7",
        "action=p_action&username=p_user&api_key=p_key&course=4&session=9",
    );
    let r = p.routing();
    assert_eq!(r.action, "q_action");
    assert_eq!(r.username, "p_user"); // "" falls back
    assert_eq!(r.api_key, "p_key"); // "0" falls back
    assert_eq!(r.course, 4); // intval("abc") = 0 falls back
    assert_eq!(r.session, 7);
}

#[test]
fn routing_array_values_count_as_empty() {
    let p = get("action[]=x&username[a]=b");
    let r = p.routing();
    assert_eq!(r.action, "");
    assert_eq!(r.username, "");
}

#[test]
fn request_post_wins_and_arrays_merge() {
    let p = form("user_id=1&q=get&a[x]=1", "user_id=2&a[y]=2");
    assert_eq!(p.request("user_id").int(), 2);
    assert_eq!(p.request("q").str(), Some("get"));
    let a = p.request("a").array().unwrap();
    assert_eq!(a.keys().collect::<Vec<_>>(), ["x", "y"]);
}

#[test]
fn php_query_parsing_rules() {
    let p = get("a=1&&a=2&b&c=x=y&d+e.f=3&g=a+b%2Bc&=nothing&h=%zz");
    assert_eq!(p.get("a").str(), Some("2"));
    assert_eq!(p.get("b").str(), Some(""));
    assert!(p.get("b").is_set());
    assert_eq!(p.get("c").str(), Some("x=y"));
    assert_eq!(p.get("d_e_f").str(), Some("3"));
    assert_eq!(p.get("g").str(), Some("a b+c"));
    assert_eq!(p.get("h").str(), Some("%zz"));
    assert_eq!(p.get_bag().len(), 6);
    // `;` is not a separator; a NUL ends the name.
    let q = get("x=1;y=2&n%00ame=v");
    assert_eq!(q.get("x").str(), Some("1;y=2"));
    assert_eq!(q.get("n").str(), Some("v"));
}

#[test]
fn body_only_for_post_with_form_types() {
    // JSON bodies are never parsed (rest-v2.md §1.3).
    let j = gather(
        "POST",
        "",
        Some("application/json"),
        br#"{"action":"authenticate"}"#,
        &Limits::default(),
    )
    .unwrap();
    assert!(j.post_bag().is_empty());
    assert_eq!(j.routing().action, "");
    // GET with a form body: nothing.
    let g = gather("GET", "", FORM, b"action=x", &Limits::default()).unwrap();
    assert!(g.post_bag().is_empty() && g.body_bag().is_empty());
    // No content type: nothing.
    let n = gather("POST", "", None, b"action=x", &Limits::default()).unwrap();
    assert!(n.post_bag().is_empty());
    // Content type parameters and case are tolerated.
    let c = gather(
        "POST",
        "",
        Some("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
        b"action=x",
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(c.post("action").str(), Some("x"));
}

#[test]
fn put_form_body_reaches_body_bag_only() {
    let p = gather(
        "PUT",
        "",
        FORM,
        b"action=user_profile&api_key=k&firstname=x",
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(p.routing().action, "user_profile");
    assert_eq!(p.routing().api_key, "k");
    assert_eq!(p.body("firstname").str(), Some("x"));
    assert!(!p.post("firstname").is_set());
    assert!(!p.request("firstname").is_set());
    // Symfony only parses the exact (case-sensitive) urlencoded type for PUT.
    let m = gather(
        "DELETE",
        "",
        Some("multipart/form-data; boundary=x"),
        b"",
        &Limits::default(),
    )
    .unwrap();
    assert!(m.body_bag().is_empty());
}

#[test]
fn typed_helpers() {
    let p = form(
        "",
        "n=12abc&f=yes&t=0&e=&l=5&arr[]=1&arr[]=2&arr[x][]=3&empty_arr",
    );
    assert_eq!(p.post("n").int(), 12);
    assert_eq!(p.post("missing").int(), 0);
    assert!(p.post("f").boolean());
    assert!(p.post("f").truthy());
    assert!(!p.post("t").truthy());
    assert!(!p.post("e").truthy());
    assert!(p.post("e").is_set());
    assert_eq!(p.post("l").list(), Vec::<&str>::new()); // scalar → empty list
    assert_eq!(p.post("arr").list(), vec!["1", "2"]); // nested array skipped
    assert_eq!(p.post("arr").int(), 1);
    assert_eq!(p.post("arr").str(), None);
    assert_eq!(p.post("arr").str_or_empty(), "");
}

#[test]
fn invalid_utf8_is_an_error() {
    let err = gather("GET", "name=%C3%28", None, b"", &Limits::default()).unwrap_err();
    assert_eq!(
        err,
        ParamError::InvalidUtf8 {
            origin: Origin::Query,
            name: "name".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "invalid UTF-8 in the query string (parameter \"name\")"
    );
    let err = gather("POST", "", FORM, b"n%FFm=1", &Limits::default()).unwrap_err();
    assert!(matches!(
        err,
        ParamError::InvalidUtf8 {
            origin: Origin::Body,
            ..
        }
    ));
    let err = gather("POST", "", FORM, b"ok=\xff", &Limits::default()).unwrap_err();
    assert!(matches!(
        err,
        ParamError::InvalidUtf8 {
            origin: Origin::Body,
            ..
        }
    ));
    let ct = "multipart/form-data; boundary=b";
    let body = b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n\xff\xfe\r\n--b--\r\n";
    let err = gather("POST", "", Some(ct), body, &Limits::default()).unwrap_err();
    assert_eq!(
        err,
        ParamError::InvalidUtf8 {
            origin: Origin::Body,
            name: "x".into()
        }
    );
}

#[test]
fn limits() {
    let limits = Limits {
        max_fields: 3,
        max_depth: 2,
    };
    assert!(gather("GET", "a=1&b=2&c=3", None, b"", &limits).is_ok());
    assert_eq!(
        gather("GET", "a=1&b=2&c=3&d=4", None, b"", &limits).unwrap_err(),
        ParamError::TooManyFields {
            origin: Origin::Query,
            limit: 3
        }
    );
    // Limits count per source.
    assert!(gather("POST", "a=1&b=2&c=3", FORM, b"a=1&b=2&c=3", &limits).is_ok());
    assert!(gather("GET", "a[1][2]=x", None, b"", &limits).is_ok());
    assert_eq!(
        gather("POST", "", FORM, b"a[1][2][3]=x", &limits).unwrap_err(),
        ParamError::TooDeep {
            origin: Origin::Body,
            limit: 2
        }
    );
    let body = multipart_body("b", &[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4")]);
    let err = gather(
        "POST",
        "",
        Some("multipart/form-data; boundary=b"),
        &body,
        &limits,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ParamError::TooManyFields {
            origin: Origin::Body,
            ..
        }
    ));
    // The default depth matches PHP's max_input_nesting_level.
    let deep64 = format!("a{}=1", "[x]".repeat(64));
    let deep65 = format!("a{}=1", "[x]".repeat(65));
    assert!(gather("GET", &deep64, None, b"", &Limits::default()).is_ok());
    assert!(gather("GET", &deep65, None, b"", &Limits::default()).is_err());
    // A hash nested deeper than the limit is ignored like invalid JSON.
    let p = gather(
        "GET",
        "hash=%7B%22a%22%3A%5B%5B%5B1%5D%5D%5D%7D",
        None,
        b"",
        &limits,
    )
    .unwrap();
    assert!(!p.query("a").is_set());
}

#[test]
fn multipart_details() {
    let ct = "multipart/form-data; boundary=\"XyZ\"";
    let body = b"preamble text\r\n\
--XyZ\r\n\
content-disposition: form-data; name=\"a b[k.1]\"\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
line1\r\nline2\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"empty\"\r\n\
\r\n\
\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"doc\"; filename=\"r\xe9sum\xe9.txt\"\r\n\
Content-Type: application/octet-stream\r\n\
\r\n\
\x00\xff binary\r\n\
--XyZ\r\n\
Content-Disposition: form-data\r\n\
\r\n\
nameless\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"unicode\"\r\n\
\r\n\
Jos\xc3\xa9\r\n\
--XyZ--\r\n\
epilogue";
    let p = gather("POST", "", Some(ct), body, &Limits::default()).unwrap();
    assert_eq!(
        p.post("a_b")
            .array()
            .unwrap()
            .get("k.1")
            .and_then(Param::as_str),
        Some("line1\r\nline2")
    );
    assert_eq!(p.post("empty").str(), Some(""));
    assert_eq!(p.post("unicode").str(), Some("José"));
    assert!(!p.post("doc").is_set());
    assert_eq!(p.post_bag().len(), 3);
    let f = &p.files()[0];
    assert_eq!(f.name, "doc");
    assert_eq!(f.filename, "r\u{fffd}sum\u{fffd}.txt");
    assert_eq!(f.content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(f.data, b"\x00\xff binary");
}

#[test]
fn multipart_lf_only_and_missing_final_dashes() {
    let ct = "multipart/form-data; boundary=b";
    let body = b"--b\nContent-Disposition: form-data; name=\"x\"\n\n1\n--b\nContent-Disposition: form-data; name=\"y\"\n\n2\n--b\n";
    let p = gather("POST", "", Some(ct), body, &Limits::default()).unwrap();
    assert_eq!(p.post("x").str(), Some("1"));
    assert_eq!(p.post("y").str(), Some("2"));
}

#[test]
fn malformed_multipart() {
    let cases: &[(&str, &[u8])] = &[
        ("multipart/form-data", b"--b\r\n\r\n"),
        ("multipart/form-data; boundary=b", b"no boundary here"),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n",
        ),
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ntruncated value",
        ),
        ("multipart/form-data; boundary=b", b""),
    ];
    for (ct, body) in cases {
        let err = gather("POST", "", Some(ct), body, &Limits::default()).unwrap_err();
        assert!(
            matches!(err, ParamError::Multipart(_)),
            "{ct} {body:?}: {err:?}"
        );
        assert!(err
            .to_string()
            .starts_with("malformed multipart/form-data body: "));
    }
}

#[test]
fn empty_inputs() {
    let p = gather("POST", "", FORM, b"", &Limits::default()).unwrap();
    assert_eq!(
        p.routing(),
        Routing {
            action: String::new(),
            username: String::new(),
            api_key: String::new(),
            course: 0,
            session: 0
        }
    );
    assert!(p.files().is_empty());
}

/// Cheap deterministic fuzzing: random mixes of syntax-relevant tokens must never
/// panic, whatever the outcome.
#[test]
fn random_inputs_never_panic() {
    const TOKENS: &[&[u8]] = &[
        b"a",
        b"[",
        b"]",
        b"=",
        b"&",
        b"%",
        b"%5B",
        b"%5D",
        b"+",
        b".",
        b" ",
        b"\r\n",
        b"\n",
        b"--b",
        b"--",
        b"\"",
        b";",
        b"name=",
        b"filename=",
        b"Content-Disposition: form-data; ",
        b"\xff",
        b"\xc3\xa9",
        b"\0",
        b"hash=",
        b"%7B%22a%22%3A1%7D",
        b"0",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let limits = Limits {
        max_fields: 50,
        max_depth: 4,
    };
    for _ in 0..20_000 {
        let mut input = Vec::new();
        for _ in 0..(next() % 24) {
            input.extend_from_slice(TOKENS[(next() % TOKENS.len() as u64) as usize]);
        }
        let query = String::from_utf8_lossy(&input).into_owned();
        let _ = gather("POST", &query, FORM, &input, &limits);
        let _ = gather(
            "POST",
            "",
            Some("multipart/form-data; boundary=b"),
            &input,
            &limits,
        );
        if let Ok(p) = gather("PUT", &query, FORM, &input, &limits) {
            let _ = p.routing();
        }
    }
}
