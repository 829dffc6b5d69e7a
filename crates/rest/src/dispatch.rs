//! The action table and the request pipeline (`rest-v2.md` §1.4): routing parameters, api key,
//! course/session context, action lookup, permission level, audit row, action, envelope.
//! The top of the adapter: it imports the action modules, none of them imports it.

use chamilo_core::Gateway;
use chamilo_edge::served::UNKNOWN_OPERATION;
use chamilo_edge::CallOutcome;

use crate::action_doc::Doc;
use crate::audit::Source::*;
use crate::audit::{a, b};
use crate::auth;
use crate::ctx::{BoxFuture, Ctx, Level, ListingFuture, Origin, RedirectFuture, Reply, Run};
use crate::errors::{ActionResult, RestError};
use crate::params::{Params, Routing};
use crate::{
    account, api_keys, audit, audit_items, campuses, courses, envelope, groups, redirects,
    sessions, subscriptions, user_messages, users,
};

/// One action: its name, who may call it, what its audit row records, its handler, and what
/// the reference says of it (parameters, data, failures; declared next to the handler).
pub struct Action {
    pub name: &'static str,
    pub level: Level,
    /// a constant of the row: nothing is looked up or computed per request
    pub audit: audit::Plan,
    pub run: Run,
    /// a reference, so the rows the pipeline scans stay small
    pub doc: &'static Doc,
}

/// An `Action` whose handler is `$f` wrapped into the `Run::$kind` function type (`$future`).
/// Without an audit plan the row records the acting username before the action runs.
macro_rules! entry {
    ($kind:ident, $future:ident, $name:literal, $level:ident, $plan:expr, $f:path, $doc:path) => {
        Action {
            name: $name,
            level: Level::$level,
            audit: $plan,
            run: Run::$kind({
                fn run<'a>(c: &'a Ctx<'a>) -> $future<'a> {
                    Box::pin($f(c))
                }
                run
            }),
            doc: &$doc,
        }
    };
    ($kind:ident, $future:ident, $name:literal, $level:ident, $f:path, $doc:path) => {
        entry!(
            $kind,
            $future,
            $name,
            $level,
            audit::ACTING_USERNAME,
            $f,
            $doc
        )
    };
}

/// `action!(name, level, [audit plan,] handler, doc)`: data in the envelope.
macro_rules! action {
    ($($row:tt)*) => { entry!(Data, BoxFuture, $($row)*) };
}

/// data the handler writes as JSON itself
macro_rules! listing {
    ($($row:tt)*) => { entry!(Listing, ListingFuture, $($row)*) };
}

/// a 302 to the URL the handler answers
macro_rules! redirect {
    ($($row:tt)*) => { entry!(Redirect, RedirectFuture, $($row)*) };
}

