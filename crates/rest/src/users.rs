//! Users and the device/session actions (`rest-v2.md` §2.1, §3.3, §3.5).

use chamilo_core::extra_fields::{ExternalRef, ExtraValue, ItemType};
use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::parse_session_date;
use chamilo_core::users::{valid_language, NewUser, User, UserFilter, UserPatch, UserSummary};
use chamilo_core::LoginRefusal;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

use crate::ctx::{Ctx, PhpJson};
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::params::{Field, Param, PhpArray};
use crate::php_json::write_php_string;
use crate::shapes;

/// The user extra field push tokens live in (created by `authenticate`).
pub const GCM_FIELD: &str = "gcm_registration_id";

pub async fn authenticate(c: &Ctx<'_>) -> ActionResult {
    let password = input::text(c.params.post("password"))?;
    let user = match c
        .gw
        .login(&c.routing.username, password, c.origin.ip)
        .await
        .or_rest(Op::General)?
    {
        Ok(user) => user,
        Err(LoginRefusal::BadCredentials) => return Err(RestError::Key("InvalideUserDetected")),
        Err(LoginRefusal::Inactive) => return Err(RestError::Key("InvalidUser")),
    };
    c.gw.ensure_extra_field(ItemType::User, GCM_FIELD)
        .await
        .or_rest(Op::General)?;
    let key = c.gw.api_key_for(user.id).await.or_rest(Op::General)?;
    Ok(json!({"url": c.origin.web_path, "apiKey": key, "gcmSenderId": null}))
}

pub async fn gcm_id(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let token = input::text(c.params.post("registration_id"))?;
    c.gw.set_extras(
        ItemType::User,
        me.id,
        &[(GCM_FIELD.to_owned(), token.to_owned())],
    )
    .await
    .or_rest(Op::General)?;
    Ok(json!({"status": true}))
}

/// Does not revoke the key (as the original).
pub async fn logout(c: &Ctx<'_>) -> ActionResult {
    c.caller.user()?;
    Ok(json!({"status": true}))
}

pub async fn user_profile(c: &Ctx<'_>) -> ActionResult<PhpJson> {
    let me = c.caller.user()?;
    let extras = c.gw.user_extras(me.id).await.or_rest(Op::General)?;
    Ok(PhpJson(profile_json(c.origin.web_path, me, &extras)))
}

