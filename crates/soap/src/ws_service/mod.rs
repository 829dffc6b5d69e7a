//! WSService (`soap.php`, namespace `urn:WSService`): its operation table. Each row names its
//! handler; the handlers sit in one module per Chamilo class (`WSUser` in `user`, …), each an
//! `async fn` named after its operation.

mod course;
mod messages;
mod report;
mod session;
mod user;
mod ws;

use crate::errors::Family as F;
use crate::errors::{Fault, BAD_KEY};
use crate::parts::PartShapes;
use crate::service::{operation, Operation, Service};
use messages::*;

pub static SERVICE: Service = Service {
    name: "WSService",
    namespace: "urn:WSService",
    operations: OPERATIONS,
    part_shapes: PartShapes::WsService,
    allow_list: false,
    bad_key: Fault::App(BAD_KEY),
};

/// Every operation, in WSDL order: name, parts, key policy, error family, handler.
// one line per operation, so the table reads as one
#[rustfmt::skip]
static OPERATIONS: &[Operation] = &[
    operation!("WS.test", NONE, NotChecked, None, ws::test),
    // WSUser
    operation!("WSUser.DisableUser", USER_REF, Checked, Some(F::UserToggle), user::disable_user),
    operation!("WSUser.DisableUsers", USERS, Checked, Some(F::UserToggle), user::disable_users),
    operation!("WSUser.EnableUser", USER_REF, Checked, Some(F::UserToggle), user::enable_user),
    operation!("WSUser.EnableUsers", USERS, Checked, Some(F::UserToggle), user::enable_users),
    operation!("WSUser.DeleteUser", USER_REF, Checked, Some(F::UserDelete), user::delete_user),
    operation!("WSUser.DeleteUsers", USERS, Checked, Some(F::UserDelete), user::delete_users),
    operation!("WSUser.CreateUser", CREATE_USER, Checked, None, user::create_user),
    operation!("WSUser.CreateUsers", USERS, Checked, None, user::create_users),
    operation!("WSUser.EditUser", EDIT_USER, Checked, Some(F::UserEdit), user::edit_user),
    operation!("WSUser.EditUsers", USERS, Checked, Some(F::UserEdit), user::edit_users),
    // WSCourse
    operation!("WSCourse.DeleteCourse", COURSE_REF, Checked, Some(F::CourseDelete), course::delete_course),
    operation!("WSCourse.DeleteCourses", COURSES, Checked, Some(F::CourseDelete), course::delete_courses),
    operation!("WSCourse.CreateCourse", CREATE_COURSE, Checked, Some(F::CourseCreate), course::create_course),
    operation!("WSCourse.CreateCourses", COURSES, Checked, Some(F::CourseCreate), course::create_courses),
    operation!("WSCourse.EditCourse", EDIT_COURSE, Checked, Some(F::CourseEdit), course::edit_course),
    operation!("WSCourse.ListCourses", LIST_COURSES, Checked, Some(F::Plain), course::list_courses),
    operation!("WSCourse.SubscribeUserToCourse", SUBSCRIBE_USER_TO_COURSE, Checked, Some(F::CourseSubscribe), course::subscribe_user_to_course),
    operation!("WSCourse.UnsubscribeUserFromCourse", COURSE_USER, Checked, Some(F::Plain), course::unsubscribe_user_from_course),
    operation!("WSCourse.GetCourseDescriptions", COURSE_REF, Checked, Some(F::Plain), course::get_course_descriptions),
    operation!("WSCourse.EditCourseDescription", EDIT_COURSE_DESCRIPTION, Checked, Some(F::CourseEdit), course::edit_course_description),
    // WSSession
    operation!("WSSession.CreateSession", SESSION, Checked, Some(F::SessionCreate), session::create_session),
    operation!("WSSession.DeleteSession", SESSION_REF, Checked, Some(F::Plain), session::delete_session),
    operation!("WSSession.EditSession", SESSION, Checked, Some(F::SessionEdit), session::edit_session),
    operation!("WSSession.SubscribeUserToSession", USER_SESSION, Checked, Some(F::Plain), session::subscribe_user_to_session),
    operation!("WSSession.UnsubscribeUserFromSession", USER_SESSION, Checked, Some(F::Plain), session::unsubscribe_user_from_session),
    operation!("WSSession.SubscribeTeacherToSessionCourse", USER_SESSION_COURSE, Checked, Some(F::TeacherSubscribe), session::subscribe_teacher_to_session_course),
    operation!("WSSession.UnsubscribeTeacherFromSessionCourse", USER_SESSION_COURSE, Checked, Some(F::TeacherUnsubscribe), session::unsubscribe_teacher_from_session_course),
    operation!("WSSession.SubscribeCourseToSession", COURSE_SESSION, Checked, Some(F::Plain), session::subscribe_course_to_session),
    operation!("WSSession.UnsubscribeCourseFromSession", COURSE_SESSION, Checked, Some(F::CourseUnsubscribeFromSession), session::unsubscribe_course_from_session),
    // WSReport
    operation!("WSReport.GetTimeSpentOnPlatform", USER_REF, Unshift, Some(F::Plain), report::get_time_spent_on_platform),
    operation!("WSReport.GetTimeSpentOnCourse", USER_COURSE, Unshift, Some(F::Plain), report::get_time_spent_on_course),
    operation!("WSReport.GetTimeSpentOnCourseInSession", USER_COURSE_SESSION, Unshift, Some(F::Plain), report::get_time_spent_on_course_in_session),
    operation!("WSReport.GetTimeSpentOnLearnpathInCourse", USER_COURSE_LP, Unshift, Some(F::Plain), report::get_time_spent_on_learnpath_in_course),
    operation!("WSReport.GetLearnpathsByCourse", USER_COURSE, Checked, Some(F::Plain), report::get_learnpaths_by_course),
    operation!("WSReport.GetLearnpathProgress", USER_COURSE_LP, Checked, Some(F::Plain), report::get_learnpath_progress),
    operation!("WSReport.GetLearnpathHighestLessonLocation", USER_COURSE_LP, Checked, Some(F::Plain), report::get_learnpath_highest_lesson_location),
    operation!("WSReport.GetLearnpathScoreSingleItem", USER_COURSE_LP_ITEM, Checked, Some(F::Plain), report::get_learnpath_score_single_item),
    operation!("WSReport.GetLearnpathStatusSingleItem", USER_COURSE_LP_ITEM, Checked, Some(F::Plain), report::get_learnpath_status_single_item),
    operation!("WSReport.test", NONE, NotChecked, None, report::test),
    // documented by Chamilo for soap.php (wiki, "Chamilo > 1.8.8.4") but never served there
    operation!("WSUser.EditUserCredentials", EDIT_USER_CREDENTIALS, Checked, Some(F::Plain), user::edit_user_credentials),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `(operation, parts)` as the served WSDL declares them, in its order.
    fn wsdl_operations() -> Vec<(String, Vec<String>)> {
        let wsdl = crate::wsdl::render_wsdl("http://localhost");
        let port_type = wsdl
            .split("<portType ")
            .nth(1)
            .and_then(|p| p.split("</portType>").next())
            .expect("a portType");
        port_type
            .split("<operation name=\"")
            .skip(1)
            .map(|o| {
                let name = &o[..o.find('"').unwrap()];
                let start = wsdl
                    .find(&format!("<message name=\"{name}Request\">"))
                    .unwrap_or_else(|| panic!("{name}'s request message"));
                let end = start + wsdl[start..].find("</message>").unwrap();
                let parts = wsdl[start..end]
                    .split("<part name=\"")
                    .skip(1)
                    .map(|p| p[..p.find('"').unwrap()].to_string())
                    .collect();
                (name.to_string(), parts)
            })
            .collect()
    }

    #[test]
    fn table_is_the_served_wsdl() {
        let table: Vec<(String, Vec<String>)> = SERVICE
            .operations
            .iter()
            .map(|o| {
                let parts = o.parts.iter().map(|p| p.to_string()).collect();
                (o.name.to_string(), parts)
            })
            .collect();
        assert_eq!(table, wsdl_operations());
        // Chamilo's 40 and WSUser.EditUserCredentials, which its wiki documents for soap.php
        assert_eq!(SERVICE.operations.len(), 41);
    }

    #[test]
    fn operation_names_are_unique() {
        let mut names: Vec<&str> = SERVICE.operations.iter().map(|o| o.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n);
    }

    /// `GetTimeSpentOnCourse` → `get_time_spent_on_course`.
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// A row wired to another operation's handler fails here: `WSUser.DisableUser` must run
    /// `user::disable_user`, the function named after it in the module named after its class.
    #[test]
    fn every_row_runs_the_handler_named_after_it() {
        for o in SERVICE.operations {
            let (class, method) = o.name.split_once('.').expect("Class.Method");
            let module = match class.strip_prefix("WS").expect("a WS class") {
                "" => "ws".to_string(),
                rest => rest.to_ascii_lowercase(),
            };
            let expected = format!("{module}::{}", snake_case(method));
            let written: String = o.handler_path.split_whitespace().collect();
            assert_eq!(written, expected, "{}", o.name);
        }
    }

    #[test]
    fn key_policies() {
        use crate::service::KeyPolicy;
        for o in SERVICE.operations {
            let expected = match o.name {
                "WS.test" | "WSReport.test" => KeyPolicy::NotChecked,
                n if n.starts_with("WSReport.GetTimeSpent") => KeyPolicy::Unshift,
                _ => KeyPolicy::Checked,
            };
            assert_eq!(o.key, expected, "{}", o.name);
        }
    }
}
