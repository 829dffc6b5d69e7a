//! Class ("usergroup") actions (`rest-v2.md` §3.10). All of them are for admins
//! (DECISIONS.md: admin checks on group-link, listing and lookup actions).

use chamilo_core::groups::{
    group_type, group_visibility, relation, GroupLink, LinkedSubscriptions, NewGroup,
};
use serde_json::{json, Map, Value};

use crate::action_doc::{always, maybe, post, Core, Doc, Input, Key, Shape, Text, Ty};
use crate::ctx::Ctx;
use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::params::Field;
use crate::shapes;

/// A positive id parameter (`id`, `group_id`, …); missing, zero or not a number is `NoData`
/// (the original dies with a 500 there).
fn id(f: Field<'_>) -> ActionResult<i64> {
    match input::int(f)? {
        n if n > 0 => Ok(n),
        _ => Err(RestError::Key("NoData")),
    }
}

/// An object keyed by id, or `[]` when empty (§5.2).
fn keyed(map: Map<String, Value>) -> Value {
    if map.is_empty() {
        json!([])
    } else {
        Value::Object(map)
    }
}

pub const GET_GROUPS: Doc = Doc {
    summary: "The classes of a type.",
    params: &[post("type", Ty::Text)
        .req()
        .about("`*` for every type, else 0 class or 1 social group; missing lists none")],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::IntText),
        always("name", Shape::Text),
        always("description", Shape::Text),
        always("visibility", Shape::IntText),
        always("type", Shape::IntText),
        maybe("type_name", Shape::Text),
        maybe("visibility_name", Shape::Text),
    ])),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn get_groups(c: &Ctx<'_>) -> ActionResult {
    let wanted = match input::scalar(c.params.post("type"))? {
        None => return Ok(json!([])), // the original matches nothing
        Some("*") => None,
        Some(t) => Some(i32::try_from(crate::params::intval(t)).unwrap_or(-1)),
    };
    let groups = c.gw.groups(wanted).await.or_rest(Op::General)?;
    Ok(Value::Array(
        groups
            .iter()
            .map(|g| {
                let mut row = Map::new();
                row.insert("id".into(), g.id.to_string().into());
                row.insert("name".into(), g.name.clone().into());
                row.insert("description".into(), g.description.clone().into());
                row.insert("visibility".into(), g.visibility.to_string().into());
                row.insert("type".into(), g.group_type.to_string().into());
                match g.group_type {
                    group_type::CLASS => {
                        row.insert("type_name".into(), "class".into());
                    }
                    group_type::SOCIAL => {
                        row.insert("type_name".into(), "social".into());
                    }
                    _ => {}
                }
                match g.visibility {
                    group_visibility::OPEN => {
                        row.insert("visibility_name".into(), "open".into());
                    }
                    group_visibility::CLOSED => {
                        row.insert("visibility_name".into(), "closed".into());
                    }
                    _ => {}
                }
                Value::Object(row)
            })
            .collect(),
    ))
}

pub const GROUP_EXISTS: Doc = Doc {
    summary: "Whether a class has this name.",
    params: &[post("name", Ty::Text).req()],
    data: Shape::One(&Shape::Bool),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn group_exists(c: &Ctx<'_>) -> ActionResult {
    let name = input::required(c.params.post("name"))?;
    let exists = c.gw.group_exists(name).await.or_rest(Op::General)?;
    Ok(json!([exists]))
}

/// An optional integer parameter with a default; text that is not a number is refused.
fn small_int(f: Field<'_>, default: i32) -> ActionResult<i32> {
    match input::scalar(f)?.map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) => s.parse().map_err(|_| RestError::Key("NotRegistered")),
    }
}

pub const ADD_GROUP: Doc = Doc {
    summary: "Creates a class; its id.",
    params: &[
        post("name", Ty::Text).req(),
        post("description", Ty::Text),
        post("type", Ty::Int).about("0 class (default), 1 social group"),
        post("group_type", Ty::Int).about("type, by its other name"),
        post("visibility", Ty::Int).about("1 open (default), 2 closed"),
        post("url", Ty::Text),
    ],
    data: Shape::One(&Shape::Int),
    fails: &[
        Key("NoData"),
        Key("NotRegistered"),
        Core(Op::CreateGroup("<name>")),
    ],
};

pub async fn add_group(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.require_admin()?;
    let p = |n: &str| c.params.post(n);
    let name = input::text(p("name"))?;
    let kind = input::first_of([p("type"), p("group_type")]);
    let new = NewGroup {
        name: name.to_owned(),
        description: input::text(p("description"))?.to_owned(),
        group_type: small_int(kind, group_type::CLASS)?,
        visibility: small_int(p("visibility"), group_visibility::OPEN)?,
        url: input::text(p("url"))?.to_owned(),
        author_id: me.id,
    };
    let id =
        c.gw.create_group(new)
            .await
            .or_rest(Op::CreateGroup(name))?;
    Ok(json!([id]))
}

