//! Campus (access URL) actions (`rest-v2.md` §3.11), for admins only (DECISIONS.md).

use chamilo_core::urls::UrlInput;
use serde_json::json;

use crate::ctx::Ctx;
use crate::errors::{Absent, ActionResult, OrRest};
use crate::input;
use crate::messages;

fn url_input(c: &Ctx<'_>) -> ActionResult<UrlInput> {
    let p = |n: &str| c.params.post(n);
    Ok(UrlInput {
        url: input::text(p("url"))?.to_owned(),
        description: input::text(p("description"))?.to_owned(),
        active: input::int(p("active"))? != 0,
    })
}

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
