//! Campus (access URL) actions (`rest-v2.md` §3.11), for admins only (DECISIONS.md).

use chamilo_core::urls::UrlInput;
use serde_json::json;

use crate::action_doc::{always, post, Doc, Input, Key, Shape, Ty};
use crate::ctx::Ctx;
use crate::errors::{Absent, ActionResult, OrRest};
use crate::input;
use crate::messages;

/// What a campus is made of.
const URL: Input = post("url", Ty::Text).req().about("the campus's address");
const DESCRIPTION: Input = post("description", Ty::Text);
const ACTIVE: Input = post("active", Ty::Flag);
const ID: Input = post("id", Ty::Int)
    .req()
    .about("the campus (access URL) id");

fn url_input(c: &Ctx<'_>) -> ActionResult<UrlInput> {
    let p = |n: &str| c.params.post(n);
    Ok(UrlInput {
        url: input::text(p("url"))?.to_owned(),
        description: input::text(p("description"))?.to_owned(),
        active: input::int(p("active"))? != 0,
    })
}

pub const ADD_CAMPUS: Doc = Doc {
    summary: "Creates a campus (access URL); status false and id 0 when refused.",
    params: &[URL, DESCRIPTION, ACTIVE],
    data: Shape::Obj(&[
        always("status", Shape::Bool),
        always("id_campus", Shape::Int),
    ]),
    fails: &[Key("NoData")],
};

/// `{"status":true,"id_campus":<id>}`; an address already in use (or none) is
/// `{"status":false,"id_campus":0}` as in the original.
pub async fn add_campus(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.require_admin()?;
    let input = url_input(c)?;
    let created = c.gw.create_access_url(input, me.id).await;
    Ok(match created.or_absent(Absent::Refused)? {
        Some(id) => json!({"status": true, "id_campus": id}),
        None => json!({"status": false, "id_campus": 0}),
    })
}

pub const EDIT_CAMPUS: Doc = Doc {
    summary: "Changes a campus; false when it was not changed.",
    params: &[ID, URL, DESCRIPTION, ACTIVE],
    data: Shape::One(&Shape::Bool),
    fails: &[Key("NoData")],
};

/// `[true]` when the campus was changed, `[false]` otherwise (no id, unknown id, an
/// address taken by another campus). The original answers `[true]` for any non-zero id.
pub async fn edit_campus(c: &Ctx<'_>) -> ActionResult {
    let id = input::int(c.params.post("id"))?;
    if id <= 0 {
        return Ok(json!([false]));
    }
    let input = url_input(c)?;
    let edited = c.gw.edit_access_url(id, input).await;
    Ok(json!([edited.or_absent(Absent::Refused)?.is_some()]))
}

pub const DELETE_CAMPUS: Doc = Doc {
    summary: "Deletes a campus; status false when it cannot be deleted (the main one).",
    params: &[ID],
    data: Shape::Obj(&[
        always("status", Shape::Bool),
        always("message", Shape::Text),
    ]),
    fails: &[Key("NoData")],
};

pub async fn delete_campus(c: &Ctx<'_>) -> ActionResult {
    let id = input::int(c.params.post("id"))?;
    let failed = || json!({"status": false, "message": messages::text("Error")});
    if id <= 0 {
        return Ok(failed());
    }
    let deleted = c.gw.delete_access_url(id).await;
    Ok(match deleted.or_absent(Absent::NotDeletable)? {
        Some(()) => json!({"status": true, "message": messages::text("URLDeleted")}),
        None => failed(),
    })
}
