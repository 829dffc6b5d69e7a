//! WSUnsubscribeUserFromCourse (§4.6, 25): one row per `userscourses` item (Q14) with the
//! Chamilo ids of the active users it named, comma-joined, and `1` once they are out of the
//! course; `0` for an unknown or closed course or when no active user is left.
//!
//! Q19 fixed (DECISIONS): each user is the item's `original_user_id_name` (a string) with
//! one of its `originalUserItem` values, as WSDL-typed clients send them; the legacy form,
//! plain string values and an array of names paired by position, still works.

use chamilo_core::{ItemRef, ItemType};
use chamilo_edge::php::intval;

use super::course::course_ref;
use super::outcome::refusal;
use super::rows::Rows;
use super::user::params;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::Fields;

pub async fn unsubscribe_user_from_course(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_unsuscribeUserFromCourse");
    for item in params(call).list("userscourses") {
        let res = call
            .gateway
            .unsubscribe_active_users_from_open_course(course_ref(item), &named_users(item))
            .await;
        let (ids, result) = match refusal(call, res)? {
            Ok(leaving) => {
                let ids: Vec<String> = leaving.user_ids.iter().map(i64::to_string).collect();
                (ids.join(","), if leaving.done { "1" } else { "0" })
            }
            Err(_) => (String::new(), "0"),
        };
        rows.push(vec![
            ("original_user_id_values", Typed::Str(ids)),
            (
                "original_course_id_value",
                Typed::Str(item.text("original_course_id_value")),
            ),
            ("result", Typed::Str(result.into())),
        ]);
    }
    Ok(rows.finish())
}

/// The users an item names, in order: each entry of `original_user_id_values` (an
/// `originalUserItem` struct, or a plain string) under `original_user_id_name` (a string, or
/// an array whose n-th name goes with the n-th value).
fn named_users(item: &Value) -> Vec<ItemRef> {
    let names = item.field("original_user_id_name").unwrap_or(&Value::Nil);
    item.list("original_user_id_values")
        .into_iter()
        .enumerate()
        .map(|(n, entry)| {
            let value = entry
                .to_text()
                .unwrap_or_else(|| entry.text("original_user_id_value"));
            let name = names.to_text().unwrap_or_else(|| {
                let nth = names.items().get(n).and_then(|name| name.to_text());
                nth.unwrap_or_default()
            });
            ItemRef::pair(ItemType::User, &name, &value, intval)
        })
        .collect()
}
