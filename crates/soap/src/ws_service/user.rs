//! WSUser: enable/disable, delete, create and edit users, one at a time or in batches.
//! Single operations fault on error; batches answer one result per item, in input order.
//! Each `pub async fn` is the operation of its name; errors map with the row's family.

use chamilo_core::passwords::PasswordInput;
use chamilo_core::sessions::parse_session_date;
use chamilo_core::users::{NewUser, UserPatch, CREATE_BATCH};
use chamilo_core::{CoreError, CoreResult, ItemRef, ItemType};

use crate::call::{result_struct, Call, Outcome};
use crate::codec::{EncodedArray, Typed};
use crate::errors::Family;
use crate::fields::{external_id, to_i32, Fields};

/// The user an item or the call names.
fn user_ref(f: &impl Fields) -> ItemRef {
    f.reference(ItemType::User, "user_id_field_name", "user_id_value")
}

// ---------------------------------------------------------------------------
// Enable / disable / delete

async fn toggle_one(call: &Call<'_>, f: &impl Fields, active: bool) -> CoreResult<()> {
    call.gateway.set_user_active(user_ref(f), active).await
}

async fn delete_one(call: &Call<'_>, f: &impl Fields) -> CoreResult<()> {
    call.gateway.delete_user(user_ref(f)).await
}

pub async fn disable_user(call: &Call<'_>) -> Outcome {
    toggle(call, false).await
}

pub async fn enable_user(call: &Call<'_>) -> Outcome {
    toggle(call, true).await
}

