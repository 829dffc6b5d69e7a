//! The two hottest answers, written straight to JSON bytes as PHP's `json_encode` writes the
//! original's arrays: `user_profile` and the `get_users` listing (bench/RESULTS.md).

use std::collections::HashMap;

use chamilo_core::extra_fields::ExtraValue;
use chamilo_core::users::{User, UserSummary};

use crate::php_json::write_php_string;
use crate::shapes;

/// The `user_profile` object, written straight to JSON as `json_encode` writes
/// `shapes::profile` plus `extra` (the values the user may see): the most frequent call of
/// a mobile client, where building and dropping a map cost more than the rest of the action.
pub(super) fn profile_json(web_path: &str, user: &User, extras: &[ExtraValue]) -> String {
    let mut out = String::with_capacity(256);
    out.push('{');
    for (key, member) in shapes::profile_members(web_path, user) {
        write_php_string(&mut out, key);
        out.push(':');
        match member {
            shapes::Member::Int(n) => out.push_str(&n.to_string()),
            shapes::Member::Text(s) => write_php_string(&mut out, &s),
            shapes::Member::Null => out.push_str("null"),
        }
        out.push(',');
    }
    out.push_str(r#""extra":["#);
    for (i, v) in extras
        .iter()
        .filter(|v| v.field.visible_to_self)
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"title":"#);
        write_php_string(&mut out, &v.field.display_text);
        out.push_str(r#","value":"#);
        write_php_string(&mut out, &v.value);
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// The `get_users` rows, written straight to JSON: a listing of thousands of rows would
/// otherwise build, encode and drop a map per row. Keys and values exactly as `json_encode`
/// writes the original's PHP rows (ids and flags as strings, extra values only when set).
pub(super) fn users_listing_json(
    users: &[UserSummary],
    wanted: &[&str],
    extras: &HashMap<i64, Vec<ExtraValue>>,
) -> String {
    let mut out = String::with_capacity(2 + users.len() * 128);
    out.push('[');
    for (i, u) in users.iter().enumerate() {
        let id = u.id.to_string();
        let mut row: Vec<(&str, &str)> = vec![
            ("id", &id),
            ("firstname", &u.firstname),
            ("lastname", &u.lastname),
            ("email", &u.email),
            ("username", &u.username),
            ("active", shapes::flag_str(u.active)),
        ];
        for name in wanted {
            let value = extras
                .get(&u.id)
                .and_then(|values| {
                    values
                        .iter()
                        .find(|v| v.field.variable.eq_ignore_ascii_case(name))
                })
                .filter(|v| !v.value.is_empty());
            if let Some(v) = value {
                // a PHP array key set twice keeps its first place
                match row.iter_mut().find(|(key, _)| key == name) {
                    Some(field) => field.1 = &v.value,
                    None => row.push((name, &v.value)),
                }
            }
        }
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        for (j, (key, value)) in row.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            write_php_string(&mut out, key);
            out.push(':');
            write_php_string(&mut out, value);
        }
        out.push('}');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chamilo_core::extra_fields::ItemType;
    use serde_json::{json, Map, Value};

    /// `get_users` rows as the original builds them, a PHP array per row (later keys
    /// overwrite in place), then `json_encode`d: the oracle for the direct writer.
    fn listing_as_php_arrays(
        users: &[UserSummary],
        wanted: &[&str],
        extras: &HashMap<i64, Vec<ExtraValue>>,
    ) -> String {
        let rows: Vec<Value> = users
            .iter()
            .map(|u| {
                let mut row = Map::new();
                row.insert("id".into(), u.id.to_string().into());
                row.insert("firstname".into(), u.firstname.clone().into());
                row.insert("lastname".into(), u.lastname.clone().into());
                row.insert("email".into(), u.email.clone().into());
                row.insert("username".into(), u.username.clone().into());
                row.insert("active".into(), shapes::flag(u.active));
                for name in wanted {
                    let set = extras.get(&u.id).and_then(|vs| {
                        vs.iter()
                            .find(|v| v.field.variable.eq_ignore_ascii_case(name))
                            .filter(|v| !v.value.is_empty())
                    });
                    if let Some(v) = set {
                        row.insert((*name).to_owned(), v.value.clone().into());
                    }
                }
                Value::Object(row)
            })
            .collect();
        crate::php_json::to_php_json(&Value::Array(rows))
    }

    #[test]
    fn users_listing_is_written_as_json_encode_writes_the_php_rows() {
        let user = |id: i64, first: &str, active: bool| UserSummary {
            id,
            username: format!("u{id}/x"),
            firstname: first.to_owned(),
            lastname: "O'Brien \"Ö\" \\ 😀".to_owned(),
            email: format!("u{id}@example.org"),
            active,
        };
        let users = vec![
            user(7, "Zoë", true),
            user(12, "Ana\n", false),
            user(30, "", true),
        ];
        let value = |item_id: i64, variable: &str, value: &str| ExtraValue {
            field: chamilo_core::extra_fields::ExtraField {
                id: 1,
                item_type: ItemType::User,
                variable: variable.to_owned(),
                field_type: chamilo_core::extra_fields::FIELD_TYPE_TEXT,
                display_text: String::new(),
                visible_to_self: true,
                filter: false,
            },
            item_id,
            value: value.to_owned(),
        };
        let extras: HashMap<i64, Vec<ExtraValue>> = [
            (
                7,
                vec![
                    value(7, "age", "29"),
                    value(7, "id", "x-7"),
                    value(7, "skype", ""),
                ],
            ),
            (12, vec![value(12, "Age", "<b>30</b>")]),
        ]
        .into_iter()
        .collect();
        // none, plain, unknown, empty value, a name differing in case, a name colliding with
        // a base key, the same name twice
        let cases: &[&[&str]] = &[
            &[],
            &["age"],
            &["nope", "skype"],
            &["AGE", "age"],
            &["id", "age", "id"],
            &["age", "age"],
        ];
        for wanted in cases {
            assert_eq!(
                users_listing_json(&users, wanted, &extras),
                listing_as_php_arrays(&users, wanted, &extras),
                "extra_fields {wanted:?}"
            );
        }
        assert_eq!(users_listing_json(&[], &["age"], &extras), "[]");
        // one row pinned, so the oracle itself is checked too
        insta::assert_snapshot!(
            users_listing_json(&users[1..2], &["age"], &extras),
            @r#"[{"id":"12","firstname":"Ana\n","lastname":"O'Brien \"\u00d6\" \\ \ud83d\ude00","email":"u12@example.org","username":"u12\/x","active":"0","age":"<b>30<\/b>"}]"#
        );
    }

    #[test]
    fn profile_is_written_as_json_encode_writes_the_profile_map() {
        let user = |id: i64, first: &str, last: &str, picture: &str| User {
            id,
            username: format!("u{id}/x"),
            firstname: first.to_owned(),
            lastname: last.to_owned(),
            email: String::new(),
            status: 5,
            official_code: Some("<OC \"1\">".to_owned()),
            phone: Some("+33 1/2 😀".to_owned()),
            address: String::new(),
            language: String::new(),
            auth_source: String::new(),
            active: true,
            expiration_date: None,
            registration_date: chrono::NaiveDateTime::default(),
            last_login: None,
            creator_id: None,
            picture_uri: picture.to_owned(),
            password: chamilo_core::passwords::StoredPassword::unsalted(
                chamilo_core::passwords::PasswordMethod::Bcrypt,
                String::new(),
            ),
            is_admin: false,
        };
        let extra = |title: &str, value: &str, visible: bool| ExtraValue {
            field: chamilo_core::extra_fields::ExtraField {
                id: 1,
                item_type: ItemType::User,
                variable: "v".to_owned(),
                field_type: chamilo_core::extra_fields::FIELD_TYPE_TEXT,
                display_text: title.to_owned(),
                visible_to_self: visible,
                filter: false,
            },
            item_id: 1,
            value: value.to_owned(),
        };
        // the map as `user_profile` built it before it was written directly
        let oracle = |web_path: &str, u: &User, extras: &[ExtraValue]| {
            let mut profile = shapes::profile(web_path, u);
            let list: Vec<Value> = extras
                .iter()
                .filter(|v| v.field.visible_to_self)
                .map(|v| json!({"title": v.field.display_text, "value": v.value}))
                .collect();
            profile.insert("extra".into(), Value::Array(list));
            crate::php_json::to_php_json(&Value::Object(profile))
        };
        let users = [
            user(1, "Zoë", "O'Brien", ""),
            user(987, " ", "", "p é.png"),
            user(42, "", "Ana\n", "x"),
        ];
        let extras = [
            extra("Age", "29", true),
            extra("Secret", "hidden", false),
            extra("", "<b>\u{7f}</b>", true),
        ];
        for web_path in ["http://h/", "https://h:8443/chamilo/"] {
            for u in &users {
                for n in 0..=extras.len() {
                    assert_eq!(
                        profile_json(web_path, u, &extras[..n]),
                        oracle(web_path, u, &extras[..n]),
                        "user {} with {n} extras",
                        u.id
                    );
                }
            }
        }
        insta::assert_snapshot!(
            profile_json("http://h/", &users[1], &extras[..2]),
            @r#"{"pictureUri":"http:\/\/h\/app\/upload\/users\/9\/987\/p \u00e9.png","id":987,"status":5,"fullName":"","username":"u987\/x","officialCode":"<OC \"1\">","phone":"+33 1\/2 \ud83d\ude00","extra":[{"title":"Age","value":"29"}]}"#
        );
    }
}
