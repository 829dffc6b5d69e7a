//! Profiles, the user listing, creation, `update_user_from_username` and deletion
//! (`rest-v2.md` §3.5).

use chamilo_core::extra_fields::ItemType;
use chamilo_core::users::{UserFilter, UserPatch};
use serde_json::{json, Map, Value};

use super::fields::{self, ExtraUpdate};
use super::json::{profile_json, users_listing_json};
use crate::action_doc::{always, post, request, Core, Doc, Input, Key, Shape, Text, Ty};
use crate::ctx::{Ctx, PhpJson};
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::params::PhpArray;
use crate::shapes;

pub const USER_PROFILE: Doc = Doc {
    summary: "The caller's profile, with the extra-field values it may see.",
    params: &[],
    data: Shape::Obj(shapes::profile_members_and!(always(
        "extra",
        Shape::List(&Shape::Obj(&[
            always("title", Shape::Text),
            always("value", Shape::Text),
        ])),
    ))),
    fails: &[Core(Op::General)],
};

pub async fn user_profile(c: &Ctx<'_>) -> ActionResult<PhpJson> {
    let me = c.caller.user()?;
    let extras = c.gw.user_extras(me.id).await.or_rest(Op::General)?;
    Ok(PhpJson(profile_json(c.origin.web_path, me, &extras)))
}

pub const PROFILES_BY_EXTRA_FIELD: Doc = Doc {
    summary: "Profiles of the users whose extra field has this value, by user id.",
    params: &[
        post("field_name", Ty::Text)
            .req()
            .about("a user extra field's variable"),
        post("field_value", Ty::Text),
        post("active", Ty::Flag).about("1: active users only"),
    ],
    data: Shape::ById(&shapes::PROFILE),
    fails: &[Key("NoData"), Core(Op::General)],
};

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

pub const GET_USERS: Doc = Doc {
    summary: "Users of a campus, with the values of the extra fields asked for.",
    params: &[
        request("status", Ty::Text)
            .req()
            .about("`*` for every status, else a status number (1 teacher, 5 student, …); missing lists nobody"),
        request("id_campus", Ty::Int).about("access URL id (default 1)"),
        request("extra_fields", Ty::Text).about("comma-separated user extra-field variables; a value is listed when set"),
    ],
    data: Shape::List(&Shape::ObjAnd(
        &[
            always("id", Shape::IntText),
            always("firstname", Shape::Text),
            always("lastname", Shape::Text),
            always("email", Shape::Text),
            always("username", Shape::Text),
            always("active", Shape::Flag),
        ],
        &Shape::Text,
    )),
    fails: &[Key("NoData"), Core(Op::General)],
};

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

