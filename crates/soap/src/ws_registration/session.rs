//! WSRegistration's session enrolments by external ids (§4.7): one row per user of each item,
//! in input order; an unknown session gives every user of its item a `0` row (Q14 fixed).

use chamilo_core::{CoreError, CoreResult, ItemRef, ItemType};

use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::{Family, Fault};
use crate::fields::Fields;

use super::user::params;

fn session_ref(p: &Value) -> ItemRef {
    p.reference(
        ItemType::Session,
        "original_session_id_name",
        "original_session_id_value",
    )
}

/// `"1"` when the core did it, `"0"` when it refused; a database failure is the call's fault.
fn result(call: &Call<'_>, res: CoreResult<()>) -> Result<Typed, Fault> {
    match res {
        Ok(()) => Ok(Typed::Str("1".into())),
        Err(e @ CoreError::Storage(_)) => Err(call.fail_as(Family::Plain, e)),
        Err(e) => {
            crate::errors::log(call.op, &e);
            Ok(Typed::Str("0".into()))
        }
    }
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
    let mut rows = Vec::new();
    for item in params(call).list("userssessions") {
        let name = item.text("original_user_id_name");
        for user in item.list("original_user_id_values") {
            let value = user.text("original_user_id_value");
            let user_ref = ItemRef::pair(ItemType::User, &name, &value, chamilo_edge::php::intval);
            let res = act(session_ref(item), user_ref).await;
            rows.push(Typed::Struct {
                type_name: row_type,
                members: vec![
                    ("original_user_id_values", Typed::Str(value)),
                    (
                        "original_session_id_value",
                        Typed::Str(item.text("original_session_id_value")),
                    ),
                    ("result", result(call, res)?),
                ],
            });
        }
    }
    Ok(Some(Typed::Array {
        item_type: row_type,
        items: rows,
    }))
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

/// WSUnsuscribeUsersFromSession (sic): `1` once the user is out of the session.
pub async fn unsubscribe_users_from_session(call: &Call<'_>) -> Outcome {
    let gw = call.gateway;
    users_in_sessions(
        call,
        "tns:result_unsubscribeUsersFromSession",
        |session, user| async move {
            gw.unsubscribe_user_from_session(session, user)
                .await
                .map(|_| ())
        },
    )
    .await
}

/// WSDeleteSession: deletes each session with what hangs on it; `1` done, `0` unknown; the row
/// echoes the id *value* (Q14 fixed: the original echoed the id name).
pub async fn delete_session(call: &Call<'_>) -> Outcome {
    let mut rows = Vec::new();
    for item in params(call).list("sessions") {
        let res = call.gateway.delete_session(session_ref(item)).await;
        rows.push(Typed::Struct {
            type_name: "tns:result_deleteSession",
            members: vec![
                (
                    "original_session_id_value",
                    Typed::Str(item.text("original_session_id_value")),
                ),
                ("result", result(call, res)?),
            ],
        });
    }
    Ok(Some(Typed::Array {
        item_type: "tns:result_deleteSession",
        items: rows,
    }))
}