/// A class named by `id`.
const ID: Input = post("id", Ty::Int).req().about("the class id");

pub const DELETE_GROUP: Doc = Doc {
    summary: "Deletes a class; its id.",
    params: &[ID],
    data: Shape::One(&Shape::Int),
    fails: &[Key("NoData"), Core(Op::DeleteGroup)],
};

pub async fn delete_group(c: &Ctx<'_>) -> ActionResult {
    let group_id = id(c.params.post("id"))?;
    c.gw.delete_group(group_id).await.or_rest(Op::DeleteGroup)?;
    Ok(json!([group_id]))
}

pub const SUB_USERS: Doc = Doc {
    summary: "The members of a class, by user id.",
    params: &[ID],
    data: Shape::ById(&Shape::Obj(&[
        always("id", Shape::IntText),
        always("firstname", Shape::Text),
        always("lastname", Shape::Text),
        always("relation_type", Shape::IntText),
    ])),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn sub_users(c: &Ctx<'_>) -> ActionResult {
    let group_id = id(c.params.post("id"))?;
    let mut out = Map::new();
    for m in c.gw.group_members(group_id).await.or_rest(Op::General)? {
        let user = c.gw.get_user(m.user_id).await.or_rest(Op::General)?;
        out.insert(
            user.id.to_string(),
            json!({
                "id": user.id.to_string(),
                "firstname": user.firstname,
                "lastname": user.lastname,
                "relation_type": m.relation_type.to_string(),
            }),
        );
    }
    Ok(keyed(out))
}

pub const SUB_COURSES: Doc = Doc {
    summary: "The courses of a class, by course id.",
    params: &[ID],
    data: Shape::ById(&shapes::COURSE_ROW),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn sub_courses(c: &Ctx<'_>) -> ActionResult {
    let group_id = id(c.params.post("id"))?;
    let mut out = Map::new();
    for course_id in
        c.gw.group_links(group_id, true)
            .await
            .or_rest(Op::General)?
    {
        let course = c.gw.get_course(course_id).await.or_rest(Op::General)?;
        out.insert(course.id.to_string(), shapes::course_row(&course));
    }
    Ok(keyed(out))
}

pub const SUB_SESSIONS: Doc = Doc {
    summary: "The sessions of a class, by session id.",
    params: &[ID],
    data: Shape::ById(&Shape::Obj(&[
        always("session_id", Shape::IntText),
        always("name", Shape::Text),
        always("description", Shape::Text),
        always("nbr_users", Shape::IntText),
        always("nbr_courses", Shape::IntText),
    ])),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn sub_sessions(c: &Ctx<'_>) -> ActionResult {
    let group_id = id(c.params.post("id"))?;
    let mut out = Map::new();
    for session_id in
        c.gw.group_links(group_id, false)
            .await
            .or_rest(Op::General)?
    {
        let session = c.gw.get_session(session_id).await.or_rest(Op::General)?;
        let users =
            c.gw.session_users(session_id)
                .await
                .or_rest(Op::General)?
                .len();
        let courses =
            c.gw.session_courses(session_id)
                .await
                .or_rest(Op::General)?
                .len();
        out.insert(
            session.id.to_string(),
            json!({
                "session_id": session.id.to_string(),
                "name": session.name,
                "description": session.description,
                "nbr_users": users.to_string(),
                "nbr_courses": courses.to_string(),
            }),
        );
    }
    Ok(keyed(out))
}

const MEMBER: &[Input] = &[
    post("user_id", Ty::Int).req(),
    post("group_id", Ty::Int).req(),
];

const MEMBER_FAILS: &[crate::action_doc::Fail] = &[
    Key("NoData"),
    Text("user_id not provided"),
    Text("group_id not provided"),
];

/// `user_id` then `group_id`, with the original's literal messages when either is missing.
fn member_ids(c: &Ctx<'_>) -> ActionResult<(i64, i64)> {
    let user_id = input::int(c.params.post("user_id"))?;
    if user_id <= 0 {
        return Err(RestError::Literal("user_id not provided".into()));
    }
    let group_id = input::int(c.params.post("group_id"))?;
    if group_id <= 0 {
        return Err(RestError::Literal("group_id not provided".into()));
    }
    Ok((user_id, group_id))
}

pub const ADD_SUB_USER: Doc = Doc {
    summary: "Adds a user to a class.",
    params: &[
        MEMBER[0],
        MEMBER[1],
        post("role", Ty::Int).about("relation type 0 to 7 (default 2, reader)"),
    ],
    data: Shape::One(&Shape::True),
    fails: &[
        MEMBER_FAILS[0],
        MEMBER_FAILS[1],
        MEMBER_FAILS[2],
        Text("Invalid role: '<role>' is not a relation type (0 to 7)"),
        Core(Op::AddGroupMember),
    ],
};

pub async fn add_sub_user(c: &Ctx<'_>) -> ActionResult {
    let (user_id, group_id) = member_ids(c)?;
    let role = match input::scalar(c.params.post("role"))?.map(str::trim) {
        None | Some("") => relation::READER,
        Some(s) => s
            .parse::<i32>()
            .ok()
            .filter(|r| relation::is_known(*r))
            .ok_or_else(|| {
                let why = format!("'{s}' is not a relation type (0 to 7)");
                RestError::Literal(messages::invalid_value("role", &why))
            })?,
    };
    // membership only, as the original's add_user_to_group
    c.gw.add_group_member(group_id, user_id, role, LinkedSubscriptions::Skip)
        .await
        .or_rest(Op::AddGroupMember)?;
    Ok(json!([true]))
}

pub const DELETE_SUB_USER: Doc = Doc {
    summary: "Removes a user from a class; whether it was a member.",
    params: MEMBER,
    data: Shape::One(&Shape::Bool),
    fails: &[
        MEMBER_FAILS[0],
        MEMBER_FAILS[1],
        MEMBER_FAILS[2],
        Core(Op::General),
    ],
};

pub async fn delete_sub_user(c: &Ctx<'_>) -> ActionResult {
    let (user_id, group_id) = member_ids(c)?;
    let removed =
        c.gw.remove_group_member(group_id, user_id)
            .await
            .or_rest(Op::General)?;
    Ok(json!([removed]))
}

/// `[[id]]` or `[[]]`
const LINKED: Shape = Shape::One(&Shape::List(&Shape::Int));

const GROUP_ID: Input = post("group_id", Ty::Int).req();
const COURSE_ID: Input = post("course_id", Ty::Int).req();
const SESSION_ID: Input = post("session_id", Ty::Int).req();

/// `group_id` and the course/session id parameter, both required.
fn link_ids(c: &Ctx<'_>, name: &str) -> ActionResult<(i64, i64)> {
    Ok((id(c.params.post("group_id"))?, id(c.params.post(name))?))
}

/// `[[id]]` when the link is new, `[[]]` when it already existed.
async fn link(c: &Ctx<'_>, name: &str, make: fn(i64) -> GroupLink) -> ActionResult {
    let (group_id, item) = link_ids(c, name)?;
    let added =
        c.gw.link_group(group_id, make(item))
            .await
            .or_rest(Op::General)?;
    Ok(if added { json!([[item]]) } else { json!([[]]) })
}

/// `[[id]]` when the course/session exists, `[[]]` otherwise.
async fn unlink(c: &Ctx<'_>, name: &str, make: fn(i64) -> GroupLink) -> ActionResult {
    let (group_id, item) = link_ids(c, name)?;
    let exists =
        c.gw.unlink_group(group_id, make(item))
            .await
            .or_rest(Op::General)?;
    Ok(if exists { json!([[item]]) } else { json!([[]]) })
}

pub const ADD_SUB_COURSE: Doc = Doc {
    summary: "Links a course to a class: [[course_id]] when new, [[]] when it was linked.",
    params: &[GROUP_ID, COURSE_ID],
    data: LINKED,
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn add_sub_course(c: &Ctx<'_>) -> ActionResult {
    link(c, "course_id", GroupLink::Course).await
}

pub const ADD_SUB_SESSION: Doc = Doc {
    summary: "Links a session to a class: [[session_id]] when new, [[]] when it was linked.",
    params: &[GROUP_ID, SESSION_ID],
    data: LINKED,
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn add_sub_session(c: &Ctx<'_>) -> ActionResult {
    link(c, "session_id", GroupLink::Session).await
}

pub const DELETE_SUB_COURSE: Doc = Doc {
    summary: "Unlinks a course from a class: [[course_id]] when the course exists, else [[]].",
    params: &[GROUP_ID, COURSE_ID],
    data: LINKED,
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn delete_sub_course(c: &Ctx<'_>) -> ActionResult {
    unlink(c, "course_id", GroupLink::Course).await
}

pub const DELETE_SUB_SESSION: Doc = Doc {
    summary: "Unlinks a session from a class: [[session_id]] when the session exists, else [[]].",
    params: &[GROUP_ID, SESSION_ID],
    data: LINKED,
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn delete_sub_session(c: &Ctx<'_>) -> ActionResult {
    unlink(c, "session_id", GroupLink::Session).await
}

pub const USER_SUB_GROUP: Doc = Doc {
    summary: "The ids of a user's classes.",
    params: &[post("user_id", Ty::Int).req()],
    data: Shape::Obj(&[always("groups", Shape::List(&Shape::IntText))]),
    fails: &[
        Key("NoData"),
        Text("user_id not provided"),
        Core(Op::General),
    ],
};

pub async fn user_sub_group(c: &Ctx<'_>) -> ActionResult {
    let user_id = input::int(c.params.post("user_id"))?;
    if user_id <= 0 {
        return Err(RestError::Literal("user_id not provided".into()));
    }
    let groups = c.gw.groups_of_user(user_id).await.or_rest(Op::General)?;
    let ids: Vec<String> = groups.iter().map(i64::to_string).collect();
    Ok(json!({"groups": ids}))
}
