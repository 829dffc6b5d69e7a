//! Actions that send the browser to a page of the Chamilo front-end (`rest-v2.md` §3.14
//! "Navigation"): HTTP 302 to the configured `lms_url` with the path the original redirects
//! to. Without `lms_url` there is nowhere to send it, and the answer is an error envelope
//! saying so (DECISIONS.md).

use crate::action_doc::{get, Doc, Fail, Key, Shape, Text, Ty};
use crate::ctx::Ctx;
use crate::errors::{ActionResult, RestError};
use crate::input;
use crate::shapes;

/// Without `lms_url` configured, every redirect is refused with this.
const NO_LMS: Fail = Text("<action> redirects to the Chamilo front-end: configure lms_url");

/// The front-end base URL (with a trailing slash), or the error that names what is missing.
fn lms<'a>(c: &'a Ctx<'a>) -> ActionResult<&'a str> {
    c.origin.lms_url.ok_or_else(|| {
        RestError::Literal(format!(
            "{} redirects to the Chamilo front-end: configure lms_url",
            c.routing.action
        ))
    })
}

pub const VIEW_MESSAGE: Doc = Doc {
    summary: "Sends the browser to a message's page.",
    params: &[get("message", Ty::Int).req().about("the message id")],
    data: Shape::Nothing,
    fails: &[NO_LMS, Key("NoData")],
};

pub async fn view_message(c: &Ctx<'_>) -> ActionResult<String> {
    let base = lms(c)?;
    let id = input::int(c.params.get("message"))?;
    Ok(format!("{base}main/messages/view_message.php?id={id}"))
}

pub const VIEW_USER_PROFILE: Doc = Doc {
    summary: "Sends the browser to a user's profile page (the caller's without user_id).",
    params: &[get("user_id", Ty::Int)],
    data: Shape::Nothing,
    fails: &[NO_LMS, Key("NoData")],
};

pub async fn view_user_profile(c: &Ctx<'_>) -> ActionResult<String> {
    let base = lms(c)?;
    let id = input::int(c.params.get("user_id"))?;
    Ok(if id != 0 {
        format!("{base}main/social/profile.php?u={id}")
    } else {
        format!("{base}main/social/profile.php")
    })
}

pub const VIEW_MY_COURSES: Doc = Doc {
    summary: "Sends the browser to the caller's course list.",
    params: &[],
    data: Shape::Nothing,
    fails: &[NO_LMS],
};

pub async fn view_my_courses(c: &Ctx<'_>) -> ActionResult<String> {
    let base = lms(c)?;
    Ok(format!("{base}user_portal.php?nosession=true"))
}

pub const VIEW_COURSE_HOME: Doc = Doc {
    summary: "Sends the browser to the home page of the `course` routing parameter's course (in `session` when given).",
    params: &[],
    data: Shape::Nothing,
    fails: &[NO_LMS],
};

pub async fn view_course_home(c: &Ctx<'_>) -> ActionResult<String> {
    let base = lms(c)?;
    let course = c.caller.course()?;
    let session = c.caller.session.as_ref().map_or(0, |s| s.id);
    Ok(format!(
        "{base}courses/{}/index.php?{}",
        shapes::urlencode(&course.directory),
        shapes::query(&[("id_session", session.to_string())])
    ))
}