/// The `user_profile` object, written straight to JSON as `json_encode` writes
/// `shapes::profile` plus `extra` (the values the user may see): the most frequent call of
/// a mobile client, where building and dropping a map cost more than the rest of the action.
fn profile_json(web_path: &str, user: &User, extras: &[ExtraValue]) -> String {
    let mut out = String::with_capacity(256);
    out.push('{');
    for (key, member) in shapes::profile_members(web_path, user) {
        write_php_string(&mut out, key);
        out.push(':');
        match member {
            shapes::Member::Int(n) => out.push_str(&n.to_string()),
            shapes::Member::Text(s) => write_php_string(&mut out, &s),
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

pub async fn profiles_by_extra_field(c: &Ctx<'_>) -> ActionResult {
    let name = input::required(c.params.post("field_name"))?;
    let value = input::text(c.params.post("field_value"))?;
    let active_only = input::int(c.params.post("active"))? == 1;
    let ids = c.gw.items_by_extra(ItemType::User, name, value).await;
    let mut out = Map::new();
    for id in ids.or_absent(Absent::NotFound)?.unwrap_or_default() {
        let user = c.gw.get_user(id).await.or_rest(Op::General)?;
        if active_only && !user.active {
            continue;
        }
        out.insert(
            id.to_string(),
            Value::Object(shapes::profile(c.origin.web_path, &user)),
        );
    }
    Ok(Value::Object(out))
}

pub async fn get_users(c: &Ctx<'_>) -> ActionResult<PhpJson> {
    // the documented call sends these in the query string, the original reads POST: take both
    let status = input::scalar(c.params.request("status"))?;
    let extra_fields = input::text(c.params.request("extra_fields"))?;
    let status = match status {
        None => return Ok(PhpJson("[]".to_owned())), // the original matches nobody
        Some("*") => None,
        Some(s) => Some(i32::try_from(crate::params::intval(s)).unwrap_or(0)),
    };
    let wanted: Vec<&str> = extra_fields
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let users =
        c.gw.list_user_summaries(&UserFilter {
            status,
            // the original reduces id_campus to a boolean; the gateway honours its value
            access_url_id: Some(input::campus(c.params.request("id_campus"))?),
            active_only: false,
        })
        .await
        .or_rest(Op::General)?;
    // every listed user's extra values in one query (per chunk of ids), only when asked for
    let extras = if wanted.is_empty() {
        Default::default()
    } else {
        let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        c.gw.users_extras(&ids).await.or_rest(Op::General)?
    };
    Ok(PhpJson(users_listing_json(&users, &wanted, &extras)))
}

/// The `get_users` rows, written straight to JSON: a listing of thousands of rows would
/// otherwise build, encode and drop a map per row. Keys and values exactly as `json_encode`
/// writes the original's PHP rows (ids and flags as strings, extra values only when set).
fn users_listing_json(
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

pub async fn username_exist(c: &Ctx<'_>) -> ActionResult {
    let login = input::required(c.params.post("loginname"))?;
    let found =
        c.gw.find_user_by_username(login)
            .await
            .or_rest(Op::General)?
            .is_some();
    Ok(json!([found]))
}

/// `extra` as a list of `{field_name, field_value}` pairs (also a single such pair, as one
/// documented example sends it).
fn extra_pairs(extra: Option<&PhpArray>) -> ActionResult<Vec<(String, String)>> {
    let Some(extra) = extra else {
        return Ok(Vec::new());
    };
    if extra.get("field_name").is_some() {
        return Ok(pair(extra).into_iter().collect());
    }
    let mut out = Vec::new();
    for item in extra.values() {
        let item = item.as_array().ok_or(RestError::Key("NoData"))?;
        out.extend(pair(item));
    }
    Ok(out)
}

fn pair(item: &PhpArray) -> Option<(String, String)> {
    let name = item.get("field_name")?.as_str()?;
    Some((name.to_owned(), extra_value(item.get("field_value"))))
}

/// A stored extra value: multi-value inputs are joined with `;`.
fn extra_value(v: Option<&Param>) -> String {
    match v {
        None => String::new(),
        Some(Param::Str(s)) => s.clone(),
        Some(Param::Array(a)) => a
            .values()
            .filter_map(Param::as_str)
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// The `save_user` fields, from the POST bag or from `save_user_json`'s object.
fn new_user(fields: &PhpArray, creator: &User) -> ActionResult<NewUser> {
    let f = |name: &str| Field(fields.get(name));
    let text = |name: &str| input::text(f(name)).map(str::to_owned);
    let expiration = input::text(f("expiration_date"))?;
    let expiration_date =
        parse_session_date("expiration_date", expiration).or_rest(Op::CreateUser)?;
    let id_name = text("original_user_id_name")?;
    let id_value = text("original_user_id_value")?;
    let external_id = (!id_name.trim().is_empty() && !id_value.trim().is_empty())
        .then(|| ExternalRef::new(id_name, id_value));
    Ok(NewUser {
        username: text("loginname")?,
        firstname: text("firstname")?,
        lastname: text("lastname")?,
        email: text("email")?,
        status: i32::try_from(input::int(f("status"))?).unwrap_or(0),
        password: PasswordInput::Clear(text("password")?),
        phone: text("phone")?,
        language: text("language")?,
        auth_source: text("auth_source")?,
        expiration_date,
        creator_id: Some(creator.id),
        external_id,
        extras: extra_pairs(input::array(f("extra"))?)?,
        ..NewUser::default()
    })
}

async fn create_user(c: &Ctx<'_>, fields: &PhpArray) -> ActionResult<i64> {
    let me = c.caller.require_admin()?;
    let new = new_user(fields, me)?;
    c.gw.create_user(new).await.or_rest(Op::CreateUser)
}

pub async fn save_user(c: &Ctx<'_>) -> ActionResult {
    let id = create_user(c, c.params.post_bag()).await?;
    Ok(json!([id]))
}

pub async fn save_user_json(c: &Ctx<'_>) -> ActionResult {
    let text = input::scalar(c.params.post("json"))?.ok_or(RestError::Key("NoData"))?;
    let fields = crate::params::json_object(text).ok_or(RestError::Key("NoData"))?;
    let id = create_user(c, &fields).await?;
    Ok(json!([id]))
}

pub async fn save_user_get_apikey(c: &Ctx<'_>) -> ActionResult {
    let id = create_user(c, c.params.post_bag()).await?;
    let key = c.gw.api_key_for(id).await.or_rest(Op::General)?;
    Ok(json!({"id": id, "api_key": key}))
}

/// POST names `update_user_from_username` reads besides the user columns.
const IGNORED: &[&str] = &["username", "api_key", "action", "loginname"];
/// Columns the original sets that the gateway does not keep: accepted, not stored.
const NOT_KEPT: &[&str] = &[
    "competences",
    "diplomas",
    "openarea",
    "teach",
    "productions",
    "openid",
    "theme",
    "enabled",
    "profile_completed",
    "hr_dept_id",
    "roles",
];

pub async fn update_user_from_username(c: &Ctx<'_>) -> ActionResult {
    let fields = c.params.post_bag();
    if fields.is_empty() {
        return Err(RestError::Literal("NoData".into()));
    }
    let login = fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("loginname"))
        .map(|(_, v)| v);
    let Some(login) = login else {
        return Err(RestError::Key("NoData"));
    };
    let login = login.as_str().ok_or(RestError::Key("NoData"))?;
    let user =
        c.gw.find_user_by_username(login)
            .await
            .or_rest(Op::General)?
            .ok_or(RestError::Key("UserNotFound"))?;
    c.caller.require_self_or_admin(user.id)?;

    let mut patch = UserPatch::default();
    for (name, value) in fields.iter() {
        let lower = name.to_ascii_lowercase();
        if IGNORED.contains(&lower.as_str()) || NOT_KEPT.contains(&lower.as_str()) {
            continue;
        }
        if lower == "extra" {
            patch.extras = update_extras(c, value).await?;
            continue;
        }
        let v = value.as_str().ok_or(RestError::Key("NoData"))?.to_owned();
        match lower.as_str() {
            "email" => patch.email = Some(v),
            "lastname" => patch.lastname = Some(v),
            "firstname" => patch.firstname = Some(v),
            "phone" => patch.phone = Some(v),
            "address" => patch.address = Some(v),
            "official_code" => patch.official_code = Some(v),
            "picture_uri" => patch.picture_uri = Some(v),
            "auth_source" => patch.auth_source = Some(v),
            "status" => patch.status = Some(i32::try_from(crate::params::intval(&v)).unwrap_or(0)),
            "creator_id" => {
                let id = crate::params::intval(&v);
                patch.creator_id = Some((id > 0).then_some(id));
            }
            "language" => {
                if !valid_language(&v) {
                    return Err(RestError::Key("LanguageUnavailable"));
                }
                patch.language = Some(v);
            }
            "registration_date" => {
                let d = input::strict_datetime(&v).ok_or(RestError::Key("InvalidDate"))?;
                patch.registration_date = Some(d);
            }
            "expiration_date" => {
                let d = parse_session_date("expiration_date", &v)
                    .map_err(|_| RestError::Key("InvalidDate"))?;
                patch.expiration_date = Some(d);
            }
            "active" => patch.active = Some(crate::params::truthy(&v)),
            "new_login_name" => patch.username = Some(v),
            _ => return Err(RestError::Literal(messages::unsupported_update(name))),
        }
    }
    c.gw.edit_user(user.id, patch)
        .await
        .or_rest(Op::UpdateUser)?;
    Ok(json!([true]))
}

/// `extra` of `update_user_from_username`: list of pairs or map `variable => value`; only
/// existing user fields can be written.
async fn update_extras(c: &Ctx<'_>, value: &Param) -> ActionResult<Vec<(String, String)>> {
    let extra = value.as_array().ok_or(RestError::Key("NoData"))?;
    let list_form = extra
        .values()
        .next()
        .is_some_and(|v| v.as_array().is_some());
    let mut out = Vec::new();
    if list_form || extra.get("field_name").is_some() {
        let items: Vec<&Param> = if list_form {
            extra.values().collect()
        } else {
            vec![value]
        };
        for item in items {
            let fail =
                || RestError::Literal(messages::could_not_update_extra_field_value_item(item));
            let (name, v) = item.as_array().and_then(pair).ok_or_else(fail)?;
            if item
                .as_array()
                .is_none_or(|a| a.get("field_value").is_none())
            {
                return Err(fail());
            }
            if !field_exists(c, &name).await? {
                return Err(fail());
            }
            out.push((name, v));
        }
    } else {
        for (name, v) in extra.iter() {
            if !field_exists(c, name).await? {
                return Err(RestError::Literal(
                    messages::could_not_update_extra_field_value(name),
                ));
            }
            out.push((name.to_owned(), extra_value(Some(v))));
        }
    }
    Ok(out)
}

async fn field_exists(c: &Ctx<'_>, variable: &str) -> ActionResult<bool> {
    Ok(c.gw
        .find_extra_field(ItemType::User, variable)
        .await
        .or_rest(Op::General)?
        .is_some())
}

pub async fn delete_user(c: &Ctx<'_>) -> ActionResult {
    c.caller.require_admin()?;
    let id = input::int(c.params.request("user_id"))?;
    let ok = id > 0
        && c.gw
            .delete_user(id)
            .await
            .or_absent(Absent::NotDeletable)?
            .is_some();
    Ok(json!({"status": ok}))
}

/// The user named by `user` (query string or `hash`), for admins or the user itself.
async fn user_param(c: &Ctx<'_>) -> ActionResult<User> {
    let name = input::required(c.params.query("user"))?;
    let user =
        c.gw.find_user_by_username(name)
            .await
            .or_rest(Op::General)?
            .ok_or(RestError::Key("UserNotFound"))?;
    c.caller.require_self_or_admin(user.id)?;
    Ok(user)
}

pub async fn last_connexion(c: &Ctx<'_>) -> ActionResult {
    let user = user_param(c).await?;
    let logins = c.gw.logins_of(user.id).await.or_rest(Op::General)?;
    let last = logins
        .iter()
        .map(|l| l.login_date)
        .max()
        .or(user.last_login);
    Ok(json!({
        "id": user.id.to_string(),
        "username": user.username,
        "last_connexion_date": shapes::opt_datetime(last.as_ref()),
    }))
}

pub async fn total_connexion_time(c: &Ctx<'_>) -> ActionResult {
    let user = user_param(c).await?;
    let logins = c.gw.logins_of(user.id).await.or_rest(Op::General)?;
    let seconds: i64 = logins
        .iter()
        .filter_map(|l| l.logout_date.map(|out| (out - l.login_date).num_seconds()))
        .filter(|s| *s > 0)
        .sum();
    Ok(json!({
        "id": user.id.to_string(),
        "username": user.username,
        "total_connexion_time": hms(seconds),
    }))
}

/// `HH:MM:SS` (hours may exceed 24), as the platform prints durations.
fn hms(seconds: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
            official_code: "<OC \"1\">".to_owned(),
            phone: "+33 1/2 😀".to_owned(),
            address: String::new(),
            language: String::new(),
            auth_source: String::new(),
            active: true,
            expiration_date: None,
            registration_date: chrono::NaiveDateTime::default(),
            last_login: None,
            creator_id: None,
            picture_uri: picture.to_owned(),
            password: chamilo_core::passwords::StoredPassword {
                method: chamilo_core::passwords::PasswordMethod::Bcrypt,
                hash: String::new(),
            },
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

    #[test]
    fn durations() {
        assert_eq!(hms(0), "00:00:00");
        assert_eq!(hms(8792), "02:26:32");
        assert_eq!(hms(100 * 3600 + 1), "100:00:01");
    }

    #[test]
    fn extra_forms() {
        let p = crate::params::gather(
            "POST",
            "",
            Some("application/x-www-form-urlencoded"),
            b"a[0][field_name]=age&a[0][field_value]=29&b[field_name]=age&b[field_value]=35&c[0][field_name]=m&c[0][field_value][]=x&c[0][field_value][]=y&d=1&e[]=1",
            &Default::default(),
        )
        .unwrap();
        let get = |n: &str| extra_pairs(p.post(n).array());
        assert_eq!(get("a").unwrap(), [("age".into(), "29".into())]);
        assert_eq!(get("b").unwrap(), [("age".into(), "35".into())]);
        assert_eq!(get("c").unwrap(), [("m".into(), "x;y".into())]);
        assert!(get("zz").unwrap().is_empty());
        assert_eq!(get("e"), Err(RestError::Key("NoData")));
    }
}
