//! Decoding the user fields of `save_user`, `save_user_json` and `update_user_from_username`.

use chamilo_core::extra_fields::{EmptyExternalValue, ExternalRef, ItemType};
use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::parse_session_date;
use chamilo_core::users::{valid_language, NewUser, User, UserPatch};

use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::params::{Field, Param, PhpArray};

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
pub(super) fn new_user(fields: &PhpArray, creator: &User) -> ActionResult<NewUser> {
    let f = |name: &str| Field(fields.get(name));
    let text = |name: &str| input::text(f(name)).map(str::to_owned);
    let expiration = input::text(f("expiration_date"))?;
    let expiration_date =
        parse_session_date("expiration_date", expiration).or_rest(Op::CreateUser)?;
    let id_name = text("original_user_id_name")?;
    let id_value = text("original_user_id_value")?;
    // Chamilo's createUser never fails on one field: a named id without a value is dropped
    let external_id = ExternalRef::given(
        ItemType::User,
        id_name,
        id_value,
        EmptyExternalValue::Ignore,
    );
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

/// One user column of `update_user_from_username` (`name` compared case-insensitively),
/// set on `patch` as the original sets it.
pub(super) fn set_field(patch: &mut UserPatch, name: &str, value: &Param) -> ActionResult<()> {
    let lower = name.to_ascii_lowercase();
    if IGNORED.contains(&lower.as_str()) || NOT_KEPT.contains(&lower.as_str()) {
        return Ok(());
    }
    let v = value.as_str().ok_or(RestError::Key("NoData"))?.to_owned();
    match lower.as_str() {
        "email" => {
            // Chamilo sets it unchecked; creating a user checks it
            patch.email = Some(v);
            patch.email_as_given = true;
        }
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
    Ok(())
}

/// One entry of `update_user_from_username`'s `extra`: the pair to write (none when the entry
/// is malformed) and what its failure reads as.
pub(super) struct ExtraUpdate {
    pub pair: Option<(String, String)>,
    pub failure: String,
}

/// `extra` of `update_user_from_username`: a list of `{field_name, field_value}` (also a
/// single such pair) or a map `variable => value`.
pub(super) fn extra_updates(value: &Param) -> ActionResult<Vec<ExtraUpdate>> {
    let extra = value.as_array().ok_or(RestError::Key("NoData"))?;
    let list_form = extra
        .values()
        .next()
        .is_some_and(|v| v.as_array().is_some());
    if !list_form && extra.get("field_name").is_none() {
        return Ok(extra
            .iter()
            .map(|(name, v)| ExtraUpdate {
                pair: Some((name.to_owned(), extra_value(Some(v)))),
                failure: messages::could_not_update_extra_field_value(name),
            })
            .collect());
    }
    let items: Vec<&Param> = if list_form {
        extra.values().collect()
    } else {
        vec![value]
    };
    Ok(items
        .into_iter()
        .map(|item| {
            let entry = item.as_array();
            ExtraUpdate {
                // the original requires both keys to be set
                pair: entry
                    .filter(|a| a.get("field_value").is_some())
                    .and_then(pair),
                failure: messages::could_not_update_extra_field_value_item(item),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

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
