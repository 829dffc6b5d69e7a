//! Profiles, the user listing, creation, `update_user_from_username` and deletion
//! (`rest-v2.md` §3.5).

use chamilo_core::extra_fields::ItemType;
use chamilo_core::users::{UserFilter, UserPatch};
use serde_json::{json, Map, Value};

use super::fields::{self, ExtraUpdate};
use super::json::{profile_json, users_listing_json};
use crate::ctx::{Ctx, PhpJson};
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::params::PhpArray;
use crate::shapes;

pub async fn user_profile(c: &Ctx<'_>) -> ActionResult<PhpJson> {
    let me = c.caller.user()?;
    let extras = c.gw.user_extras(me.id).await.or_rest(Op::General)?;
    Ok(PhpJson(profile_json(c.origin.web_path, me, &extras)))
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

pub async fn username_exist(c: &Ctx<'_>) -> ActionResult {
    let login = input::required(c.params.post("loginname"))?;
    let found =
        c.gw.find_user_by_username(login)
            .await
            .or_rest(Op::General)?
            .is_some();
    Ok(json!([found]))
}

/// `save_user*` from the POST bag or `save_user_json`'s object.
async fn create_user(c: &Ctx<'_>, given: &PhpArray) -> ActionResult<i64> {
    let me = c.caller.require_admin()?;
    let new = fields::new_user(given, me)?;
    c.gw.create_user(new).await.or_rest(Op::CreateUser)
}

pub async fn save_user(c: &Ctx<'_>) -> ActionResult {
    let id = create_user(c, c.params.post_bag()).await?;
    Ok(json!([id]))
}

pub async fn save_user_json(c: &Ctx<'_>) -> ActionResult {
    let text = input::scalar(c.params.post("json"))?.ok_or(RestError::Key("NoData"))?;
    let object = crate::params::json_object(text).ok_or(RestError::Key("NoData"))?;
    let id = create_user(c, &object).await?;
    Ok(json!([id]))
}

pub async fn save_user_get_apikey(c: &Ctx<'_>) -> ActionResult {
    let id = create_user(c, c.params.post_bag()).await?;
    let key = c.gw.api_key_for(id).await.or_rest(Op::General)?;
    Ok(json!({"id": id, "api_key": key}))
}

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
