//! WSRegistration's user edits (§4.2): the user by external id must exist and be active
//! (WSEditUser's `enable` lifts that and re-enables), the account is active afterwards; names,
//! username and password change only when given (Q18: an edit never clears what the request
//! does not carry, never sets an empty username); e-mail and phone are set as given; extras
//! only for fields that exist. The answer is the user id as a string, or `0`.

use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::parse_session_date;
use chamilo_core::users::{status, UserPatch};
use chamilo_core::{CoreError, CoreResult};

use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Fault;
use crate::fields::{to_i32, Fields};

use super::outcome::refusal;
use super::user::{params, user_ref};

/// What an item changes; `enable` (WSEditUser) also edits an inactive account.
fn patch(p: &Value, enable: bool) -> CoreResult<UserPatch> {
    let expiration_date = match p.given("expiration_date") {
        Some(raw) => Some(parse_session_date("expiration_date", &raw)?),
        None => None,
    };
    Ok(UserPatch {
        username: p.given("username"),
        firstname: p.given("firstname"),
        lastname: p.given("lastname"),
        email: Some(p.text("email")),
        email_as_given: true,
        phone: Some(p.text("phone")),
        status: Some(match to_i32(p.int("status")) {
            0 => status::STUDENT,
            s => s,
        }),
        password: p.given("password").map(PasswordInput::Clear),
        language: p.given("language"),
        expiration_date,
        active: Some(true),
        only_if_active: !enable,
        extras: p.extras_in("extra"),
        extras_existing_only: true,
        admins_stay_teachers: true,
        ..UserPatch::default()
    })
}

/// Edits the user `p` names with `patch`; its id as the answer, `0` when refused.
async fn edit_one(
    call: &Call<'_>,
    p: &Value,
    patch: CoreResult<UserPatch>,
) -> Result<String, Fault> {
    let res = call.gateway.edit_user_as_read(user_ref(p), patch).await;
    Ok(match refusal(call, res)? {
        Ok(user) => user.id.to_string(),
        Err(_) => "0".into(),
    })
}

/// WSEditUser: `enable` true edits (and so re-enables) an inactive account too.
pub async fn edit_user(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let enable = matches!(p.text("enable").trim(), "1" | "true");
    Ok(Some(Typed::Str(edit_one(call, p, patch(p, enable)).await?)))
}

/// WSEditUserWithPicture: as WSEditUser without `enable`, where an empty status keeps the
/// current one. `picture_url` is never fetched: the gateway makes no requests to client-given
/// URLs (DECISIONS), so the picture stays as it is.
pub async fn edit_user_with_picture(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let keep_status = p.given("status").is_none();
    let patch = patch(p, false).map(|mut patch| {
        if keep_status {
            patch.status = None;
        }
        patch
    });
    Ok(Some(Typed::Str(edit_one(call, p, patch).await?)))
}

/// WSEditUsers: one `{original_user_id_value, result}` row per item, in input order.
pub async fn edit_users(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_editUsers");
    for item in params(call).list("users") {
        let result = edit_one(call, item, patch(item, false)).await?;
        rows.push(vec![
            (
                "original_user_id_value",
                Typed::Str(item.text("original_user_id_value")),
            ),
            ("result", Typed::Str(result)),
        ]);
    }
    Ok(rows.finish())
}

/// The pre-hashed password of a PasswordCrypted edit: none when neither part is given, else
/// both are needed, with a method the gateway can verify; or the original's text refusing it.
fn crypted_password(p: &Value) -> Result<Option<PasswordInput>, String> {
    let (password, method) = (p.given("password"), p.given("encrypt_method"));
    match (password, method) {
        (None, None) => Ok(None),
        (Some(_), None) => {
            Err("If password is not empty the encrypt_method param is required ".into())
        }
        (None, Some(_)) => {
            Err("If encrypt_method is not empty the password param is required ".into())
        }
        (Some(password), Some(method)) => {
            let not_configured = || format!("This encryption {method} is not configured");
            if !matches!(method.trim(), "md5" | "sha1" | "bcrypt") {
                return Err(not_configured());
            }
            PasswordInput::from_parts(&password, method.trim())
                .map(Some)
                .map_err(|_| not_configured())
        }
    }
}

/// Edits one user with a pre-hashed password: `1` done (Q13), `0` refused, or the original's
/// text about the password.
async fn edit_crypted_one(call: &Call<'_>, p: &Value) -> Result<String, Fault> {
    let password = match crypted_password(p) {
        Ok(password) => password,
        Err(message) => return Ok(message),
    };
    let patch = patch(p, false).map(|mut patch| {
        patch.password = password;
        patch
    });
    let res = call.gateway.edit_user_as_read(user_ref(p), patch).await;
    Ok(match refusal(call, res)? {
        Ok(_) => "1".into(),
        Err(CoreError::Invalid {
            field: "password", ..
        }) => format!("Encryption {} is invalid", p.text("encrypt_method")),
        Err(CoreError::Invalid {
            field: "encrypt_method",
            ..
        }) => super::create::not_configured(p),
        Err(_) => "0".into(),
    })
}

/// WSEditUserPasswordCrypted.
pub async fn edit_user_password_crypted(call: &Call<'_>) -> Outcome {
    Ok(Some(Typed::Str(
        edit_crypted_one(call, params(call)).await?,
    )))
}

/// WSEditUsersPasswordCrypted: one `{original_user_id_value, result}` row per item.
pub async fn edit_users_password_crypted(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_editUsersPasswordCrypted");
    for item in params(call).list("users") {
        let result = edit_crypted_one(call, item).await?;
        rows.push(vec![
            (
                "original_user_id_value",
                Typed::Str(item.text("original_user_id_value")),
            ),
            ("result", Typed::Str(result)),
        ]);
    }
    Ok(rows.finish())
}
