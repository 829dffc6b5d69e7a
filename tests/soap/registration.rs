//! registration.soap.php (WSRegistration), end to end: the operations served so far, called as
//! PHP's SoapClient calls them through the WSDL (one struct part, the key inside it). The
//! request builders and the snapshot helper live here (snapshots `snapshots/soap__registration__*`);
//! the tests, in one module per module of `crates/soap/src/ws_registration/`.
use crate::common::soap::*;
use crate::common::spawn_app;
use chamilo_core::ItemType;

mod catalogue;
mod certificates;
mod course;
mod course_create;
mod create;
mod description;
mod edit;
mod groups;
mod key;
mod listing;
mod member_shapes;
mod search;
mod session;
mod session_create;
mod simple;
mod teacher;
mod unsubscribe;
mod user;

/// A WSRegistration call of `op` whose one part `part` (type `arg_type`) holds `members`.
pub(super) use crate::common::soap::registration_call as call;

/// Posts `request` to registration.soap.php and snapshots it with the answer under `name`.
pub(super) async fn snap_raw(app: &crate::common::TestApp, name: &str, request: String) -> String {
    let (status, ct, body) = post_to(app, REGISTRATION, request.clone()).await;
    assert_eq!(ct, "text/xml; charset=utf-8", "{name}");
    insta::assert_snapshot!(
        name.to_string(),
        format!("{request}\n--- HTTP {status}\n{body}")
    );
    body
}

/// [`snap_raw`] for an answer carrying a secret made on the server (an api key): the snapshot
/// shows `<secret>` in its place.
pub(super) async fn snap_hiding(
    app: &crate::common::TestApp,
    name: &str,
    request: String,
    secret: impl Fn(&str) -> String,
) -> String {
    let (status, ct, body) = post_to(app, REGISTRATION, request.clone()).await;
    assert_eq!(ct, "text/xml; charset=utf-8", "{name}");
    let hidden = secret(&body);
    let shown = if hidden.is_empty() {
        body.clone()
    } else {
        body.replace(&hidden, "<secret>")
    };
    insta::assert_snapshot!(
        name.to_string(),
        format!("{request}\n--- HTTP {status}\n{shown}")
    );
    body
}

