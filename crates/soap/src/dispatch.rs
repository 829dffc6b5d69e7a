//! The operation table (names and input parts in WSDL order) and dispatch by the Body's
//! wrapper element to the service modules.

use chamilo_core::Gateway;

use crate::call::{Call, Outcome};
use crate::codec::{Request, Typed};
use crate::errors::Fault;
use crate::parts::Parts;
use crate::settings::SoapSettings;
use crate::{ws_course, ws_report, ws_session, ws_user};

pub struct Operation {
    pub name: &'static str,
    pub parts: &'static [&'static str],
}

const fn op(name: &'static str, parts: &'static [&'static str]) -> Operation {
    Operation { name, parts }
}

const USER_REF: &[&str] = &["secret_key", "user_id_field_name", "user_id_value"];
const USERS: &[&str] = &["secret_key", "users"];
const COURSE_REF: &[&str] = &["secret_key", "course_id_field_name", "course_id_value"];
const SESSION_PARTS: &[&str] = &[
    "secret_key",
    "name",
    "start_date",
    "end_date",
    "nb_days_access_before",
    "nb_days_access_after",
    "nolimit",
    "visibility",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
    "extras",
];
const USER_SESSION: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
];
const USER_SESSION_COURSE: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "session_id_field_name",
    "session_id_value",
    "course_id_field_name",
    "course_id_value",
];
const COURSE_SESSION: &[&str] = &[
    "secret_key",
    "course_id_field_name",
    "course_id_value",
    "session_id_field_name",
    "session_id_value",
];
const USER_COURSE: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
];
const USER_COURSE_LP: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "learnpath_id",
];
const USER_COURSE_LP_ITEM: &[&str] = &[
    "secret_key",
    "user_id_field_name",
    "user_id_value",
    "course_id_field_name",
    "course_id_value",
    "learnpath_id",
    "learnpath_item_id",
];

