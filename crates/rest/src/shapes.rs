//! Response pieces several actions share: URLs, dates, the profile object and the
//! "course info array" (`rest-v2.md` §3.5, §3.7.1).

use chamilo_core::courses::Course;
use chamilo_core::users::User;
use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

use crate::action_doc::{always, Shape};

/// `Y-m-d H:i:s`, as the database hands dates to PHP.
pub fn datetime(d: &NaiveDateTime) -> String {
    d.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn opt_datetime(d: Option<&NaiveDateTime>) -> Value {
    d.map_or(Value::Null, |d| Value::String(datetime(d)))
}

/// `""` as null, as nullable text columns come back.
pub fn nullable(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_owned())
    }
}

/// A 0/1 flag the way raw rows carry it.
pub fn flag(b: bool) -> Value {
    Value::String(flag_str(b).to_owned())
}

/// A boolean column as the original's rows hold it: the string `"1"` or `"0"`.
pub fn flag_str(b: bool) -> &'static str {
    if b {
        "1"
    } else {
        "0"
    }
}

/// PHP `urlencode` (what `http_build_query` uses).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// PHP `http_build_query` of string pairs.
pub fn query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The user's picture URL, or the platform's "unknown" picture.
pub fn picture_uri(web_path: &str, user: &User) -> String {
    if user.picture_uri.is_empty() {
        return format!("{web_path}main/img/unknown.jpg");
    }
    let id = user.id.to_string();
    // Chamilo splits user upload folders by the first digit of the id
    format!(
        "{web_path}app/upload/users/{}/{id}/{}",
        &id[..1],
        user.picture_uri
    )
}

/// A profile member: the ids are JSON numbers, the rest strings.
pub enum Member<'a> {
    Int(i64),
    Text(Cow<'a, str>),
    /// a NULL column (a Chamilo platform's)
    Null,
}

/// The members of the profile object of `user_profile` / `users_profiles_by_extra_field`
/// (without `extra`), in the order the original writes them: the one list both the map and
/// `user_profile`'s direct writer are made from.
pub fn profile_members<'a>(web_path: &str, user: &'a User) -> [(&'static str, Member<'a>); 7] {
    use Member::{Int, Text};
    [
        ("pictureUri", Text(picture_uri(web_path, user).into())),
        ("id", Int(user.id)),
        ("status", Int(user.status.into())),
        ("fullName", Text(user.full_name().into())),
        ("username", Text(user.username.as_str().into())),
        ("officialCode", null_or_text(user.official_code.as_deref())),
        ("phone", null_or_text(user.phone.as_deref())),
    ]
}

fn null_or_text(text: Option<&str>) -> Member<'_> {
    text.map_or(Member::Null, |t| Member::Text(t.into()))
}

/// The profile object as a map (`users_profiles_by_extra_field`).
pub fn profile(web_path: &str, user: &User) -> Map<String, Value> {
    profile_members(web_path, user)
        .into_iter()
        .map(|(key, member)| {
            let value = match member {
                Member::Int(n) => Value::from(n),
                Member::Text(s) => Value::from(s.into_owned()),
                Member::Null => Value::Null,
            };
            (key.to_owned(), value)
        })
        .collect()
}

/// The shape of [`profile`].
pub const PROFILE: Shape = Shape::Obj(PROFILE_MEMBERS);

/// The members of [`profile_members`], then the given ones: one list for `PROFILE` and for
/// `user_profile`, which adds `extra`.
macro_rules! profile_members_and {
    ($($more:expr),* $(,)?) => {
        &[
            $crate::action_doc::always("pictureUri", $crate::action_doc::Shape::Text),
            $crate::action_doc::always("id", $crate::action_doc::Shape::Int),
            $crate::action_doc::always("status", $crate::action_doc::Shape::Int),
            $crate::action_doc::always("fullName", $crate::action_doc::Shape::Text),
            $crate::action_doc::always("username", $crate::action_doc::Shape::Text),
            $crate::action_doc::always(
                "officialCode",
                $crate::action_doc::Shape::Nullable(&$crate::action_doc::Shape::Text),
            ),
            $crate::action_doc::always(
                "phone",
                $crate::action_doc::Shape::Nullable(&$crate::action_doc::Shape::Text),
            ),
            $($more),*
        ]
    };
}
pub(crate) use profile_members_and;

/// The members of [`profile_members`].
pub const PROFILE_MEMBERS: &[crate::action_doc::Member] = profile_members_and!();

