//! The REST (`v2.php`) hostile-input corpus, generated.
//!
//! Many cases carry the admin's *valid* key on a write (`save_user` of user "evil"): if the
//! corruption did not stop it, a row would appear and the database check would fail.

use chamilo_rest::dispatch::ACTIONS;

use super::cases::{short, Case, Expect, PAYLOADS};
use super::wire::{Framing, Request};

pub const V2: &str = "/main/webservices/api/v2.php";
const FORM: &str = "application/x-www-form-urlencoded";

/// Keys of the accounts set up before the corpus runs.
pub struct Keys {
    pub admin: String,
    pub student: String,
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The fields of a valid `save_user` for "evil".
const EVIL: &[(&str, &str)] = &[
    ("loginname", "evil"),
    ("password", "evil-pw-123"),
    ("firstname", "First"),
    ("lastname", "Evil"),
    ("email", "evil@example.com"),
    ("status", "5"),
];

/// Every text parameter any action reads.
const PARAMS: &[&str] = &[
    "loginname",
    "password",
    "firstname",
    "lastname",
    "email",
    "phone",
    "language",
    "status",
    "user_id",
    "user",
    "course",
    "session",
    "course_id",
    "course_code",
    "id_session",
    "id_campus",
    "title",
    "code",
    "wanted_code",
    "category_code",
    "name",
    "coach_username",
    "description",
    "field_name",
    "field_value",
    "extra_field_variable",
    "extra_field_value",
    "extra_fields",
    "original_user_id_name",
    "original_user_id_value",
    "registration_id",
    "current_api_key",
    "json",
    "fields",
    "active",
    "auth_source",
    "expiration_date",
    "access_start_date",
    "access_end_date",
    "model_session_id",
    "visibility",
    "list_users[]",
    "list_courses[]",
];

struct Corpus(Vec<Case>);

impl Corpus {
    fn add(
        &mut self,
        category: &'static str,
        name: impl Into<String>,
        req: Request,
        expect: Expect,
    ) {
        self.0.push(Case {
            category,
            name: name.into(),
            req,
            expect,
        });
    }
    fn error(&mut self, category: &'static str, name: impl Into<String>, req: Request) {
        self.add(category, name, req, Expect::RestError);
    }
    fn form(&mut self, category: &'static str, name: impl Into<String>, body: impl Into<Vec<u8>>) {
        self.error(category, name, post_form(body));
    }
}

fn post_form(body: impl Into<Vec<u8>>) -> Request {
    Request::post(V2, FORM, body)
}

/// `save_user` of "evil" with this routing (username, api_key).
fn save_evil(username: &str, key: &str) -> String {
    let mut pairs = vec![
        ("action", "save_user"),
        ("username", username),
        ("api_key", key),
    ];
    pairs.extend_from_slice(EVIL);
    form(&pairs)
}

pub fn cases(k: &Keys) -> Vec<Case> {
    let mut c = Corpus(Vec::new());
    keys(&mut c, k);
    shapes(&mut c, k);
    payloads(&mut c, k);
    encoding(&mut c, k);
    content_types(&mut c, k);
    duplicates(&mut c, k);
    limits(&mut c, k);
    huge(&mut c);
    hash(&mut c, k);
    methods(&mut c, k);
    oversized(&mut c, k);
    c.0
}

fn keys(c: &mut Corpus, k: &Keys) {
    let cat = "wrong/malformed api_key";
    let a = &k.admin;
    let flipped = format!("{}{}", &a[..31], if a.ends_with('0') { '1' } else { '0' });
    let wrong: Vec<(&str, String, &str)> = vec![
        ("empty key", String::new(), "admin"),
        ("one character changed", flipped, "admin"),
        ("upper case", a.to_uppercase(), "admin"),
        ("31 characters", a[..31].to_owned(), "admin"),
        ("33 characters", format!("{a}0"), "admin"),
        ("student's key for admin", k.student.clone(), "admin"),
        ("admin's key for student", a.clone(), "student"),
        ("admin's key for nobody", a.clone(), "nobody"),
        ("admin's key without username", a.clone(), ""),
        ("0", "0".into(), "admin"),
        (
            "0e magic hash",
            "0e462097431906509019562988736854".into(),
            "admin",
        ),
        ("SQL key", "' OR '1'='1".into(), "admin"),
        ("SQL username", a.clone(), "admin' --"),
        ("wildcard key", "%".into(), "admin"),
        ("key with NUL", format!("{a}\0"), "admin"),
        ("key with trailing space", format!("{a} "), "admin"),
        ("non-ASCII key", "ключ🔑".into(), "admin"),
        ("key with newline", format!("{a}\n"), "admin"),
    ];
    for (name, key, user) in wrong {
        c.form(cat, format!("save_user: {name}"), save_evil(user, &key));
    }
    c.form(
        cat,
        "save_user without api_key",
        form(&[
            ("action", "save_user"),
            ("username", "admin"),
            ("loginname", "evil"),
            ("password", "x-pw-12345"),
            ("firstname", "a"),
            ("lastname", "b"),
            ("status", "5"),
        ]),
    );
    for action in [
        "delete_user",
        "get_users_api_keys",
        "logout",
        "update_user_apikey",
        "gcm_id",
    ] {
        c.form(
            cat,
            format!("{action} with a wrong key"),
            form(&[
                ("action", action),
                ("username", "admin"),
                ("api_key", "deadbeef"),
                ("user_id", "1"),
            ]),
        );
    }
    // the valid key in the body, a wrong one in the query: the query wins
    c.error(
        cat,
        "wrong key in the query, right key in the body",
        Request::post(
            format!("{V2}?api_key=deadbeef"),
            FORM,
            save_evil("admin", a),
        ),
    );
    for (name, user, password) in [
        ("wrong password", "admin", "nope"),
        ("unknown user", "nobody", "x"),
        ("SQL username", "admin' OR '1'='1", "x"),
        ("SQL password", "admin", "' OR '1'='1"),
        ("empty password", "admin", ""),
        ("empty username", "", "x"),
    ] {
        c.form(
            cat,
            format!("authenticate: {name}"),
            form(&[
                ("action", "authenticate"),
                ("username", user),
                ("password", password),
            ]),
        );
    }
}

fn shapes(c: &mut Corpus, k: &Keys) {
    let cat = "array/scalar confusion";
    let a = &k.admin;
    let base = save_evil("admin", a);
    let swaps: &[(&str, &str, &str)] = &[
        (
            "action as an array",
            "action=save_user",
            "action[]=save_user",
        ),
        ("username as an array", "username=admin", "username[]=admin"),
        ("api_key as an array", "api_key=", "api_key[0]="),
        (
            "loginname as an array",
            "loginname=evil",
            "loginname[]=evil",
        ),
        ("password as an array", "password=evil", "password[x]=evil"),
        (
            "firstname as an array",
            "firstname=First",
            "firstname[][]=First",
        ),
        ("status as an array", "status=5", "status[]=5"),
    ];
    for (name, from, to) in swaps {
        assert!(base.contains(from), "{from}");
        c.form(cat, *name, base.replacen(from, to, 1));
    }
    let list = |action: &str, extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("action", action),
            ("username", "admin"),
            ("api_key", a.as_str()),
        ];
        pairs.extend_from_slice(extra);
        form(&pairs)
    };
    c.form(
        cat,
        "list_users as a scalar",
        list(
            "subscribe_users_to_session",
            &[("id_session", "999999"), ("list_users", "1")],
        ),
    );
    c.form(
        cat,
        "list_courses as a scalar",
        list(
            "add_courses_session",
            &[("id_session", "999999"), ("list_courses", "1")],
        ),
    );
    c.form(
        cat,
        "user_id as an array (delete_user)",
        list("delete_user", &[("user_id[]", "2")]),
    );
    c.form(
        cat,
        "json as an array (save_user_json)",
        list("save_user_json", &[("json[loginname]", "evil")]),
    );
    c.form(
        cat,
        "json scalar (save_user_json)",
        list("save_user_json", &[("json", "\"evil\"")]),
    );
    c.form(
        cat,
        "json not JSON (save_user_json)",
        list("save_user_json", &[("json", "{loginname: evil")]),
    );
}

