//! `authenticate`, `gcm_id` and `logout` (`rest-v2.md` §2.1, §3.3).

use chamilo_core::extra_fields::ItemType;
use chamilo_core::LoginRefusal;
use chamilo_edge::Secret;
use serde_json::json;

use crate::action_doc::{always, post, Core, Doc, Key, Shape, Ty};
use crate::ctx::Ctx;
use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;

/// The user extra field push tokens live in (created by `authenticate`).
pub const GCM_FIELD: &str = "gcm_registration_id";

pub const AUTHENTICATE: Doc = Doc {
    summary: "The api key of the user `username` (routing parameter) with this password.",
    params: &[post("password", Ty::Text).req()],
    data: Shape::Obj(&[
        always("url", Shape::Text),
        always("apiKey", Shape::Text),
        always("gcmSenderId", Shape::Null),
    ]),
    fails: &[
        Key("InvalideUserDetected"),
        Key("InvalidUser"),
        Core(Op::General),
    ],
};

/// Wrong credentials answer `InvalideUserDetected` and count with the edge's throttle; an
/// address it has locked out gets that answer without its password being checked.
pub async fn authenticate(c: &Ctx<'_>) -> ActionResult {
    let password = input::text(c.params.post("password"))?;
    let (throttle, ip) = (c.origin.throttle, c.origin.ip);
    if !throttle.admits(Secret::Password, ip) {
        return Err(RestError::Key("InvalideUserDetected"));
    }
    let user = match c
        .gw
        .login(&c.routing.username, password, ip)
        .await
        .or_rest(Op::General)?
    {
        Ok(user) => user,
        Err(LoginRefusal::BadCredentials) => {
            throttle.failed(Secret::Password, ip);
            return Err(RestError::Key("InvalideUserDetected"));
        }
        Err(LoginRefusal::Inactive) => return Err(RestError::Key("InvalidUser")),
    };
    c.gw.ensure_extra_field(ItemType::User, GCM_FIELD)
        .await
        .or_rest(Op::General)?;
    let key = c.gw.api_key_for(user.id).await.or_rest(Op::General)?;
    Ok(json!({"url": c.origin.web_path, "apiKey": key, "gcmSenderId": null}))
}

pub const GCM_ID: Doc = Doc {
    summary: "Stores the caller's push-notification token.",
    params: &[post("registration_id", Ty::Text)],
    data: STATUS_TRUE,
    fails: &[Core(Op::General)],
};

/// `{"status":true}`
const STATUS_TRUE: Shape = Shape::Obj(&[always("status", Shape::True)]);

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

pub const LOGOUT: Doc = Doc {
    summary: "Answers that the caller logged out; the api key stays valid.",
    params: &[],
    data: STATUS_TRUE,
    fails: &[],
};

/// Does not revoke the key (as the original).
pub async fn logout(c: &Ctx<'_>) -> ActionResult {
    c.caller.user()?;
    Ok(json!({"status": true}))
}