pub async fn delete_user(call: &Call<'_>) -> Outcome {
    let res = delete_one(call, &call.parts).await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

async fn toggle(call: &Call<'_>, active: bool) -> Outcome {
    let res = toggle_one(call, &call.parts, active).await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

/// `user_result` items: the value sent, then the item's result.
fn user_results(items: Vec<(String, Typed)>) -> Typed {
    Typed::Array {
        item_type: "tns:user_result",
        items: items
            .into_iter()
            .map(|(value, result)| Typed::Struct {
                type_name: "tns:user_result",
                members: vec![("user_id_value", Typed::Str(value)), ("result", result)],
            })
            .collect(),
    }
}

pub async fn disable_users(call: &Call<'_>) -> Outcome {
    Ok(Some(toggle_many(call, false).await))
}

pub async fn enable_users(call: &Call<'_>) -> Outcome {
    Ok(Some(toggle_many(call, true).await))
}

pub async fn delete_users(call: &Call<'_>) -> Outcome {
    let mut out = Vec::new();
    for item in call.parts.list("users") {
        let res = delete_one(call, item).await;
        let code = call.item_code(&res);
        out.push((item.text("user_id_value"), result_struct(code)));
    }
    Ok(Some(user_results(out)))
}

async fn toggle_many(call: &Call<'_>, active: bool) -> Typed {
    let mut out = Vec::new();
    for item in call.parts.list("users") {
        let res = toggle_one(call, item, active).await;
        let code = call.item_code(&res);
        out.push((item.text("user_id_value"), result_struct(code)));
    }
    user_results(out)
}

// ---------------------------------------------------------------------------
// Create

/// Expiration: empty or the zero date is none.
fn expiration(raw: &str) -> CoreResult<Option<chrono::NaiveDateTime>> {
    parse_session_date("expiration_date", raw)
}

/// The user to create from CreateUser's parts (`single`) or a CreateUsers item. The
/// username is `loginname`, for batch items falling back to `login` (Q-U3). A CreateUser
/// call without `visibility` creates an active user, like the original's default.
pub(crate) fn new_user(f: &impl Fields, single: bool) -> CoreResult<NewUser> {
    let password = PasswordInput::from_parts(&f.text("password"), &f.text("encrypt_method"))?;
    let username = match f.given("loginname") {
        Some(name) => name,
        None if !single => f.text("login"),
        None => String::new(),
    };
    let active = match f.field("visibility") {
        None if single => true,
        v => v.is_some_and(|v| v.as_int() != 0),
    };
    Ok(NewUser {
        username,
        firstname: f.text("firstname"),
        lastname: f.text("lastname"),
        email: f.text("email"),
        status: to_i32(f.int("status")),
        password,
        phone: f.text("phone"),
        language: f.given("language").unwrap_or_else(|| "english".into()),
        active,
        expiration_date: expiration(&f.text("expiration_date"))?,
        external_id: external_id(f, "user_id_field_name", "user_id_value", ItemType::User),
        extras: f.extras(),
        ..NewUser::default()
    })
}

/// CreateUser(s) have no row family: whether a hash was sent decides what a bad password maps
/// to, per call or per item.
fn create_family(f: &impl Fields) -> Family {
    Family::UserCreate {
        prehashed: f.given("encrypt_method").is_some(),
    }
}

async fn create_one(call: &Call<'_>, f: &impl Fields, single: bool) -> CoreResult<i64> {
    call.gateway.create_user(new_user(f, single)?).await
}

pub async fn create_user(call: &Call<'_>) -> Outcome {
    let res = create_one(call, &call.parts, true).await;
    let id = res.map_err(|e| call.fail_as(create_family(&call.parts), e))?;
    Ok(Some(Typed::Int(id)))
}

/// Items go to the core's batch service [`CREATE_BATCH`] at a time: parallel password
/// hashing and set-wise writes, with the answers of item-by-item creation. Each item's
/// answer is encoded as soon as it is known (100,000 items would otherwise be held as a
/// tree of half a million values until the end).
pub async fn create_users(call: &Call<'_>) -> Outcome {
    let list = call.parts.list("users");
    let mut items = EncodedArray::new("tns:user_create_result", list.len());
    for chunk in list.chunks(CREATE_BATCH) {
        let mut news = Vec::with_capacity(chunk.len());
        let mut results: Vec<Option<CoreResult<i64>>> = Vec::with_capacity(chunk.len());
        for item in chunk {
            match new_user(*item, false) {
                Ok(new) => {
                    news.push(new);
                    results.push(None);
                }
                Err(e) => results.push(Some(Err(e))),
            }
        }
        let mut created = call.gateway.create_users(news).await.into_iter();
        for (item, res) in chunk.iter().zip(results) {
            let res = res
                .or_else(|| created.next())
                .unwrap_or_else(|| Err(CoreError::Storage("item not processed".into())));
            let (id, res) = match res {
                Ok(id) => (id, Ok(())),
                Err(e) => (0, Err(e)),
            };
            let code = call.item_code_as(create_family(*item), &res);
            items.push(&Typed::Struct {
                type_name: "tns:user_create_result",
                members: vec![
                    ("user_id_value", Typed::Str(item.text("user_id_value"))),
                    ("user_id_generated", Typed::Int(id)),
                    ("result", result_struct(code)),
                ],
            });
        }
    }
    Ok(Some(items.finish()))
}

// ---------------------------------------------------------------------------
// Edit

/// What EditUser(s) changes: only what was given (Q-U5/Q-U6). A password is taken with its
/// `encrypt_method`; the zero date clears the expiration; status 0 is no status.
pub(crate) fn user_patch(f: &impl Fields) -> CoreResult<UserPatch> {
    let password = match f.given("password") {
        Some(p) => Some(PasswordInput::from_parts(&p, &f.text("encrypt_method"))?),
        None => None,
    };
    let expiration_date = match f.given("expiration_date") {
        Some(raw) => Some(expiration(&raw)?),
        None => None,
    };
    Ok(UserPatch {
        username: f.given("loginname"),
        firstname: f.given("firstname"),
        lastname: f.given("lastname"),
        email: f.given("email"),
        status: f.given_int("status").filter(|s| *s != 0).map(to_i32),
        password,
        phone: f.given("phone"),
        language: f.given("language"),
        expiration_date,
        extras: f.extras(),
        ..UserPatch::default()
    })
}

async fn edit_one(call: &Call<'_>, f: &impl Fields) -> CoreResult<()> {
    // an unknown user answers as such even when a value is malformed, as the original
    call.gateway
        .edit_user_as_read(user_ref(f), user_patch(f))
        .await
        .map(|_| ())
}

pub async fn edit_user(call: &Call<'_>) -> Outcome {
    let res = edit_one(call, &call.parts).await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

pub async fn edit_users(call: &Call<'_>) -> Outcome {
    let mut items = Vec::new();
    for item in call.parts.list("users") {
        let res = edit_one(call, item).await;
        let code = call.item_code(&res);
        items.push(Typed::Struct {
            type_name: "tns:user_edit_result",
            members: vec![
                ("user_id_value", Typed::Str(item.text("user_id_value"))),
                ("result", result_struct(code)),
            ],
        });
    }
    Ok(Some(Typed::Array {
        item_type: "tns:user_edit_result",
        items,
    }))
}

// ---------------------------------------------------------------------------
// Credentials (documented for soap.php by Chamilo's wiki, never served there)

/// `1` when the username (and a non-empty password) were set; `-1` when the user is unknown,
/// inactive, or the username is invalid or another user's, as the wiki documents it.
pub async fn edit_user_credentials(call: &Call<'_>) -> Outcome {
    let p = &call.parts;
    let res = call
        .gateway
        .edit_user_credentials(user_ref(p), &p.text("username"), &p.text("password"))
        .await;
    match res {
        Ok(()) => Ok(Some(Typed::Int(1))),
        Err(e @ CoreError::Storage(_)) => Err(call.fail(e)),
        Err(e) => {
            crate::errors::log(call.op, &e);
            Ok(Some(Typed::Int(-1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Value;
    use chamilo_core::{CoreError, ExternalRef};

    fn item(members: &[(&str, &str)]) -> Value {
        Value::Struct(
            members
                .iter()
                .map(|(k, v)| ((*k).into(), Value::Str((*v).into())))
                .collect(),
        )
    }

    #[test]
    fn create_reads_loginname_then_login() {
        let u = new_user(&item(&[("login", "ada"), ("password", "x")]), false).unwrap();
        assert_eq!(u.username, "ada");
        assert!(!u.active, "a batch item without visibility is inactive");
        let u = new_user(&item(&[("loginname", "alan"), ("login", "x")]), false).unwrap();
        assert_eq!(u.username, "alan");
        let u = new_user(&item(&[("login", "ada")]), true).unwrap();
        assert_eq!(u.username, "", "CreateUser has no login part");
        assert!(u.active);
        assert_eq!(u.language, "english");
    }

    #[test]
    fn create_external_id_and_extras() {
        let mut v = item(&[
            ("user_id_field_name", "external_id"),
            ("user_id_value", "HR-1"),
            ("visibility", "1"),
            ("expiration_date", "0000-00-00 00:00:00"),
        ]);
        let u = new_user(&v, false).unwrap();
        assert_eq!(u.external_id, Some(ExternalRef::new("external_id", "HR-1")));
        assert_eq!(u.expiration_date, None);
        assert!(u.active);
        v = item(&[
            ("user_id_field_name", "chamilo_user_id"),
            ("user_id_value", "3"),
        ]);
        assert_eq!(new_user(&v, true).unwrap().external_id, None);
        let bad = item(&[("expiration_date", "soon")]);
        assert!(new_user(&bad, true).is_err());
        let bad = item(&[("password", "x"), ("encrypt_method", "rot13")]);
        assert!(matches!(
            new_user(&bad, true),
            Err(CoreError::Invalid {
                field: "encrypt_method",
                ..
            })
        ));
    }

    #[test]
    fn edit_changes_only_what_is_given() {
        let p = user_patch(&item(&[
            ("firstname", "Ada"),
            ("email", ""),
            ("status", "0"),
            ("expiration_date", "0000-00-00 00:00:00"),
        ]))
        .unwrap();
        assert_eq!(p.firstname.as_deref(), Some("Ada"));
        assert_eq!(p.email, None);
        assert_eq!(p.status, None);
        assert_eq!(p.password, None);
        assert_eq!(p.expiration_date, Some(None));
        let p = user_patch(&item(&[("password", "abc"), ("status", "1")])).unwrap();
        assert_eq!(p.password, Some(PasswordInput::Clear("abc".into())));
        assert_eq!(p.status, Some(1));
    }
}
