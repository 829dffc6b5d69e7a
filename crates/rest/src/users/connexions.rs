//! Login reports of one user: `get_user_last_connexion`, `get_user_total_connexion_time`.

use chamilo_core::users::User;
use serde_json::json;

use crate::action_doc::{always, query, Core, Doc, Key, Shape, Ty};
use crate::ctx::Ctx;
use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::shapes;

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

/// `user`: whose logins (admins, or the user itself).
const USER: crate::action_doc::Input = query("user", Ty::Text).req().about("a username");

const FAILS: &[crate::action_doc::Fail] = &[
    Key("NoData"),
    Key("UserNotFound"),
    Key("NotAllowed"),
    Core(Op::General),
];

pub const LAST_CONNEXION: Doc = Doc {
    summary: "When a user last logged in (admins, or the user itself).",
    params: &[USER],
    data: Shape::Obj(&[
        always("id", Shape::IntText),
        always("username", Shape::Text),
        always("last_connexion_date", Shape::Nullable(&Shape::DateTime)),
    ]),
    fails: FAILS,
};

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

pub const TOTAL_CONNEXION_TIME: Doc = Doc {
    summary: "A user's total time logged in, as HH:MM:SS (admins, or the user itself).",
    params: &[USER],
    data: Shape::Obj(&[
        always("id", Shape::IntText),
        always("username", Shape::Text),
        always("total_connexion_time", Shape::Text),
    ]),
    fails: FAILS,
};

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

    #[test]
    fn durations() {
        assert_eq!(hms(0), "00:00:00");
        assert_eq!(hms(8792), "02:26:32");
        assert_eq!(hms(100 * 3600 + 1), "100:00:01");
    }
}
