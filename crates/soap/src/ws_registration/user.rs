//! WSRegistration's user operations. Answers are strings carrying numbers (Q7); an unknown
//! user is an answer, never a fault (Q12).

use chamilo_core::api_keys::DOKEOS_SERVICE;
use chamilo_core::extra_fields::ExtraValue;
use chamilo_core::users::{User, UserPatch};
use chamilo_core::{ItemRef, ItemType};
use chamilo_edge::php_json::to_php_json;
use serde_json::json;

use super::outcome::{one_or_zero, refusal};
use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Family;
use crate::fields::Fields;

/// The call's one struct part (members read as empty when it is missing or not a struct).
pub(super) fn params<'a>(call: &'a Call<'_>) -> &'a Value {
    call.parts.first().unwrap_or(&Value::Nil)
}

/// The user an `original_user_id_name` / `original_user_id_value` pair names.
pub(super) fn user_ref(p: &Value) -> ItemRef {
    p.reference(
        ItemType::User,
        "original_user_id_name",
        "original_user_id_value",
    )
}

/// `"1"` once the username (and a non-empty password) are set; `"0"` for an unknown or
/// inactive user and for a username that is invalid or another user's (§4.2, 5). The same core
/// call as soap.php's `WSUser.EditUserCredentials`.
pub async fn edit_user_credentials(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let res = call
        .gateway
        .edit_user_credentials(user_ref(p), &p.text("username"), &p.text("password"))
        .await;
    Ok(Some(one_or_zero(call, res)?))
}

/// `tns:User` {user_id, firstname, lastname} of the user the pair names; empty strings when
/// there is none (§4.8, 35; Q12).
pub async fn get_user(call: &Call<'_>) -> Outcome {
    let res = call.gateway.find_user(user_ref(params(call))).await;
    let found = res.map_err(|e| call.fail_as(Family::Plain, e))?;
    Ok(Some(user_struct(found)))
}

/// WSGetUserFromUsername: `tns:UserWithExtraFields` of the user of that username; empty
/// strings when there is none (§4.8, 36; Q12).
pub async fn get_user_from_username(call: &Call<'_>) -> Outcome {
    let user = ItemRef::Username(params(call).text("username"));
    let res = call.gateway.find_user_with_extras(user).await;
    let found = res.map_err(|e| call.fail_as(Family::Plain, e))?;
    let (id, firstname, lastname, extra_fields) = match found {
        Some((u, extras)) => (
            u.id.to_string(),
            u.firstname,
            u.lastname,
            extras_json(&extras),
        ),
        None => Default::default(),
    };
    Ok(Some(Typed::Struct {
        type_name: "tns:UserWithExtraFields",
        members: vec![
            ("user_id", Typed::Str(id)),
            ("firstname", Typed::Str(firstname)),
            ("lastname", Typed::Str(lastname)),
            ("extra_fields", Typed::Str(extra_fields)),
        ],
    }))
}

/// The user's extra-field values as Chamilo 1.11 answers them: PHP's `json_encode` of the rows
/// of `ExtraFieldValue::getAllValuesByItem`, one object {value, variable, field_type, id (the
/// field's), display_text} of strings per value, by field; `[]` for none. (1.11 lists only
/// the fields marked as filters; every field of the user is listed here, as the operation
/// promises.)
fn extras_json(extras: &[ExtraValue]) -> String {
    let rows: Vec<serde_json::Value> = extras
        .iter()
        .map(|v| {
            json!({
                "value": v.value,
                "variable": v.field.variable,
                "field_type": v.field.field_type.to_string(),
                "id": v.field.id.to_string(),
                "display_text": v.field.display_text,
            })
        })
        .collect();
    to_php_json(&serde_json::Value::Array(rows))
}

/// WSUpdateUserApiKey: the `dokeos` api key (created when missing) of the user the external id
/// pair names, or, when nobody has it, of the user of `chamilo_username`, who then takes that
/// external id (its field created when missing); `0` when there is nobody (§4.8, 43). The
/// key is not v2.php's (service `MsgREST`): it does not open the REST API.
pub async fn update_user_api_key(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let bind_to = p.given("chamilo_username");
    let res = call
        .gateway
        .api_key_binding_external_id(user_ref(p), bind_to.as_deref(), DOKEOS_SERVICE)
        .await;
    let answer = refusal(call, res)?.unwrap_or_else(|_| "0".to_owned());
    Ok(Some(Typed::Str(answer)))
}

/// WSUpdateUserOriginalIdFromUsername: stores the external id value in its field (which must
/// exist) for the user of that username; the user as `tns:User`, empty strings when there is
/// none (§4.8, 37).
pub async fn update_user_original_id_from_username(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let patch = UserPatch {
        extras: vec![(
            p.text("original_user_id_name"),
            p.text("original_user_id_value"),
        )],
        extras_existing_only: true,
        ..UserPatch::default()
    };
    let user = ItemRef::Username(p.text("username"));
    let res = call.gateway.edit_user_as_read(user, Ok(patch)).await;
    Ok(Some(user_struct(refusal(call, res)?.ok())))
}

/// `tns:User`: the id and names, or empty strings (Q12).
fn user_struct(user: Option<User>) -> Typed {
    let (id, firstname, lastname) = match user {
        Some(u) => (u.id.to_string(), u.firstname, u.lastname),
        None => Default::default(),
    };
    Typed::Struct {
        type_name: "tns:User",
        members: vec![
            ("user_id", Typed::Str(id)),
            ("firstname", Typed::Str(firstname)),
            ("lastname", Typed::Str(lastname)),
        ],
    }
}

/// What WSDisableUsers, WSEnableUsers and WSDeleteUsers do to one user.
#[derive(Clone, Copy)]
enum Action {
    Disable,
    Enable,
    Delete,
}

/// One `result_actionUsers` row per `ids` item, in input order: the value sent and `"1"` when
/// the action was done, else `"0"` (unknown user, a delete refused; §4.3). Deletes are hard:
/// the external id becomes free (DECISIONS).
async fn act_on_users(call: &Call<'_>, action: Action) -> Outcome {
    let mut rows = Rows::new("tns:result_actionUsers");
    for item in params(call).list("ids") {
        let user = user_ref(item);
        let res = match action {
            Action::Disable => call.gateway.set_user_active(user, false).await,
            Action::Enable => call.gateway.set_user_active(user, true).await,
            Action::Delete => call.gateway.delete_user(user).await,
        };
        let result = one_or_zero(call, res)?;
        rows.push(vec![
            (
                "original_user_id_value",
                Typed::Str(item.text("original_user_id_value")),
            ),
            ("result", result),
        ]);
    }
    Ok(rows.finish())
}

pub async fn disable_users(call: &Call<'_>) -> Outcome {
    act_on_users(call, Action::Disable).await
}

pub async fn enable_users(call: &Call<'_>) -> Outcome {
    act_on_users(call, Action::Enable).await
}

pub async fn delete_users(call: &Call<'_>) -> Outcome {
    act_on_users(call, Action::Delete).await
}