/// `unsuscribeUserFromCourse` (sic) items: per item a course and its users, either as
/// WSDL-typed clients send them (`originalUserItem` structs under one name) or in the legacy
/// form (plain string values and an array of names, one per value).
pub(super) fn unsuscribe_user_from_course(items: &[(&str, &[&str], bool)], key: &str) -> String {
    let items: String = items
        .iter()
        .map(|(course, users, legacy)| {
            let n = users.len();
            let (values, names) = if *legacy {
                let string = |s: &str| format!("<item xsi:type=\"xsd:string\">{s}</item>");
                let values: String = users.iter().map(|u| string(u)).collect();
                let names = string("external_user_id").repeat(n);
                (
                    format!(
                        "<original_user_id_values SOAP-ENC:arrayType=\"xsd:string[{n}]\" \
                         xsi:type=\"SOAP-ENC:Array\">{values}</original_user_id_values>"
                    ),
                    format!(
                        "<original_user_id_name SOAP-ENC:arrayType=\"xsd:string[{n}]\" \
                         xsi:type=\"SOAP-ENC:Array\">{names}</original_user_id_name>"
                    ),
                )
            } else {
                let values: String = users
                    .iter()
                    .map(|u| {
                        format!(
                            "<item xsi:type=\"ns1:originalUserItem\"><original_user_id_value \
                             xsi:type=\"xsd:string\">{u}</original_user_id_value></item>"
                        )
                    })
                    .collect();
                (
                    format!(
                        "<original_user_id_values SOAP-ENC:arrayType=\"ns1:originalUserItem[{n}]\" \
                         xsi:type=\"ns1:originalUsersList\">{values}</original_user_id_values>"
                    ),
                    "<original_user_id_name xsi:type=\"xsd:string\">external_user_id\
                     </original_user_id_name>"
                        .to_owned(),
                )
            };
            format!(
                "<item xsi:type=\"ns1:unsuscribeUserFromCourseParams\">{values}{names}\
                 <original_course_id_value xsi:type=\"xsd:string\">{course}\
                 </original_course_id_value><original_course_id_name xsi:type=\"xsd:string\">\
                 external_course_id</original_course_id_name></item>"
            )
        })
        .collect();
    let list = format!(
        "<userscourses SOAP-ENC:arrayType=\"ns1:unsuscribeUserFromCourseParams[{}]\" \
         xsi:type=\"ns1:unsuscribeUserFromCourseParamsList\">{items}</userscourses>",
        items.matches("unsuscribeUserFromCourseParams\">").count()
    );
    call(
        "WSUnsubscribeUserFromCourse",
        "unsuscribeUserFromCourse",
        "unsuscribeUserFromCourse",
        &[("secret_key", key)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1)
}

/// `user_ids` as PHP SoapClient sends it: the `ids` array typed by the WSDL, then the key.
pub(super) fn user_ids(op: &str, values: &[&str], key: &str) -> String {
    let items: String = values
        .iter()
        .map(|v| {
            format!(
                "<item xsi:type=\"ns1:user_id\"><original_user_id_value xsi:type=\"xsd:string\">{v}\
                 </original_user_id_value><original_user_id_name xsi:type=\"xsd:string\">\
                 external_user_id</original_user_id_name></item>"
            )
        })
        .collect();
    let ids = format!(
        "<ids SOAP-ENC:arrayType=\"ns1:user_id[{}]\" xsi:type=\"ns1:user_ids_array\">{items}</ids>",
        values.len()
    );
    call(op, "user_ids", "user_ids", &[("secret_key", key)]).replacen(
        "<secret_key",
        &format!("{ids}<secret_key"),
        1,
    )
}

/// A `userscourses` list as SoapClient sends it: `item_type` items of nested `course_id` /
/// `user_id` structs and a last int member `last` (course, user, its value per item).
fn userscourses_list(item_type: &str, last: &str, items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(course, user, value)| {
            format!(
                "<item xsi:type=\"ns1:{item_type}\"><course_id xsi:type=\"ns1:course_id\">\
                 <original_course_id_name xsi:type=\"xsd:string\">external_course_id\
                 </original_course_id_name><original_course_id_value xsi:type=\"xsd:string\">\
                 {course}</original_course_id_value></course_id><user_id xsi:type=\"ns1:user_id\">\
                 <original_user_id_value xsi:type=\"xsd:string\">{user}</original_user_id_value>\
                 <original_user_id_name xsi:type=\"xsd:string\">external_user_id\
                 </original_user_id_name></user_id><{last} xsi:type=\"xsd:int\">{value}</{last}>\
                 </item>"
            )
        })
        .collect();
    format!(
        "<userscourses SOAP-ENC:arrayType=\"ns1:{item_type}[{}]\" \
         xsi:type=\"ns1:{item_type}_array\">{items}</userscourses>",
        items.matches("<item ").count()
    )
}