/// The course picture, or the default one the original falls back to.
pub fn course_picture(web_path: &str) -> String {
    format!("{web_path}main/img/session_default.png")
}

/// Link that opens the course home for the acting user (`user_courses`, `user_sessions`).
pub fn course_home_url(
    web_path: &str,
    api_key: &str,
    username: &str,
    course_id: i64,
    session_id: Option<i64>,
) -> String {
    let mut pairs = vec![
        ("action", "view_course_home".to_owned()),
        ("api_key", api_key.to_owned()),
        ("username", username.to_owned()),
        ("course", course_id.to_string()),
    ];
    if let Some(s) = session_id {
        pairs.push(("session", s.to_string()));
    }
    format!("{web_path}main/webservices/api/v2.php?{}", query(&pairs))
}

/// The "course info array" (§3.7.1). Filesystem paths and the course password hash are
/// never sent (DECISIONS.md): `course_sys_path` is left out, `registration_code` is null,
/// the `*_source` paths are empty.
pub fn course_info(web_path: &str, c: &Course) -> Map<String, Value> {
    let Value::Object(map) = json!({
        "id": c.code,
        "real_id": c.id.to_string(),
        "code": c.code,
        "name": c.title,
        "title": c.title,
        "official_code": c.visual_code,
        "visual_code": c.visual_code,
        "sysCode": c.code,
        "path": c.directory,
        "directory": c.directory,
        "creation_date": datetime(&c.creation_date),
        "titular": nullable(&c.tutor_name),
        "tutor_name": nullable(&c.tutor_name),
        "language": c.course_language,
        "extLink": {"url": c.department_url, "name": c.department_name},
        "categoryCode": nullable(&c.category_code),
        "category_code": nullable(&c.category_code),
        "categoryName": Value::Null,
        "visibility": c.visibility.to_string(),
        "subscribe_allowed": flag(c.subscribe),
        "subscribe": flag(c.subscribe),
        "unsubscribe": flag(c.unsubscribe),
        "course_language": c.course_language,
        "activate_legal": c.activate_legal,
        "legal": nullable(&c.legal),
        "show_score": c.show_score.to_string(),
        "department_name": c.department_name,
        "department_url": c.department_url,
        "registration_code": Value::Null,
        "disk_quota": c.disk_quota.to_string(),
        "course_public_url": format!("{web_path}courses/{}/index.php", c.directory),
        "add_teachers_to_sessions_courses": "0",
        "course_image_source": "",
        "course_image": format!("{web_path}main/img/icons/48/course.png"),
        "course_image_large_source": "",
        "course_image_large": course_picture(web_path),
    }) else {
        unreachable!("an object literal")
    };
    map
}

/// The shape of [`course_info`].
pub const COURSE_INFO: Shape = Shape::Obj(COURSE_INFO_MEMBERS);

/// The members of [`course_info`] (`courses_details_by_extra_field` adds one).
pub const COURSE_INFO_MEMBERS: &[crate::action_doc::Member] = &[
    always("id", Shape::Text),
    always("real_id", Shape::IntText),
    always("code", Shape::Text),
    always("name", Shape::Text),
    always("title", Shape::Text),
    always("official_code", Shape::Text),
    always("visual_code", Shape::Text),
    always("sysCode", Shape::Text),
    always("path", Shape::Text),
    always("directory", Shape::Text),
    always("creation_date", Shape::DateTime),
    always("titular", Shape::Nullable(&Shape::Text)),
    always("tutor_name", Shape::Nullable(&Shape::Text)),
    always("language", Shape::Text),
    always(
        "extLink",
        Shape::Obj(&[always("url", Shape::Text), always("name", Shape::Text)]),
    ),
    always("categoryCode", Shape::Nullable(&Shape::Text)),
    always("category_code", Shape::Nullable(&Shape::Text)),
    always("categoryName", Shape::Null),
    always("visibility", Shape::IntText),
    always("subscribe_allowed", Shape::Flag),
    always("subscribe", Shape::Flag),
    always("unsubscribe", Shape::Flag),
    always("course_language", Shape::Text),
    always("activate_legal", Shape::Bool),
    always("legal", Shape::Nullable(&Shape::Text)),
    always("show_score", Shape::IntText),
    always("department_name", Shape::Text),
    always("department_url", Shape::Text),
    always("registration_code", Shape::Null),
    always("disk_quota", Shape::IntText),
    always("course_public_url", Shape::Text),
    always("add_teachers_to_sessions_courses", Shape::Flag),
    always("course_image_source", Shape::Text),
    always("course_image", Shape::Text),
    always("course_image_large_source", Shape::Text),
    always("course_image_large", Shape::Text),
];

