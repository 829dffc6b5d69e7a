//! WSRegistration's user creation (§4.1): an external id that names an inactive account brings
//! it back (the core's `reactivate_inactive`, Q16); answers are the user id as a string, `0`
//! when refused (the id names an active user, the username is taken, a value is invalid), or,
//! for the PasswordCrypted forms, the original's message about the hash.

use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::parse_session_date;
use chamilo_core::users::{status, NewUser};
use chamilo_core::{CoreError, CoreResult, EmptyExternalValue, ExternalRef, ItemType};

use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Fault;
use crate::fields::Fields;

use super::outcome::refusal;
use super::user::params;

/// How a creation's password arrives.
enum Password {
    /// clear text, hashed by the gateway
    Clear,
    /// already hashed with `encrypt_method` (md5, sha1 or bcrypt: what the gateway can verify)
    Crypted,
}

/// What one item asks for, or the message that refuses it before anything is looked up.
fn new_user(p: &Value, password: &Password, active: bool) -> Result<CoreResult<NewUser>, String> {
    let password = match password {
        Password::Clear => PasswordInput::Clear(p.text("password")),
        Password::Crypted => crypted(p)?,
    };
    Ok(read_user(p, password, active))
}

/// The pre-hashed password of a PasswordCrypted item, or the original's refusal text.
fn crypted(p: &Value) -> Result<PasswordInput, String> {
    let method = p.text("encrypt_method");
    let not_configured = || format!("This encryption {method} is not configured");
    if !matches!(method.trim(), "md5" | "sha1" | "bcrypt") {
        return Err(not_configured());
    }
    PasswordInput::from_parts(&p.text("password"), method.trim()).map_err(|_| not_configured())
}

fn read_user(p: &Value, password: PasswordInput, active: bool) -> CoreResult<NewUser> {
    let expiration = p.text("expiration_date");
    let extras = p.extras_in("extra");
    Ok(NewUser {
        username: p.text("loginname"),
        firstname: p.text("firstname"),
        lastname: p.text("lastname"),
        email: p.text("email"),
        status: match crate::fields::to_i32(p.int("status")) {
            0 => status::STUDENT,
            s => s,
        },
        password,
        official_code: p.text("official_code"),
        phone: p.text("phone"),
        language: p.text("language"),
        active,
        expiration_date: parse_session_date("expiration_date", &expiration)?,
        external_id: ExternalRef::given(
            ItemType::User,
            p.text("original_user_id_name"),
            p.text("original_user_id_value"),
            EmptyExternalValue::Refuse,
        ),
        extras,
        reactivate_inactive: true,
        ..NewUser::default()
    })
}

/// Creates (or reactivates) one user; the answer text.
async fn create_one(
    call: &Call<'_>,
    p: &Value,
    password: &Password,
    active: bool,
) -> Result<String, Fault> {
    let res = match new_user(p, password, active) {
        Ok(Ok(new)) => call.gateway.create_user(new).await,
        Ok(Err(e)) => Err(e),
        Err(message) => return Ok(message),
    };
    Ok(match refusal(call, res)? {
        Ok(id) => id.to_string(),
        Err(e) => refused(&e, password, p),
    })
}

/// A refusal's answer: `0`, or for a pre-hashed password the core refused, the original's text.
fn refused(e: &CoreError, password: &Password, p: &Value) -> String {
    match (password, e) {
        (
            Password::Crypted,
            CoreError::Invalid {
                field: "password", ..
            },
        ) => {
            format!("Encryption {} is invalid", p.text("encrypt_method"))
        }
        // over a Chamilo platform, a hash in another method than the platform's
        (
            Password::Crypted,
            CoreError::Invalid {
                field: "encrypt_method",
                ..
            },
        ) => not_configured(p),
        _ => "0".into(),
    }
}

/// The original's answer to a pre-hashed password of another method than the platform's.
pub(super) fn not_configured(p: &Value) -> String {
    format!(
        "This encryption {} is not configured",
        p.text("encrypt_method")
    )
}

/// WSCreateUser: the account is active only when `active` is sent and not zero (Q15).
pub async fn create_user(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let active = p.int("active") != 0;
    let answer = create_one(call, p, &Password::Clear, active).await?;
    Ok(Some(Typed::Str(answer)))
}

/// WSCreateUserPasswordCrypted: the password is a hash of `encrypt_method`; new accounts are
/// active.
pub async fn create_user_password_crypted(call: &Call<'_>) -> Outcome {
    let answer = create_one(call, params(call), &Password::Crypted, true).await?;
    Ok(Some(Typed::Str(answer)))
}

/// One `{original_user_id_value, result}` row per `users` item, in input order. The items
/// the core can take go to its set-wise `create_users` in one call (the answers are those of
/// creating them one by one, see there); an item refused while reading keeps its message.
async fn create_many(call: &Call<'_>, password: Password, row_type: &'static str) -> Outcome {
    let items = params(call).list("users");
    let mut answers: Vec<Option<String>> = Vec::with_capacity(items.len());
    let mut batch = Vec::new();
    for item in &items {
        match new_user(item, &password, true) {
            Ok(Ok(new)) => {
                answers.push(None);
                batch.push(new);
            }
            Ok(Err(e)) => answers.push(Some(refused(&e, &password, item))),
            Err(message) => answers.push(Some(message)),
        }
    }
    let mut created = call.gateway.create_users(batch).await.into_iter();
    let mut rows = Rows::new(row_type);
    for (item, answer) in items.iter().zip(answers) {
        let result = match answer {
            Some(message) => message,
            None => match refusal(
                call,
                created
                    .next()
                    .unwrap_or(Err(CoreError::Storage("an item without its answer".into()))),
            )? {
                Ok(id) => id.to_string(),
                Err(e) => refused(&e, &password, item),
            },
        };
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

pub async fn create_users(call: &Call<'_>) -> Outcome {
    create_many(call, Password::Clear, "tns:result_createUsers").await
}

pub async fn create_users_password_crypted(call: &Call<'_>) -> Outcome {
    create_many(call, Password::Crypted, "tns:result_createUsersPassEncrypt").await
}