/// `user_course_status` items as SoapClient sends them: nested `course_id` / `user_id` structs.
pub(super) fn userscourses(items: &[(&str, &str, &str)], key: &str) -> String {
    let list = userscourses_list("user_course_status", "status", items);
    call(
        "WSSubscribeUserToCourse",
        "subscribeUserToCourse",
        "subscribeUserToCourse_arg",
        &[("secret_key", key)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1)
}

/// A catalogue operation `op` on `user_course_visibility` items (course, user, visible).
pub(super) fn catalogue_items(op: &str, items: &[(&str, &str, &str)], key: &str) -> String {
    let list = userscourses_list("user_course_visibility", "visible", items);
    call(
        op,
        "registerUserToCourseCatalogue",
        "registerUserToCourseCatalogue_arg",
        &[("secret_key", key)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1)
}

/// The members of a user to create (`usersParams` / `createUser`), as strings.
pub(super) fn person(login: &str, ext: &str) -> Vec<(String, String)> {
    [
        ("firstname", format!("First {login}")),
        ("lastname", format!("Last {login}")),
        ("status", "5".to_owned()),
        ("email", format!("{login}@example.org")),
        ("loginname", login.to_owned()),
        ("password", "secret1".to_owned()),
        ("language", "english".to_owned()),
        ("phone", String::new()),
        ("expiration_date", String::new()),
        ("original_user_id_name", "uid".to_owned()),
        ("original_user_id_value", ext.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

pub(super) fn members(m: &[(String, String)]) -> Vec<(&str, &str)> {
    m.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// `userssessions` items as SoapClient sends them: a list of users under one id field name.
pub(super) fn userssessions(
    op: &str,
    part: &str,
    arg_type: &str,
    items: &[(&str, &[&str])],
    key: &str,
) -> String {
    let items: String = items
        .iter()
        .map(|(session, users)| {
            let values: String = users
                .iter()
                .map(|u| {
                    format!(
                        "<item xsi:type=\"ns1:originalUserItem\"><original_user_id_value \
                         xsi:type=\"xsd:string\">{u}</original_user_id_value></item>"
                    )
                })
                .collect();
            format!(
                "<item xsi:type=\"ns1:subscribeUsersToSessionParams\"><original_user_id_values \
                 SOAP-ENC:arrayType=\"ns1:originalUserItem[{}]\" xsi:type=\"ns1:originalUsersList\">\
                 {values}</original_user_id_values><original_user_id_name xsi:type=\"xsd:string\">\
                 external_user_id</original_user_id_name><original_session_id_value \
                 xsi:type=\"xsd:string\">{session}</original_session_id_value>\
                 <original_session_id_name xsi:type=\"xsd:string\">external_session_id\
                 </original_session_id_name></item>",
                users.len()
            )
        })
        .collect();
    let list = format!(
        "<userssessions SOAP-ENC:arrayType=\"ns1:subscribeUsersToSessionParams[{}]\" \
         xsi:type=\"ns1:subscribeUsersToSessionParamsList\">{items}</userssessions>",
        items
            .matches("subscribeUsersToSessionParams\"><original")
            .count()
    );
    call(op, part, arg_type, &[("secret_key", key)]).replacen(
        "<secret_key",
        &format!("{list}<secret_key"),
        1,
    )
}

/// A list part `list` of `item_type` items, each one id pair `prefix` (course / session).
pub(super) fn id_items(
    op: &str,
    part: &str,
    list: &str,
    item_type: &str,
    prefix: &str,
    values: &[&str],
    key: &str,
) -> String {
    let items: String = values
        .iter()
        .map(|v| {
            format!(
                "<item xsi:type=\"ns1:{item_type}\"><original_{prefix}_id_value xsi:type=\"xsd:string\">\
                 {v}</original_{prefix}_id_value><original_{prefix}_id_name xsi:type=\"xsd:string\">\
                 external_{prefix}_id</original_{prefix}_id_name></item>"
            )
        })
        .collect();
    let list = format!(
        "<{list} SOAP-ENC:arrayType=\"ns1:{item_type}[{}]\" xsi:type=\"ns1:{item_type}List\">{items}</{list}>",
        values.len()
    );
    call(op, part, part, &[("secret_key", key)]).replacen(
        "<secret_key",
        &format!("{list}<secret_key"),
        1,
    )
}

/// `coursessessions` items: per item a session and the external values of its courses.
pub(super) fn coursessessions(
    op: &str,
    part: &str,
    items: &[(&str, &[&str])],
    key: &str,
) -> String {
    let items: String = items
        .iter()
        .map(|(session, courses)| {
            let values: String = courses
                .iter()
                .map(|c| {
                    format!(
                        "<item xsi:type=\"ns1:course_code_type\"><course_code xsi:type=\"xsd:string\">\
                         {c}</course_code></item>"
                    )
                })
                .collect();
            format!(
                "<item xsi:type=\"ns1:subscribeCoursesToSessionParams\"><original_course_id_values \
                 SOAP-ENC:arrayType=\"ns1:course_code_type[{}]\" xsi:type=\"ns1:originalCoursesList\">\
                 {values}</original_course_id_values><original_course_id_name xsi:type=\"xsd:string\">\
                 external_course_id</original_course_id_name><original_session_id_value \
                 xsi:type=\"xsd:string\">{session}</original_session_id_value>\
                 <original_session_id_name xsi:type=\"xsd:string\">external_session_id\
                 </original_session_id_name></item>",
                courses.len()
            )
        })
        .collect();
    let list = format!(
        "<coursessessions SOAP-ENC:arrayType=\"ns1:subscribeCoursesToSessionParams[{}]\" \
         xsi:type=\"ns1:subscribeCoursesToSessionParamsList\">{items}</coursessessions>",
        items
            .matches("subscribeCoursesToSessionParams\"><original")
            .count()
    );
    call(op, part, part, &[("secret_key", key)]).replacen(
        "<secret_key",
        &format!("{list}<secret_key"),
        1,
    )
}

/// md5("n3w")
pub(super) const MD5_N3W: &str = "0ef850b5604d6dc7d96a14c5d401e9fa";

/// The WSListCourses request PHP SoapClient sends in each call shape (reference captures,
/// copied from `shared/spec/reference/` into `fixtures/`: CI has only this repository), with
/// the caller's key.
pub(super) fn list_courses_request(shape: usize, key: &str) -> String {
    let captures = include_str!("fixtures/registration-phpsoapclient-requests.xml");
    let request = captures
        .split("<capture operation=\"WSListCourses\">")
        .nth(shape)
        .and_then(|c| c.split("<![CDATA[").nth(1))
        .and_then(|c| c.split("]]>").next())
        .expect("the capture");
    request.replace("SECRETKEY", key)
}

/// A `createSessionParam` item: name, coach (Chamilo id), dates as parts, external id.
pub(super) fn session_item(
    name: &str,
    coach: &str,
    start: (&str, &str, &str),
    end: (&str, &str, &str),
    nolimit: &str,
    ext: &str,
) -> String {
    let fields = [
        ("name", name),
        ("year_start", start.0),
        ("month_start", start.1),
        ("day_start", start.2),
        ("year_end", end.0),
        ("month_end", end.1),
        ("day_end", end.2),
        ("nb_days_access_before", "2"),
        ("nb_days_access_after", "3"),
        ("nolimit", nolimit),
        ("user_id", coach),
        ("duration", ""),
        ("original_session_id_name", "external_session_id"),
        ("original_session_id_value", ext),
    ];
    let members: String = fields
        .iter()
        .map(|(k, v)| format!("<{k} xsi:type=\"xsd:string\">{v}</{k}>"))
        .collect();
    format!("<item xsi:type=\"ns1:createSessionParam\">{members}</item>")
}

/// A `{item_type}` item of string members (escaped), with an `extra` list when `extra` is
/// not empty.
pub(super) fn item(item_type: &str, members: &[(&str, &str)], extra: &[(&str, &str)]) -> String {
    let esc = |v: &str| v.replace('&', "&amp;").replace('<', "&lt;");
    let mut out: String = members
        .iter()
        .map(|(k, v)| format!("<{k} xsi:type=\"xsd:string\">{}</{k}>", esc(v)))
        .collect();
    if !extra.is_empty() {
        let extras: String = extra
            .iter()
            .map(|(name, value)| {
                format!(
                    "<item xsi:type=\"ns1:extras\"><field_name xsi:type=\"xsd:string\">{name}\
                     </field_name><field_value xsi:type=\"xsd:string\">{value}</field_value></item>"
                )
            })
            .collect();
        out.push_str(&format!(
            "<extra SOAP-ENC:arrayType=\"ns1:extras[{}]\" xsi:type=\"ns1:extrasList\">{extras}</extra>",
            extra.len()
        ));
    }
    format!("<item xsi:type=\"ns1:{item_type}\">{out}</item>")
}

/// A call whose struct part `part` holds the list `list` of `item_type` items (typed
/// `{item_type}List`, as the WSDL names these lists) and the key.
pub(super) fn list_call(
    op: &str,
    part: &str,
    list: &str,
    item_type: &str,
    items: &[String],
    key: &str,
) -> String {
    let list = format!(
        "<{list} SOAP-ENC:arrayType=\"ns1:{item_type}[{}]\" xsi:type=\"ns1:{item_type}List\">{}</{list}>",
        items.len(),
        items.concat()
    );
    call(op, part, part, &[("secret_key", key)]).replacen(
        "<secret_key",
        &format!("{list}<secret_key"),
        1,
    )
}