pub const USERNAME_EXIST: Doc = Doc {
    summary: "Whether a user has this username.",
    params: &[post("loginname", Ty::Text).req()],
    data: Shape::One(&Shape::Bool),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn username_exist(c: &Ctx<'_>) -> ActionResult {
    let login = input::required(c.params.post("loginname"))?;
    let found =
        c.gw.find_user_by_username(login)
            .await
            .or_rest(Op::General)?
            .is_some();
    Ok(json!([found]))
}

/// The fields of a new user (`save_user`, `save_user_get_apikey`, `save_user_json`'s object).
const NEW_USER: &[Input] = &[
    post("loginname", Ty::Text).req(),
    post("password", Ty::Text).req(),
    post("firstname", Ty::Text).req(),
    post("lastname", Ty::Text).req(),
    post("email", Ty::Text),
    post("status", Ty::Int)
        .req()
        .about("1 teacher, 5 student, …"),
    post("original_user_id_name", Ty::Text)
        .about("the user extra field holding the external id (created when missing)"),
    post("original_user_id_value", Ty::Text).about("the external id"),
    post("extra", Ty::Pairs).about("more extra-field values (fields created when missing)"),
    post("language", Ty::Text).about("e.g. english"),
    post("phone", Ty::Text),
    post("expiration_date", Ty::DateTime),
    post("auth_source", Ty::Text).about("default platform"),
];

const NEW_USER_FAILS: &[crate::action_doc::Fail] = &[Key("NoData"), Core(Op::CreateUser)];

/// `save_user*` from the POST bag or `save_user_json`'s object.
async fn create_user(c: &Ctx<'_>, given: &PhpArray) -> ActionResult<i64> {
    let me = c.caller.require_admin()?;
    let new = fields::new_user(given, me)?;
    c.gw.create_user(new).await.or_rest(Op::CreateUser)
}

pub const SAVE_USER: Doc = Doc {
    summary: "Creates a user; its id.",
    params: NEW_USER,
    data: Shape::One(&Shape::Int),
    fails: NEW_USER_FAILS,
};

pub async fn save_user(c: &Ctx<'_>) -> ActionResult {
    let id = create_user(c, c.params.post_bag()).await?;
    Ok(json!([id]))
}

pub const SAVE_USER_JSON: Doc = Doc {
    summary: "Creates a user from a JSON object with the fields of save_user; its id.",
    params: &[post("json", Ty::Json).req().about(
        "an object with the fields of save_user (`extra` a list of {field_name, field_value})",
    )],
    data: Shape::One(&Shape::Int),
    fails: NEW_USER_FAILS,
};

pub async fn save_user_json(c: &Ctx<'_>) -> ActionResult {
    let text = input::scalar(c.params.post("json"))?.ok_or(RestError::Key("NoData"))?;
    let object = crate::params::json_object(text).ok_or(RestError::Key("NoData"))?;
    let id = create_user(c, &object).await?;
    Ok(json!([id]))
}

pub const SAVE_USER_GET_APIKEY: Doc = Doc {
    summary: "Creates a user as save_user does; its id and api key.",
    params: NEW_USER,
    data: Shape::Obj(&[always("id", Shape::Int), always("api_key", Shape::Text)]),
    fails: NEW_USER_FAILS,
};

pub async fn save_user_get_apikey(c: &Ctx<'_>) -> ActionResult {
    let id = create_user(c, c.params.post_bag()).await?;
    let key = c.gw.api_key_for(id).await.or_rest(Op::General)?;
    Ok(json!({"id": id, "api_key": key}))
}

/// A user column `update_user_from_username` sets.
const fn column(name: &'static str, ty: Ty) -> Input {
    post(name, ty)
}

/// A column the original sets and the gateway does not keep: accepted, not stored.
const fn not_kept(name: &'static str) -> Input {
    post(name, Ty::Text).about("accepted, not stored")
}

pub const UPDATE_USER_FROM_USERNAME: Doc = Doc {
    summary: "Updates the user named by `loginname` (admins, or the user itself) from every other POST field, in POST order; any other field name is refused.",
    params: &[
        post("loginname", Ty::Text).req().about("the user to update (name compared in any case)"),
        column("email", Ty::Text),
        column("lastname", Ty::Text),
        column("firstname", Ty::Text),
        column("phone", Ty::Text),
        column("address", Ty::Text),
        column("official_code", Ty::Text),
        column("picture_uri", Ty::Text),
        column("auth_source", Ty::Text),
        column("status", Ty::Int),
        column("creator_id", Ty::Int),
        column("language", Ty::Text).about("an available language, e.g. english"),
        column("registration_date", Ty::DateTime),
        column("expiration_date", Ty::DateTime),
        column("active", Ty::Flag),
        column("new_login_name", Ty::Text).about("a new username"),
        post("extra", Ty::Map)
            .about("existing user extra fields: variable => value, or a list of {field_name, field_value}"),
        not_kept("competences"),
        not_kept("diplomas"),
        not_kept("openarea"),
        not_kept("teach"),
        not_kept("productions"),
        not_kept("openid"),
        not_kept("theme"),
        not_kept("enabled"),
        not_kept("profile_completed"),
        not_kept("hr_dept_id"),
        not_kept("roles"),
    ],
    data: Shape::One(&Shape::True),
    fails: &[
        Text("NoData"),
        Key("NoData"),
        Key("UserNotFound"),
        Key("NotAllowed"),
        Key("LanguageUnavailable"),
        Key("InvalidDate"),
        Text("Unsupported update. '<field>'"),
        Text("Could not update extra field value.: <variable or entry>"),
        Core(Op::UpdateUser),
    ],
};

pub async fn update_user_from_username(c: &Ctx<'_>) -> ActionResult {
    let posted = c.params.post_bag();
    if posted.is_empty() {
        return Err(RestError::Literal("NoData".into()));
    }
    let login = posted
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

    // in POST order, as the original: the first faulty field is the answer
    let mut patch = UserPatch::default();
    for (name, value) in posted.iter() {
        if name.eq_ignore_ascii_case("extra") {
            patch.extras = existing_fields(c, fields::extra_updates(value)?).await?;
        } else {
            fields::set_field(&mut patch, name, value)?;
        }
    }
    c.gw.edit_user(user.id, patch)
        .await
        .or_rest(Op::UpdateUser)?;
    Ok(json!([true]))
}

/// The `extra` values to write: only existing user fields can be written, each checked in
/// order after its own shape.
async fn existing_fields(
    c: &Ctx<'_>,
    updates: Vec<ExtraUpdate>,
) -> ActionResult<Vec<(String, String)>> {
    let mut out = Vec::with_capacity(updates.len());
    for update in updates {
        let Some((name, value)) = update.pair else {
            return Err(RestError::Literal(update.failure));
        };
        let field =
            c.gw.find_extra_field(ItemType::User, &name)
                .await
                .or_rest(Op::General)?;
        if field.is_none() {
            return Err(RestError::Literal(update.failure));
        }
        out.push((name, value));
    }
    Ok(out)
}

pub const DELETE_USER: Doc = Doc {
    summary: "Deletes a user; false when it cannot be deleted.",
    params: &[request("user_id", Ty::Int).req()],
    data: Shape::Obj(&[always("status", Shape::Bool)]),
    fails: &[Key("NoData"), Core(Op::General)],
};

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
