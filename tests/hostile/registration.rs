//! The registration.soap.php (WSRegistration) hostile-input corpus, generated: every attack
//! soap.php gets (`soap.rs`), aimed at an authorised `WSCreateUser` call for user "evil", then
//! its own part shapes (the one struct part as a string, an array or nil; the key missing,
//! compound or outside the struct; arrays and strings where structs are expected), huge item
//! counts within the body limit, and payloads in every member of every operation served.
//!
//! Where the right key is sent, the case must be faulted or refused: the answer's values are
//! all `0`, empty or echoed (`Expect::Refused`), and, as for every case, no row changes.
//! Shapes a lenient reading may legitimately accept carry a wrong key.

use chamilo_soap::ws_registration::SERVICE;

use super::cases::{short, Case, Expect, PAYLOADS};
use super::soap::{self, Corpus, Target, FIRSTNAME, WRONG_KEY};
use crate::common::soap::key;

const ENDPOINT: &str = "/main/webservices/registration.soap.php";
const NAMESPACE: &str = "urn:WSRegistration";

/// A call of `op` whose parts are `inner`, as PHP's SoapClient writes it for the WSDL.
fn envelope(op: &str, inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:ns1=\"{NAMESPACE}\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\" \
         SOAP-ENV:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><SOAP-ENV:Body>\
         <ns1:{op}>{inner}</ns1:{op}></SOAP-ENV:Body></SOAP-ENV:Envelope>\n"
    )
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A string member.
fn m(name: &str, value: &str) -> String {
    format!("<{name} xsi:type=\"xsd:string\">{}</{name}>", esc(value))
}

const EXTRA_EMPTY: &str =
    r#"<extra SOAP-ENC:arrayType="ns1:extras[0]" xsi:type="ns1:extrasList"></extra>"#;

/// The members of `createUser` for user "evil" (active), without the key.
fn evil_members() -> String {
    [
        m("firstname", FIRSTNAME),
        m("lastname", "Last evil"),
        m("status", "5"),
        m("email", "evil@example.org"),
        m("loginname", "evil"),
        m("password", "secret-pw"),
        m("language", "english"),
        m("phone", ""),
        m("expiration_date", ""),
        m("original_user_id_name", "external_user_id"),
        m("original_user_id_value", "EVIL-1"),
        EXTRA_EMPTY.to_owned(),
    ]
    .concat()
}

/// `WSCreateUser` with `members` in its `createUser` struct.
fn create_user(members: &str) -> String {
    envelope(
        "WSCreateUser",
        &format!("<createUser xsi:type=\"ns1:createUser\">{members}</createUser>"),
    )
}

/// The authorised call every strict case corrupts: `WSCreateUser` of "evil", active.
fn target() -> Target {
    let with_key = |k: &str| {
        format!(
            "{}{}{}",
            evil_members(),
            m("secret_key", k),
            m("active", "1")
        )
    };
    Target {
        endpoint: ENDPOINT,
        namespace: NAMESPACE,
        op: "WSCreateUser",
        other_op: "WSDeleteUsers",
        valid: create_user(&with_key(&key())),
        no_key: create_user(&format!("{}{}", evil_members(), m("active", "1"))),
        int_mark: r#"<status xsi:type="xsd:string">"#,
        array: "extra",
        array_empty: EXTRA_EMPTY.to_owned(),
        lenient_members: true,
    }
}

pub fn cases() -> Vec<Case> {
    soap::corpus(target(), own_cases, payloads)
}

/// The call the strict cases corrupt, as it is: it creates "evil" (the corpus checks it does,
/// last, so that a case left unrefused would have written).
pub fn valid() -> super::wire::Request {
    let t = target();
    t.post(t.valid.clone())
}

fn own_cases(c: &mut Corpus) {
    part_shapes(c);
    key_shapes(c);
    member_shapes(c);
    batch_shapes(c);
    huge_batches(c);
}

/// `valid` with its first `from` replaced by `to` (which must be there).
fn edit(c: &Corpus, from: &str, to: &str) -> String {
    c.target().edit(from, to)
}

