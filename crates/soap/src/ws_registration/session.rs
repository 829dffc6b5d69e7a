//! WSRegistration's session enrolments by external ids (§4.7): one row per user of each item,
//! in input order; an unknown session gives every user of its item a `0` row (Q14 fixed).

use chamilo_core::{CoreResult, ItemRef, ItemType};

use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::Fields;

use super::outcome::{done, one_or_zero};
use super::user::params;

fn session_ref(p: &Value) -> ItemRef {
    p.reference(
        ItemType::Session,
        "original_session_id_name",
        "original_session_id_value",
    )
}

/// Runs `act` for every (session, user) of the `userssessions` items; the rows of `row_type`.
async fn users_in_sessions<'c, F, Fut>(
    call: &'c Call<'c>,
    row_type: &'static str,
    act: F,
) -> Outcome
where
    F: Fn(ItemRef, ItemRef) -> Fut,
    Fut: std::future::Future<Output = CoreResult<()>> + 'c,
{
    let mut rows = Rows::new(row_type);
    for item in params(call).list("userssessions") {
        let name = item.text("original_user_id_name");
        for user in item.list("original_user_id_values") {
            let value = user.text("original_user_id_value");
            let user_ref = ItemRef::pair(ItemType::User, &name, &value, chamilo_edge::php::intval);
            let res = act(session_ref(item), user_ref).await;
            rows.push(vec![
                ("original_user_id_values", Typed::Str(value)),
                (
                    "original_session_id_value",
                    Typed::Str(item.text("original_session_id_value")),
                ),
                ("result", one_or_zero(call, res)?),
            ]);
        }
    }
    Ok(rows.finish())
}

/// WSSuscribeUsersToSession (sic): adds each active user; members stay (Q-S2 fixed).
pub async fn subscribe_users_to_session(call: &Call<'_>) -> Outcome {
    let gw = call.gateway;
    users_in_sessions(
        call,
        "tns:result_subscribeUsersToSession",
        |session, user| gw.subscribe_active_user_to_session(session, user),
    )
    .await
}

/// WSUnsuscribeUsersFromSession (sic): `1` once the user is out of the session; `0` for an
/// unknown or inactive user (who stays where it is).
pub async fn unsubscribe_users_from_session(call: &Call<'_>) -> Outcome {
    let gw = call.gateway;
    users_in_sessions(
        call,
        "tns:result_unsubscribeUsersFromSession",
        |session, user| async move {
            gw.unsubscribe_active_user_from_session(session, user)
                .await
                .map(|_| ())
        },
    )
    .await
}

/// WSDeleteSession: deletes each session with what hangs on it; `1` done, `0` unknown; the row
/// echoes the id *value* (Q14 fixed: the original echoed the id name).
pub async fn delete_session(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_deleteSession");
    for item in params(call).list("sessions") {
        let res = call.gateway.delete_session(session_ref(item)).await;
        rows.push(vec![
            (
                "original_session_id_value",
                Typed::Str(item.text("original_session_id_value")),
            ),
            ("result", one_or_zero(call, res)?),
        ]);
    }
    Ok(rows.finish())
}

/// The courses of a `coursessessions` item: (sent value, reference under the item's field).
fn item_courses(item: &Value) -> Vec<(String, ItemRef)> {
    let name = item.text("original_course_id_name");
    item.list("original_course_id_values")
        .into_iter()
        .map(|c| {
            let value = c.text("course_code");
            let r = ItemRef::pair(ItemType::Course, &name, &value, chamilo_edge::php::intval);
            (value, r)
        })
        .collect()
}

/// WSSuscribeCoursesToSession (sic): one row per course of each item, `1` added (with the
/// session's students), `0` for an unknown or closed course or an unknown session (Q14).
pub async fn subscribe_courses_to_session(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_subscribeCoursesToSession");
    for item in params(call).list("coursessessions") {
        for (value, course) in item_courses(item) {
            let res = call
                .gateway
                .add_open_course_to_session(session_ref(item), course)
                .await;
            rows.push(vec![
                ("original_course_id_values", Typed::Str(value)),
                (
                    "original_session_id_value",
                    Typed::Str(item.text("original_session_id_value")),
                ),
                ("result", one_or_zero(call, res)?),
            ]);
        }
    }
    Ok(rows.finish())
}

/// WSUnsuscribeCoursesFromSession (sic): one row per item (Q14): the values of the courses
/// taken out, comma-joined (the values sent; the original listed course codes), and `1`; `0`
/// when none was (unknown session, no known course). Nothing else of the session changes (the
/// original reset its course counter to 0: fixed).
pub async fn unsubscribe_courses_from_session(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_unsubscribeCoursesFromSession");
    for item in params(call).list("coursessessions") {
        let mut removed = Vec::new();
        for (value, course) in item_courses(item) {
            let res = call
                .gateway
                .remove_course_from_session(session_ref(item), course)
                .await;
            if done(call, res)? {
                removed.push(value);
            }
        }
        let result = if removed.is_empty() { "0" } else { "1" };
        rows.push(vec![
            ("original_course_id_values", Typed::Str(removed.join(","))),
            (
                "original_session_id_value",
                Typed::Str(item.text("original_session_id_value")),
            ),
            ("result", Typed::Str(result.into())),
        ]);
    }
    Ok(rows.finish())
}