/// Every operation of WSService, in WSDL order.
pub const OPERATIONS: [Operation; 40] = [
    op("WS.test", &[]),
    op("WSUser.DisableUser", USER_REF),
    op("WSUser.DisableUsers", USERS),
    op("WSUser.EnableUser", USER_REF),
    op("WSUser.EnableUsers", USERS),
    op("WSUser.DeleteUser", USER_REF),
    op("WSUser.DeleteUsers", USERS),
    op(
        "WSUser.CreateUser",
        &[
            "secret_key",
            "firstname",
            "lastname",
            "status",
            "loginname",
            "password",
            "encrypt_method",
            "user_id_field_name",
            "user_id_value",
            "visibility",
            "email",
            "language",
            "phone",
            "expiration_date",
            "extras",
        ],
    ),
    op("WSUser.CreateUsers", USERS),
    op(
        "WSUser.EditUser",
        &[
            "secret_key",
            "user_id_field_name",
            "user_id_value",
            "firstname",
            "lastname",
            "status",
            "loginname",
            "password",
            "encrypt_method",
            "email",
            "language",
            "phone",
            "expiration_date",
            "extras",
        ],
    ),
    op("WSUser.EditUsers", USERS),
    op("WSCourse.DeleteCourse", COURSE_REF),
    op("WSCourse.DeleteCourses", &["secret_key", "courses"]),
    op(
        "WSCourse.CreateCourse",
        &[
            "secret_key",
            "title",
            "category_code",
            "wanted_code",
            "tutor_name",
            "course_admin_user_id_field_name",
            "course_admin_user_id_value",
            "language",
            "course_id_field_name",
            "course_id_value",
            "extras",
        ],
    ),
    op("WSCourse.CreateCourses", &["secret_key", "courses"]),
    op(
        "WSCourse.EditCourse",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "title",
            "category_code",
            "department_name",
            "department_url",
            "language",
            "visibility",
            "subscribe",
            "unsubscribe",
            "visual_code",
            "extras",
        ],
    ),
    op(
        "WSCourse.ListCourses",
        &["secret_key", "course_id_field_name", "visibilities"],
    ),
    op(
        "WSCourse.SubscribeUserToCourse",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "user_id_field_name",
            "user_id_value",
            "status",
        ],
    ),
    op(
        "WSCourse.UnsubscribeUserFromCourse",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "user_id_field_name",
            "user_id_value",
        ],
    ),
    op("WSCourse.GetCourseDescriptions", COURSE_REF),
    op(
        "WSCourse.EditCourseDescription",
        &[
            "secret_key",
            "course_id_field_name",
            "course_id_value",
            "course_desc_id",
            "course_desc_title",
            "course_desc_content",
        ],
    ),
    op("WSSession.CreateSession", SESSION_PARTS),
    op(
        "WSSession.DeleteSession",
        &["secret_key", "session_id_field_name", "session_id_value"],
    ),
    op("WSSession.EditSession", SESSION_PARTS),
    op("WSSession.SubscribeUserToSession", USER_SESSION),
    op("WSSession.UnsubscribeUserFromSession", USER_SESSION),
    op(
        "WSSession.SubscribeTeacherToSessionCourse",
        USER_SESSION_COURSE,
    ),
    op(
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        USER_SESSION_COURSE,
    ),
    op("WSSession.SubscribeCourseToSession", COURSE_SESSION),
    op("WSSession.UnsubscribeCourseFromSession", COURSE_SESSION),
    op("WSReport.GetTimeSpentOnPlatform", USER_REF),
    op("WSReport.GetTimeSpentOnCourse", USER_COURSE),
    op(
        "WSReport.GetTimeSpentOnCourseInSession",
        &[
            "secret_key",
            "user_id_field_name",
            "user_id_value",
            "course_id_field_name",
            "course_id_value",
            "session_id_field_name",
            "session_id_value",
        ],
    ),
    op("WSReport.GetTimeSpentOnLearnpathInCourse", USER_COURSE_LP),
    op("WSReport.GetLearnpathsByCourse", USER_COURSE),
    op("WSReport.GetLearnpathProgress", USER_COURSE_LP),
    op("WSReport.GetLearnpathHighestLessonLocation", USER_COURSE_LP),
    op("WSReport.GetLearnpathScoreSingleItem", USER_COURSE_LP_ITEM),
    op("WSReport.GetLearnpathStatusSingleItem", USER_COURSE_LP_ITEM),
    op("WSReport.test", &[]),
];

/// Runs the request's operation.
pub async fn run(
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    request: Request,
) -> Outcome {
    let Some(operation) = OPERATIONS.iter().find(|o| o.name == request.operation) else {
        return Err(Fault::Client(format!(
            "Operation '{}' is not defined in the WSDL for this service",
            request.operation
        )));
    };
    let call = Call {
        gateway,
        settings,
        ip,
        op: operation.name,
        parts: Parts::bind(operation.parts, request.parts)?,
    };
    match operation
        .name
        .split_once('.')
        .map_or("", |(service, _)| service)
    {
        "WS" => Ok(Some(Typed::Str("success".into()))),
        "WSUser" => ws_user::run(&call).await,
        "WSCourse" => ws_course::run(&call).await,
        "WSSession" => ws_session::run(&call).await,
        _ => ws_report::run(&call).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_served_wsdl() {
        let wsdl = crate::wsdl::render_wsdl("http://localhost");
        for operation in &OPERATIONS {
            let start = wsdl
                .find(&format!("<message name=\"{}Request\">", operation.name))
                .unwrap_or_else(|| panic!("{} in the WSDL", operation.name));
            let end = start + wsdl[start..].find("</message>").unwrap();
            let declared: Vec<&str> = wsdl[start..end]
                .split("<part name=\"")
                .skip(1)
                .map(|p| &p[..p.find('"').unwrap()])
                .collect();
            assert_eq!(declared, operation.parts, "{}", operation.name);
        }
    }
}
