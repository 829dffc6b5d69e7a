//! Api key actions (`rest-v2.md` §3.6). Listing keys is for admins only; the original also
//! requires `webservice_enable_adminonly_api`, which the gateway treats as always on.

use chamilo_core::passwords::ct_eq;
use chamilo_core::urls::DEFAULT_URL_ID;
use serde_json::{json, Value};

use crate::action_doc::{always, maybe, post, query, Core, Doc, Key, Shape, Ty};
use crate::ctx::Ctx;
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::shapes;

const NOT_ALLOWED: RestError = RestError::Key("NotAllowed");

pub const UPDATE_USER_APIKEY: Doc = Doc {
    summary: "Replaces a user's api key (admins, or the user itself, with the current key).",
    params: &[
        post("user_id", Ty::Int).req(),
        post("current_api_key", Ty::Text)
            .req()
            .about("the user's key in force"),
    ],
    data: Shape::Obj(&[always("api_key", Shape::Text)]),
    fails: &[Key("NotAllowed"), Key("NoData"), Core(Op::General)],
};

pub async fn update_user_apikey(c: &Ctx<'_>) -> ActionResult {
    let user_id = input::int(c.params.post("user_id"))?;
    let current = input::text(c.params.post("current_api_key"))?;
    if user_id == 0 || !crate::params::truthy(current) {
        return Err(NOT_ALLOWED);
    }
    c.caller.require_self_or_admin(user_id)?;
    let stored = c.gw.current_api_key(user_id).await;
    match stored.or_absent(Absent::NotFound)?.flatten() {
        Some(k) if ct_eq(&k, current) => {}
        _ => return Err(NOT_ALLOWED),
    }
    let key = c.gw.rotate_api_key(user_id).await.or_rest(Op::General)?;
    Ok(json!({"api_key": key}))
}

async fn key_of(c: &Ctx<'_>, user_id: i64, force: bool) -> ActionResult<Value> {
    let key = if force {
        Some(c.gw.api_key_for(user_id).await.or_rest(Op::General)?)
    } else {
        c.gw.current_api_key(user_id).await.or_rest(Op::General)?
    };
    Ok(key.map_or(Value::Null, Value::String))
}

/// A user's key: `null` when it has none and `force` is not set.
const KEY: Shape = Shape::Nullable(&Shape::Text);

const FORCE: crate::action_doc::Input =
    query("force", Ty::Bool).about("create a key for users who have none");

pub const GET_USERS_API_KEYS: Doc = Doc {
    summary: "The api keys of a campus's users, a page at a time.",
    params: &[
        query("page", Ty::Int).about("from 1 (default 1)"),
        query("per_page", Ty::Int).about("1 to 1000 (default 30)"),
        FORCE,
        query("url_id", Ty::Int).about("access URL id (default 1)"),
    ],
    data: Shape::Obj(&[
        always("total", Shape::Int),
        always(
            "list",
            Shape::List(&Shape::Obj(&[
                always("id", Shape::Int),
                always("username", Shape::Text),
                always("api_key", KEY),
            ])),
        ),
        always("length", Shape::Int),
        maybe("next", Shape::Text),
    ]),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn get_users_api_keys(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.require_admin()?;
    let q = |n: &str| c.params.query(n);
    let page = if q("page").is_set() {
        input::int(q("page"))?
    } else {
        1
    };
    let per_page = if q("per_page").is_set() {
        input::int(q("per_page"))?
    } else {
        30
    };
    let force = q("force").boolean();
    let url_id = input::int(q("url_id"))?;
    let (page, per_page) = (page.max(1), per_page.clamp(1, 1000));
    let offset = u64::try_from((page - 1).saturating_mul(per_page)).unwrap_or(0);
    let url = if url_id > 0 { url_id } else { DEFAULT_URL_ID };
    let (users, total) =
        c.gw.page_users(url, offset, per_page as u64)
            .await
            .or_rest(Op::General)?;
    let mut list = Vec::with_capacity(users.len());
    for u in &users {
        list.push(
            json!({"id": u.id, "username": u.username, "api_key": key_of(c, u.id, force).await?}),
        );
    }
    let mut data = json!({"total": total, "list": list, "length": users.len()});
    if u64::try_from(page.saturating_mul(per_page)).unwrap_or(u64::MAX) < total {
        // path only and without `action`, as the original builds it
        let mut pairs = Vec::new();
        if let Some(course) = &c.caller.course {
            pairs.push(("course", course.id.to_string()));
        }
        if let Some(session) = &c.caller.session {
            pairs.push(("session", session.id.to_string()));
        }
        pairs.push(("api_key", c.routing.api_key.clone()));
        pairs.push(("username", me.username.clone()));
        pairs.push(("page", (page + 1).to_string()));
        pairs.push(("per_page", per_page.to_string()));
        if url_id > 0 {
            pairs.push(("url_id", url_id.to_string()));
        }
        data["next"] = Value::String(format!(
            "/main/webservices/api/v2.php?{}",
            shapes::query(&pairs)
        ));
    }
    Ok(data)
}

pub const GET_USER_API_KEY: Doc = Doc {
    summary: "One user's api key.",
    params: &[query("user", Ty::Text).req().about("a username"), FORCE],
    data: Shape::Obj(&[
        always("id", Shape::IntText),
        always("username", Shape::Text),
        always("api_key", KEY),
    ]),
    fails: &[Key("NoData"), Key("UserNotFound"), Core(Op::General)],
};

pub async fn get_user_api_key(c: &Ctx<'_>) -> ActionResult {
    c.caller.require_admin()?;
    let name = input::required(c.params.query("user"))?;
    let force = c.params.query("force").boolean();
    let user =
        c.gw.find_user_by_username(name)
            .await
            .or_rest(Op::General)?
            .ok_or(RestError::Key("UserNotFound"))?;
    Ok(json!({
        "id": user.id.to_string(),
        "username": user.username,
        "api_key": key_of(c, user.id, force).await?,
    }))
}