/// Every action this adapter serves, one line each: name, level, audit plan (`rest-v2.md` §3
/// "Audit" lines: `b` recorded before the action runs, `a` only once it succeeded; none =
/// the acting username, before), handler, and its `Doc` (the constant beside the handler). Where the original records its own answer as the
/// value of a listing (`get_group_sub_*`, a bug), the group id is recorded instead.
#[rustfmt::skip]
pub static ACTIONS: &[Action] = &[
    action!("authenticate", Anyone, a("username", RoutingUsername), users::authenticate, users::AUTHENTICATE),
    action!("gcm_id", User, b("gcm_id", Post("registration_id")), users::gcm_id, users::GCM_ID),
    action!("logout", User, users::logout, users::LOGOUT),
    // users
    listing!("user_profile", User, users::user_profile, users::USER_PROFILE),
    action!("users_profiles_by_extra_field", Admin, b("extra_field_name", Post("field_name")), users::profiles_by_extra_field, users::PROFILES_BY_EXTRA_FIELD),
    listing!("get_users", Admin, users::get_users, users::GET_USERS),
    action!("username_exist", User, b("username", Post("loginname")), users::username_exist, users::USERNAME_EXIST),
    action!("save_user", Admin, a("user_id", Data), users::save_user, users::SAVE_USER),
    action!("save_user_json", Admin, a("user_id", Data), users::save_user_json, users::SAVE_USER_JSON),
    action!("save_user_get_apikey", Admin, a("user_id", DataKey("id")), users::save_user_get_apikey, users::SAVE_USER_GET_APIKEY),
    action!("update_user_from_username", User, a("username", Username), users::update_user_from_username, users::UPDATE_USER_FROM_USERNAME),
    action!("delete_user", Admin, a("user_id", Request("user_id")), users::delete_user, users::DELETE_USER),
    action!("get_user_last_connexion", User, users::last_connexion, users::LAST_CONNEXION),
    action!("get_user_total_connexion_time", User, users::total_connexion_time, users::TOTAL_CONNEXION_TIME),
    // api keys
    action!("update_user_apikey", User, b("user_id", Post("user_id")), api_keys::update_user_apikey, api_keys::UPDATE_USER_APIKEY),
    action!("get_users_api_keys", Admin, api_keys::get_users_api_keys, api_keys::GET_USERS_API_KEYS),
    action!("get_user_api_key", Admin, b("username", Query("user")), api_keys::get_user_api_key, api_keys::GET_USER_API_KEY),
    // courses
    action!("user_courses", User, courses::user_courses, courses::USER_COURSES),
    action!("get_courses", Admin, b("id_campus", Post("id_campus")), courses::get_courses, courses::GET_COURSES),
    action!("get_courses_from_extra_field", Admin, b("extra_field-extra_field_value", Pair("extra_field_variable", "extra_field_value")), courses::from_extra_field, courses::FROM_EXTRA_FIELD),
    action!("courses_details_by_extra_field", Admin, b("extra_field_name", Post("field_name")), courses::details_by_extra_field, courses::DETAILS_BY_EXTRA_FIELD),
    action!("save_course", Admin, a("course_id", DataKey("id")), courses::save_course, courses::SAVE_COURSE),
    action!("delete_course", Admin, a("course_id", Request("course_id")), courses::delete_course, courses::DELETE_COURSE),
    action!("course_info", Course, b("course_id", Course), courses::course_info, courses::COURSE_INFO),
    action!("course_descriptions", Course, b("course_id", Course), courses::course_descriptions, courses::COURSE_DESCRIPTIONS),
    // sessions
    action!("user_sessions", User, sessions::user_sessions, sessions::USER_SESSIONS),
    action!("get_sessions", Admin, b("id_campus", Post("id_campus")), sessions::get_sessions, sessions::GET_SESSIONS),
    action!("get_session_from_extra_field", Admin, a("extra_field_name-extra_field_value", Pair("field_name", "field_value")), sessions::from_extra_field, sessions::FROM_EXTRA_FIELD),
    action!("save_session", Admin, a("session_id", DataKey("id_session")), sessions::save_session, sessions::SAVE_SESSION),
    action!("update_session", Admin, a("session_id", Post("session_id")), sessions::update_session, sessions::UPDATE_SESSION),
    action!("create_session_from_model", Admin, a("session_id", Data), sessions::from_model, sessions::FROM_MODEL),
    // subscriptions
    action!("subscribe_user_to_course", User, a("course_id-user_id", Pair("course_id", "user_id")), subscriptions::subscribe_user_to_course, subscriptions::SUBSCRIBE_USER_TO_COURSE),
    action!("unsubscribe_user_from_course", User, a("course_id-user_id", Pair("course_id", "user_id")), subscriptions::unsubscribe_user_from_course, subscriptions::UNSUBSCRIBE_USER_FROM_COURSE),
    action!("get_users_subscribed_to_course", Admin, b("course_id", Course), subscriptions::course_users, subscriptions::COURSE_USERS),
    action!("add_courses_session", Admin, a("session_id-course_ids", Pair("id_session", "list_courses")), subscriptions::add_courses_session, subscriptions::ADD_COURSES_SESSION),
    action!("subscribe_users_to_session", User, a("session_id-users_ids", Pair("id_session", "list_users")), subscriptions::subscribe_users_to_session, subscriptions::SUBSCRIBE_USERS_TO_SESSION),
    action!("add_users_session", User, a("session_id-users_ids", Pair("id_session", "list_users")), subscriptions::subscribe_users_to_session, subscriptions::SUBSCRIBE_USERS_TO_SESSION),
    action!("unsubscribe_users_from_session", Admin, a("session_id-users_ids", Pair("id_session", "list_users")), subscriptions::unsubscribe_users_from_session, subscriptions::UNSUBSCRIBE_USERS_FROM_SESSION),
    action!("subscribe_user_to_session_from_username", User, a("session_id-username", Pair("sessionId", "loginname")), subscriptions::session_from_username, subscriptions::SESSION_FROM_USERNAME),
    action!("get_users_subscribed_to_session", Admin, b("session_id", Post("id_session")), subscriptions::session_users, subscriptions::SESSION_USERS),
    // messages
    action!("user_messages", User, b("last_message_id", Post("last")), user_messages::user_messages, user_messages::USER_MESSAGES),
    action!("user_messages_received", User, user_messages::received, user_messages::RECEIVED),
    action!("user_messages_sent", User, user_messages::sent, user_messages::SENT),
    action!("delete_user_message", User, b("message_id", Post("message_id")), user_messages::delete, user_messages::DELETE),
    action!("get_count_new_messages", User, user_messages::count_new, user_messages::COUNT_NEW),
    action!("set_message_read", User, a("message_id", Post("message_id")), user_messages::set_read, user_messages::SET_READ),
    action!("user_message_read", User, a("messages_id", Post("messages")), user_messages::mark_read, user_messages::MARK_READ),
    action!("user_message_unread", User, a("messages_id", Post("messages")), user_messages::mark_unread, user_messages::MARK_UNREAD),
    action!("save_user_message", User, a("username", Username), user_messages::save, user_messages::SAVE),
    action!("message_users", User, b("filter_search", Request("q")), user_messages::message_users, user_messages::MESSAGE_USERS),
    // classes
    action!("get_groups", Admin, groups::get_groups, groups::GET_GROUPS),
    action!("group_exists", Admin, b("groupname", Post("name")), groups::group_exists, groups::GROUP_EXISTS),
    action!("add_group", Admin, a("user_id", Data), groups::add_group, groups::ADD_GROUP),
    action!("delete_group", Admin, a("group_id", Post("id")), groups::delete_group, groups::DELETE_GROUP),
    action!("get_group_sub_users", Admin, a("group_id", Post("id")), groups::sub_users, groups::SUB_USERS),
    action!("get_group_sub_courses", Admin, a("group_id", Post("id")), groups::sub_courses, groups::SUB_COURSES),
    action!("get_group_sub_sessions", Admin, a("group_id", Post("id")), groups::sub_sessions, groups::SUB_SESSIONS),
    action!("add_group_sub_user", Admin, a("group_id", Post("group_id")), groups::add_sub_user, groups::ADD_SUB_USER),
    action!("add_group_sub_course", Admin, a("group_id", Post("group_id")), groups::add_sub_course, groups::ADD_SUB_COURSE),
    action!("add_group_sub_session", Admin, a("group_id", Post("group_id")), groups::add_sub_session, groups::ADD_SUB_SESSION),
    action!("delete_group_sub_user", Admin, a("group_id", Post("group_id")), groups::delete_sub_user, groups::DELETE_SUB_USER),
    action!("delete_group_sub_course", Admin, a("group_id", Post("group_id")), groups::delete_sub_course, groups::DELETE_SUB_COURSE),
    action!("delete_group_sub_session", Admin, a("group_id", Post("group_id")), groups::delete_sub_session, groups::DELETE_SUB_SESSION),
    action!("get_user_sub_group", Admin, b("user_id", Post("user_id")), groups::user_sub_group, groups::USER_SUB_GROUP),
    // campuses
    action!("add_campus", Admin, a("campus_id", DataKey("id_campus")), campuses::add_campus, campuses::ADD_CAMPUS),
    action!("edit_campus", Admin, a("campus_id", Post("id")), campuses::edit_campus, campuses::EDIT_CAMPUS),
    action!("delete_campus", Admin, a("campus_id", Post("id")), campuses::delete_campus, campuses::DELETE_CAMPUS),
    // account, reporting, audit
    action!("check_conditional_login", User, account::check_conditional_login, account::CHECK_CONDITIONAL_LOGIN),
    action!("get_legal_conditions", User, account::get_legal_conditions, account::GET_LEGAL_CONDITIONS),
    action!("update_condition_accepted", User, a("success", Literal("true")), account::update_condition_accepted, account::UPDATE_CONDITION_ACCEPTED),
    action!("update_user_pause_training", User, a("user_id", Post("user_id")), account::update_user_pause_training, account::UPDATE_USER_PAUSE_TRAINING),
    action!("user_courses_by_dates", Admin, b("user_id", Post("user_id")), account::user_courses_by_dates, account::USER_COURSES_BY_DATES),
    action!("get_audit_items", Admin, b("event_type", Post("event_type")), audit_items::get_audit_items, audit_items::GET_AUDIT_ITEMS),
    // redirects to the Chamilo front-end
    redirect!("view_message", User, b("message_id", Get("message")), redirects::view_message, redirects::VIEW_MESSAGE),
    redirect!("view_user_profile", User, b("user_id", Get("user_id")), redirects::view_user_profile, redirects::VIEW_USER_PROFILE),
    redirect!("view_my_courses", User, redirects::view_my_courses, redirects::VIEW_MY_COURSES),
    redirect!("view_course_home", Course, b("course_id", Course), redirects::view_course_home, redirects::VIEW_COURSE_HOME),
];