/// Every text parameter set to a payload, for every action, with a wrong key; and lookups
/// with the admin's key, which must find nothing.
fn payloads(c: &mut Corpus, k: &Keys) {
    let cat = "SQL/HTML payloads, every parameter (wrong key)";
    for action in ACTIONS {
        for p in PAYLOADS
            .iter()
            .step_by(if action.name == "save_user" { 1 } else { 5 })
        {
            let mut pairs = vec![
                ("action", action.name),
                ("username", "admin"),
                ("api_key", "' OR '1'='1"),
            ];
            for name in PARAMS {
                pairs.push((name, p));
            }
            c.form(cat, format!("{} {}", action.name, short(p)), form(&pairs));
        }
    }
    let cat = "SQL/HTML payloads in lookups (admin key)";
    // a payload with a leading number is that number to PHP's intval (and so a real id)
    for p in PAYLOADS
        .iter()
        .filter(|p| chamilo_rest::params::intval(p) == 0)
    {
        for (action, params) in [
            ("get_user_api_key", &["user", "username_to_get"][..]),
            ("delete_user", &["user_id"][..]),
            ("delete_course", &["course_code", "course_id"][..]),
            (
                "unsubscribe_users_from_session",
                &["id_session", "list_users[]"][..],
            ),
            (
                "unsubscribe_user_from_course",
                &["user_id", "course_code"][..],
            ),
            (
                "get_session_from_extra_field",
                &["field_name", "field_value"][..],
            ),
            (
                "get_courses_from_extra_field",
                &["extra_field_variable", "extra_field_value"][..],
            ),
            (
                "users_profiles_by_extra_field",
                &["field_name", "field_value"][..],
            ),
            ("user_profile", &["user_id", "course", "session"][..]),
        ] {
            let mut pairs = vec![
                ("action", action),
                ("username", "admin"),
                ("api_key", k.admin.as_str()),
            ];
            for name in params {
                pairs.push((name, p));
            }
            c.add(
                cat,
                format!("{action} {}", short(p)),
                post_form(form(&pairs)),
                Expect::RestAnswer,
            );
        }
    }
}