fn refused(c: &mut Corpus, category: &'static str, name: &str, body: String) {
    let req = c.target().post(body);
    c.add(category, name, req, Expect::Refused);
}

/// The one struct part in the wrong shape.
fn part_shapes(c: &mut Corpus) {
    let cat = "registration: the struct part's shape";
    // the original takes a bare first part as the key (build B's WSListCourses): it passes,
    // and the operation then finds no members
    refused(
        c,
        cat,
        "createUser as a string holding the key",
        envelope("WSCreateUser", &m("createUser", &key())),
    );
    refused(
        c,
        cat,
        "the key as the first part, the struct second",
        envelope(
            "WSCreateUser",
            &format!(
                "{}<createUser>{}</createUser>",
                m("secret_key", &key()),
                evil_members()
            ),
        ),
    );
    c.fault(
        cat,
        "createUser as a string",
        envelope("WSCreateUser", &m("createUser", "evil")),
    );
    c.fault(
        cat,
        "createUser nil",
        envelope("WSCreateUser", r#"<createUser xsi:nil="true"/>"#),
    );
    c.fault(
        cat,
        "createUser empty",
        envelope("WSCreateUser", "<createUser/>"),
    );
    c.fault(cat, "no part at all", envelope("WSCreateUser", ""));
    let members = format!("{}{}", evil_members(), m("secret_key", &key()));
    c.fault(
        cat,
        "createUser as a SOAP array, the members in its item",
        envelope(
            "WSCreateUser",
            &format!(
                r#"<createUser xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="ns1:createUser[1]"><item>{members}</item></createUser>"#
            ),
        ),
    );
    c.fault(
        cat,
        "createUser as a SOAP array of the key",
        envelope(
            "WSCreateUser",
            &format!(
                r#"<createUser xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[1]"><item>{}</item></createUser>"#,
                key()
            ),
        ),
    );
    c.fault(
        cat,
        "createUser's members as parts",
        envelope("WSCreateUser", &members),
    );
    c.fault(
        cat,
        "GetUser as a SOAP array, the members in its item",
        envelope(
            "WSGetUser",
            &format!(
                r#"<GetUser xsi:type="SOAP-ENC:Array"><item>{}{}{}</item></GetUser>"#,
                m("original_user_id_value", "SEED-1"),
                m("original_user_id_name", "external_user_id"),
                m("secret_key", &key())
            ),
        ),
    );
    refused(
        c,
        cat,
        "GetUser as a string holding the key",
        envelope("WSGetUser", &m("GetUser", &key())),
    );
}

/// The `secret_key` member missing, empty, compound, or outside the struct.
fn key_shapes(c: &mut Corpus) {
    let cat = "registration: the secret_key member";
    let k = m("secret_key", &key());
    c.fault(cat, "secret_key missing", edit(c, &k, ""));
    c.fault(cat, "secret_key empty", edit(c, &k, &m("secret_key", "")));
    c.fault(
        cat,
        "secret_key nil",
        edit(c, &k, r#"<secret_key xsi:nil="true"/>"#),
    );
    c.fault(
        cat,
        "secret_key as an array holding the key",
        edit(
            c,
            &k,
            &format!(
                r#"<secret_key xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[1]"><item>{}</item></secret_key>"#,
                key()
            ),
        ),
    );
    c.fault(
        cat,
        "secret_key as a struct holding the key",
        edit(c, &k, &format!("<secret_key><k>{}</k></secret_key>", key())),
    );
    c.fault(
        cat,
        "secret_key as an apache Map",
        edit(
            c,
            &k,
            &format!(
                r#"<secret_key xsi:type="apache:Map"><item><key>k</key><value>{}</value></item></secret_key>"#,
                key()
            ),
        ),
    );
    c.fault(
        cat,
        "the key in a second part after the struct",
        edit(c, &k, "").replacen("</createUser>", &format!("</createUser>{k}"), 1),
    );
    c.fault(
        cat,
        "the key inside the extra array",
        edit(
            c,
            &k,
            "",
        )
        .replacen(
            EXTRA_EMPTY,
            &format!(r#"<extra SOAP-ENC:arrayType="ns1:extras[1]" xsi:type="ns1:extrasList"><item>{k}</item></extra>"#),
            1,
        ),
    );
    c.fault(
        cat,
        "the key of another operation's struct (GetUser) wrapped in createUser",
        create_user(&format!("<GetUser>{}</GetUser>{}", k, evil_members())),
    );
    let without =
        |op: &str, part: &str, members: &str| envelope(op, &format!("<{part}>{members}</{part}>"));
    c.fault(
        cat,
        "WSGetUser without secret_key",
        without(
            "WSGetUser",
            "GetUser",
            &format!(
                "{}{}",
                m("original_user_id_value", "SEED-1"),
                m("original_user_id_name", "external_user_id")
            ),
        ),
    );
    c.fault(
        cat,
        "WSListCourses without secret_key",
        without(
            "WSListCourses",
            "listCourseInput",
            &m("original_course_id_name", "external_course_id"),
        ),
    );
    c.fault(
        cat,
        "WSDeleteUsers without secret_key",
        without(
            "WSDeleteUsers",
            "user_ids",
            &format!(
                r#"<ids SOAP-ENC:arrayType="ns1:user_id[1]" xsi:type="ns1:user_ids_array"><item>{}{}</item></ids>"#,
                m("original_user_id_value", "SEED-1"),
                m("original_user_id_name", "external_user_id")
            ),
        ),
    );
}

/// Members of `createUser` in the wrong shape. A compound value where the WSDL types the
/// member simple is a Client fault with the right key (checked before the key); the other
/// shapes can name no user and are refused, or carry a wrong key where a lenient reading may
/// accept them.
fn member_shapes(c: &mut Corpus) {
    let cat = "registration: members in the wrong shape";
    let login = m("loginname", "evil");
    let array_of = |name: &str, value: &str| {
        format!(
            r#"<{name} xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[1]"><item>{value}</item></{name}>"#
        )
    };
    for (name, body) in [
        (
            "loginname as an array",
            edit(c, &login, &array_of("loginname", "evil")),
        ),
        (
            "loginname as a struct",
            edit(c, &login, "<loginname><a>evil</a></loginname>"),
        ),
        (
            "loginname as an apache Map",
            edit(
                c,
                &login,
                r#"<loginname xsi:type="apache:Map"><item><key>0</key><value>evil</value></item></loginname>"#,
            ),
        ),
        (
            "password as an array",
            edit(
                c,
                &m("password", "secret-pw"),
                &array_of("password", "secret-pw"),
            ),
        ),
        (
            "password as a struct",
            edit(
                c,
                &m("password", "secret-pw"),
                "<password><hash>x</hash></password>",
            ),
        ),
        (
            "firstname as a struct",
            edit(
                c,
                &m("firstname", FIRSTNAME),
                "<firstname><a>First</a></firstname>",
            ),
        ),
        (
            "status as a struct",
            edit(c, &m("status", "5"), "<status><a>1</a></status>"),
        ),
        (
            "email as an array",
            edit(
                c,
                &m("email", "evil@example.org"),
                &array_of("email", "evil@example.org"),
            ),
        ),
        (
            "an extra field's name as a struct",
            edit(
                c,
                EXTRA_EMPTY,
                &format!(
                    r#"<extra SOAP-ENC:arrayType="ns1:extras[1]" xsi:type="ns1:extrasList"><item><field_name><a>f</a></field_name>{}</item></extra>"#,
                    m("field_value", "v")
                ),
            ),
        ),
    ] {
        c.fault(cat, name, body);
    }
    for (name, body) in [
        (
            "loginname twice",
            edit(c, &login, &format!("{login}{}", m("loginname", "evil2"))),
        ),
        (
            "loginname nil",
            edit(c, &login, r#"<loginname xsi:nil="true"/>"#),
        ),
    ] {
        refused(c, cat, name, body);
    }
    // a lenient reading takes these as an empty list or one item; whatever it makes of them,
    // a wrong key must refuse them
    let bad = c.target().bad_key();
    for (name, from, to) in [
        (
            "extra as a scalar",
            EXTRA_EMPTY.to_owned(),
            "<extra>x</extra>".to_owned(),
        ),
        (
            "extra as a struct",
            EXTRA_EMPTY.to_owned(),
            format!(
                "<extra>{}{}</extra>",
                m("field_name", "f"),
                m("field_value", "v")
            ),
        ),
    ] {
        c.fault(
            cat,
            format!("{name} (wrong key)"),
            bad.replacen(&from, &to, 1),
        );
    }
}

/// A `user_ids` call of `op` whose `ids` member is `ids`.
fn user_ids(op: &str, ids: &str, k: &str) -> String {
    envelope(
        op,
        &format!("<user_ids>{ids}{}</user_ids>", m("secret_key", k)),
    )
}

/// One `WSSubscribeUserToCourse` item with `course_id` and `user_id` as given.
fn enrolment(course_id: &str, user_id: &str) -> String {
    envelope(
        "WSSubscribeUserToCourse",
        &format!(
            r#"<subscribeUserToCourse><userscourses SOAP-ENC:arrayType="ns1:user_course_status[1]" xsi:type="ns1:user_course_status_array"><item>{course_id}{user_id}<status xsi:type="xsd:int">5</status></item></userscourses>{}</subscribeUserToCourse>"#,
            m("secret_key", &key())
        ),
    )
}

/// Batch members where the WSDL has structs: arrays, strings, positional tricks. The seeded
/// bystander (SEED-2) is in neither the seeded course nor anything else: naming him by
/// position would write.
fn batch_shapes(c: &mut Corpus) {
    let cat = "registration: arrays and strings where structs are expected";
    let k = key();
    let pair = |ext: &str| {
        format!(
            "{}{}",
            m("original_user_id_value", ext),
            m("original_user_id_name", "external_user_id")
        )
    };
    refused(
        c,
        cat,
        "ids items as strings",
        user_ids(
            "WSDeleteUsers",
            r#"<ids SOAP-ENC:arrayType="xsd:string[2]" xsi:type="SOAP-ENC:Array"><item>SEED-1</item><item>external_user_id</item></ids>"#,
            &k,
        ),
    );
    refused(
        c,
        cat,
        "ids items as arrays holding the pair",
        user_ids(
            "WSDeleteUsers",
            r#"<ids SOAP-ENC:arrayType="xsd:anyType[1]" xsi:type="SOAP-ENC:Array"><item xsi:type="SOAP-ENC:Array"><item>SEED-1</item><item>external_user_id</item></item></ids>"#,
            &k,
        ),
    );
    refused(
        c,
        cat,
        "ids as a string",
        user_ids("WSDisableUsers", &m("ids", "SEED-1"), &k),
    );
    refused(
        c,
        cat,
        "ids nested one level too deep",
        user_ids(
            "WSDeleteUsers",
            &format!(
                r#"<ids SOAP-ENC:arrayType="ns1:user_ids_array[1]" xsi:type="SOAP-ENC:Array"><item xsi:type="SOAP-ENC:Array"><item>{}</item></item></ids>"#,
                pair("SEED-1")
            ),
            &k,
        ),
    );
    let course = format!(
        "<course_id>{}{}</course_id>",
        m("original_course_id_name", "external_course_id"),
        m("original_course_id_value", "SEED-C")
    );
    let user = format!("<user_id>{}</user_id>", pair("SEED-2"));
    refused(
        c,
        cat,
        "user_id as an array holding value and name",
        enrolment(
            &course,
            r#"<user_id xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[2]"><item>SEED-2</item><item>external_user_id</item></user_id>"#,
        ),
    );
    refused(
        c,
        cat,
        "user_id as a string",
        enrolment(&course, &m("user_id", "SEED-2")),
    );
    refused(
        c,
        cat,
        "course_id as an array holding name and value",
        enrolment(
            r#"<course_id xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[2]"><item>external_course_id</item><item>SEED-C</item></course_id>"#,
            &user,
        ),
    );
    refused(
        c,
        cat,
        "course_id as a string",
        enrolment(&m("course_id", "SEED-C"), &user),
    );
    refused(
        c,
        cat,
        "userscourses items as strings",
        envelope(
            "WSSubscribeUserToCourse",
            &format!(
                r#"<subscribeUserToCourse><userscourses SOAP-ENC:arrayType="xsd:string[2]" xsi:type="SOAP-ENC:Array"><item>SEED-C</item><item>SEED-2</item></userscourses>{}</subscribeUserToCourse>"#,
                m("secret_key", &k)
            ),
        ),
    );
    refused(
        c,
        cat,
        "users as a string",
        envelope(
            "WSCreateUsers",
            &format!(
                "<createUsers>{}{}</createUsers>",
                m("users", "evil"),
                m("secret_key", &k)
            ),
        ),
    );
    // the single struct a list may be given as (§1.3) holds the seeded victim's login: taken
    let victim = evil_members().replacen(&m("loginname", "evil"), &m("loginname", "victim"), 1);
    refused(
        c,
        cat,
        "users as one struct (a taken login)",
        envelope(
            "WSCreateUsers",
            &format!(
                "<createUsers><users><item>{victim}</item></users>{}</createUsers>",
                m("secret_key", &k)
            ),
        ),
    );
    refused(
        c,
        cat,
        "userssessions item with the user values as strings",
        envelope(
            "WSSuscribeUsersToSession",
            &format!(
                r#"<subscribeUsersToSession><userssessions SOAP-ENC:arrayType="ns1:subscribeUsersToSessionParams[1]" xsi:type="ns1:subscribeUsersToSessionParamsList"><item><original_user_id_values xsi:type="SOAP-ENC:Array"><item>SEED-2</item></original_user_id_values>{}{}{}</item></userssessions>{}</subscribeUsersToSession>"#,
                m("original_user_id_name", "external_user_id"),
                m("original_session_id_value", "SEED-S"),
                m("original_session_id_name", "external_session_id"),
                m("secret_key", &k)
            ),
        ),
    );
}

/// As many items as fit the corpus's body limit with a wrong key (the key, after the items,
/// is checked before any item is looked at), thousands refused with the right one, and more
/// than the decoder may hold.
fn huge_batches(c: &mut Corpus) {
    let cat = "registration: huge item counts";
    let limit = super::BODY_LIMIT;
    let id_item = |i: usize| {
        format!(
            "<item>{}{}</item>",
            m("original_user_id_value", &format!("NOBODY-{i}")),
            m("original_user_id_name", "external_user_id")
        )
    };
    let ids_of = |items: &str, n: usize| {
        format!(
            r#"<ids SOAP-ENC:arrayType="ns1:user_id[{n}]" xsi:type="ns1:user_ids_array">{items}</ids>"#
        )
    };
    // about 130 bytes an item: fill the limit but one kilobyte
    let n = (limit - 1024) / id_item(99_999).len();
    let items: String = (0..n).map(id_item).collect();
    let body = user_ids("WSDeleteUsers", &ids_of(&items, n), WRONG_KEY);
    assert!(body.len() < limit, "{} bytes", body.len());
    c.fault(cat, format!("WSDeleteUsers, {n} ids (wrong key)"), body);
    let user = |i: usize| {
        format!(
            "<item>{}</item>",
            evil_members().replace("EVIL-1", &format!("EVIL-{i}"))
        )
    };
    let users_n = (limit - 1024) / user(99_999).len();
    let users: String = (0..users_n).map(user).collect();
    let body = envelope(
        "WSCreateUsers",
        &format!(
            "<createUsers><users>{users}</users>{}</createUsers>",
            m("secret_key", WRONG_KEY)
        ),
    );
    assert!(body.len() < limit, "{} bytes", body.len());
    c.fault(
        cat,
        format!("WSCreateUsers, {users_n} users (wrong key)"),
        body,
    );

    // with the right key every item is worked through: few enough for the case budget
    let n = 5_000;
    let items: String = (0..n).map(id_item).collect();
    refused(
        c,
        cat,
        &format!("WSDisableUsers, {n} unknown ids"),
        user_ids("WSDisableUsers", &ids_of(&items, n), &key()),
    );
    refused(
        c,
        cat,
        &format!("WSDeleteUsers, {n} empty items"),
        user_ids("WSDeleteUsers", &ids_of(&"<item/>".repeat(n), n), &key()),
    );
    let n = 20_000;
    refused(
        c,
        cat,
        &format!("WSCreateUsers, {n} empty items"),
        envelope(
            "WSCreateUsers",
            &format!(
                "<createUsers><users>{}</users>{}</createUsers>",
                "<item/>".repeat(n),
                m("secret_key", &key())
            ),
        ),
    );
    // each item hashes its password before its login is found taken: a thousand is plenty
    let n = 1_000;
    let victim = evil_members().replacen(&m("loginname", "evil"), &m("loginname", "victim"), 1);
    refused(
        c,
        cat,
        &format!("WSCreateUsers, {n} items with a taken login"),
        envelope(
            "WSCreateUsers",
            &format!(
                "<createUsers><users>{}</users>{}</createUsers>",
                format!("<item>{victim}</item>").repeat(n),
                m("secret_key", &key())
            ),
        ),
    );
    let n = 1_000;
    let values: String = (0..n)
        .map(|i| {
            format!(
                "<item>{}</item>",
                m("original_user_id_value", &format!("NOBODY-{i}"))
            )
        })
        .collect();
    refused(
        c,
        cat,
        &format!("WSSuscribeUsersToSession, {n} unknown users in one item"),
        envelope(
            "WSSuscribeUsersToSession",
            &format!(
                r#"<subscribeUsersToSession><userssessions SOAP-ENC:arrayType="ns1:subscribeUsersToSessionParams[1]" xsi:type="ns1:subscribeUsersToSessionParamsList"><item><original_user_id_values SOAP-ENC:arrayType="ns1:originalUserItem[{n}]" xsi:type="ns1:originalUsersList">{values}</original_user_id_values>{}{}{}</item></userssessions>{}</subscribeUsersToSession>"#,
                m("original_user_id_name", "external_user_id"),
                m("original_session_id_value", "SEED-S"),
                m("original_session_id_name", "external_session_id"),
                m("secret_key", &key())
            ),
        ),
    );
    // more values than 4 × the body's size may hold once decoded: the decoder's own fault
    let n = (limit - 1024) / "<item/>".len();
    let body = user_ids("WSDisableUsers", &ids_of(&"<item/>".repeat(n), n), &key());
    assert!(body.len() < limit, "{} bytes", body.len());
    c.fault(
        cat,
        format!("WSDisableUsers, {n} empty items (over the decoder's memory)"),
        body,
    );
}

/// What the served WSDL says a type is.
enum Shape {
    Struct(Vec<(String, String)>),
    Array(String),
}

const WSDL: &str = include_str!("../../wsdl/WSRegistration.wsdl");

fn shape(type_name: &str) -> Shape {
    let open = format!("<xsd:complexType name=\"{type_name}\">");
    let start = WSDL
        .find(&open)
        .unwrap_or_else(|| panic!("type {type_name} in the WSDL"));
    let end = start + WSDL[start..].find("</xsd:complexType>").unwrap();
    let def = &WSDL[start..end];
    if let Some(at) = def.find("wsdl:arrayType=\"tns:") {
        let item = &def[at + "wsdl:arrayType=\"tns:".len()..];
        return Shape::Array(format!("tns:{}", &item[..item.find("[]").unwrap()]));
    }
    Shape::Struct(
        def.split("<xsd:element name=\"")
            .skip(1)
            .map(|e| {
                let (name, rest) = e.split_once('"').unwrap();
                let ty = rest.split("type=\"").nth(1).unwrap();
                (name.to_owned(), ty[..ty.find('"').unwrap()].to_owned())
            })
            .collect(),
    )
}

/// The parts of `op`'s request message: (name, type).
fn parts(op: &str) -> Vec<(String, String)> {
    let open = format!("<message name=\"{op}Request\">");
    let start = WSDL
        .find(&open)
        .unwrap_or_else(|| panic!("{op} in the WSDL"));
    let end = start + WSDL[start..].find("</message>").unwrap();
    WSDL[start..end]
        .split("<part name=\"")
        .skip(1)
        .map(|p| {
            let (name, rest) = p.split_once('"').unwrap();
            let ty = rest.split("type=\"").nth(1).unwrap();
            (name.to_owned(), ty[..ty.find('"').unwrap()].to_owned())
        })
        .collect()
}

/// An element `name` of type `ty` with `payload` in every text, `secret_key` holding `key`,
/// and one item in every array.
fn filled(name: &str, ty: &str, payload: &str, key: &str) -> String {
    let Some(tns) = ty.strip_prefix("tns:") else {
        return m(name, if name == "secret_key" { key } else { payload });
    };
    match shape(tns) {
        Shape::Struct(members) => {
            let inner: String = members
                .iter()
                .map(|(n, t)| filled(n, t, payload, key))
                .collect();
            format!("<{name} xsi:type=\"{ty}\">{inner}</{name}>")
        }
        Shape::Array(item) => format!(
            "<{name} xsi:type=\"{ty}\" SOAP-ENC:arrayType=\"{}[1]\">{}</{name}>",
            item.replace("tns:", "ns1:"),
            filled("item", &item, payload, key)
        ),
    }
}

/// Operations that only read, or write only what their references name: with payloads for
/// references, they can name nothing, so they get the right key. Every other operation (the
/// creates, those taking Chamilo ids read as PHP's intval, operations added later) a wrong one.
const NAMES_NOTHING: &[&str] = &[
    "WSGetUser",
    "WSListCourses",
    "WSUserSubscribedInCourse",
    "WSCertificatesList",
    "WSEditUserCredentials",
    "WSEditUsers",
    "WSEditUser",
    "WSEditUserWithPicture",
    "WSEditUsersPasswordCrypted",
    "WSEditUserPasswordCrypted",
    "WSDeleteUsers",
    "WSDisableUsers",
    "WSEnableUsers",
    "WSUpdateUserOriginalIdFromUsername",
    "WSEditCourse",
    "WSDeleteCourse",
    "WSEditSession",
    "WSDeleteSession",
    "WSSubscribeUserToCourse",
    "WSUnSubscribeUserFromCourseSimple",
    "WSSuscribeUsersToSession",
    "WSUnsuscribeUsersFromSession",
    "WSSuscribeCoursesToSession",
    "WSUnsuscribeCoursesFromSession",
];

/// Every member of every operation served set to a payload, arrays with one such item.
fn payloads(c: &mut Corpus) {
    let names_nothing = "registration: SQL/HTML payloads, references naming nothing (right key)";
    let writes = "registration: SQL/HTML payloads in writes (wrong key)";
    for op in SERVICE.operations {
        let main = matches!(
            op.name,
            "WSCreateUser"
                | "WSEditUser"
                | "WSGetUser"
                | "WSListCourses"
                | "WSSubscribeUserToCourse"
                | "WSCreateSession"
        );
        let right = NAMES_NOTHING.contains(&op.name);
        for (i, p) in PAYLOADS.iter().enumerate() {
            if !main && i % 5 != 0 {
                continue;
            }
            let k = if right { key() } else { WRONG_KEY.to_owned() };
            let inner: String = parts(op.name)
                .iter()
                .map(|(name, ty)| filled(name, ty, p, &k))
                .collect();
            let body = envelope(op.name, &inner);
            let name = format!("{} every member {}", op.name, short(p));
            if right {
                let req = c.target().post(body);
                c.add(names_nothing, name, req, Expect::SoapAnswer);
            } else if op.name == "WSEditCourseDescription" {
                // its wrong key answers the original's empty array, not a fault (DECISIONS)
                let req = c.target().post(body);
                c.add(writes, name, req, Expect::Refused);
            } else {
                c.fault(writes, name, body);
            }
        }
    }
}
