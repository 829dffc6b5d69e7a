//! The action table and the request pipeline (`rest-v2.md` §1.4): routing parameters, api key,
//! course/session context, action lookup, permission level, action, envelope.

use std::future::Future;
use std::pin::Pin;

use chamilo_core::Gateway;
use serde_json::Value;

use crate::auth::{self, Caller};
use crate::errors::{ActionResult, RestError};
use crate::params::{Params, Routing};
use crate::{api_keys, courses, envelope, sessions, subscriptions, users};

/// What an action gets: the core services, the parameters and who is calling.
pub struct Ctx<'a> {
    pub gw: &'a Gateway,
    pub params: &'a Params,
    pub routing: &'a Routing,
    pub caller: Caller,
    /// Platform root URL with a trailing slash (`authenticate`'s `url`).
    pub web_path: &'a str,
    pub ip: &'a str,
}

pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = ActionResult> + 'a>>;
pub type Handler = for<'a> fn(&'a Ctx<'a>) -> BoxFuture<'a>;

/// Who may call an action before it looks at its parameters (`rest-v2.md` §2.5 with the
/// DECISIONS.md fixes). Finer rules (self-or-admin) are checked by the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// no key (`authenticate` only)
    Anyone,
    /// any user with a valid key
    User,
    /// a platform admin
    Admin,
    /// any user with a valid key, in a valid `course` context
    Course,
}

pub struct Action {
    pub name: &'static str,
    pub level: Level,
    pub run: Handler,
}

macro_rules! action {
    ($name:literal, $level:ident, $f:path) => {
        Action {
            name: $name,
            level: Level::$level,
            run: {
                fn run<'a>(c: &'a Ctx<'a>) -> BoxFuture<'a> {
                    Box::pin($f(c))
                }
                run
            },
        }
    };
}

/// Every action this adapter serves.
pub static ACTIONS: &[Action] = &[
    action!("authenticate", Anyone, users::authenticate),
    action!("gcm_id", User, users::gcm_id),
    action!("logout", User, users::logout),
    // users
    action!("user_profile", User, users::user_profile),
    action!(
        "users_profiles_by_extra_field",
        Admin,
        users::profiles_by_extra_field
    ),
    action!("get_users", Admin, users::get_users),
    action!("username_exist", User, users::username_exist),
    action!("save_user", Admin, users::save_user),
    action!("save_user_json", Admin, users::save_user_json),
    action!("save_user_get_apikey", Admin, users::save_user_get_apikey),
    action!(
        "update_user_from_username",
        User,
        users::update_user_from_username
    ),
    action!("delete_user", Admin, users::delete_user),
    action!("get_user_last_connexion", User, users::last_connexion),
    action!(
        "get_user_total_connexion_time",
        User,
        users::total_connexion_time
    ),
    // api keys
    action!("update_user_apikey", User, api_keys::update_user_apikey),
    action!("get_users_api_keys", Admin, api_keys::get_users_api_keys),
    action!("get_user_api_key", Admin, api_keys::get_user_api_key),
    // courses
    action!("user_courses", User, courses::user_courses),
    action!("get_courses", Admin, courses::get_courses),
    action!(
        "get_courses_from_extra_field",
        Admin,
        courses::from_extra_field
    ),
    action!(
        "courses_details_by_extra_field",
        Admin,
        courses::details_by_extra_field
    ),
    action!("save_course", Admin, courses::save_course),
    action!("delete_course", Admin, courses::delete_course),
    action!("course_info", Course, courses::course_info),
    action!("course_descriptions", Course, courses::course_descriptions),
    // sessions
    action!("user_sessions", User, sessions::user_sessions),
    action!("get_sessions", Admin, sessions::get_sessions),
    action!(
        "get_session_from_extra_field",
        Admin,
        sessions::from_extra_field
    ),
    action!("save_session", Admin, sessions::save_session),
    action!("update_session", Admin, sessions::update_session),
    action!("create_session_from_model", Admin, sessions::from_model),
    // subscriptions
    action!(
        "subscribe_user_to_course",
        User,
        subscriptions::subscribe_user_to_course
    ),
    action!(
        "unsubscribe_user_from_course",
        User,
        subscriptions::unsubscribe_user_from_course
    ),
    action!(
        "get_users_subscribed_to_course",
        Admin,
        subscriptions::course_users
    ),
    action!(
        "add_courses_session",
        Admin,
        subscriptions::add_courses_session
    ),
    action!(
        "subscribe_users_to_session",
        User,
        subscriptions::subscribe_users_to_session
    ),
    action!(
        "add_users_session",
        User,
        subscriptions::subscribe_users_to_session
    ),
    action!(
        "unsubscribe_users_from_session",
        Admin,
        subscriptions::unsubscribe_users_from_session
    ),
    action!(
        "subscribe_user_to_session_from_username",
        User,
        subscriptions::session_from_username
    ),
    action!(
        "get_users_subscribed_to_session",
        Admin,
        subscriptions::session_users
    ),
];

pub fn find(name: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.name == name)
}

/// Runs one request through the pipeline; the body of the JSON answer.
pub async fn handle(gw: &Gateway, params: &Params, web_path: &str, ip: &str) -> String {
    let routing = params.routing();
    match run(gw, params, &routing, web_path, ip).await {
        Ok(data) => envelope::success(data),
        Err(e) => envelope::error(e.message()),
    }
}

async fn run(
    gw: &Gateway,
    params: &Params,
    routing: &Routing,
    web_path: &str,
    ip: &str,
) -> ActionResult<Value> {
    let caller = auth::resolve(gw, routing, ip).await?;
    let action = find(&routing.action).ok_or(RestError::Key("InvalidAction"))?;
    match action.level {
        Level::Anyone => {}
        Level::User => {
            caller.user()?;
        }
        Level::Admin => {
            caller.require_admin()?;
        }
        Level::Course => {
            caller.user()?;
            caller.course()?;
        }
    }
    let ctx = Ctx {
        gw,
        params,
        routing,
        caller,
        web_path,
        ip,
    };
    (action.run)(&ctx).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn action_names_are_unique() {
        let mut names: Vec<&str> = super::ACTIONS.iter().map(|a| a.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