fn encoding(c: &mut Corpus, k: &Keys) {
    let cat = "invalid UTF-8/encodings";
    let base = save_evil("admin", &k.admin);
    for (name, bytes) in [
        ("0xFF", "%FF"),
        ("overlong /", "%C0%AF"),
        ("3-byte overlong", "%E0%80%AF"),
        ("surrogate", "%ED%A0%80"),
        ("lone continuation", "%80"),
        ("truncated sequence", "%E2%82"),
        ("above U+10FFFF", "%F4%90%80%80"),
        ("overlong NUL", "%C0%80"),
    ] {
        c.form(
            cat,
            format!("{name} in a value"),
            base.replacen("firstname=First", &format!("firstname=Fi{bytes}rst"), 1),
        );
        c.form(
            cat,
            format!("{name} in a name"),
            format!("x{bytes}y=1&{base}"),
        );
    }
    c.error(
        cat,
        "invalid UTF-8 in the query",
        Request::post(format!("{V2}?firstname=%C0%AF"), FORM, base.clone()),
    );
    c.error(
        cat,
        "raw invalid bytes in the body",
        post_form([b"firstname=\xFF\xFE&".as_slice(), base.as_bytes()].concat()),
    );
    let mp = |name: &[u8], value: &[u8]| {
        let mut body = Vec::new();
        for (n, v) in [
            ("action", "save_user"),
            ("username", "admin"),
            ("api_key", k.admin.as_str()),
        ]
        .iter()
        .chain(EVIL)
        {
            body.extend_from_slice(
                format!("--b\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(name);
        body.extend_from_slice(b"\"\r\n\r\n");
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n--b--\r\n");
        Request::post(V2, "multipart/form-data; boundary=b", body)
    };
    c.error(
        cat,
        "multipart: invalid UTF-8 value",
        mp(b"phone", b"\xC0\xAF"),
    );
    c.error(cat, "multipart: invalid UTF-8 name", mp(b"ph\xFFone", b"1"));
    c.add(
        cat,
        "raw invalid bytes in the request target",
        Request::post([V2.as_bytes(), b"?a=\xFF\xFE"].concat(), FORM, base.clone()),
        Expect::HttpReject,
    );
}

fn content_types(c: &mut Corpus, k: &Keys) {
    let cat = "wrong content types";
    let base = save_evil("admin", &k.admin);
    for ct in [
        "application/json",
        "text/plain",
        "text/xml",
        "application/x-www-form-urlencodedx",
        "application/form-urlencoded",
        "",
        "multipart/mixed; boundary=b",
    ] {
        c.error(
            cat,
            format!("form body as {ct:?}"),
            Request::post(V2, ct, base.clone()),
        );
    }
    c.error(
        cat,
        "form body without a content type",
        post_form(base.clone()).no_content_type(),
    );
    c.error(
        cat,
        "non-ASCII content type",
        post_form(base.clone()).no_content_type().header(
            "Content-Type",
            b"application/x-www-form-urlencoded\xFF".to_vec(),
        ),
    );
    let json = format!(
        r#"{{"action":"save_user","username":"admin","api_key":"{}","loginname":"evil","password":"evil-pw-123","firstname":"a","lastname":"b","status":5}}"#,
        k.admin
    );
    c.error(
        cat,
        "JSON body",
        Request::post(V2, "application/json", json),
    );
    c.error(
        cat,
        "SOAP envelope",
        Request::post(V2, "text/xml; charset=utf-8", super::soap::valid()),
    );
    c.error(
        cat,
        "multipart without a boundary",
        Request::post(V2, "multipart/form-data", "--b\r\n"),
    );
    c.error(
        cat,
        "multipart with an empty boundary",
        Request::post(V2, "multipart/form-data; boundary=", "--\r\n"),
    );
    c.error(
        cat,
        "multipart, boundary not in the body",
        Request::post(V2, "multipart/form-data; boundary=zzz", base.clone()),
    );
    let mut truncated = format!("--b\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nsave_user\r\n--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n{}", k.admin);
    c.error(
        cat,
        "multipart part never terminated",
        Request::post(V2, "multipart/form-data; boundary=b", truncated.clone()),
    );
    truncated.push_str("\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\r\n");
    c.error(
        cat,
        "multipart headers never terminated",
        Request::post(V2, "multipart/form-data; boundary=b", truncated),
    );
    c.error(
        cat,
        "multipart with an unterminated quoted boundary",
        Request::post(V2, "multipart/form-data; boundary=\"b", "--b\r\n"),
    );
}

fn duplicates(c: &mut Corpus, k: &Keys) {
    let cat = "duplicated parameters";
    let a = &k.admin;
    c.form(
        cat,
        "right key then wrong key",
        format!("{}&api_key=deadbeef", save_evil("admin", a)),
    );
    c.form(
        cat,
        "username admin then student",
        format!("{}&username=student", save_evil("admin", a)),
    );
    c.form(
        cat,
        "action save_user then invalid",
        format!("{}&action=frobnicate", save_evil("admin", a)),
    );
    c.form(
        cat,
        "api_key as scalar then as array",
        format!("{}&api_key[]=x", save_evil("admin", a)),
    );
    c.form(
        cat,
        "two wrong keys",
        format!("{}&api_key=beefdead", save_evil("admin", "deadbeef")),
    );
    let mut body = String::new();
    for (n, v) in [
        ("action", "save_user"),
        ("username", "admin"),
        ("api_key", a.as_str()),
        ("api_key", "deadbeef"),
    ]
    .iter()
    .chain(EVIL)
    {
        body.push_str(&format!(
            "--b\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str("--b--\r\n");
    c.error(
        cat,
        "multipart: right key then wrong key",
        Request::post(V2, "multipart/form-data; boundary=b", body),
    );
    c.error(
        cat,
        "Content-Type twice",
        post_form(save_evil("admin", "deadbeef")).header("Content-Type", "text/plain"),
    );
    c.error(
        cat,
        "query and body both wrong",
        Request::post(
            format!("{V2}?action=save_user&api_key=x"),
            FORM,
            save_evil("admin", "y"),
        ),
    );
}

fn limits(c: &mut Corpus, k: &Keys) {
    let cat = "field count/nesting limits";
    let base = save_evil("admin", &k.admin);
    let many: String = (0..100_000).map(|i| format!("&f{i}=1")).collect();
    c.form(
        cat,
        "100k form fields after a valid call",
        format!("{base}{many}"),
    );
    c.form(
        cat,
        "100k appended list items",
        format!("{base}{}", "&l[]=1".repeat(100_000)),
    );
    // a request line that long is refused by the HTTP layer (431) before the adapter
    c.add(
        cat,
        "100k query fields",
        Request::post(format!("{V2}?{}", &many[1..]), FORM, base.clone()),
        Expect::HttpReject,
    );
    c.error(
        cat,
        "10k+ query fields",
        Request::post(format!("{V2}?{}", "a&".repeat(10_001)), FORM, base.clone()),
    );
    let mut mp = String::new();
    for (n, v) in [
        ("action", "save_user"),
        ("username", "admin"),
        ("api_key", k.admin.as_str()),
    ]
    .iter()
    .chain(EVIL)
    {
        mp.push_str(&format!(
            "--b\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n"
        ));
    }
    for i in 0..10_001 {
        mp.push_str(&format!(
            "--b\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\n1\r\n"
        ));
    }
    mp.push_str("--b--\r\n");
    c.error(
        cat,
        "10k multipart parts",
        Request::post(V2, "multipart/form-data; boundary=b", mp),
    );
    c.form(
        cat,
        "65 bracket levels",
        format!("{base}&a{}=1", "[x]".repeat(65)),
    );
    c.form(
        cat,
        "10k bracket levels",
        format!("{base}&a{}=1", "[]".repeat(10_000)),
    );
    c.form(
        cat,
        "10k unbalanced brackets (wrong key)",
        format!("{}&a{}=1", save_evil("admin", "x"), "[".repeat(10_000)),
    );
}

fn huge(c: &mut Corpus) {
    let cat = "huge names/values";
    let mb = "A".repeat(1 << 20);
    c.form(cat, "1 MiB api_key", save_evil("admin", &mb));
    c.form(cat, "1 MiB username", save_evil(&mb, "deadbeef"));
    c.form(
        cat,
        "1 MiB action",
        form(&[("action", &mb), ("username", "admin"), ("api_key", "x")]),
    );
    c.form(
        cat,
        "1 MiB field name (wrong key)",
        format!("{}&{mb}=1", save_evil("admin", "x")),
    );
    c.form(
        cat,
        "1 MiB firstname (wrong key)",
        save_evil("admin", "x").replacen("firstname=First", &format!("firstname={mb}"), 1),
    );
    c.form(
        cat,
        "1 MiB of & separators (wrong key)",
        format!("{}{}", save_evil("admin", "x"), "&".repeat(1 << 20)),
    );
    c.form(
        cat,
        "1 MiB of % escapes (wrong key)",
        format!("{}&x={}", save_evil("admin", "x"), "%".repeat(1 << 20)),
    );
}

fn hash(c: &mut Corpus, k: &Keys) {
    let cat = "hash parameter";
    let body = save_evil("admin", &k.admin);
    let q = |json: &str| Request::post(format!("{V2}?hash={}", enc(json)), FORM, body.clone());
    c.error(
        cat,
        "hash with a wrong api_key",
        q(r#"{"api_key":"deadbeef"}"#),
    );
    c.error(
        cat,
        "hash renaming the action",
        q(r#"{"action":"frobnicate"}"#),
    );
    c.error(
        cat,
        "hash with another username",
        q(r#"{"username":"student"}"#),
    );
    c.error(
        cat,
        "hash with an array api_key",
        q(r#"{"api_key":["deadbeef"]}"#),
    );
    // (`{"api_key":0}` is "0", falsy, so the body's key is used, as PHP does)
    c.error(
        cat,
        "hash with a numeric api_key",
        q(r#"{"api_key":12345}"#),
    );
    c.error(cat, "hash with api_key true", q(r#"{"api_key":true}"#));
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let wrong = save_evil("admin", "deadbeef");
    c.error(
        cat,
        "10k-deep hash (wrong key)",
        Request::post(format!("{V2}?hash={}", enc(&deep)), FORM, wrong.clone()),
    );
    c.error(
        cat,
        "invalid hash (wrong key)",
        Request::post(format!("{V2}?hash=%7Bnot+json"), FORM, wrong.clone()),
    );
    c.error(
        cat,
        "hash as an array (wrong key)",
        Request::post(format!("{V2}?hash[]=1"), FORM, wrong.clone()),
    );
    c.error(
        cat,
        "hash with 500 members (wrong key)",
        Request::post(
            format!(
                "{V2}?hash={}",
                enc(&format!(
                    "{{{}\"z\":1}}",
                    (0..500).map(|i| format!("\"k{i}\":1,")).collect::<String>()
                ))
            ),
            FORM,
            wrong,
        ),
    );
}

fn methods(c: &mut Corpus, k: &Keys) {
    let cat = "other methods";
    for m in ["PUT", "PATCH", "DELETE"] {
        c.error(
            cat,
            format!("{m} with a wrong key"),
            post_form(save_evil("admin", "deadbeef")).method(m),
        );
    }
    c.error(
        cat,
        "GET with a wrong key",
        Request::get(format!("{V2}?{}", save_evil("admin", "deadbeef"))),
    );
    c.error(
        cat,
        "GET save_user, fields only in a GET body",
        Request::post(V2, FORM, save_evil("admin", &k.admin)).method("GET"),
    );
    c.error(
        cat,
        "OPTIONS with the valid call in the query",
        Request::get(format!("{V2}?{}", save_evil("admin", "bad"))).method("OPTIONS"),
    );
}

fn oversized(c: &mut Corpus, k: &Keys) {
    let cat = "oversized bodies";
    let limit = super::BODY_LIMIT;
    let body = format!("{}&pad={}", save_evil("admin", &k.admin), "x".repeat(limit));
    c.error(cat, "valid call over the limit", post_form(body));
    c.error(
        cat,
        "Content-Length far over the limit",
        post_form(save_evil("admin", &k.admin)).framing(Framing::Claim(limit as u64 * 100)),
    );
    let chunked = format!("{}&pad={}", save_evil("admin", &k.admin), "x".repeat(limit));
    c.error(
        cat,
        "chunked body over the limit",
        post_form(chunked).framing(Framing::Chunked),
    );
}