pub fn find(name: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.name == name)
}

/// One request's answer, with what the edge counts of it.
pub struct Handled {
    pub reply: Reply,
    /// The row's name, or `UNKNOWN_OPERATION` when no row has the requested name.
    pub action: &'static str,
    pub outcome: CallOutcome,
}

/// Runs one request through the pipeline.
pub async fn handle(gw: &Gateway, params: &Params, origin: Origin<'_>) -> Handled {
    let routing = params.routing();
    let action = find(&routing.action);
    let name = action.map_or(UNKNOWN_OPERATION, |a| a.name);
    match run(gw, params, &routing, action, origin).await {
        Ok(reply) => Handled {
            reply,
            action: name,
            outcome: CallOutcome::Ok,
        },
        Err(e) => Handled {
            reply: Reply::Json(envelope::error(e.message())),
            action: name,
            outcome: e.outcome(),
        },
    }
}

async fn run(
    gw: &Gateway,
    params: &Params,
    routing: &Routing,
    action: Option<&'static Action>,
    origin: Origin<'_>,
) -> ActionResult<Reply> {
    // a bad key is answered before an unknown action
    let caller = auth::resolve(gw, routing, origin.ip).await?;
    let action = action.ok_or(RestError::Key("InvalidAction"))?;
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
        origin,
    };
    let plan = &action.audit;
    if plan.when == audit::When::Before {
        audit::record(&ctx, action.name, plan, None).await;
    }
    match action.run {
        Run::Data(f) => {
            let data = f(&ctx).await?;
            if plan.when == audit::When::After {
                audit::record(&ctx, action.name, plan, Some(&data)).await;
            }
            Ok(Reply::Json(envelope::success(data)))
        }
        Run::Listing(f) => {
            let data = f(&ctx).await?;
            if plan.when == audit::When::After {
                audit::record(&ctx, action.name, plan, None).await;
            }
            Ok(Reply::Json(envelope::success_json(&data.0)))
        }
        Run::Redirect(f) => {
            let location = f(&ctx).await?;
            if plan.when == audit::When::After {
                audit::record(&ctx, action.name, plan, None).await;
            }
            Ok(Reply::Redirect(location))
        }
    }
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