/// The shape of [`course_row`].
pub const COURSE_ROW: Shape = Shape::Obj(&[
    always("id", Shape::IntText),
    always("room_id", Shape::Null),
    always("title", Shape::Text),
    always("code", Shape::Text),
    always("directory", Shape::Text),
    always("course_language", Shape::Text),
    always("description", Shape::Text),
    always("category_code", Shape::Nullable(&Shape::Text)),
    always("visibility", Shape::IntText),
    always("show_score", Shape::IntText),
    always("tutor_name", Shape::Nullable(&Shape::Text)),
    always("visual_code", Shape::Text),
    always("department_name", Shape::Text),
    always("department_url", Shape::Text),
    always("disk_quota", Shape::IntText),
    always("last_visit", Shape::Nullable(&Shape::DateTime)),
    always("last_edit", Shape::Nullable(&Shape::DateTime)),
    always("creation_date", Shape::DateTime),
    always("expiration_date", Shape::Nullable(&Shape::DateTime)),
    always("subscribe", Shape::Flag),
    always("unsubscribe", Shape::Flag),
    always("registration_code", Shape::Null),
    always("legal", Shape::Nullable(&Shape::Text)),
    always("activate_legal", Shape::Flag),
    always("add_teachers_to_sessions_courses", Shape::Null),
    always("course_type_id", Shape::Null),
    always("real_id", Shape::IntText),
]);

/// The course table row as `get_courses` lists it (raw strings, `real_id` appended). The
/// course password hash is never sent.
pub fn course_row(co: &Course) -> Value {
    json!({
        "id": co.id.to_string(),
        "room_id": null,
        "title": co.title,
        "code": co.code,
        "directory": co.directory,
        "course_language": co.course_language,
        "description": co.description,
        "category_code": nullable(&co.category_code),
        "visibility": co.visibility.to_string(),
        "show_score": co.show_score.to_string(),
        "tutor_name": nullable(&co.tutor_name),
        "visual_code": co.visual_code,
        "department_name": co.department_name,
        "department_url": co.department_url,
        "disk_quota": co.disk_quota.to_string(),
        "last_visit": opt_datetime(co.last_visit.as_ref()),
        "last_edit": opt_datetime(co.last_edit.as_ref()),
        "creation_date": datetime(&co.creation_date),
        "expiration_date": opt_datetime(co.expiration_date.as_ref()),
        "subscribe": flag(co.subscribe),
        "unsubscribe": flag(co.unsubscribe),
        "registration_code": null,
        "legal": nullable(&co.legal),
        "activate_legal": flag(co.activate_legal),
        "add_teachers_to_sessions_courses": null,
        "course_type_id": null,
        "real_id": co.id.to_string(),
    })
}

/// `"First Last, Other Teacher"`.
pub fn names(users: &[User]) -> String {
    users
        .iter()
        .map(User::full_name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_pieces_have_their_shapes() {
        let text = |s: &str| s.to_owned();
        let course = Course {
            id: 3,
            code: text("ABC"),
            title: text("A b c"),
            directory: text("ABC"),
            course_language: text("english"),
            description: String::new(),
            category_code: String::new(),
            visibility: 2,
            show_score: 1,
            tutor_name: text("T"),
            visual_code: text("ABC"),
            department_name: String::new(),
            department_url: String::new(),
            disk_quota: 100,
            last_visit: Some(NaiveDateTime::default()),
            last_edit: None,
            creation_date: NaiveDateTime::default(),
            expiration_date: None,
            subscribe: true,
            unsubscribe: false,
            registration_code: Some(text("secret")),
            legal: String::new(),
            activate_legal: false,
        };
        assert_eq!(
            COURSE_INFO.check(&Value::Object(course_info("http://h/", &course))),
            Ok(())
        );
        assert_eq!(COURSE_ROW.check(&course_row(&course)), Ok(()));
    }

    #[test]
    fn php_urlencode() {
        assert_eq!(urlencode("a b&c/é~"), "a+b%26c%2F%C3%A9%7E");
        assert_eq!(
            query(&[("api_key", "k".into()), ("username", "j doe".into())]),
            "api_key=k&username=j+doe"
        );
    }
}
