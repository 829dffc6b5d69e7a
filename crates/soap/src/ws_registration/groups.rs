//! WSRegistration's classes ("usergroups", §4.9): classes and users by their Chamilo ids, read
//! as PHP's intval reads them. The original answers its library's return value stringified,
//! no stable contract; here every operation answers PHP's `true` (`1`) when done and `false`
//! (the empty string) when refused (unknown class or user, a name in use, a value that is
//! none), and WSCreateGroup the new class's id.

use chamilo_core::groups::{
    group_type, group_visibility, GroupPatch, LinkedSubscriptions, NewGroup,
};
use chamilo_edge::php::intval;

use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::{to_i32, Fields};

use super::outcome::{one_or_empty, refusal};
use super::user::params;

/// The Chamilo id in member `name`.
fn id(p: &Value, name: &str) -> i64 {
    intval(&p.text(name))
}

/// The relation in `relation_type`; none given is 0, a class's plain member, as the original
/// writes it.
fn relation_type(p: &Value) -> i32 {
    to_i32(p.int("relation_type"))
}

/// The text of a member the request carries (an empty one included); `None` when it is
/// missing or nil.
fn carried(p: &Value, name: &str) -> Option<String> {
    p.field(name)
        .filter(|v| !v.is_nil())
        .and_then(Value::to_text)
}

/// WSCreateGroup: a class (type 0, open) named `name`; its id, or `` when the name is empty,
/// too long or another class's (case-insensitively).
pub async fn create_group(call: &Call<'_>) -> Outcome {
    let new = NewGroup {
        name: params(call).text("name"),
        description: String::new(),
        group_type: group_type::CLASS,
        visibility: group_visibility::OPEN,
        url: String::new(),
        // no acting user: registration.soap.php calls come from a system
        author_id: 0,
    };
    let res = call.gateway.create_group(new).await;
    let answer = refusal(call, res)?
        .map(|id| id.to_string())
        .unwrap_or_default();
    Ok(Some(Typed::Str(answer)))
}

/// WSUpdateGroup: `name` when not empty (never cleared), `description` and `url` as carried,
/// `visibility` (1 open, 2 closed) and `picture_uri` (a file name, never fetched) when given.
/// The type stays (the original turned every class it edited into type 0, and ignored
/// `picture_uri`); `allow_member_group_to_leave` is ignored, as the original forces it.
pub async fn update_group(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let patch = GroupPatch {
        name: p.given("name"),
        description: carried(p, "description"),
        url: carried(p, "url"),
        visibility: p.given_int("visibility").map(to_i32),
        picture: p.given("picture_uri"),
    };
    let res = call.gateway.edit_group(id(p, "id"), patch).await;
    Ok(Some(one_or_empty(call, res)?))
}

/// WSDeleteGroup: the class goes with its memberships and links; its members keep their
/// course and session subscriptions, its child classes become top-level.
pub async fn delete_group(call: &Call<'_>) -> Outcome {
    let res = call.gateway.delete_group(id(params(call), "id")).await;
    Ok(Some(one_or_empty(call, res)?))
}

/// GroupBindToParent: `parent_id` becomes the class's one parent; a `parent_id` of 0 (or none)
/// unbinds, as the original's library does. Refused: an unknown class or parent, the class
/// itself or one of its descendants.
pub async fn bind_to_parent(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let parent = Some(id(p, "parent_id")).filter(|&parent| parent != 0);
    let res = call.gateway.set_group_parent(id(p, "id"), parent).await;
    Ok(Some(one_or_empty(call, res)?))
}

/// GroupUnbindFromParent: `1` once the class has no parent (also when it had none).
pub async fn unbind_from_parent(call: &Call<'_>) -> Outcome {
    let res = call
        .gateway
        .set_group_parent(id(params(call), "id"), None)
        .await;
    Ok(Some(one_or_empty(call, res)?))
}

/// WSAddUserToGroup: a new member with `relation_type` (none: 0) also joins the class's courses
/// (as a student) and sessions, as the original's `subscribe_users_to_usergroup`; a member
/// keeps its relation (a pending invitation becomes a reader). `1` once a member.
pub async fn add_user_to_group(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let res = call
        .gateway
        .add_group_member(
            id(p, "group_id"),
            id(p, "user_id"),
            relation_type(p),
            LinkedSubscriptions::Subscribe,
        )
        .await;
    Ok(Some(one_or_empty(call, res)?))
}

/// WSUpdateUserRoleInGroup: a member's relation becomes `relation_type` (none: 0); refused for
/// a user who is not a member.
pub async fn update_user_role_in_group(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let res = call
        .gateway
        .set_group_member_role(id(p, "group_id"), id(p, "user_id"), relation_type(p))
        .await;
    Ok(Some(one_or_empty(call, res)?))
}

/// WSDeleteUserFromGroup: `1` once the user is not a member of the class (also when it was
/// none); course and session subscriptions stay, as in the original.
pub async fn delete_user_from_group(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let res = call
        .gateway
        .remove_group_member(id(p, "group_id"), id(p, "user_id"))
        .await;
    Ok(Some(one_or_empty(call, res)?))
}
